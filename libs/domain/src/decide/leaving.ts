import type { PathwayDomainEvent } from '@sarp/events';
import type { CommandOf, DecisionContext } from '../commands';
import { meetDeadlines, setDeadline } from '../deadlines';
import { InvalidTransitionError, RuleViolationError } from '../errors';
import { followsPolicy, type StartedPathway } from '../pathway-state';
import { close } from './shared';

/** Seed 003: a sheltered or specialist tenancy may be affected by leaving the service; that is explained first. */
const TENANCIES_AFFECTED_BY_LEAVING: readonly string[] = ['sheltered', 'specialist'];

export function requestLeaving(
  command: CommandOf<'RequestLeaving'>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  if (state.leaving) throw new InvalidTransitionError('a request to leave is already recorded');
  const deadline = setDeadline('leaving-confirmation', context.now, state.policyVersion);
  if (!followsPolicy(state, '3')) return [{ type: 'LeavingRequested', data: { reason: command.reason } }, deadline];
  // Since policy 3: the tenancy type of the person's unit is recorded, and for a sheltered or specialist
  // tenancy the request says the effect of leaving on it was explained. The workflow reads the type from
  // the catalogue (context.tenancyType); the update's validator, without it, does not check.
  const tenancyType = state.placement ? (context.tenancyType ?? null) : null;
  if (tenancyType && TENANCIES_AFFECTED_BY_LEAVING.includes(tenancyType) && command.tenancyEffectExplained !== true) {
    throw new RuleViolationError(
      `the person's unit is a ${tenancyType} tenancy: explain the effect of leaving the service on it first, then record the request with tenancyEffectExplained: true`,
    );
  }
  return [
    {
      type: 'LeavingRequested',
      data: { reason: command.reason, tenancyType, tenancyEffectExplained: command.tenancyEffectExplained ?? false },
    },
    deadline,
  ];
}

export function confirmLeaving(command: CommandOf<'ConfirmLeaving'>, state: StartedPathway): PathwayDomainEvent[] {
  if (!state.leaving) throw new InvalidTransitionError('there is no request to leave to confirm');
  if (state.leaving.confirmedAt) throw new InvalidTransitionError('the request to leave is already confirmed');
  if (!followsPolicy(state, '3')) {
    return [
      { type: 'LeavingConfirmed', data: { letterRef: command.letterRef, arrangements: command.arrangements } },
      ...meetDeadlines(state, 'leaving-confirmation'),
    ];
  }
  // Since policy 3 (seed 003): every confirmation states the arrangements agreed and how to come back to the service.
  if (!command.arrangements || !command.wayBack) {
    throw new RuleViolationError(
      'the confirmation states the arrangements agreed (arrangements) and how the person can come back to the service (wayBack)',
    );
  }
  return [
    { type: 'LeavingConfirmed', data: { letterRef: command.letterRef, arrangements: command.arrangements, wayBack: command.wayBack } },
    ...meetDeadlines(state, 'leaving-confirmation'),
  ];
}

export function completeExit(command: CommandOf<'CompleteExit'>, state: StartedPathway): PathwayDomainEvent[] {
  if (!state.leaving?.confirmedAt) throw new InvalidTransitionError('a planned exit follows a confirmed request to leave');
  return close(state, 'left', command.reason, 'the person left the service');
}
