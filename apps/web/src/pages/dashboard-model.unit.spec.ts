import { addMonths, londonMonthOf, londonMonthStart, monthPeriod, reportPath, twelveMonthsTo } from './dashboard-model';

describe('the dashboard calendar', () => {
  it('starts a London month at midnight there: 23:00 UTC the day before in summer', () => {
    expect(londonMonthStart('2026-07').toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(londonMonthStart('2026-12').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('ends the month in progress now, and a past month at the next one', () => {
    const now = new Date('2026-12-01T19:00:00.000Z');
    expect(monthPeriod('2026-12', now)).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-01T19:00:00.000Z' });
    expect(monthPeriod('2026-10', now)).toEqual({ from: '2026-09-30T23:00:00.000Z', to: '2026-11-01T00:00:00.000Z' });
  });

  it('counts months across years, and tells the London month of an instant', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(twelveMonthsTo('2026-03')).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(londonMonthOf(new Date('2026-06-30T23:30:00.000Z'))).toBe('2026-07');
  });

  it('asks for a figure with only the filters chosen', () => {
    expect(reportPath('referrals-per-month', { from: 'a', to: 'b' }, { team: 'localities', model: '' })).toBe('/reports/referrals-per-month?from=a&to=b&team=localities');
  });
});
