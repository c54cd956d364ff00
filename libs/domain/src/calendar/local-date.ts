/**
 * Calendar dates and UK local time without `Intl`: Temporal's workflow sandbox
 * may run without full ICU time-zone data, and replay must give the same answer
 * on every machine, so the Europe/London rule is written out here.
 *
 * Instants are UTC (`Date` or an ISO 8601 string with `Z` or an offset); a
 * {@link LocalDate} is a day on the wall calendar in London, `YYYY-MM-DD`.
 */

/** A calendar day in Europe/London, written `YYYY-MM-DD` (e.g. `2026-12-28`). */
export type LocalDate = string;

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
/** Milliseconds in a calendar day on the UTC time line (London days are 23 or 25 hours twice a year). */
export const MS_PER_DAY = 86_400_000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Midnight UTC of a proleptic Gregorian date as epoch milliseconds; month is 1-12 and may overflow. */
function utcMidnight(year: number, month: number, day: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function formatLocalDate(epochMs: number): LocalDate {
  const date = new Date(epochMs);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

/** The parts of a {@link LocalDate}; throws a RangeError for anything that is not a real `YYYY-MM-DD` day. */
export function parseLocalDate(value: string): { year: number; month: number; day: number } {
  const match = LOCAL_DATE.exec(value);
  if (match === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (formatLocalDate(utcMidnight(year, month, day)) !== value) throw new RangeError(`no such calendar date: ${value}`);
  return { year, month, day };
}

/** The {@link LocalDate} for a year, month (1-12) and day, after checking it exists. */
export function localDate(year: number, month: number, day: number): LocalDate {
  const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  parseLocalDate(value);
  return value;
}

function dayNumber(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return utcMidnight(year, month, day) / MS_PER_DAY;
}

/** The day `days` calendar days after (or, when negative, before) `date`. */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return formatLocalDate((dayNumber(date) + days) * MS_PER_DAY);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(dayNumber(date) * MS_PER_DAY).getUTCDay();
}

export function isWeekend(date: LocalDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcMidnight(year, month + 1, 0)).getUTCDate();
}

/**
 * The same day of the month `months` calendar months later (or earlier, when
 * negative), clamped to the end of a shorter month: 31 Jan + 1 = 28 or 29 Feb,
 * 29 Feb 2028 + 36 = 28 Feb 2031.
 */
export function addCalendarMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return localDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** The `nth` (1-based) given weekday of a month, or with `nth` = -1 the last one. */
export function weekdayOfMonth(year: number, month: number, weekday: number, nth: number): LocalDate {
  if (nth === -1) {
    const last = localDate(year, month, daysInMonth(year, month));
    return addCalendarDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
  }
  const first = localDate(year, month, 1);
  return addCalendarDays(first, ((weekday - dayOfWeek(first) + 7) % 7) + (nth - 1) * 7);
}

/**
 * Reads an instant: a `Date`, or an ISO 8601 string that names its offset
 * (`Z` or `±hh:mm`); a string without one would depend on the machine's zone.
 * Returns a fresh `Date`, so callers never share a mutable one.
 */
export function toInstant(value: Date | string): Date {
  if (typeof value === 'string' && !ISO_INSTANT.test(value)) {
    throw new RangeError(`not an ISO 8601 instant with a Z or ±hh:mm offset: ${JSON.stringify(value)}`);
  }
  const instant = new Date(typeof value === 'string' ? Date.parse(value) : value.getTime());
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a valid instant: ${String(value)}`);
  return instant;
}

/**
 * When British Summer Time runs in a year: from 01:00 UTC on the last Sunday
 * of March to 01:00 UTC on the last Sunday of October (the Summer Time Order
 * 2002, the same rule as the EU's since 1996). Years before 1996 followed
 * other rules and are not modelled.
 */
function summerTime(year: number): { startsAt: number; endsAt: number } {
  const start = parseLocalDate(weekdayOfMonth(year, 3, 0, -1));
  const end = parseLocalDate(weekdayOfMonth(year, 10, 0, -1));
  return {
    startsAt: utcMidnight(start.year, start.month, start.day) + MS_PER_HOUR,
    endsAt: utcMidnight(end.year, end.month, end.day) + MS_PER_HOUR,
  };
}

/** London's offset from UTC at an instant, in minutes: 0 (GMT) or 60 (BST). */
export function londonOffsetMinutes(instant: Date | string): 0 | 60 {
  const at = toInstant(instant).getTime();
  const { startsAt, endsAt } = summerTime(new Date(at).getUTCFullYear());
  return at >= startsAt && at < endsAt ? 60 : 0;
}

/** The London calendar day and time of day (ms since local midnight) of an instant. */
export function londonWallClock(instant: Date | string): { date: LocalDate; msOfDay: number } {
  const at = toInstant(instant);
  const local = at.getTime() + londonOffsetMinutes(at) * MS_PER_MINUTE;
  const msOfDay = ((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  return { date: formatLocalDate(local - msOfDay), msOfDay };
}

/** The London calendar day an instant falls on (e.g. 23:30 UTC on 1 June is 00:30 on 2 June in London). */
export function toLondonDate(instant: Date | string): LocalDate {
  return londonWallClock(instant).date;
}

/**
 * The instant at which London clocks show `msOfDay` on `date`. A time that
 * happens twice (01:00-01:59 on the last Sunday of October) is read as the
 * first, in BST; a time that never happens (01:00-01:59 on the last Sunday of
 * March) is moved forward by the hour the clocks skip.
 */
export function fromLondonWallClock(date: LocalDate, msOfDay: number): Date {
  const local = dayNumber(date) * MS_PER_DAY + msOfDay;
  const asSummerTime = new Date(local - MS_PER_HOUR);
  if (londonOffsetMinutes(asSummerTime) === 60) return asSummerTime;
  return new Date(local);
}

/** 23:59:59.999 London time on `date`, as a UTC instant: the last moment of that day. */
export function endOfLondonDay(date: LocalDate): Date {
  return fromLondonWallClock(date, MS_PER_DAY - 1);
}
