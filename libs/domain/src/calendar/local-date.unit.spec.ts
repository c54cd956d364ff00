import {
  addCalendarMonths,
  dayOfWeek,
  endOfLondonDay,
  fromLondonWallClock,
  londonOffsetMinutes,
  parseLocalDate,
  toInstant,
  toLondonDate,
  weekdayOfMonth,
} from './local-date';

describe('London local time, without Intl', () => {
  it('given the last Sundays of March and October, then BST runs from 01:00 UTC on the first to 01:00 UTC on the second', () => {
    // 2026: clocks go forward on Sun 29 March and back on Sun 25 October.
    expect(londonOffsetMinutes('2026-03-29T00:59:59.999Z')).toBe(0);
    expect(londonOffsetMinutes('2026-03-29T01:00:00.000Z')).toBe(60);
    expect(londonOffsetMinutes('2026-10-25T00:59:59.999Z')).toBe(60);
    expect(londonOffsetMinutes('2026-10-25T01:00:00.000Z')).toBe(0);
    // 2024: 31 March and 27 October; 2027: 28 March and 31 October.
    expect(londonOffsetMinutes('2024-03-31T01:00:00Z')).toBe(60);
    expect(londonOffsetMinutes('2024-10-27T01:00:00Z')).toBe(0);
    expect(londonOffsetMinutes('2027-03-28T00:30:00Z')).toBe(0);
    expect(londonOffsetMinutes('2027-10-31T00:30:00Z')).toBe(60);
  });

  it('given a late-evening UTC instant in summer, then its London date is the next day', () => {
    expect(toLondonDate('2026-06-01T23:30:00Z')).toBe('2026-06-02');
    expect(toLondonDate('2026-12-01T23:30:00Z')).toBe('2026-12-01');
    expect(toLondonDate('2026-06-02T00:30:00+01:00')).toBe('2026-06-02');
  });

  it('then the end of a London day is 23:59:59.999 local time, as a UTC instant', () => {
    expect(endOfLondonDay('2026-12-31').toISOString()).toBe('2026-12-31T23:59:59.999Z');
    expect(endOfLondonDay('2026-07-01').toISOString()).toBe('2026-07-01T22:59:59.999Z');
    // The days the clocks change: both end in the new offset.
    expect(endOfLondonDay('2026-03-29').toISOString()).toBe('2026-03-29T22:59:59.999Z');
    expect(endOfLondonDay('2026-10-25').toISOString()).toBe('2026-10-25T23:59:59.999Z');
  });

  it('given a wall-clock time that happens twice or never, then it takes the first or moves past the gap', () => {
    const oneThirty = 90 * 60_000;
    expect(fromLondonWallClock('2026-10-25', oneThirty).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromLondonWallClock('2026-03-29', oneThirty).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('given month arithmetic, then the day of the month is kept and clamped to a shorter month', () => {
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addCalendarMonths('2028-02-29', 36)).toBe('2031-02-28');
    expect(addCalendarMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addCalendarMonths('2031-02-28', -6)).toBe('2030-08-28');
    expect(addCalendarMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('then weekdays and nth weekdays of a month are right', () => {
    expect(dayOfWeek('2026-12-21')).toBe(1);
    expect(dayOfWeek('2026-12-26')).toBe(6);
    expect(weekdayOfMonth(2026, 5, 1, 1)).toBe('2026-05-04');
    expect(weekdayOfMonth(2026, 5, 1, -1)).toBe('2026-05-25');
    expect(weekdayOfMonth(2026, 8, 1, -1)).toBe('2026-08-31');
    expect(weekdayOfMonth(2026, 3, 0, -1)).toBe('2026-03-29');
  });

  it('refuses dates and instants it cannot read unambiguously', () => {
    expect(() => parseLocalDate('2026-02-29')).toThrow(RangeError);
    expect(() => parseLocalDate('2026-2-1')).toThrow(RangeError);
    expect(() => toInstant('2026-06-01T10:00:00')).toThrow(/offset/);
    expect(() => toInstant('2026-06-01')).toThrow(RangeError);
    expect(() => toInstant(new Date(Number.NaN))).toThrow(RangeError);
    expect(toInstant('2026-06-01T10:00:00+01:00').toISOString()).toBe('2026-06-01T09:00:00.000Z');
  });
});
