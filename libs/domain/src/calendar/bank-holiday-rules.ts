import { easterSunday } from './easter';
import { addCalendarDays, dayOfWeek, localDate, weekdayOfMonth, type LocalDate } from './local-date';
import type { BankHoliday } from './working-days';

const MONDAY = 1;
const SATURDAY = 6;
const SUNDAY = 0;
const SUBSTITUTE_DAY = 'Substitute day';

/**
 * The England and Wales bank holidays that the standing rules give for a year,
 * titled as GOV.UK titles them: New Year's Day, Good Friday, Easter Monday,
 * the first and last Mondays of May, the last Monday of August, Christmas Day
 * and Boxing Day, with a weekday substitute for any that falls at a weekend.
 *
 * This checks the data file and drafts a new year for it; it never stands in
 * for the data, because a year can be changed by proclamation (2020, 2022 and
 * 2023 were).
 */
export function ruleBasedBankHolidays(year: number): BankHoliday[] {
  const easter = easterSunday(year);
  return [
    newYearsDay(year),
    { date: addCalendarDays(easter, -2), title: 'Good Friday', notes: '' },
    { date: addCalendarDays(easter, 1), title: 'Easter Monday', notes: '' },
    { date: weekdayOfMonth(year, 5, MONDAY, 1), title: 'Early May bank holiday', notes: '' },
    { date: weekdayOfMonth(year, 5, MONDAY, -1), title: 'Spring bank holiday', notes: '' },
    { date: weekdayOfMonth(year, 8, MONDAY, -1), title: 'Summer bank holiday', notes: '' },
    ...christmas(year),
  ];
}

function newYearsDay(year: number): BankHoliday {
  const day = localDate(year, 1, 1);
  const weekday = dayOfWeek(day);
  if (weekday === SATURDAY) return { date: addCalendarDays(day, 2), title: 'New Year’s Day', notes: SUBSTITUTE_DAY };
  if (weekday === SUNDAY) return { date: addCalendarDays(day, 1), title: 'New Year’s Day', notes: SUBSTITUTE_DAY };
  return { date: day, title: 'New Year’s Day', notes: '' };
}

/** Christmas Day and Boxing Day; a weekend one moves to the next weekday not already taken. */
function christmas(year: number): BankHoliday[] {
  const christmasDay: LocalDate = localDate(year, 12, 25);
  const at = (day: number): LocalDate => localDate(year, 12, day);
  switch (dayOfWeek(christmasDay)) {
    case SATURDAY:
      return [
        { date: at(27), title: 'Christmas Day', notes: SUBSTITUTE_DAY },
        { date: at(28), title: 'Boxing Day', notes: SUBSTITUTE_DAY },
      ];
    case SUNDAY:
      return [
        { date: at(26), title: 'Boxing Day', notes: '' },
        { date: at(27), title: 'Christmas Day', notes: SUBSTITUTE_DAY },
      ];
    case 5: // Friday: Boxing Day is a Saturday
      return [
        { date: at(25), title: 'Christmas Day', notes: '' },
        { date: at(28), title: 'Boxing Day', notes: SUBSTITUTE_DAY },
      ];
    default:
      return [
        { date: at(25), title: 'Christmas Day', notes: '' },
        { date: at(26), title: 'Boxing Day', notes: '' },
      ];
  }
}
