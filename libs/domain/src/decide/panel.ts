import type { PanelDecisionDetails, PathwayDomainEvent } from '@sarp/events';
import { FUNDING_STREAMS } from '@sarp/events/plain';
import type { CommandOf, DecisionContext } from '../commands';
import { cancelDeadlines, meetDeadlines, setDeadline, setDeadlineDueAt } from '../deadlines';
import { InvalidTransitionError, RuleViolationError } from '../errors';
import { endOfSittingDay, nextSittingAfter, type PanelSchedule } from '../panel-schedule';
import { followsPolicy, type OpenDeadline, type StartedPathway } from '../pathway-state';
import { assertNever, close, escalation, requireStage, withoutMet } from './shared';

/**
 * The panel's work on a case before its decision is recorded: claiming,
 * assigning, commenting, and the two-person rule (seed 001; issue 4): one
 * member proposes, a second person (the chair or another member) confirms.
 * Whoever referred or assessed the case takes no part in deciding it.
 */
export function panelWork(
  command: CommandOf<
    'ClaimPanelTask' | 'UnclaimPanelTask' | 'AssignPanelTask' | 'CommentOnPanelTask' | 'ProposePanelDecision' | 'ConfirmPanelDecision'
  >,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  requireStage(state, 'panel');
  const task = state.panelTask ?? { claimedBy: null, proposal: null, comments: 0 };
  const { userId, role } = context.actor;
  const conflicted = (person: string) => person === state.referredBy || person === state.assessorId;
  switch (command.type) {
    case 'CommentOnPanelTask':
      return [{ type: 'PanelTaskCommented', data: { comment: command.comment } }];
    case 'ClaimPanelTask':
      if (conflicted(userId)) throw new RuleViolationError('the person who referred or assessed a case cannot take it at panel');
      if (task.claimedBy === userId) throw new InvalidTransitionError('you have already claimed this case');
      if (task.claimedBy) throw new InvalidTransitionError(`this case is claimed by ${task.claimedBy}`);
      return [{ type: 'PanelTaskClaimed', data: { claimedBy: userId } }];
    case 'UnclaimPanelTask':
      if (!task.claimedBy) throw new InvalidTransitionError('this case is not claimed');
      if (task.claimedBy !== userId && role !== 'panel_chair')
        throw new RuleViolationError('only the member who claimed a case, or the chair, can release it');
      return [{ type: 'PanelTaskUnclaimed', data: { previouslyClaimedBy: task.claimedBy } }];
    case 'AssignPanelTask':
      if (role !== 'panel_chair') throw new RuleViolationError('only the chair assigns cases');
      if (conflicted(command.assignee)) throw new RuleViolationError('the person who referred or assessed a case cannot take it at panel');
      return [{ type: 'PanelTaskAssigned', data: { assignee: command.assignee } }];
    case 'ProposePanelDecision':
      if (conflicted(userId)) throw new RuleViolationError('the person who referred or assessed a case cannot decide it');
      requireFundingStream(command.decision, state);
      if (task.proposal && task.proposal.proposedBy !== userId) {
        throw new InvalidTransitionError(`${task.proposal.proposedBy} has proposed a decision: confirm it, or ask them to withdraw it`);
      }
      return [{ type: 'PanelDecisionProposed', data: { proposal: command.decision } }];
    case 'ConfirmPanelDecision':
      if (!task.proposal) throw new InvalidTransitionError('there is no proposed decision to confirm');
      if (task.proposal.proposedBy === userId)
        throw new RuleViolationError('a decision needs a second person: the proposer cannot confirm it');
      return recordPanelDecision({ type: 'RecordPanelDecision', decision: task.proposal.decision }, state, context, { confirmed: true });
    default:
      return assertNever(command);
  }
}

export function recordPanelDecision(
  command: CommandOf<'RecordPanelDecision'>,
  state: StartedPathway,
  context: DecisionContext,
  how: { confirmed: boolean } = { confirmed: false },
): PathwayDomainEvent[] {
  requireStage(state, 'panel');
  // Four eyes (seed 001): whoever referred or assessed the case does not decide it.
  if (context.actor.userId === state.referredBy || context.actor.userId === state.assessorId) {
    throw new RuleViolationError('the person who referred or assessed a case cannot decide it');
  }
  if (context.panelSchedule && !how.confirmed) requireUrgentChairDecision(state, context, context.panelSchedule);
  requireFundingStream(command.decision, state);
  const recorded: PathwayDomainEvent = { type: 'PanelDecisionRecorded', data: command.decision };
  switch (command.decision.decision) {
    case 'approved':
      return [recorded, ...meetDeadlines(state, 'panel-decision')];
    case 'rejected':
      return [
        recorded,
        ...meetDeadlines(state, 'panel-decision'),
        ...close(
          { ...state, deadlines: withoutMet(state, 'panel-decision') },
          'panel_rejected',
          command.decision.reason,
          'rejected at panel',
        ),
      ];
    case 'deferred':
      return [
        recorded,
        ...cancelDeadlines(state, 'deferred to the next sitting', 'panel-decision'),
        ...panelDeadline(state, context, 'after a deferral'),
      ];
    case 'more_information_requested':
      return [
        recorded,
        ...cancelDeadlines(state, 'more information requested', 'panel-decision'),
        // With sittings (pathways since that change): the information is due back by the panel's date.
        ...(context.panelSchedule
          ? [
              setDeadlineDueAt(
                'panel-information-request',
                new Date(command.decision.dueBy),
                state.policyVersion,
                'Due back by the date the panel gave.',
              ),
            ]
          : []),
      ];
    default:
      return assertNever(command.decision);
  }
}

/**
 * The panel deadline: with a sitting schedule, the end of the day of the next
 * sitting (the case is on its agenda); without one, the policy's 2 weeks.
 */
export function panelDeadline(state: StartedPathway, context: DecisionContext, why: string): PathwayDomainEvent[] {
  if (!context.panelSchedule) return [setDeadline('panel-decision', context.now, state.policyVersion)];
  const sittingAt = nextSittingAfter(context.now, context.panelSchedule);
  return [
    { type: 'PanelCaseScheduled', data: { sittingAt: sittingAt.toISOString() } },
    setDeadlineDueAt(
      'panel-decision',
      endOfSittingDay(sittingAt),
      state.policyVersion,
      `Due by the end of the sitting of ${sittingAt.toISOString()} (${why}).`,
    ),
  ];
}

/** Not decided at its sitting: on to the next sitting, escalated once it has been carried over too often. */
export function carryOver(
  state: StartedPathway,
  deadline: OpenDeadline,
  context: DecisionContext,
  schedule: PanelSchedule,
): PathwayDomainEvent[] {
  const fromSittingAt = state.panelTask?.sittingAt ?? deadline.dueAt;
  const toSittingAt = nextSittingAfter(context.now, schedule);
  const carryOvers = (state.panelTask?.carryOvers ?? 0) + 1;
  const events: PathwayDomainEvent[] = [
    { type: 'PanelCaseCarriedOver', data: { fromSittingAt, toSittingAt: toSittingAt.toISOString(), carryOvers } },
    ...cancelDeadlines(state, 'not decided at its sitting: carried over', 'panel-decision'),
    { type: 'PanelCaseScheduled', data: { sittingAt: toSittingAt.toISOString() } },
    setDeadlineDueAt('panel-decision', endOfSittingDay(toSittingAt), state.policyVersion, `Carried over ${carryOvers} time(s).`),
  ];
  if (carryOvers >= schedule.carryOverLimit) {
    events.push(escalation(deadline, `panel case carried over ${carryOvers} times without a decision`));
  }
  return events;
}

/** With sittings, one person records a decision alone only as the chair, for a crisis case, soon after its referral to panel. */
export function requireUrgentChairDecision(state: StartedPathway, context: DecisionContext, schedule: PanelSchedule): void {
  const referredAt = Date.parse(state.panelTask?.referredAt ?? '');
  const withinWindow = context.now.getTime() - referredAt <= schedule.urgentDecisionHours * 3_600_000;
  if (context.actor.role !== 'panel_chair' || state.urgency !== 'crisis' || !withinWindow) {
    throw new RuleViolationError(
      `a decision by one person alone is for the chair, on a crisis case, within ${schedule.urgentDecisionHours} hours of its referral to panel; otherwise one member proposes and a second confirms`,
    );
  }
}

/** Since policy 3 an approval says who pays (seed 001: council, NHS Continuing Healthcare, joint, NHS-funded Nursing Care). */
function requireFundingStream(decision: PanelDecisionDetails, state: StartedPathway): void {
  if (decision.decision === 'approved' && !decision.fundingStream && followsPolicy(state, '3')) {
    throw new RuleViolationError(`an approval records its funding stream (fundingStream): ${FUNDING_STREAMS.join(', ')}`);
  }
}
