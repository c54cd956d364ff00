import { EMPTY_PATHWAY, evolve, type PathwayState } from '@sarp/domain';
import type { PathwayEventEnvelope, PathwayEventOf } from '@sarp/events';

/**
 * The QA panel's worklist as a fold of a pathway's events (issue 15 item 3): one pure `evolvePanelTasks`, used
 * by the projector (in memory, over a Kafka batch, from the pathway's pending task as stored), by the read
 * model's rebuild (the projector's code from offset 0) and by auditors' time travel (over the whole history up
 * to an instant). So the worklist an auditor sees as it stood is, by construction, the one the panel saw.
 */

/** One panel task: a row of `panel_tasks`, with times as ISO strings. */
export interface PanelTaskRecord {
  taskId: string;
  pathwayId: string;
  personId: string;
  status: 'pending' | 'decided' | 'returned' | 'withdrawn';
  priority: 'crisis' | 'standard';
  referredAt: string;
  dueAt: string | null;
  summary: PanelCaseSummary;
  referredBy: string;
  assessedBy: string | null;
  deferrals: number;
  /** The sitting whose agenda the case is on (when the panel sits on a schedule). */
  sittingAt: string | null;
  carryOvers: number;
  /** The assessing team, when the assessment named it. */
  team: string | null;
  claimedBy: string | null;
  /** The decision one member proposed, waiting for a second to confirm it; `proposedBy` outlives it once decided. */
  proposal: Record<string, unknown> | null;
  proposedBy: string | null;
  decision: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  updatedAt: string;
}

/** What a panel member decides from: the assessment that sent the case to panel, and the rules that fired. */
export interface PanelCaseSummary {
  needs: unknown[];
  risk: unknown;
  eligibility: unknown;
  requestedModel: string | null;
  requestedPackageHours: number | null;
  requestedWeeklyFunding: number | null;
  careBundles: unknown[];
  team: string | null;
  rulesFired: unknown[];
}

/** A panel member's comment on a task: a row of `panel_task_comments`. */
export interface PanelTaskComment {
  eventId: string;
  taskId: string;
  author: string;
  authorRole: string;
  comment: string;
  writtenAt: string;
}

/** The latest assessment of a pathway, as far as a new task's summary needs it. */
export interface LatestAssessment {
  data: PathwayEventOf<'AssessmentCompleted'>['data'];
  assessedBy: string;
}

/** A pathway's part of the worklist: its tasks and comments (those the folder holds), and its latest assessment. */
export interface PathwayPanelTasks {
  latestAssessment: LatestAssessment | null;
  tasks: readonly PanelTaskRecord[];
  comments: readonly PanelTaskComment[];
}

export const NO_PANEL_TASKS: PathwayPanelTasks = { latestAssessment: null, tasks: [], comments: [] };

/**
 * Whether an event may change a pathway's tasks (an assessment only changes what the next task will say).
 * The projector loads a pathway's pending task only when its batch holds one of these.
 */
export function changesPanelTasks(event: PathwayEventEnvelope): boolean {
  switch (event.type) {
    case 'DeadlineSet':
      return event.data.ruleId === 'panel-decision';
    case 'CaseReferredToPanel':
    case 'PanelDecisionRecorded':
    case 'PanelTaskClaimed':
    case 'PanelTaskAssigned':
    case 'PanelCaseScheduled':
    case 'PanelCaseCarriedOver':
    case 'PanelTaskUnclaimed':
    case 'PanelDecisionProposed':
    case 'PanelTaskCommented':
    case 'PathwayClosed':
      return true;
    default:
      return false;
  }
}

/**
 * A pathway's tasks after one more of its events; `before` is the pathway as it stood before the event.
 * Pure: returns new objects for whatever changed and the very same ones for what did not, so a caller can
 * tell what to write by identity. Only a pending task changes.
 */
export function evolvePanelTasks(current: PathwayPanelTasks, event: PathwayEventEnvelope, before: PathwayState): PathwayPanelTasks {
  const pending = (change: (task: PanelTaskRecord) => Partial<PanelTaskRecord>): PathwayPanelTasks => ({
    ...current,
    tasks: current.tasks.map((task) => (task.status === 'pending' ? { ...task, ...change(task), updatedAt: event.occurredAt } : task)),
  });
  switch (event.type) {
    case 'AssessmentCompleted':
      return { ...current, latestAssessment: { data: event.data, assessedBy: event.actor.userId } };
    case 'CaseReferredToPanel':
      return { ...current, tasks: [...current.tasks, openTask(event, before, current.latestAssessment)] };
    case 'DeadlineSet':
      return event.data.ruleId === 'panel-decision' ? pending(() => ({ dueAt: event.data.dueAt })) : current;
    case 'PanelDecisionRecorded': {
      const { decision } = event.data;
      // Deferred: carried to the next sitting, still pending, counted.
      if (decision === 'deferred') return pending((task) => ({ deferrals: task.deferrals + 1, proposal: null, proposedBy: null }));
      return pending(() => ({
        status: decision === 'more_information_requested' ? 'returned' : 'decided',
        decision,
        decidedBy: event.actor.userId,
        proposal: null,
        decidedAt: event.occurredAt,
      }));
    }
    case 'PanelTaskClaimed':
      return pending(() => ({ claimedBy: event.data.claimedBy }));
    case 'PanelTaskAssigned':
      return pending(() => ({ claimedBy: event.data.assignee }));
    case 'PanelTaskUnclaimed':
      return pending(() => ({ claimedBy: null }));
    case 'PanelCaseScheduled':
      return pending(() => ({ sittingAt: event.data.sittingAt }));
    case 'PanelCaseCarriedOver':
      return pending(() => ({ carryOvers: event.data.carryOvers }));
    case 'PanelDecisionProposed':
      return pending(() => ({ proposal: event.data.proposal, proposedBy: event.actor.userId }));
    case 'PanelTaskCommented': {
      const comments = current.tasks
        .filter((task) => task.status === 'pending')
        .map((task) => ({
          eventId: event.eventId,
          taskId: task.taskId,
          author: event.actor.userId,
          authorRole: event.actor.role,
          comment: event.data.comment,
          writtenAt: event.occurredAt,
        }));
      return comments.length > 0 ? { ...current, comments: [...current.comments, ...comments] } : current;
    }
    case 'PathwayClosed':
      return pending(() => ({ status: 'withdrawn' }));
    default:
      return current;
  }
}

/** The summary comes from the assessment that sent the case to panel: the latest one before this event. */
function openTask(event: PathwayEventOf<'CaseReferredToPanel'>, before: PathwayState, assessed: LatestAssessment | null): PanelTaskRecord {
  const pathway = before.status === 'started' ? before : undefined;
  const assessment = assessed?.data;
  return {
    taskId: `${event.pathwayId}:panel:${event.sequence}`,
    pathwayId: event.pathwayId,
    personId: event.personId,
    status: 'pending',
    priority: pathway?.urgency === 'crisis' ? 'crisis' : 'standard',
    referredAt: event.occurredAt,
    dueAt: null,
    summary: {
      needs: assessment?.needs ?? [],
      risk: assessment?.risk ?? null,
      eligibility: assessment?.eligibility ?? null,
      requestedModel: assessment?.requestedModel ?? null,
      requestedPackageHours: assessment?.requestedPackageHours ?? null,
      requestedWeeklyFunding: assessment?.requestedWeeklyFunding ?? null,
      careBundles: assessment?.careBundles ?? [],
      team: assessment?.team ?? null,
      rulesFired: event.data.rulesFired,
    },
    referredBy: pathway?.referredBy ?? 'unknown',
    assessedBy: assessed?.assessedBy ?? null,
    deferrals: 0,
    sittingAt: null,
    carryOvers: 0,
    team: assessment?.team ?? null,
    claimedBy: null,
    proposal: null,
    proposedBy: null,
    decision: null,
    decidedBy: null,
    decidedAt: null,
    updatedAt: event.occurredAt,
  };
}

/** A pathway's state and its tasks after a stream of its events, oldest first (auditors' time travel). */
export function foldPanelTasks(events: Iterable<PathwayEventEnvelope>): { state: PathwayState; panel: PathwayPanelTasks } {
  let state: PathwayState = EMPTY_PATHWAY;
  let panel = NO_PANEL_TASKS;
  for (const event of events) {
    panel = evolvePanelTasks(panel, event, state);
    state = evolve(state, event);
  }
  return { state, panel };
}
