import type { PathwayDomainEvent } from '@sarp/events';
import type { CommandOf, DecisionContext } from '../commands';
import { InvalidTransitionError } from '../errors';
import { deadlineKind } from '../policy';
import type { StartedPathway } from '../pathway-state';
import { carryOver } from './panel';
import { escalation } from './shared';

/**
 * A deadline's timer fired (sent by the workflow): the deadline is breached and
 * escalated; a panel case not decided at its sitting is carried over instead.
 */
export function markDeadlineBreached(
  command: CommandOf<'MarkDeadlineBreached'>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  const deadline = state.deadlines.find((open) => open.deadlineId === command.deadlineId);
  if (!deadline) throw new InvalidTransitionError(`deadline ${command.deadlineId} is not open`);
  if (Date.parse(deadline.dueAt) > context.now.getTime()) throw new InvalidTransitionError(`deadline ${command.deadlineId} is not due yet`);
  if (deadline.ruleId === 'panel-decision' && context.panelSchedule && state.stage === 'panel') {
    return carryOver(state, deadline, context, context.panelSchedule);
  }
  if (deadlineKind(deadline.ruleId) === 'target') {
    // A missed target is not a breached limit: the event and the escalation say so; its limit still runs.
    return [
      {
        type: 'DeadlineBreached',
        policyVersion: deadline.policyVersion,
        data: { deadlineId: deadline.deadlineId, ruleId: deadline.ruleId, reason: 'target missed; its limit still runs', kind: 'target' },
      },
      escalation(deadline, `${deadline.ruleId} target missed (the limit behind it still runs)`),
    ];
  }
  return [
    {
      type: 'DeadlineBreached',
      policyVersion: deadline.policyVersion,
      data: { deadlineId: deadline.deadlineId, ruleId: deadline.ruleId, reason: null, kind: 'limit' },
    },
    escalation(deadline, `${deadline.ruleId} deadline passed`),
  ];
}
