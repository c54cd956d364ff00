import {
  addCalendarDays,
  addCalendarMonths,
  endOfLondonDay,
  fromLondonWallClock,
  londonWallClock,
  toInstant,
  type LocalDate,
} from '../calendar/local-date';
import { addWorkingDays, nextWorkingDayOnOrAfter, type WorkingDayCalendar } from '../calendar/working-days';
import { DeadlinePolicyError, findDeadlineRule, type DeadlineDuration, type DeadlinePolicy, type DeadlineRuleId } from './deadline-policy';

const MS_PER_HOUR = 3_600_000;

/** When something is due, and why: the rule, its policy version, its wording and its source. */
export interface DueAt {
  /** ISO 8601 UTC instant. */
  readonly dueAt: string;
  readonly ruleId: DeadlineRuleId;
  readonly policyVersion: string;
  readonly rule: string;
  readonly source: string;
}

/**
 * When the rule `ruleId` of `policy` falls due for something that started at
 * `fromInstant` (see the rule's `startsAt`). Pure: the same inputs always give
 * the same answer, so a replayed workflow sets the same deadline.
 *
 * @throws UnknownDeadlineRuleError when the policy version has no such rule.
 * @throws CalendarCoverageError when a working-day rule reaches a year the calendar does not cover.
 */
export function computeDueAt(ruleId: string, fromInstant: Date | string, policy: DeadlinePolicy, calendar: WorkingDayCalendar): DueAt {
  const rule = findDeadlineRule(policy, ruleId);
  const from = toInstant(fromInstant);
  const due = dueInstant(rule.duration, from, policy, calendar);
  if (due.getTime() < from.getTime()) {
    throw new DeadlinePolicyError(
      `${rule.id} (policy ${policy.policyVersion}) would fall due before it starts: its lead time is longer than the limit`,
    );
  }
  return { dueAt: due.toISOString(), ruleId: rule.id, policyVersion: policy.policyVersion, rule: rule.rule, source: rule.source };
}

/** Moves the London date of `from` by `shift`, keeping its London time of day. */
function sameLondonTime(from: Date, shift: (date: LocalDate) => LocalDate): Date {
  const { date, msOfDay } = londonWallClock(from);
  return fromLondonWallClock(shift(date), msOfDay);
}

function dueInstant(duration: DeadlineDuration, from: Date, policy: DeadlinePolicy, calendar: WorkingDayCalendar): Date {
  if ('before' in duration) {
    const limit = dueInstant(findDeadlineRule(policy, duration.before).duration, from, policy, calendar);
    return 'weeks' in duration
      ? sameLondonTime(limit, (date) => addCalendarDays(date, -7 * duration.weeks))
      : sameLondonTime(limit, (date) => addCalendarMonths(date, -duration.calendarMonths));
  }
  if ('hours' in duration) return new Date(from.getTime() + duration.hours * MS_PER_HOUR);
  if ('days' in duration) return sameLondonTime(from, (date) => addCalendarDays(date, duration.days));
  if ('weeks' in duration) return sameLondonTime(from, (date) => addCalendarDays(date, 7 * duration.weeks));
  if ('years' in duration) return sameLondonTime(from, (date) => addCalendarMonths(date, 12 * duration.years));
  if ('workingDays' in duration) return addWorkingDays(from, duration.workingDays, calendar);
  if ('calendarMonths' in duration) {
    if (duration.endOfDay !== true) return sameLondonTime(from, (date) => addCalendarMonths(date, duration.calendarMonths));
    const day = addCalendarMonths(londonWallClock(from).date, duration.calendarMonths);
    return endOfLondonDay(duration.nextWorkingDayIfClosed === true ? nextWorkingDayOnOrAfter(day, calendar) : day);
  }
  return unreachable(duration);
}

function unreachable(duration: never): never {
  throw new DeadlinePolicyError(`unknown deadline duration: ${JSON.stringify(duration)}`);
}
