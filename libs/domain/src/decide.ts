import type { PathwayDomainEvent } from '@sarp/events';
import type { DecisionContext, PathwayCommand } from './commands';
import { InvalidTransitionError } from './errors';
import type { PathwayState } from './pathway-state';

/** Which events a command causes in the given state; throws a DomainError to refuse it. */
export function decide(command: PathwayCommand, state: PathwayState, _context: DecisionContext): PathwayDomainEvent[] {
  switch (command.type) {
    case 'ReceiveReferral':
      if (state.status !== 'empty') {
        throw new InvalidTransitionError('this pathway has already received its referral');
      }
      return [{ type: 'ReferralReceived', data: command.referral, policyVersion: null }];
    default:
      return assertNever(command.type);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${String(value)}`);
}
