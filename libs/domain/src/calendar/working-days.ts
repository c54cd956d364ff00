import { DomainError } from '../errors';
import bankHolidaysEnglandAndWales from './bank-holidays-england-and-wales.json';
import { addCalendarDays, endOfLondonDay, isWeekend, parseLocalDate, toLondonDate, type LocalDate } from './local-date';

/** One bank holiday as GOV.UK publishes it. */
export interface BankHoliday {
  readonly date: LocalDate;
  readonly title: string;
  /** `Substitute day` when it stands in for a holiday that fell at a weekend, else empty. */
  readonly notes: string;
}

/** The shape of a bank-holiday data file (`bank-holidays-england-and-wales.json`). */
export interface BankHolidayData {
  readonly division: string;
  readonly source: string;
  readonly coversYears: { readonly from: number; readonly to: number };
  readonly events: readonly BankHoliday[];
}

/**
 * Which days are working days: Monday to Friday except the bank holidays of
 * one division, for the years its data covers and no others.
 */
export interface WorkingDayCalendar {
  /** e.g. `england-and-wales`. */
  readonly division: string;
  readonly source: string;
  /** First and last year (inclusive) whose bank holidays are known. */
  readonly coversYears: { readonly from: number; readonly to: number };
  /** Bank holidays by date. */
  readonly bankHolidays: ReadonlyMap<LocalDate, BankHoliday>;
}

/**
 * A working-day question reached a year whose bank holidays the calendar does
 * not hold. Answering anyway would treat that year as holiday-free and set a
 * deadline too early, so it is refused; add the year to the data file.
 */
export class CalendarCoverageError extends DomainError {
  override readonly name = 'CalendarCoverageError';
  readonly code = 'calendar-not-covered';
}

/** Builds a calendar from bank-holiday data, refusing data that is inconsistent. */
export function createWorkingDayCalendar(data: BankHolidayData): WorkingDayCalendar {
  const { from, to } = data.coversYears;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) {
    throw new RangeError(`${data.division}: coversYears must be whole years, from <= to (got ${from}-${to})`);
  }
  const bankHolidays = new Map<LocalDate, BankHoliday>();
  for (const holiday of data.events) {
    const { year } = parseLocalDate(holiday.date);
    if (year < from || year > to) throw new RangeError(`${data.division}: ${holiday.date} lies outside coversYears ${from}-${to}`);
    if (bankHolidays.has(holiday.date)) throw new RangeError(`${data.division}: ${holiday.date} is listed twice`);
    bankHolidays.set(holiday.date, Object.freeze({ date: holiday.date, title: holiday.title, notes: holiday.notes }));
  }
  return Object.freeze({
    division: data.division,
    source: data.source,
    coversYears: Object.freeze({ from, to }),
    bankHolidays,
  });
}

/** England and Wales, 2018-2030, from GOV.UK (see the data file for how each year was checked). */
// The assertion only names the type for tools that read the file without resolveJsonModule (the lint
// program); createWorkingDayCalendar checks the data itself when the module loads.
export const englandAndWalesCalendar: WorkingDayCalendar = createWorkingDayCalendar(bankHolidaysEnglandAndWales);

function assertCovered(date: LocalDate, calendar: WorkingDayCalendar): void {
  const { year } = parseLocalDate(date);
  const { from, to } = calendar.coversYears;
  if (year < from || year > to) {
    throw new CalendarCoverageError(
      `the ${calendar.division} working-day calendar covers ${from}-${to}; ${date} is outside it ` +
        `(add ${year}'s bank holidays from GOV.UK to the data file before computing deadlines that reach it)`,
    );
  }
}

/**
 * Whether a London calendar day is a working day: Monday to Friday and not a
 * bank holiday. Throws {@link CalendarCoverageError} for a year the calendar
 * does not cover.
 */
export function isWorkingDay(date: LocalDate, calendar: WorkingDayCalendar = englandAndWalesCalendar): boolean {
  assertCovered(date, calendar);
  return !isWeekend(date) && !calendar.bankHolidays.has(date);
}

/** `date` itself when it is a working day, else the next working day after it. */
export function nextWorkingDayOnOrAfter(date: LocalDate, calendar: WorkingDayCalendar): LocalDate {
  let day = date;
  while (!isWorkingDay(day, calendar)) day = addCalendarDays(day, 1);
  return day;
}

/**
 * The London day that is the `n`th working day after the day of `fromInstant`.
 * Day 1 is the first working day after the day the thing happened, whatever
 * day that was: a request on a Friday, a Saturday or a Sunday all have the
 * following Monday (if not a bank holiday) as day 1.
 */
export function nthWorkingDayAfter(fromInstant: Date | string, n: number, calendar: WorkingDayCalendar): LocalDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a whole number from 1: ${n}`);
  let day = toLondonDate(fromInstant);
  for (let counted = 0; counted < n;) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day, calendar)) counted += 1;
  }
  return day;
}

/**
 * The deadline for "within `n` working days" of `fromInstant`: the end
 * (23:59:59.999 London time) of the `n`th working day after the day of
 * `fromInstant`, as a UTC instant. Throws {@link CalendarCoverageError} when
 * the count runs into a year the calendar does not cover.
 */
export function addWorkingDays(fromInstant: Date | string, n: number, calendar: WorkingDayCalendar): Date {
  return endOfLondonDay(nthWorkingDayAfter(fromInstant, n, calendar));
}
