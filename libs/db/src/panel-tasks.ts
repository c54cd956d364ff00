import type { PathwayState } from '@sarp/domain';
import type { PathwayEventEnvelope, PathwayEventOf } from '@sarp/events';
import type { Sql } from './connection';

/** The events that change the QA panel's worklist (the projection skips the rest). */
export const PANEL_TASK_EVENTS: ReadonlySet<PathwayEventEnvelope['type']> = new Set([
  'CaseReferredToPanel',
  'DeadlineSet',
  'PanelDecisionRecorded',
  'PanelTaskClaimed',
  'PanelTaskAssigned',
  'PanelCaseScheduled',
  'PanelCaseCarriedOver',
  'PanelTaskUnclaimed',
  'PanelDecisionProposed',
  'PanelTaskCommented',
  'PathwayClosed',
]);

/**
 * Keeps the QA panel's worklist in step with a pathway's events. Runs inside
 * the projection's transaction, after the event and the pathway row are
 * written; `before` is the pathway as it stood before the event.
 */
export async function applyToPanelTasks(tx: Sql, event: PathwayEventEnvelope, before: PathwayState): Promise<void> {
  switch (event.type) {
    case 'CaseReferredToPanel':
      return openTask(tx, event, before);
    case 'DeadlineSet':
      if (event.data.ruleId !== 'panel-decision') return;
      await tx`UPDATE panel_tasks SET due_at = ${event.data.dueAt}, updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    case 'PanelDecisionRecorded': {
      const { decision } = event.data;
      if (decision === 'deferred') {
        // Carried to the next sitting: still pending, counted.
        await tx`UPDATE panel_tasks SET deferrals = deferrals + 1, proposal = NULL, proposed_by = NULL, updated_at = ${event.occurredAt}
          WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
        return;
      }
      const status = decision === 'more_information_requested' ? 'returned' : 'decided';
      await tx`UPDATE panel_tasks SET status = ${status}, decision = ${decision}, decided_by = ${event.actor.userId}, proposal = NULL,
          decided_at = ${event.occurredAt}, updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    }
    case 'PanelTaskClaimed':
    case 'PanelTaskAssigned': {
      const holder = event.type === 'PanelTaskClaimed' ? event.data.claimedBy : event.data.assignee;
      await tx`UPDATE panel_tasks SET claimed_by = ${holder}, updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    }
    case 'PanelCaseScheduled':
      await tx`UPDATE panel_tasks SET sitting_at = ${event.data.sittingAt}, updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    case 'PanelCaseCarriedOver':
      await tx`UPDATE panel_tasks SET carry_overs = ${event.data.carryOvers}, updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    case 'PanelTaskUnclaimed':
      await tx`UPDATE panel_tasks SET claimed_by = NULL, updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    case 'PanelDecisionProposed':
      await tx`UPDATE panel_tasks SET proposal = ${tx.json(event.data.proposal)}, proposed_by = ${event.actor.userId},
          updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    case 'PanelTaskCommented':
      await tx`
        INSERT INTO panel_task_comments (event_id, task_id, author, author_role, comment, written_at)
        SELECT ${event.eventId}, task_id, ${event.actor.userId}, ${event.actor.role}, ${event.data.comment}, ${event.occurredAt}
        FROM panel_tasks WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    case 'PathwayClosed':
      await tx`UPDATE panel_tasks SET status = 'withdrawn', updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    default:
      return;
  }
}

/** The case summary comes from the assessment that sent the case to panel: the latest one before this event. */
async function openTask(tx: Sql, event: PathwayEventOf<'CaseReferredToPanel'>, before: PathwayState): Promise<void> {
  const [assessed] = await tx<{ envelope: PathwayEventOf<'AssessmentCompleted'> }[]>`
    SELECT envelope FROM event_log
    WHERE pathway_id = ${event.pathwayId} AND type = 'AssessmentCompleted' AND sequence < ${event.sequence}
    ORDER BY sequence DESC LIMIT 1`;
  const pathway = before.status === 'started' ? before : undefined;
  const assessment = assessed?.envelope.data;
  const summary = {
    needs: assessment?.needs ?? [],
    risk: assessment?.risk ?? null,
    eligibility: assessment?.eligibility ?? null,
    requestedModel: assessment?.requestedModel ?? null,
    requestedPackageHours: assessment?.requestedPackageHours ?? null,
    requestedWeeklyFunding: assessment?.requestedWeeklyFunding ?? null,
    careBundles: assessment?.careBundles ?? [],
    team: assessment?.team ?? null,
    rulesFired: event.data.rulesFired,
  };
  await tx`
    INSERT INTO panel_tasks (task_id, pathway_id, person_id, status, priority, referred_at, summary, referred_by, assessed_by, updated_at, team)
    VALUES (${`${event.pathwayId}:panel:${event.sequence}`}, ${event.pathwayId}, ${event.personId}, 'pending',
      ${pathway?.urgency === 'crisis' ? 'crisis' : 'standard'}, ${event.occurredAt}, ${tx.json(summary)},
      ${pathway?.referredBy ?? 'unknown'}, ${assessed?.envelope.actor.userId ?? null}, ${event.occurredAt},
      ${assessment?.team ?? null})`;
}

export interface PanelTaskView {
  taskId: string;
  pathwayId: string;
  personId: string;
  status: 'pending' | 'decided' | 'returned' | 'withdrawn';
  priority: 'crisis' | 'standard';
  referredAt: string;
  dueAt: string | null;
  summary: Record<string, unknown>;
  referredBy: string;
  assessedBy: string | null;
  deferrals: number;
  /** The sitting whose agenda the case is on (when the panel sits on a schedule). */
  sittingAt: string | null;
  carryOvers: number;
  /** The assessing team, when the assessment named it. */
  team: string | null;
  claimedBy: string | null;
  /** A decision proposed by one person, waiting for a second to confirm it. */
  proposal: { decision: Record<string, unknown>; proposedBy: string } | null;
  decision: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Only on a single task: the panel's comments, oldest first. */
  comments?: { author: string; authorRole: string; comment: string; writtenAt: string }[];
}

export interface WorklistFilter {
  status?: PanelTaskView['status'];
  priority?: PanelTaskView['priority'];
  dueBefore?: string;
  team?: string;
  /** Only cases on the agenda of the sitting on this London date ('YYYY-MM-DD'). */
  sitting?: string;
  /** Only cases claimed by (or assigned to) this user: "assigned to me". */
  claimedBy?: string;
  /** 'priority' (crisis first, then soonest due), 'due', or 'referred' (oldest first). */
  sort: 'priority' | 'due' | 'referred';
  limit: number;
  offset: number;
}

interface PanelTaskRow {
  task_id: string;
  pathway_id: string;
  person_id: string;
  status: PanelTaskView['status'];
  priority: PanelTaskView['priority'];
  referred_at: Date;
  due_at: Date | null;
  summary: Record<string, unknown>;
  referred_by: string;
  assessed_by: string | null;
  deferrals: number;
  sitting_at: Date | null;
  carry_overs: number;
  team: string | null;
  claimed_by: string | null;
  proposal: Record<string, unknown> | null;
  proposed_by: string | null;
  decision: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

const toView = (row: PanelTaskRow): PanelTaskView => ({
  taskId: row.task_id,
  pathwayId: row.pathway_id,
  personId: row.person_id,
  status: row.status,
  priority: row.priority,
  referredAt: row.referred_at.toISOString(),
  dueAt: row.due_at?.toISOString() ?? null,
  summary: row.summary,
  referredBy: row.referred_by,
  assessedBy: row.assessed_by,
  deferrals: row.deferrals,
  sittingAt: row.sitting_at?.toISOString() ?? null,
  carryOvers: row.carry_overs,
  team: row.team,
  claimedBy: row.claimed_by,
  proposal: row.proposal && row.proposed_by ? { decision: row.proposal, proposedBy: row.proposed_by } : null,
  decision: row.decision,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at?.toISOString() ?? null,
});

/** The worklist, filtered, sorted and paged. */
export async function listPanelTasks(sql: Sql, filter: WorklistFilter): Promise<{ items: PanelTaskView[]; total: number }> {
  const where = sql`
    WHERE (${filter.status ?? null}::text IS NULL OR status = ${filter.status ?? null})
      AND (${filter.priority ?? null}::text IS NULL OR priority = ${filter.priority ?? null})
      AND (${filter.dueBefore ?? null}::timestamptz IS NULL OR due_at < ${filter.dueBefore ?? null})
      AND (${filter.claimedBy ?? null}::text IS NULL OR claimed_by = ${filter.claimedBy ?? null})
      AND (${filter.team ?? null}::text IS NULL OR team = ${filter.team ?? null})
      AND (${filter.sitting ?? null}::date IS NULL OR (sitting_at AT TIME ZONE 'Europe/London')::date = ${filter.sitting ?? null}::date)`;
  const order =
    filter.sort === 'due'
      ? sql`ORDER BY due_at NULLS LAST, task_id`
      : filter.sort === 'referred'
        ? sql`ORDER BY referred_at, task_id`
        : sql`ORDER BY (priority = 'crisis') DESC, due_at NULLS LAST, task_id`;
  const [rows, [count]] = await Promise.all([
    sql<PanelTaskRow[]>`SELECT * FROM panel_tasks ${where} ${order} LIMIT ${filter.limit} OFFSET ${filter.offset}`,
    sql<{ total: number }[]>`SELECT count(*)::int AS total FROM panel_tasks ${where}`,
  ]);
  return { items: rows.map(toView), total: count?.total ?? 0 };
}

export async function findPanelTask(sql: Sql, taskId: string): Promise<PanelTaskView | undefined> {
  const [row] = await sql<PanelTaskRow[]>`SELECT * FROM panel_tasks WHERE task_id = ${taskId}`;
  if (!row) return undefined;
  const comments = await sql<{ author: string; author_role: string; comment: string; written_at: Date }[]>`
    SELECT author, author_role, comment, written_at FROM panel_task_comments WHERE task_id = ${taskId} ORDER BY written_at, event_id`;
  return {
    ...toView(row),
    comments: comments.map((c) => ({
      author: c.author,
      authorRole: c.author_role,
      comment: c.comment,
      writtenAt: c.written_at.toISOString(),
    })),
  };
}
