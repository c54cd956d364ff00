import { addCalendarDays, endOfLondonDay, fromLondonWallClock, MS_PER_DAY, toLondonDate } from './calendar/local-date';

/**
 * When the QA panel sits (seed 001: every two weeks): a first sitting (a
 * date and time on the London wall clock) and the days between sittings.
 * Deployment settings, read by the workflow through an activity, so that a
 * council can move its sitting day without changing code.
 */
export interface PanelSchedule {
  /** 'YYYY-MM-DDTHH:MM', Europe/London. */
  firstSitting: string;
  everyDays: number;
  /** After this many carry-overs without a decision, a case is escalated. */
  carryOverLimit: number;
  /** The chair may decide a crisis case alone within this many hours of its referral to panel. */
  urgentDecisionHours: number;
}

function parseFirstSitting(schedule: PanelSchedule): { date: string; msOfDay: number } {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(schedule.firstSitting);
  if (!match?.[1] || match[2] === undefined || match[3] === undefined) {
    throw new Error(`the panel's first sitting must be "YYYY-MM-DDTHH:MM" (London time), got "${schedule.firstSitting}"`);
  }
  return { date: match[1], msOfDay: (Number(match[2]) * 60 + Number(match[3])) * 60_000 };
}

/**
 * The first sitting that starts after an instant: the case is on that
 * sitting's agenda. Sittings keep their London wall-clock time across the
 * clock changes.
 */
export function nextSittingAfter(instant: Date, schedule: PanelSchedule): Date {
  const first = parseFirstSitting(schedule);
  const today = toLondonDate(instant);
  const daysSinceFirst = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${first.date}T00:00:00Z`)) / MS_PER_DAY);
  let index = Math.max(0, Math.floor(daysSinceFirst / schedule.everyDays));
  for (;;) {
    const sitting = fromLondonWallClock(addCalendarDays(first.date, index * schedule.everyDays), first.msOfDay);
    if (sitting.getTime() > instant.getTime()) return sitting;
    index += 1;
  }
}

/** A case not decided by the end of its sitting's day is carried over to the next sitting. */
export function endOfSittingDay(sittingAt: Date): Date {
  return endOfLondonDay(toLondonDate(sittingAt));
}
