import type { PathwayEventOf } from '@sarp/events';
import type { Sql } from './connection';
import type { PanelTaskComment, PanelTaskRecord, PathwayPanelTasks } from './panel-task-fold';

/**
 * The QA panel's worklist in the read model: what the projector loads to fold a batch on
 * (`evolvePanelTasks`, panel-task-fold.ts), how it writes the result, and the worklist's reads.
 */

/**
 * Each listed pathway's part of the worklist as stored, to fold a batch on: its pending task (only a pending
 * task changes), no comments (only new ones are written), and, where `needsAssessment` names it, its latest
 * assessment for the summary of a task the batch opens.
 */
export async function loadPanelTasks(
  tx: Sql,
  pathwayIds: readonly string[],
  needsAssessment: readonly string[],
): Promise<Map<string, PathwayPanelTasks>> {
  if (pathwayIds.length === 0) return new Map();
  const [pending, assessments] = await Promise.all([
    tx<PanelTaskRow[]>`SELECT * FROM panel_tasks WHERE pathway_id IN ${tx(pathwayIds)} AND status = 'pending'`,
    needsAssessment.length === 0
      ? []
      : tx<{ pathway_id: string; envelope: PathwayEventOf<'AssessmentCompleted'> }[]>`
          SELECT DISTINCT ON (pathway_id) pathway_id, envelope FROM event_log
          WHERE pathway_id IN ${tx(needsAssessment)} AND type = 'AssessmentCompleted'
          ORDER BY pathway_id, sequence DESC`,
  ]);
  const loaded = new Map<string, PathwayPanelTasks>(pathwayIds.map((id) => [id, { latestAssessment: null, tasks: [], comments: [] }]));
  for (const row of pending) {
    const entry = loaded.get(row.pathway_id)!;
    loaded.set(row.pathway_id, { ...entry, tasks: [...entry.tasks, toRecord(row)] });
  }
  for (const { pathway_id, envelope } of assessments) {
    loaded.set(pathway_id, { ...loaded.get(pathway_id)!, latestAssessment: { data: envelope.data, assessedBy: envelope.actor.userId } });
  }
  return loaded;
}

/**
 * Writes what a batch's fold changed: `loaded` is what `loadPanelTasks` gave, `folded` the same pathways after
 * the batch. Tasks the batch changed are updated first, then those it opened are inserted (so a task decided
 * and a new one opened in one batch never hold two pending rows at once), then the new comments.
 */
export async function writePanelTasks(
  tx: Sql,
  loaded: ReadonlyMap<string, PathwayPanelTasks>,
  folded: ReadonlyMap<string, PathwayPanelTasks>,
): Promise<void> {
  const stored = new Set([...loaded.values()].flatMap((entry) => entry.tasks.map((task) => task.taskId)));
  const unchanged = new Set([...loaded.values()].flatMap((entry) => entry.tasks));
  const changed = [...folded.values()].flatMap((entry) => entry.tasks.filter((task) => !unchanged.has(task)));
  const updated = changed.filter((task) => stored.has(task.taskId)).map(toRow);
  const opened = changed.filter((task) => !stored.has(task.taskId)).map(toRow);
  const comments = [...folded.values()].flatMap((entry) => entry.comments).map(commentRow);
  if (updated.length > 0) {
    await tx`
      UPDATE panel_tasks t SET status = u.status, due_at = u.due_at, deferrals = u.deferrals, sitting_at = u.sitting_at,
        carry_overs = u.carry_overs, claimed_by = u.claimed_by, proposal = u.proposal, proposed_by = u.proposed_by,
        decision = u.decision, decided_by = u.decided_by, decided_at = u.decided_at, updated_at = u.updated_at
      FROM jsonb_to_recordset(${tx.json(updated as never)}) AS u(
        task_id text, pathway_id uuid, person_id text, status text, priority text, referred_at timestamptz,
        due_at timestamptz, summary jsonb, referred_by text, assessed_by text, deferrals integer, sitting_at timestamptz,
        carry_overs integer, team text, claimed_by text, proposal jsonb, proposed_by text, decision text, decided_by text,
        decided_at timestamptz, updated_at timestamptz)
      WHERE t.task_id = u.task_id`;
  }
  if (opened.length > 0) {
    await tx`
      INSERT INTO panel_tasks (task_id, pathway_id, person_id, status, priority, referred_at, due_at, summary, referred_by,
        assessed_by, deferrals, sitting_at, carry_overs, team, claimed_by, proposal, proposed_by, decision, decided_by,
        decided_at, updated_at)
      SELECT * FROM jsonb_to_recordset(${tx.json(opened as never)}) AS r(
        task_id text, pathway_id uuid, person_id text, status text, priority text, referred_at timestamptz,
        due_at timestamptz, summary jsonb, referred_by text, assessed_by text, deferrals integer, sitting_at timestamptz,
        carry_overs integer, team text, claimed_by text, proposal jsonb, proposed_by text, decision text, decided_by text,
        decided_at timestamptz, updated_at timestamptz)`;
  }
  if (comments.length > 0) {
    await tx`
      INSERT INTO panel_task_comments (event_id, task_id, author, author_role, comment, written_at)
      SELECT * FROM jsonb_to_recordset(${tx.json(comments)}) AS c(event_id text, task_id text, author text,
        author_role text, comment text, written_at timestamptz)`;
  }
}

/** A task as a row of `panel_tasks`, in the columns' order. */
const toRow = (task: PanelTaskRecord) => ({
  task_id: task.taskId,
  pathway_id: task.pathwayId,
  person_id: task.personId,
  status: task.status,
  priority: task.priority,
  referred_at: task.referredAt,
  due_at: task.dueAt,
  summary: task.summary,
  referred_by: task.referredBy,
  assessed_by: task.assessedBy,
  deferrals: task.deferrals,
  sitting_at: task.sittingAt,
  carry_overs: task.carryOvers,
  team: task.team,
  claimed_by: task.claimedBy,
  proposal: task.proposal,
  proposed_by: task.proposedBy,
  decision: task.decision,
  decided_by: task.decidedBy,
  decided_at: task.decidedAt,
  updated_at: task.updatedAt,
});

const commentRow = (comment: PanelTaskComment) => ({
  event_id: comment.eventId,
  task_id: comment.taskId,
  author: comment.author,
  author_role: comment.authorRole,
  comment: comment.comment,
  written_at: comment.writtenAt,
});

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

/** A stored row as the fold holds it. */
function toRecord(row: PanelTaskRow): PanelTaskRecord {
  return {
    taskId: row.task_id,
    pathwayId: row.pathway_id,
    personId: row.person_id,
    status: row.status,
    priority: row.priority,
    referredAt: row.referred_at.toISOString(),
    dueAt: iso(row.due_at),
    summary: row.summary as unknown as PanelTaskRecord['summary'],
    referredBy: row.referred_by,
    assessedBy: row.assessed_by,
    deferrals: row.deferrals,
    sittingAt: iso(row.sitting_at),
    carryOvers: row.carry_overs,
    team: row.team,
    claimedBy: row.claimed_by,
    proposal: row.proposal,
    proposedBy: row.proposed_by,
    decision: row.decision,
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A task as the worklist shows it (the API's `PanelTaskView`), live or as it stood. */
export function panelTaskView(task: PanelTaskRecord, comments?: readonly PanelTaskComment[]): PanelTaskView {
  const { proposal, proposedBy, updatedAt: _updatedAt, summary, ...rest } = task;
  return {
    ...rest,
    summary: summary as unknown as Record<string, unknown>,
    proposal: proposal && proposedBy ? { decision: proposal, proposedBy } : null,
    ...(comments && {
      comments: comments
        .filter((comment) => comment.taskId === task.taskId)
        .map(({ author, authorRole, comment, writtenAt }) => ({ author, authorRole, comment, writtenAt })),
    }),
  };
}

/** A task as the worklist shows it: the task as folded, its proposal with who made it, and its comments. */
export interface PanelTaskView extends Omit<PanelTaskRecord, 'summary' | 'proposal' | 'proposedBy' | 'updatedAt'> {
  summary: Record<string, unknown>;
  /** A decision proposed by one person, waiting for a second to confirm it. */
  proposal: { decision: Record<string, unknown>; proposedBy: string } | null;
  /** Only on a single task: the panel's comments, oldest first. */
  comments?: Omit<PanelTaskComment, 'eventId' | 'taskId'>[];
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
  updated_at: Date;
}

const toView = (row: PanelTaskRow): PanelTaskView => panelTaskView(toRecord(row));

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
