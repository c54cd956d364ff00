import {
  addWorkingDays,
  CalendarCoverageError,
  createWorkingDayCalendar,
  englandAndWalesCalendar as calendar,
  isWorkingDay,
  nthWorkingDayAfter,
} from './working-days';

/** "Confirmed in writing within 7 working days" of a request made at `requestedAt`. */
const sevenWorkingDaysAfter = (requestedAt: string) => addWorkingDays(requestedAt, 7, calendar).toISOString();

describe('working days in England and Wales', () => {
  it('given weekends and bank holidays, then only the other days are working days', () => {
    expect(isWorkingDay('2026-12-24')).toBe(true);
    expect(isWorkingDay('2026-12-25')).toBe(false); // Christmas Day, a Friday
    expect(isWorkingDay('2026-12-26')).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-28')).toBe(false); // Boxing Day (substitute day)
    expect(isWorkingDay('2026-12-29')).toBe(true);
    expect(isWorkingDay('2027-01-01')).toBe(false); // New Year's Day
    expect(isWorkingDay('2022-09-19', calendar)).toBe(false); // the State Funeral
  });

  describe('given a request to leave on Monday 21 December 2026', () => {
    const requestedAt = '2026-12-21T10:00:00Z';

    it('when 7 working days are counted, then they skip Christmas, the Boxing Day substitute and New Year’s Day', () => {
      const days = [1, 2, 3, 4, 5, 6, 7].map((n) => nthWorkingDayAfter(requestedAt, n, calendar));
      expect(days).toEqual(['2026-12-22', '2026-12-23', '2026-12-24', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-04']);
    });

    it('then it is not due by the end of Thursday 31 December (only the 6th working day) but by the end of Monday 4 January 2027', () => {
      expect(nthWorkingDayAfter(requestedAt, 6, calendar)).toBe('2026-12-31');
      expect(sevenWorkingDaysAfter(requestedAt)).toBe('2027-01-04T23:59:59.999Z');
    });
  });

  it('given a request on a Saturday, then day 1 is the Monday: due the same as a Friday or Sunday request', () => {
    expect(sevenWorkingDaysAfter('2026-03-07T11:00:00Z')).toBe('2026-03-17T23:59:59.999Z');
    expect(sevenWorkingDaysAfter('2026-03-06T11:00:00Z')).toBe('2026-03-17T23:59:59.999Z');
    expect(sevenWorkingDaysAfter('2026-03-08T11:00:00Z')).toBe('2026-03-17T23:59:59.999Z');
    expect(sevenWorkingDaysAfter('2026-03-09T11:00:00Z')).toBe('2026-03-18T23:59:59.999Z');
  });

  it('given a request on a bank holiday, then day 1 is the next working day', () => {
    // Easter Monday 6 April 2026: Tue 7 is day 1, Wed 15 day 7.
    expect(nthWorkingDayAfter('2026-04-06T09:00:00Z', 1, calendar)).toBe('2026-04-07');
    expect(sevenWorkingDaysAfter('2026-04-06T09:00:00Z')).toBe('2026-04-15T22:59:59.999Z');
  });

  it('given a count across the start of BST and Easter, then the deadline is the end of the London day, in BST', () => {
    // Thu 26 Mar 2026 (GMT): Fri 27, Mon 30, Tue 31, Wed 1, Thu 2, [Good Friday, Easter Monday], Tue 7, Wed 8 April.
    expect(sevenWorkingDaysAfter('2026-03-26T10:00:00Z')).toBe('2026-04-08T22:59:59.999Z');
  });

  it('given a count across the end of BST, then the deadline is the end of the London day, in GMT', () => {
    expect(sevenWorkingDaysAfter('2026-10-22T10:00:00+01:00')).toBe('2026-11-02T23:59:59.999Z');
  });

  it('given a request at 23:30 UTC in summer, then it counts from its London day (already the next day)', () => {
    // 2026-06-01T23:30Z is 00:30 on Tuesday 2 June in London.
    expect(nthWorkingDayAfter('2026-06-01T23:30:00Z', 1, calendar)).toBe('2026-06-03');
    expect(sevenWorkingDaysAfter('2026-06-01T23:30:00Z')).toBe('2026-06-11T22:59:59.999Z');
  });

  it('given a count that runs past 2030, then it is refused rather than treating 2031 as holiday-free', () => {
    expect(() => sevenWorkingDaysAfter('2030-12-20T10:00:00Z')).toThrow(CalendarCoverageError);
    expect(() => sevenWorkingDaysAfter('2030-12-20T10:00:00Z')).toThrow(/covers 2018-2030; 2031-01-01 is outside it/);
    expect(() => isWorkingDay('2017-12-29')).toThrow(CalendarCoverageError);
    expect(sevenWorkingDaysAfter('2030-12-10T10:00:00Z')).toBe('2030-12-19T23:59:59.999Z');
  });

  it('refuses a count that is not a whole number from 1', () => {
    expect(() => addWorkingDays('2026-03-09T10:00:00Z', 0, calendar)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-09T10:00:00Z', 1.5, calendar)).toThrow(RangeError);
  });

  it('refuses inconsistent bank-holiday data', () => {
    const base = { division: 'test', source: 'test', coversYears: { from: 2026, to: 2026 } };
    expect(() => createWorkingDayCalendar({ ...base, events: [{ date: '2027-01-01', title: 'x', notes: '' }] })).toThrow(
      /outside coversYears/,
    );
    expect(() =>
      createWorkingDayCalendar({
        ...base,
        events: [
          { date: '2026-01-01', title: 'x', notes: '' },
          { date: '2026-01-01', title: 'y', notes: '' },
        ],
      }),
    ).toThrow(/twice/);
  });
});
