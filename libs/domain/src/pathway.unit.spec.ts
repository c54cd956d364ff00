import {
  decide,
  EMPTY_PATHWAY,
  evolve,
  foldPathway,
  InvalidTransitionError,
  stampEvents,
  type PathwayState,
  type ReceiveReferral,
} from '@sarp/domain';
import type { Actor } from '@sarp/events';

const pathwayId = '7b0e3c52-9a55-4b8e-9d3a-1f2a3b4c5d6e';
const coordinator: Actor = { userId: 'coordinator-ann', role: 'coordinator' };
const now = new Date('2026-11-25T09:30:00.000Z');

const receiveReferral: ReceiveReferral = {
  type: 'ReceiveReferral',
  pathwayId,
  personId: 'P-000123',
  referral: { referralId: 'REF-1', referringAgency: 'police', presentingNeeds: ['Homeless after eviction'], urgency: 'crisis' },
};

/** Given events, when a command, then events: the decider spec (STYLE 11). */
function when(state: PathwayState, command = receiveReferral) {
  const decided = decide(command, state, { now, actor: coordinator });
  return stampEvents(state, decided, {
    pathwayId,
    personId: command.personId,
    now,
    actor: coordinator,
    correlationId: 'corr-1',
    causationId: 'cmd-1',
  });
}

describe('a referral', () => {
  it('opens an empty pathway at the referral stage with a numbered, stamped event', () => {
    const events = when(EMPTY_PATHWAY);

    expect(events).toEqual([
      {
        eventId: `${pathwayId}:1`,
        pathwayId,
        personId: 'P-000123',
        sequence: 1,
        type: 'ReferralReceived',
        schemaVersion: 1,
        occurredAt: '2026-11-25T09:30:00.000Z',
        actor: coordinator,
        policyVersion: null,
        correlationId: 'corr-1',
        causationId: 'cmd-1',
        data: receiveReferral.referral,
      },
    ]);
    expect(foldPathway(events)).toEqual({
      status: 'open',
      pathwayId,
      personId: 'P-000123',
      stage: 'referral',
      urgency: 'crisis',
      referringAgency: 'police',
      referralId: 'REF-1',
      openedAt: '2026-11-25T09:30:00.000Z',
      updatedAt: '2026-11-25T09:30:00.000Z',
      lastSequence: 1,
    });
  });

  it('is refused on a pathway that already has one', () => {
    const opened = foldPathway(when(EMPTY_PATHWAY));
    expect(() => when(opened)).toThrow(InvalidTransitionError);
  });

  it('folds the same way whether applied one by one or as a stream', () => {
    const events = when(EMPTY_PATHWAY);
    expect(events.reduce(evolve, EMPTY_PATHWAY as PathwayState)).toEqual(foldPathway(events));
  });
});
