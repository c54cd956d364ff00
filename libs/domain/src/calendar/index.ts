/**
 * Working days in England and Wales, and the London local dates they are
 * counted in, without `Intl` or the clock (safe inside Temporal workflows).
 */
export {
  addCalendarDays,
  addCalendarMonths,
  dayOfWeek,
  endOfLondonDay,
  fromLondonWallClock,
  londonOffsetMinutes,
  londonWallClock,
  toInstant,
  toLondonDate,
} from './local-date';
export type { LocalDate } from './local-date';
export { easterSunday } from './easter';
export {
  addWorkingDays,
  CalendarCoverageError,
  createWorkingDayCalendar,
  englandAndWalesCalendar,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  nthWorkingDayAfter,
} from './working-days';
export type { BankHoliday, BankHolidayData, WorkingDayCalendar } from './working-days';
