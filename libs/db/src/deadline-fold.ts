import { deadlineKind } from '@sarp/domain';
import type { PathwayEventEnvelope } from '@sarp/events';
import type { DeadlineView } from './queries';

/**
 * The deadlines read model (`pathway_deadlines`: every deadline ever set, and how it ended) as one pure
 * derivation from the events (issue 15 item 3): the projector writes what `deadlineChangeOf` says, in memory over
 * a Kafka batch (so does the rebuild, with the projector's code), and auditors' time travel folds the same
 * changes over a history up to an instant (`foldDeadlines`), so the deadlines an auditor sees as they stood are,
 * by construction, those the service showed.
 */

/** One deadline as the read model holds it: the pathway's deadlines view, with when it was set. */
export interface DeadlineRecord extends DeadlineView {
  pathwayId: string;
  setAt: string;
}

/** What an event does to the deadlines: sets one, or closes one (met, missed, breached or cancelled). */
export type DeadlineChange =
  | { set: DeadlineRecord }
  | { close: { pathwayId: string; deadlineId: string; status: Exclude<DeadlineRecord['status'], 'open'>; closedAt: string } };

export function deadlineChangeOf(event: PathwayEventEnvelope): DeadlineChange | undefined {
  switch (event.type) {
    case 'DeadlineSet':
      return {
        set: {
          deadlineId: event.data.deadlineId,
          pathwayId: event.pathwayId,
          ruleId: event.data.ruleId,
          kind: event.data.kind ?? deadlineKind(event.data.ruleId),
          policyVersion: event.policyVersion ?? '',
          rule: event.data.rule,
          source: event.data.source,
          dueAt: event.data.dueAt,
          status: 'open',
          setAt: event.occurredAt,
          closedAt: null,
        },
      };
    case 'DeadlineMet':
    case 'DeadlineBreached':
    case 'DeadlineCancelled': {
      // A target that passes is missed (its limit still runs); a limit that passes is breached.
      const passed = (event.type === 'DeadlineBreached' && event.data.kind) || deadlineKind(event.data.ruleId);
      const status =
        event.type === 'DeadlineMet'
          ? 'met'
          : event.type === 'DeadlineCancelled'
            ? 'cancelled'
            : passed === 'target'
              ? 'missed'
              : 'breached';
      return { close: { pathwayId: event.pathwayId, deadlineId: event.data.deadlineId, status, closedAt: event.occurredAt } };
    }
    default:
      return undefined;
  }
}

/** Every deadline set on a pathway up to the last of its events given (oldest first), as it stood then, by due time. */
export function foldDeadlines(events: Iterable<PathwayEventEnvelope>): DeadlineRecord[] {
  const deadlines = new Map<string, DeadlineRecord>();
  for (const event of events) {
    const change = deadlineChangeOf(event);
    if (!change) continue;
    if ('set' in change) deadlines.set(change.set.deadlineId, change.set);
    else {
      const set = deadlines.get(change.close.deadlineId);
      if (set) deadlines.set(set.deadlineId, { ...set, status: change.close.status, closedAt: change.close.closedAt });
    }
  }
  return [...deadlines.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.deadlineId.localeCompare(b.deadlineId));
}
