import type { Actor, SubjectAccessAwaiting, SubjectAccessDomainEvent, SubjectAccessEventEnvelope } from '@sarp/events';
import { subjectAccessEventId } from '@sarp/events/plain';
import {
  addCalendarDays,
  addCalendarMonths,
  endOfLondonDay,
  englandAndWalesCalendar,
  nextWorkingDayOnOrAfter,
  toLondonDate,
} from '../calendar';
import type { LocalDate } from '../calendar';
import { InvalidTransitionError, RuleViolationError } from '../errors';

/**
 * A subject access request (seed 003; UK GDPR Art. 12(3) and 15) and its
 * clock, as the ICO reads the law:
 * - one calendar month from the day of receipt: due by the end of the same
 *   date next month (the last day of a shorter month), or of the next working
 *   day when that day is a weekend or an England and Wales bank holiday;
 * - while proof of identity is awaited the clock has not started: the month
 *   runs from the day the proof arrives;
 * - while clarification is awaited the clock is stopped: when it arrives the
 *   days it was stopped are added to the due date;
 * - a complex request may be extended by up to two further months, with a
 *   reason, only while the first month runs.
 */
export interface SubjectAccessRequestState {
  requestId: string;
  personId: string;
  receivedAt: string;
  /** The London day the month counts from: the day of receipt, or the day proof of identity arrived. */
  clockStartsOn: LocalDate;
  /** Days the clock was stopped for clarification, added to the due date. */
  daysStopped: number;
  /** Set while the clock is stopped. */
  stopped: { awaiting: SubjectAccessAwaiting; since: LocalDate } | null;
  extensionMonths: 0 | 1 | 2;
  /** When the response is due (ISO); null while the clock is stopped. */
  dueAt: string | null;
  /** The end of the first month (ISO): an extension may be made only before it. */
  firstMonthEndsAt: string;
  overdue: boolean;
  answeredAt: string | null;
  lastSequence: number;
}

export type SubjectAccessCommand =
  | {
      type: 'ReceiveSubjectAccessRequest';
      requestId: string;
      personId: string;
      requestedBy: 'the_person' | 'representative';
      channel: 'letter' | 'email' | 'phone' | 'in_person' | 'online';
      receivedAt: string;
    }
  | { type: 'StopSubjectAccessClock'; awaiting: SubjectAccessAwaiting }
  | { type: 'RestartSubjectAccessClock'; arrivedOn: LocalDate }
  | { type: 'ExtendSubjectAccessRequest'; months: 1 | 2; reason: string }
  | {
      type: 'AnswerSubjectAccessRequest';
      exportProducedOn: LocalDate;
      sentOn: LocalDate;
      sentBy: 'email' | 'post' | 'in_person' | 'secure_portal';
    }
  /** Sent by the workflow when the due time passes unanswered. */
  | { type: 'MarkSubjectAccessOverdue' };

/** The end of the London day `months` calendar months (and `extraDays` days) after `startsOn`, moved to a working day. */
export function subjectAccessDueAt(startsOn: LocalDate, months: number, extraDays: number): Date {
  const day = addCalendarDays(addCalendarMonths(startsOn, months), extraDays);
  return endOfLondonDay(nextWorkingDayOnOrAfter(day, englandAndWalesCalendar));
}

function dueOf(state: Pick<SubjectAccessRequestState, 'clockStartsOn' | 'extensionMonths' | 'daysStopped'>): string {
  return subjectAccessDueAt(state.clockStartsOn, 1 + state.extensionMonths, state.daysStopped).toISOString();
}

const day = (value: LocalDate) => Date.parse(`${value}T00:00:00Z`);

/** Which events a command causes; throws an InvalidTransitionError or a RuleViolationError to refuse it. Pure. */
export function decideSubjectAccess(
  command: SubjectAccessCommand,
  state: SubjectAccessRequestState | null,
  context: { now: Date },
): SubjectAccessDomainEvent[] {
  const today = toLondonDate(context.now);
  if (command.type === 'ReceiveSubjectAccessRequest') {
    if (state) throw new InvalidTransitionError('this subject access request is already recorded');
    if (Date.parse(command.receivedAt) > context.now.getTime()) throw new RuleViolationError('a request cannot be received in the future');
    const clockStartsOn = toLondonDate(command.receivedAt);
    return [
      {
        type: 'SubjectAccessRequestReceived',
        data: { requestedBy: command.requestedBy, channel: command.channel, receivedAt: command.receivedAt },
      },
      {
        type: 'SubjectAccessDueSet',
        data: { dueAt: dueOf({ clockStartsOn, extensionMonths: 0, daysStopped: 0 }), why: 'one calendar month from receipt' },
      },
    ];
  }
  if (!state) throw new InvalidTransitionError('there is no such subject access request');
  if (state.answeredAt) throw new InvalidTransitionError('this subject access request has been answered');
  switch (command.type) {
    case 'StopSubjectAccessClock':
      if (state.stopped) throw new InvalidTransitionError(`the clock is already stopped, awaiting ${state.stopped.awaiting}`);
      return [{ type: 'SubjectAccessClockStopped', data: { awaiting: command.awaiting } }];
    case 'RestartSubjectAccessClock': {
      if (!state.stopped) throw new InvalidTransitionError('the clock is running');
      if (day(command.arrivedOn) > day(today)) throw new RuleViolationError('what was awaited cannot arrive in the future');
      if (day(command.arrivedOn) < day(state.stopped.since))
        throw new RuleViolationError(`the clock stopped on ${state.stopped.since}: it cannot restart before`);
      const { awaiting } = state.stopped;
      // Identity: the month runs from the proof's arrival. Clarification: the stopped days are added.
      const next =
        awaiting === 'identity'
          ? { clockStartsOn: command.arrivedOn, extensionMonths: state.extensionMonths, daysStopped: 0 }
          : { ...state, daysStopped: state.daysStopped + (day(command.arrivedOn) - day(state.stopped.since)) / 86_400_000 };
      return [
        { type: 'SubjectAccessClockRestarted', data: { awaiting, arrivedOn: command.arrivedOn } },
        {
          type: 'SubjectAccessDueSet',
          data: {
            dueAt: dueOf(next),
            why:
              awaiting === 'identity'
                ? `one calendar month from the proof of identity on ${command.arrivedOn}`
                : `moved by the ${next.daysStopped} day(s) the clock was stopped for clarification`,
          },
        },
      ];
    }
    case 'ExtendSubjectAccessRequest': {
      if (state.extensionMonths > 0) throw new InvalidTransitionError('this request has already been extended');
      if (context.now.getTime() > Date.parse(state.firstMonthEndsAt)) {
        throw new RuleViolationError('an extension is made while the first month runs; it ended ' + state.firstMonthEndsAt);
      }
      const extended = { ...state, extensionMonths: command.months };
      return [
        { type: 'SubjectAccessExtended', data: { months: command.months, reason: command.reason } },
        ...(state.stopped
          ? []
          : [
              {
                type: 'SubjectAccessDueSet' as const,
                data: { dueAt: dueOf(extended), why: `extended by ${command.months} month(s): a complex request` },
              },
            ]),
      ];
    }
    case 'AnswerSubjectAccessRequest':
      if (state.stopped)
        throw new InvalidTransitionError(
          `the clock is stopped, awaiting ${state.stopped.awaiting}: restart it when that arrives, then answer`,
        );
      if (day(command.sentOn) > day(today) || day(command.exportProducedOn) > day(today))
        throw new RuleViolationError('the export cannot be produced or sent in the future');
      if (day(command.exportProducedOn) > day(command.sentOn)) throw new RuleViolationError('the export is produced before it is sent');
      return [
        {
          type: 'SubjectAccessAnswered',
          data: { exportProducedOn: command.exportProducedOn, sentOn: command.sentOn, sentBy: command.sentBy },
        },
      ];
    case 'MarkSubjectAccessOverdue':
      if (state.overdue || state.stopped || !state.dueAt || Date.parse(state.dueAt) > context.now.getTime()) {
        throw new InvalidTransitionError('the response is not overdue');
      }
      return [{ type: 'SubjectAccessDeadlinePassed', data: { dueAt: state.dueAt } }];
    default:
      return assertNever(command);
  }
}

/** Folds one event into the request's state. Pure and total. */
export function evolveSubjectAccess(state: SubjectAccessRequestState | null, event: SubjectAccessEventEnvelope): SubjectAccessRequestState {
  if (event.type === 'SubjectAccessRequestReceived') {
    const clockStartsOn = toLondonDate(event.data.receivedAt);
    return {
      requestId: event.requestId,
      personId: event.personId,
      receivedAt: event.data.receivedAt,
      clockStartsOn,
      daysStopped: 0,
      stopped: null,
      extensionMonths: 0,
      dueAt: null,
      firstMonthEndsAt: dueOf({ clockStartsOn, extensionMonths: 0, daysStopped: 0 }),
      overdue: false,
      answeredAt: null,
      lastSequence: event.sequence,
    };
  }
  if (!state) throw new Error(`event ${event.eventId} (${event.type}) cannot come before the request`);
  const next = applySubjectAccess(state, event);
  return { ...next, lastSequence: event.sequence };
}

function applySubjectAccess(
  state: SubjectAccessRequestState,
  event: Exclude<SubjectAccessEventEnvelope, { type: 'SubjectAccessRequestReceived' }>,
): SubjectAccessRequestState {
  switch (event.type) {
    case 'SubjectAccessDueSet':
      return { ...state, dueAt: event.data.dueAt };
    case 'SubjectAccessClockStopped':
      return { ...state, stopped: { awaiting: event.data.awaiting, since: toLondonDate(event.occurredAt) }, dueAt: null };
    case 'SubjectAccessClockRestarted': {
      const since = state.stopped?.since ?? event.data.arrivedOn;
      if (event.data.awaiting === 'identity') {
        // The first month now runs from the proof of identity.
        const clockStartsOn = event.data.arrivedOn;
        return {
          ...state,
          stopped: null,
          clockStartsOn,
          daysStopped: 0,
          firstMonthEndsAt: dueOf({ clockStartsOn, extensionMonths: 0, daysStopped: 0 }),
        };
      }
      const daysStopped = state.daysStopped + (day(event.data.arrivedOn) - day(since)) / 86_400_000;
      return { ...state, stopped: null, daysStopped, firstMonthEndsAt: dueOf({ ...state, extensionMonths: 0, daysStopped }) };
    }
    case 'SubjectAccessExtended':
      return { ...state, extensionMonths: event.data.months };
    case 'SubjectAccessAnswered':
      return { ...state, answeredAt: event.occurredAt };
    case 'SubjectAccessDeadlinePassed':
      return { ...state, overdue: true };
    default:
      return assertNever(event);
  }
}

/** Puts decided events in their envelopes, numbered on from the state's last sequence. */
export function stampSubjectAccessEvents(
  state: SubjectAccessRequestState | null,
  events: SubjectAccessDomainEvent[],
  meta: { requestId: string; personId: string; now: Date; actor: Actor; correlationId: string; causationId: string },
): SubjectAccessEventEnvelope[] {
  return events.map((event, index) => {
    const sequence = (state?.lastSequence ?? 0) + index + 1;
    return {
      eventId: subjectAccessEventId(meta.requestId, sequence),
      requestId: meta.requestId,
      personId: meta.personId,
      sequence,
      schemaVersion: 1,
      occurredAt: meta.now.toISOString(),
      actor: meta.actor,
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      ...event,
    };
  });
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
