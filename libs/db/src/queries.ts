import type { Caller, CaseTies, DeadlineKind } from '@sarp/domain';
import type { PathwayStage, PlacementModel, Role, Team, Urgency } from '@sarp/events';
import type { Sql } from './connection';
import { findPlanVersions, type PlanVersionView } from './plan-versions';

export interface TimelineEntry {
  sequence: number;
  eventId: string;
  type: string;
  occurredAt: string;
  actor: { userId: string; role: Role };
  summary: string;
}

export interface DeadlineView {
  deadlineId: string;
  ruleId: string;
  policyVersion: string;
  /** The rule in words and its source: why this is due. */
  rule: string;
  source: string;
  dueAt: string;
  /** A target (the 4-week review) is missed when it passes; a limit is breached. */
  kind: DeadlineKind;
  status: 'open' | 'met' | 'missed' | 'breached' | 'cancelled';
  closedAt: string | null;
}

export interface EscalationView {
  deadlineId: string;
  ruleId: string;
  kind: DeadlineKind;
  dueAt: string;
  raisedAt: string;
  message: string;
}

export interface PathwaySummary {
  pathwayId: string;
  personId: string;
  stage: PathwayStage;
  urgency: Urgency;
  placementModel: PlacementModel | null;
  referringAgency: string;
  openedAt: string;
  updatedAt: string;
  lastSequence: number;
  breaches: number;
  team: string | null;
  /** How it ended, once closed. */
  outcome: string | null;
}

/** A listed pathway, with what a caseload shows: who holds it and its clocks. */
export interface PathwayListItem extends PathwaySummary {
  /** The assessor assigned, or whoever took the case over since (emergency cover); null before one is. */
  worker: string | null;
  /** The open deadline due first, with the rule that set it. */
  nextDeadline: { ruleId: string; rule: string; kind: DeadlineKind; dueAt: string } | null;
  /** Open deadlines already past their due time (the workflow records the breach moments later). */
  overdue: number;
}

export interface PathwayView extends PathwaySummary {
  /** The support plan's current version (0 before the assessment agrees one). */
  planVersion: number;
  /** Plan versions of which no copy is recorded as given to the person (seed 003): outstanding. */
  planCopiesOutstanding: number[];
  /** Every version of the support plan, oldest first, with what produced it and whether the person has a copy. */
  planVersions: PlanVersionView[];
  deadlines: DeadlineView[];
  escalations: EscalationView[];
  timeline: TimelineEntry[];
}

interface PathwayRow {
  pathway_id: string;
  person_id: string;
  stage: PathwayStage;
  urgency: Urgency;
  placement_model: PlacementModel | null;
  referring_agency: string;
  opened_at: Date;
  updated_at: Date;
  last_sequence: number;
  breaches: number;
  team: string | null;
  outcome: string | null;
}

function toSummary(row: PathwayRow): PathwaySummary {
  return {
    pathwayId: row.pathway_id,
    personId: row.person_id,
    stage: row.stage,
    urgency: row.urgency,
    placementModel: row.placement_model,
    referringAgency: row.referring_agency,
    openedAt: row.opened_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastSequence: row.last_sequence,
    breaches: row.breaches,
    team: row.team,
    outcome: row.outcome,
  };
}

export async function findPathway(sql: Sql, pathwayId: string): Promise<PathwayView | undefined> {
  const [row] = await sql<(PathwayRow & { plan_version: number | null; plan_copies_owed: number[] | null })[]>`
    SELECT pathway_id, person_id, stage, urgency, placement_model, referring_agency, opened_at, updated_at, last_sequence, breaches,
      team, outcome, (state->>'planVersion')::int AS plan_version, state->'planCopiesOwed' AS plan_copies_owed
    FROM pathways WHERE pathway_id = ${pathwayId}`;
  if (!row) return undefined;
  const [deadlines, escalations, timeline, planVersions] = await Promise.all([
    findPathwayDeadlines(sql, pathwayId),
    findPathwayEscalations(sql, pathwayId),
    findPathwayTimeline(sql, pathwayId),
    findPlanVersions(sql, pathwayId),
  ]);
  return {
    ...toSummary(row),
    planVersion: row.plan_version ?? 0,
    planCopiesOutstanding: row.plan_copies_owed ?? [],
    planVersions,
    deadlines,
    escalations,
    timeline,
  };
}

export interface PathwayFilter {
  stage?: PathwayStage;
  urgency?: Urgency;
  breached?: boolean;
  /** The person reference, exactly. */
  personRef?: string;
  team?: string;
  /** How a closed pathway ended (`PathwayClosed` outcome). */
  outcome?: string;
  /** Opened on or after this instant, and before `openedBefore`. */
  openedFrom?: string;
  openedBefore?: string;
  limit: number;
  offset: number;
}

/**
 * Need-to-know as a SQL condition on `pathways`: the same rule as
 * `mayWorkOnCase` in @sarp/domain (a test drives both), for listings.
 */
export function caseScopeCondition(sql: Sql, caller: Caller) {
  const ownTeam = sql`(${caller.team}::text IS NOT NULL AND team = ${caller.team})`;
  switch (caller.role) {
    case 'coordinator':
      return sql`(${ownTeam} OR referred_by = ${caller.userId})`;
    case 'assessor':
      return sql`(${ownTeam} OR assessor_id = ${caller.userId})`;
    case 'panel_member':
    case 'panel_chair':
      return sql`EXISTS (SELECT 1 FROM panel_tasks t WHERE t.pathway_id = pathways.pathway_id)`;
    case 'auditor':
      return sql`true`;
    case 'admin':
    case 'information_governance':
      return sql`false`;
    default: {
      const unknown: never = caller.role;
      throw new Error(`no need-to-know rule for role ${String(unknown)}`);
    }
  }
}

/** What ties a projected case to the people who may see it, or undefined when the read model does not have it. */
export async function findCaseTies(sql: Sql, pathwayId: string): Promise<CaseTies | undefined> {
  const [row] = await sql<{ team: Team | null; referred_by: string; assessor_id: string | null; came_to_panel: boolean }[]>`
    SELECT team, referred_by, assessor_id,
      EXISTS (SELECT 1 FROM panel_tasks t WHERE t.pathway_id = pathways.pathway_id) AS came_to_panel
    FROM pathways WHERE pathway_id = ${pathwayId}`;
  return row && { team: row.team, referredBy: row.referred_by, assessorId: row.assessor_id, cameToPanel: row.came_to_panel };
}

/** Pathways matching the filter that the caller works on, most recently changed first. */
export async function listPathways(sql: Sql, filter: PathwayFilter, caller: Caller): Promise<{ items: PathwayListItem[]; total: number }> {
  const where = sql`
    WHERE (${filter.stage ?? null}::text IS NULL OR stage = ${filter.stage ?? null})
      AND (${filter.urgency ?? null}::text IS NULL OR urgency = ${filter.urgency ?? null})
      AND (${filter.breached ?? null}::boolean IS NULL OR (breaches > 0) = ${filter.breached ?? null})
      AND (${filter.personRef ?? null}::text IS NULL OR person_id = ${filter.personRef ?? null})
      AND (${filter.team ?? null}::text IS NULL OR team = ${filter.team ?? null})
      AND (${filter.outcome ?? null}::text IS NULL OR outcome = ${filter.outcome ?? null})
      AND (${filter.openedFrom ?? null}::timestamptz IS NULL OR opened_at >= ${filter.openedFrom ?? null})
      AND (${filter.openedBefore ?? null}::timestamptz IS NULL OR opened_at < ${filter.openedBefore ?? null})
      AND ${caseScopeCondition(sql, caller)}`;
  const [rows, [count]] = await Promise.all([
    sql<
      (PathwayRow & {
        assessor_id: string | null;
        next_rule_id: string | null;
        next_rule: string | null;
        next_kind: DeadlineKind | null;
        next_due_at: Date | null;
        overdue: number;
      })[]
    >`
      SELECT pathway_id, person_id, stage, urgency, placement_model, referring_agency, opened_at, updated_at, last_sequence, breaches,
        team, outcome, assessor_id, next.rule_id AS next_rule_id, next.rule AS next_rule, next.kind AS next_kind,
        next.due_at AS next_due_at,
        (SELECT count(*)::int FROM pathway_deadlines d
          WHERE d.pathway_id = pathways.pathway_id AND d.status = 'open' AND d.due_at < now()) AS overdue
      FROM pathways
      LEFT JOIN LATERAL (
        SELECT d.rule_id, d.rule, d.kind, d.due_at FROM pathway_deadlines d
        WHERE d.pathway_id = pathways.pathway_id AND d.status = 'open' ORDER BY d.due_at LIMIT 1
      ) next ON true
      ${where} ORDER BY updated_at DESC, pathway_id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
    sql<{ total: number }[]>`SELECT count(*)::int AS total FROM pathways ${where}`,
  ]);
  return {
    items: rows.map((row) => ({
      ...toSummary(row),
      worker: row.assessor_id,
      nextDeadline:
        row.next_rule_id && row.next_due_at
          ? { ruleId: row.next_rule_id, rule: row.next_rule ?? '', kind: row.next_kind ?? 'limit', dueAt: row.next_due_at.toISOString() }
          : null,
      overdue: row.overdue,
    })),
    total: count?.total ?? 0,
  };
}

/** How far the read model has projected a pathway: the sequence of its last applied event. */
export async function projectedSequence(sql: Sql, pathwayId: string): Promise<number | undefined> {
  const [row] = await sql<{ last_sequence: number }[]>`SELECT last_sequence FROM pathways WHERE pathway_id = ${pathwayId}`;
  return row?.last_sequence;
}

export async function findPathwayDeadlines(sql: Sql, pathwayId: string): Promise<DeadlineView[]> {
  const rows = await sql<
    {
      deadline_id: string;
      rule_id: string;
      policy_version: string;
      rule: string;
      source: string;
      kind: DeadlineKind;
      due_at: Date;
      status: DeadlineView['status'];
      closed_at: Date | null;
    }[]
  >`SELECT deadline_id, rule_id, kind, policy_version, rule, source, due_at, status, closed_at
    FROM pathway_deadlines WHERE pathway_id = ${pathwayId} ORDER BY due_at, deadline_id`;
  return rows.map((row) => ({
    deadlineId: row.deadline_id,
    ruleId: row.rule_id,
    policyVersion: row.policy_version,
    rule: row.rule,
    source: row.source,
    dueAt: row.due_at.toISOString(),
    kind: row.kind,
    status: row.status,
    closedAt: row.closed_at?.toISOString() ?? null,
  }));
}

export async function findPathwayEscalations(sql: Sql, pathwayId: string): Promise<EscalationView[]> {
  const rows = await sql<{ deadline_id: string; rule_id: string; kind: DeadlineKind; due_at: Date; raised_at: Date; message: string }[]>`
    SELECT deadline_id, rule_id, kind, due_at, raised_at, message FROM escalations WHERE pathway_id = ${pathwayId} ORDER BY raised_at`;
  return rows.map((row) => ({
    deadlineId: row.deadline_id,
    ruleId: row.rule_id,
    kind: row.kind,
    dueAt: row.due_at.toISOString(),
    raisedAt: row.raised_at.toISOString(),
    message: row.message,
  }));
}

export async function findPathwayTimeline(sql: Sql, pathwayId: string): Promise<TimelineEntry[]> {
  const rows = await sql<
    { sequence: number; event_id: string; type: string; occurred_at: Date; actor_user_id: string; actor_role: Role; summary: string }[]
  >`SELECT sequence, event_id, type, occurred_at, actor_user_id, actor_role, summary
    FROM pathway_timeline WHERE pathway_id = ${pathwayId} ORDER BY sequence`;
  return rows.map((row) => ({
    sequence: row.sequence,
    eventId: row.event_id,
    type: row.type,
    occurredAt: row.occurred_at.toISOString(),
    actor: { userId: row.actor_user_id, role: row.actor_role },
    summary: row.summary,
  }));
}
