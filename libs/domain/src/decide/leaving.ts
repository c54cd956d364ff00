import type { PathwayDomainEvent } from '@sarp/events';
import type { CommandOf, DecisionContext } from '../commands';
import { meetDeadlines, setDeadline } from '../deadlines';
import { InvalidTransitionError } from '../errors';
import type { StartedPathway } from '../pathway-state';
import { close } from './shared';

export function requestLeaving(
  command: CommandOf<'RequestLeaving'>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  if (state.leaving) throw new InvalidTransitionError('a request to leave is already recorded');
  return [
    { type: 'LeavingRequested', data: { reason: command.reason } },
    setDeadline('leaving-confirmation', context.now, state.policyVersion),
  ];
}

export function confirmLeaving(command: CommandOf<'ConfirmLeaving'>, state: StartedPathway): PathwayDomainEvent[] {
  if (!state.leaving) throw new InvalidTransitionError('there is no request to leave to confirm');
  if (state.leaving.confirmedAt) throw new InvalidTransitionError('the request to leave is already confirmed');
  return [
    { type: 'LeavingConfirmed', data: { letterRef: command.letterRef, arrangements: command.arrangements } },
    ...meetDeadlines(state, 'leaving-confirmation'),
  ];
}

export function completeExit(command: CommandOf<'CompleteExit'>, state: StartedPathway): PathwayDomainEvent[] {
  if (!state.leaving?.confirmedAt) throw new InvalidTransitionError('a planned exit follows a confirmed request to leave');
  return close(state, 'left', command.reason, 'the person left the service');
}
