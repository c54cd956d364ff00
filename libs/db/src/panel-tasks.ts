import type { PathwayEventEnvelope, PathwayEventOf } from '@sarp/events';
import type { Sql } from './connection';

/**
 * Keeps the QA panel's worklist in step with a pathway's events. Runs inside
 * the projection's transaction, after the pathway row is written.
 */
export async function applyToPanelTasks(tx: Sql, event: PathwayEventEnvelope): Promise<void> {
  switch (event.type) {
    case 'CaseReferredToPanel':
      return openTask(tx, event);
    case 'DeadlineSet':
      if (event.data.ruleId !== 'panel-decision') return;
      await tx`UPDATE panel_tasks SET due_at = ${event.data.dueAt}, updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    case 'PanelDecisionRecorded': {
      const { decision } = event.data;
      if (decision === 'deferred') {
        // Carried to the next sitting: still pending, counted.
        await tx`UPDATE panel_tasks SET deferrals = deferrals + 1, updated_at = ${event.occurredAt}
          WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
        return;
      }
      const status = decision === 'more_information_requested' ? 'returned' : 'decided';
      await tx`UPDATE panel_tasks SET status = ${status}, decision = ${decision}, decided_by = ${event.actor.userId},
          decided_at = ${event.occurredAt}, updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    }
    case 'PathwayClosed':
      await tx`UPDATE panel_tasks SET status = 'withdrawn', updated_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND status = 'pending'`;
      return;
    default:
      return;
  }
}

/** The case summary comes from the assessment that sent the case to panel: the latest one before this event. */
async function openTask(tx: Sql, event: PathwayEventOf<'CaseReferredToPanel'>): Promise<void> {
  const [assessed] = await tx<{ envelope: PathwayEventOf<'AssessmentCompleted'> }[]>`
    SELECT envelope FROM event_log
    WHERE pathway_id = ${event.pathwayId} AND type = 'AssessmentCompleted' AND sequence < ${event.sequence}
    ORDER BY sequence DESC LIMIT 1`;
  const [pathway] = await tx<{ urgency: string; state: { referredBy: string } }[]>`
    SELECT urgency, state FROM pathways WHERE pathway_id = ${event.pathwayId}`;
  const assessment = assessed?.envelope.data;
  const summary = {
    needs: assessment?.needs ?? [],
    risk: assessment?.risk ?? null,
    eligibility: assessment?.eligibility ?? null,
    requestedModel: assessment?.requestedModel ?? null,
    requestedPackageHours: assessment?.requestedPackageHours ?? null,
    requestedWeeklyFunding: assessment?.requestedWeeklyFunding ?? null,
    careBundles: assessment?.careBundles ?? [],
    rulesFired: event.data.rulesFired,
  };
  await tx`
    INSERT INTO panel_tasks (task_id, pathway_id, person_id, status, priority, referred_at, summary, referred_by, assessed_by, updated_at)
    VALUES (${`${event.pathwayId}:panel:${event.sequence}`}, ${event.pathwayId}, ${event.personId}, 'pending',
      ${pathway?.urgency === 'crisis' ? 'crisis' : 'standard'}, ${event.occurredAt}, ${tx.json(summary)},
      ${pathway?.state.referredBy ?? 'unknown'}, ${assessed?.envelope.actor.userId ?? null}, ${event.occurredAt})`;
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
  decision: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface WorklistFilter {
  status?: PanelTaskView['status'];
  priority?: PanelTaskView['priority'];
  dueBefore?: string;
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
  decision: row.decision,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at?.toISOString() ?? null,
});

/** The worklist, filtered, sorted and paged. */
export async function listPanelTasks(sql: Sql, filter: WorklistFilter): Promise<{ items: PanelTaskView[]; total: number }> {
  const where = sql`
    WHERE (${filter.status ?? null}::text IS NULL OR status = ${filter.status ?? null})
      AND (${filter.priority ?? null}::text IS NULL OR priority = ${filter.priority ?? null})
      AND (${filter.dueBefore ?? null}::timestamptz IS NULL OR due_at < ${filter.dueBefore ?? null})`;
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
  return row ? toView(row) : undefined;
}
