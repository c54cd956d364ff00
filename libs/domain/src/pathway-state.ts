import type {
  ConsentDetails,
  MoveOnDestination,
  PanelDecisionDetails,
  Team,
  PathwayStage,
  PlacementModel,
  ReferringAgency,
  UnitRef,
  Urgency,
} from '@sarp/events';

/** A pathway that has not received its referral yet. */
export interface EmptyPathway {
  status: 'empty';
  lastSequence: 0;
}

/** A deadline the workflow is timing: set by a rule of a policy version, not yet met, breached or cancelled. */
export interface OpenDeadline {
  deadlineId: string;
  ruleId: string;
  /** ISO 8601 instant. */
  dueAt: string;
  policyVersion: string;
}

export interface PanelTask {
  /** When the case was referred to the panel (ISO): the chair's 24 hours for an urgent decision count from here. */
  referredAt?: string;
  /** The sitting whose agenda the case is on, when the panel sits on a schedule. */
  sittingAt?: string;
  carryOvers?: number;
  claimedBy: string | null;
  /** A decision one person proposed, waiting for a second to confirm it. */
  proposal: { decision: PanelDecisionDetails; proposedBy: string; proposedAt: string } | null;
  comments: number;
}

export interface UnitOffer {
  offerId: string;
  model: PlacementModel;
  unit: UnitRef;
  status: 'offered' | 'accepted';
  /** When it was offered (absent in states folded before it was kept). */
  offeredAt?: string;
}

export interface Placement {
  offerId: string;
  model: PlacementModel;
  unit: UnitRef;
  startedAt: string;
}

/** A person's pathway as the events so far have shaped it (closed ones included). */
export interface StartedPathway {
  status: 'started';
  pathwayId: string;
  personId: string;
  /** The deadline policy version this pathway runs under: set at referral, kept unless migrated on purpose. */
  policyVersion: string;
  stage: PathwayStage;
  urgency: Urgency;
  referringAgency: ReferringAgency;
  referralId: string | null;
  /** Who recorded the referral: may never decide the case at panel (four eyes). */
  referredBy: string;
  /**
   * The team that holds the case: its coordinators and assessors may see it
   * (need-to-know). Set at referral, moved by an assessment that names a team;
   * absent in pathways that began before teams were kept.
   */
  team?: Team | null;
  /** When the referral was received (ISO 8601). */
  openedAt: string;
  /** Workflow time of the last event applied. */
  updatedAt: string;
  /** Sequence number of the last event applied: the stream revision. */
  lastSequence: number;
  consent: ConsentDetails | null;
  /** Safeguarding referrals made to other agencies (absent before they were recorded). */
  safeguardingReferrals?: number;
  /** Safeguarding referrals (their event ids) for which whether the person was told is not yet recorded. */
  safeguardingNoticesOwed?: string[];
  crisisSupportArranged: boolean;
  assessorId: string | null;
  assessment: { complex: boolean; requestedModel: PlacementModel; eligible: boolean } | null;
  /** The model the person is approved for next (by assessment, panel, or a step-down plan). */
  approvedModel: PlacementModel | null;
  /** When the person was approved for that model: their wait on its list counts from here (absent before it was kept). */
  approvedAt?: string | null;
  /**
   * The weekly funding, in pounds, of the package last asked for by an assessment or approved by the panel:
   * what a placement costs against residential care (the savings figure). Absent in states folded before it was kept.
   */
  weeklyFunding?: number | null;
  panelDecisions: number;
  /** The case's current panel task, while it is at the panel stage. */
  panelTask: PanelTask | null;
  offer: UnitOffer | null;
  placement: Placement | null;
  /** Version of the support plan: 1 after assessment, +1 at each review. */
  planVersion: number;
  /**
   * Plan versions of which no copy is recorded as given to the person (seed 003), oldest first.
   * Absent in states folded before copies were kept.
   */
  planCopiesOwed?: number[];
  moveOnDestination: MoveOnDestination | null;
  leaving: { requestedAt: string; confirmedAt: string | null } | null;
  closure: { outcome: string; at: string } | null;
  deadlines: OpenDeadline[];
  breaches: number;
  /** Escalations raised: by breaches, and by panel cases carried over too often. */
  escalations?: number;
}

export type PathwayState = EmptyPathway | StartedPathway;

export const EMPTY_PATHWAY: EmptyPathway = { status: 'empty', lastSequence: 0 };

/**
 * The policy version new pathways start under (the workflow chooses it behind
 * `patched('deadline-policy-3')`). Running pathways keep theirs.
 */
export const CURRENT_POLICY_VERSION = '3';

/** The version of events written before the policy version was recorded on each one. */
export const FIRST_POLICY_VERSION = '1';

/** Whether a pathway runs under this policy version or a later one (versions are whole numbers, written as strings). */
export function followsPolicy(state: { policyVersion: string }, version: string): boolean {
  return Number(state.policyVersion) >= Number(version);
}
