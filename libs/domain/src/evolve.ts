import type { PathwayEventEnvelope } from '@sarp/events';
import { EMPTY_PATHWAY, type PathwayState } from './pathway-state';

/**
 * Folds one event into the state. Pure and total: the projector and the
 * auditor call it with events read back from storage, so it must accept
 * every event type and version that `parsePathwayEvent` returns.
 */
export function evolve(state: PathwayState, event: PathwayEventEnvelope): PathwayState {
  switch (event.type) {
    case 'ReferralReceived':
      return {
        status: 'open',
        pathwayId: event.pathwayId,
        personId: event.personId,
        stage: 'referral',
        urgency: event.data.urgency,
        referringAgency: event.data.referringAgency,
        referralId: event.data.referralId,
        openedAt: event.occurredAt,
        updatedAt: event.occurredAt,
        lastSequence: event.sequence,
      };
    default:
      return assertNever(event.type);
  }
}

/** The state after a whole stream of events, oldest first. */
export function foldPathway(events: Iterable<PathwayEventEnvelope>, initial: PathwayState = EMPTY_PATHWAY): PathwayState {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
}

function assertNever(value: never): never {
  throw new Error(`unhandled event type: ${String(value)}`);
}
