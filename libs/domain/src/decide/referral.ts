import type { PathwayDomainEvent } from '@sarp/events';
import type { CommandOf, DecisionContext } from '../commands';
import { cancelDeadlines, meetDeadlines, setDeadline } from '../deadlines';
import { InvalidTransitionError, RuleViolationError } from '../errors';
import { CURRENT_POLICY_VERSION, FIRST_POLICY_VERSION, type OpenDeadline, type PathwayState, type StartedPathway } from '../pathway-state';
import { close, escalation, requireStage } from './shared';

/** The referral opens the pathway under the policy version new pathways get; a crisis starts its 24 hours. */
export function receiveReferral(
  command: CommandOf<'ReceiveReferral'>,
  state: PathwayState,
  context: DecisionContext,
): PathwayDomainEvent[] {
  if (state.status !== 'empty') throw new InvalidTransitionError('this pathway has already received its referral');
  const policyVersion = context.newPathwayPolicyVersion ?? CURRENT_POLICY_VERSION;
  const events: PathwayDomainEvent[] = [{ type: 'ReferralReceived', data: command.referral, policyVersion }];
  if (command.referral.urgency === 'crisis') events.push(setDeadline('crisis-response', context.now, policyVersion));
  return events;
}

export function triage(command: CommandOf<'TriageReferral'>, state: StartedPathway, context: DecisionContext): PathwayDomainEvent[] {
  requireStage(state, 'referral');
  const outcome = ({ accept: 'accepted', decline: 'declined', redirect: 'redirected' } as const)[command.outcome];
  if (outcome === 'declined' && !command.reason) throw new RuleViolationError('declining a referral needs a reason');
  if (outcome === 'redirected' && !command.redirectedTo) throw new RuleViolationError('redirecting a referral needs where to');
  const triaged: PathwayDomainEvent = {
    type: 'ReferralTriaged',
    data: {
      outcome,
      urgency: command.urgency,
      reason: command.reason,
      redirectedTo: outcome === 'redirected' ? command.redirectedTo : null,
    },
  };
  if (outcome !== 'accepted')
    return [triaged, ...close(state, outcome, command.reason ?? command.redirectedTo, `the referral was ${outcome}`)];

  const urgencyChanges: PathwayDomainEvent[] = [];
  if (command.urgency === 'crisis' && state.urgency === 'standard') {
    urgencyChanges.push(...crisisFoundAtTriage(state, context));
  } else if (command.urgency === 'standard' && state.urgency === 'crisis') {
    urgencyChanges.push(...cancelDeadlines(state, 'triaged as standard', 'crisis-response'));
  }
  // Seed 003: assessment and support plan within seven days of the person entering the service.
  return [triaged, ...urgencyChanges, setDeadline('assessment-and-support-plan', context.now, state.policyVersion)];
}

/**
 * A standard referral that triage finds to be a crisis. Policy 1 started the
 * 24 hours at the triage; since policy 2 they run from the referral's receipt
 * (seed 003: support "within 24 hours of a referral"), and when they have
 * already passed the breach is recorded at once, with its escalation.
 */
export function crisisFoundAtTriage(state: StartedPathway, context: DecisionContext): PathwayDomainEvent[] {
  if (state.policyVersion === FIRST_POLICY_VERSION) return [setDeadline('crisis-response', context.now, state.policyVersion)];
  const set = setDeadline('crisis-response', new Date(state.openedAt), state.policyVersion);
  if (set.type !== 'DeadlineSet' || Date.parse(set.data.dueAt) > context.now.getTime()) return [set];
  // The ids are filled in by numberDeadlines: '' names the deadline set just before, in the same decision.
  const overdue: OpenDeadline = { deadlineId: '', ruleId: 'crisis-response', dueAt: set.data.dueAt, policyVersion: state.policyVersion };
  return [
    set,
    {
      type: 'DeadlineBreached',
      policyVersion: state.policyVersion,
      data: {
        deadlineId: '',
        ruleId: 'crisis-response',
        reason: 'the 24 hours from the referral had passed when triage found the crisis',
        kind: 'limit',
      },
    },
    escalation(overdue, 'crisis-response deadline passed before triage found the crisis'),
  ];
}

export function arrangeCrisisSupport(command: CommandOf<'ArrangeCrisisSupport'>, state: StartedPathway): PathwayDomainEvent[] {
  if (state.urgency !== 'crisis') throw new InvalidTransitionError('crisis support is arranged only for a crisis referral');
  if (state.crisisSupportArranged) throw new InvalidTransitionError('crisis support is already arranged');
  return [{ type: 'CrisisSupportArranged', data: { arrangement: command.arrangement } }, ...meetDeadlines(state, 'crisis-response')];
}

export function withdrawReferral(command: CommandOf<'WithdrawReferral'>, state: StartedPathway): PathwayDomainEvent[] {
  if (state.placement) throw new InvalidTransitionError('a placed person leaves through a leaving request, not a withdrawal');
  return close(state, 'withdrawn', command.reason, 'the referral was withdrawn');
}
