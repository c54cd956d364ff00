import { InvalidTransitionError, RuleViolationError } from '../errors';
import {
  decideSubjectAccess,
  evolveSubjectAccess,
  stampSubjectAccessEvents,
  type SubjectAccessCommand,
  type SubjectAccessRequestState,
} from './subject-access';

const requestId = '4f7c2a10-3b1d-4c5e-8f90-1a2b3c4d5e6f';
const ig = { userId: 'ig-officer-mo', role: 'information_governance' } as const;

/** Given the commands so far, when one more at `now`, then these events and this state (STYLE 11). */
class Request {
  state: SubjectAccessRequestState | null = null;

  send(command: SubjectAccessCommand, now: string) {
    const at = new Date(now);
    const decided = decideSubjectAccess(command, this.state, { now: at });
    const events = stampSubjectAccessEvents(this.state, decided, {
      requestId,
      personId: 'P-SAR-1',
      now: at,
      actor: ig,
      correlationId: 'corr',
      causationId: 'cmd',
    });
    for (const event of events) this.state = evolveSubjectAccess(this.state, event);
    return events;
  }

  static receivedAt(receivedAt: string): Request {
    const request = new Request();
    request.send(
      { type: 'ReceiveSubjectAccessRequest', requestId, personId: 'P-SAR-1', requestedBy: 'the_person', channel: 'email', receivedAt },
      receivedAt,
    );
    return request;
  }
}

describe('a subject access request’s one-month clock', () => {
  it('is due by the end of the same date next month', () => {
    // Received Monday 2 November 2026: due by the end of Wednesday 2 December (GMT).
    expect(Request.receivedAt('2026-11-02T10:00:00Z').state?.dueAt).toBe('2026-12-02T23:59:59.999Z');
  });

  it('moves to the next working day when that date is a weekend or bank holiday', () => {
    // 25 November: 25 December is Christmas, then a weekend and the Boxing Day substitute (Mon 28): Tuesday 29.
    expect(Request.receivedAt('2026-11-25T10:00:00Z').state?.dueAt).toBe('2026-12-29T23:59:59.999Z');
    // 3 September 2026 (BST): 3 October is a Saturday, so Monday 5 October, end of the London day.
    expect(Request.receivedAt('2026-09-03T09:00:00Z').state?.dueAt).toBe('2026-10-05T22:59:59.999Z');
  });

  it('ends on the last day of a shorter month', () => {
    // 31 January 2027: 28 February is a Sunday, so Monday 1 March.
    expect(Request.receivedAt('2027-01-31T10:00:00Z').state?.dueAt).toBe('2027-03-01T23:59:59.999Z');
    // 31 March 2027: 30 April is a Friday.
    expect(Request.receivedAt('2027-03-31T10:00:00Z').state?.dueAt).toBe('2027-04-30T22:59:59.999Z');
  });

  it('starts again from the proof of identity', () => {
    const request = Request.receivedAt('2026-11-02T10:00:00Z');
    request.send({ type: 'StopSubjectAccessClock', awaiting: 'identity' }, '2026-11-02T11:00:00Z');
    expect(request.state).toMatchObject({ dueAt: null, stopped: { awaiting: 'identity', since: '2026-11-02' } });
    const restarted = request.send({ type: 'RestartSubjectAccessClock', arrivedOn: '2026-11-10' }, '2026-11-10T09:00:00Z');
    expect(restarted.map((event) => event.type)).toEqual(['SubjectAccessClockRestarted', 'SubjectAccessDueSet']);
    expect(request.state).toMatchObject({ dueAt: '2026-12-10T23:59:59.999Z', stopped: null, clockStartsOn: '2026-11-10' });
  });

  it('adds the days it was stopped for clarification', () => {
    const request = Request.receivedAt('2026-11-02T10:00:00Z');
    request.send({ type: 'StopSubjectAccessClock', awaiting: 'clarification' }, '2026-11-05T10:00:00Z');
    request.send({ type: 'RestartSubjectAccessClock', arrivedOn: '2026-11-12' }, '2026-11-12T10:00:00Z');
    // 2 December + the 7 days stopped = Wednesday 9 December.
    expect(request.state).toMatchObject({ dueAt: '2026-12-09T23:59:59.999Z', daysStopped: 7 });
  });

  it('extends a complex request by up to two months, with a reason, only while the first month runs', () => {
    const request = Request.receivedAt('2026-11-02T10:00:00Z');
    request.send({ type: 'ExtendSubjectAccessRequest', months: 1, reason: 'Records held in three systems' }, '2026-11-20T10:00:00Z');
    // Two months from 2 November: 2 January 2027 is a Saturday (and 1 January a bank holiday), so Monday 4 January.
    expect(request.state).toMatchObject({ dueAt: '2027-01-04T23:59:59.999Z', extensionMonths: 1 });
    const longest = Request.receivedAt('2026-11-02T10:00:00Z');
    longest.send({ type: 'ExtendSubjectAccessRequest', months: 2, reason: 'Records held in three systems' }, '2026-11-20T10:00:00Z');
    // Three months in all: Tuesday 2 February 2027.
    expect(longest.state).toMatchObject({ dueAt: '2027-02-02T23:59:59.999Z', extensionMonths: 2 });
    expect(() => request.send({ type: 'ExtendSubjectAccessRequest', months: 1, reason: 'Again' }, '2026-11-21T10:00:00Z')).toThrow(
      InvalidTransitionError,
    );

    const late = Request.receivedAt('2026-11-02T10:00:00Z');
    expect(() => late.send({ type: 'ExtendSubjectAccessRequest', months: 1, reason: 'Complex' }, '2026-12-03T10:00:00Z')).toThrow(
      /while the first month runs/,
    );
  });

  it('is overdue only once the due time has passed, and then answered', () => {
    const request = Request.receivedAt('2026-11-02T10:00:00Z');
    expect(() => request.send({ type: 'MarkSubjectAccessOverdue' }, '2026-12-02T23:00:00Z')).toThrow(InvalidTransitionError);
    expect(request.send({ type: 'MarkSubjectAccessOverdue' }, '2026-12-03T00:00:00Z').map((event) => event.type)).toEqual([
      'SubjectAccessDeadlinePassed',
    ]);
    expect(() =>
      request.send(
        { type: 'AnswerSubjectAccessRequest', exportProducedOn: '2026-12-05', sentOn: '2026-12-04', sentBy: 'email' },
        '2026-12-05T10:00:00Z',
      ),
    ).toThrow(RuleViolationError);
    request.send(
      { type: 'AnswerSubjectAccessRequest', exportProducedOn: '2026-12-04', sentOn: '2026-12-05', sentBy: 'secure_portal' },
      '2026-12-05T10:00:00Z',
    );
    expect(request.state).toMatchObject({ overdue: true, answeredAt: '2026-12-05T10:00:00.000Z' });
    expect(() => request.send({ type: 'StopSubjectAccessClock', awaiting: 'identity' }, '2026-12-06T10:00:00Z')).toThrow(/answered/);
  });

  it('refuses a receipt in the future, a restart of a running clock, and an answer while the clock is stopped', () => {
    expect(() =>
      new Request().send(
        {
          type: 'ReceiveSubjectAccessRequest',
          requestId,
          personId: 'P-SAR-1',
          requestedBy: 'representative',
          channel: 'letter',
          receivedAt: '2026-11-03T00:00:00Z',
        },
        '2026-11-02T10:00:00Z',
      ),
    ).toThrow(/future/);
    const request = Request.receivedAt('2026-11-02T10:00:00Z');
    expect(() => request.send({ type: 'RestartSubjectAccessClock', arrivedOn: '2026-11-03' }, '2026-11-03T10:00:00Z')).toThrow(/running/);
    request.send({ type: 'StopSubjectAccessClock', awaiting: 'identity' }, '2026-11-03T10:00:00Z');
    expect(() =>
      request.send(
        { type: 'AnswerSubjectAccessRequest', exportProducedOn: '2026-11-03', sentOn: '2026-11-03', sentBy: 'post' },
        '2026-11-03T11:00:00Z',
      ),
    ).toThrow(/clock is stopped/);
    expect(() => request.send({ type: 'RestartSubjectAccessClock', arrivedOn: '2026-11-02' }, '2026-11-03T12:00:00Z')).toThrow(
      /cannot restart before/,
    );
  });
});
