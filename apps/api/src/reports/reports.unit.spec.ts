import { startOfLondonMonth } from './reports.controller';

describe('the default report period', () => {
  it('starts at midnight on the 1st in London, summer time or not', () => {
    expect(startOfLondonMonth(new Date('2026-10-15T12:00:00Z')).toISOString()).toBe('2026-09-30T23:00:00.000Z');
    expect(startOfLondonMonth(new Date('2026-11-30T12:00:00Z')).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    // 00:30 London time on 1 April is still 31 March in UTC.
    expect(startOfLondonMonth(new Date('2026-03-31T23:30:00Z')).toISOString()).toBe('2026-03-31T23:00:00.000Z');
  });
});
