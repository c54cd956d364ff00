import { ruleBasedBankHolidays } from './bank-holiday-rules';
import json from './bank-holidays-england-and-wales.json';
import { easterSunday } from './easter';
import { parseLocalDate } from './local-date';
import { englandAndWalesCalendar, type BankHoliday, type BankHolidayData } from './working-days';

const data = json as BankHolidayData;

/**
 * Years a proclamation changed, as GOV.UK lists them: the only places the
 * data file may differ from the standing rules.
 */
const PROCLAIMED_CHANGES: Record<number, { removed: string[]; added: BankHoliday[] }> = {
  2020: {
    // Early May bank holiday moved from Mon 4 May to Fri 8 May for the 75th anniversary of VE Day.
    removed: ['2020-05-04'],
    added: [{ date: '2020-05-08', title: 'Early May bank holiday (VE day)', notes: '' }],
  },
  2022: {
    // Spring bank holiday moved from Mon 30 May to Thu 2 June, plus the Platinum Jubilee and the State Funeral.
    removed: ['2022-05-30'],
    added: [
      { date: '2022-06-02', title: 'Spring bank holiday', notes: '' },
      { date: '2022-06-03', title: 'Platinum Jubilee bank holiday', notes: '' },
      { date: '2022-09-19', title: 'Bank Holiday for the State Funeral of Queen Elizabeth II', notes: '' },
    ],
  },
  2023: {
    removed: [],
    added: [{ date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III', notes: '' }],
  },
};

const byDate = (a: BankHoliday, b: BankHoliday) => a.date.localeCompare(b.date);
const years = Array.from({ length: data.coversYears.to - data.coversYears.from + 1 }, (_, i) => data.coversYears.from + i);

describe('the England and Wales bank holidays data file', () => {
  it('says where it comes from and which years it covers: 2018 to 2030', () => {
    expect(data.source).toMatch(/gov\.uk\/bank-holidays\.json/);
    expect(data.coversYears).toEqual({ from: 2018, to: 2030 });
    expect(data.division).toBe('england-and-wales');
  });

  it('lists its days in date order, each year present, none twice', () => {
    const dates = data.events.map((event) => event.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
    expect(new Set(dates.map((date) => parseLocalDate(date).year))).toEqual(new Set(years));
    expect(englandAndWalesCalendar.bankHolidays.size).toBe(dates.length);
  });

  it.each([
    [2018, '2018-04-01'],
    [2019, '2019-04-21'],
    [2020, '2020-04-12'],
    [2021, '2021-04-04'],
    [2022, '2022-04-17'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
    // The computus at its extremes.
    [1818, '1818-03-22'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('given the computus, then Easter Sunday %i is %s', (year, sunday) => {
    expect(easterSunday(year)).toBe(sunday);
  });

  it.each(years)('given the standing rules and the proclaimed changes, then %i matches the data file', (year) => {
    const change = PROCLAIMED_CHANGES[year] ?? { removed: [], added: [] };
    const expected = [...ruleBasedBankHolidays(year).filter((holiday) => !change.removed.includes(holiday.date)), ...change.added].sort(
      byDate,
    );
    const actual = data.events.filter((event) => event.date.startsWith(`${year}-`)).sort(byDate);

    expect(actual).toEqual(expected);
  });

  it('given Christmas 2026 on a Friday, then Boxing Day moves to Monday 28 December', () => {
    expect(englandAndWalesCalendar.bankHolidays.get('2026-12-25')).toEqual({ date: '2026-12-25', title: 'Christmas Day', notes: '' });
    expect(englandAndWalesCalendar.bankHolidays.get('2026-12-28')).toEqual({
      date: '2026-12-28',
      title: 'Boxing Day',
      notes: 'Substitute day',
    });
  });

  it('given Christmas on a Saturday or a Sunday, then the substitutes follow GOV.UK (2021, 2022, 2027)', () => {
    const titled = (year: number) =>
      data.events
        .filter((event) => event.date.startsWith(`${year}-12`))
        .map((event) => `${event.date} ${event.title} ${event.notes}`.trim());
    expect(titled(2021)).toEqual(['2021-12-27 Christmas Day Substitute day', '2021-12-28 Boxing Day Substitute day']);
    expect(titled(2022)).toEqual(['2022-12-26 Boxing Day', '2022-12-27 Christmas Day Substitute day']);
    expect(titled(2027)).toEqual(['2027-12-27 Christmas Day Substitute day', '2027-12-28 Boxing Day Substitute day']);
  });
});
