import type { Role, Team } from '@sarp/events';
import type { PathwayState } from './pathway-state';

/** Who is asking: the verified user, their role, and the team their token names (if any). */
export interface Caller {
  userId: string;
  role: Exclude<Role, 'system'>;
  team: Team | null;
}

/** What ties a case to the people who may see it. */
export interface CaseTies {
  /** The team that holds the case. */
  team: Team | null;
  /** The coordinator who recorded the referral. */
  referredBy: string;
  assessorId: string | null;
  /** The case has been on the QA panel's agenda (it has had a panel task). */
  cameToPanel: boolean;
}

/**
 * Need-to-know (seed 003: people see the cases they work on):
 * - coordinators: their team's cases, and those they referred;
 * - assessors: their team's cases, and those they are assigned to assess;
 * - panel members and the chair: the cases that came to the panel;
 * - auditors: every case (each read is logged);
 * - admins manage the service, not cases: none; nor information governance (it runs the subject access export).
 * `caseScopeCondition` in @sarp/db is the same rule as a SQL filter for listings.
 */
export function mayWorkOnCase(caller: Caller, ties: CaseTies): boolean {
  const ownTeam = caller.team !== null && caller.team === ties.team;
  switch (caller.role) {
    case 'coordinator':
      return ownTeam || ties.referredBy === caller.userId;
    case 'assessor':
      return ownTeam || ties.assessorId === caller.userId;
    case 'panel_member':
    case 'panel_chair':
      return ties.cameToPanel;
    case 'auditor':
      return true;
    // Information governance answers subject access requests through the export, not by working on cases.
    case 'admin':
    case 'information_governance':
      return false;
    default: {
      const unknown: never = caller.role;
      throw new Error(`no need-to-know rule for role ${String(unknown)}`);
    }
  }
}

/** A pathway's ties, from its state (the workflow's own, for commands). */
export function caseTiesOf(state: PathwayState): CaseTies | undefined {
  if (state.status !== 'started') return undefined;
  return {
    team: state.team ?? null,
    referredBy: state.referredBy,
    assessorId: state.assessorId,
    cameToPanel: state.panelTask !== null || state.panelDecisions > 0 || state.stage === 'panel',
  };
}
