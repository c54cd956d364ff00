import { endOfSittingDay, nextSittingAfter, type PanelSchedule } from '@sarp/domain';

const fortnightly: PanelSchedule = { firstSitting: '2026-01-07T10:00', everyDays: 14, carryOverLimit: 2, urgentDecisionHours: 24 };

describe('the panel sitting schedule', () => {
  it('puts a case on the next sitting, every two weeks at the same London time', () => {
    expect(nextSittingAfter(new Date('2026-01-01T12:00:00Z'), fortnightly).toISOString()).toBe('2026-01-07T10:00:00.000Z');
    expect(nextSittingAfter(new Date('2026-01-07T09:59:00Z'), fortnightly).toISOString()).toBe('2026-01-07T10:00:00.000Z');
    expect(nextSittingAfter(new Date('2026-01-07T10:00:00Z'), fortnightly).toISOString()).toBe('2026-01-21T10:00:00.000Z');
  });

  it('keeps 10:00 on the London wall clock across the clock change (BST is UTC+1)', () => {
    // 2026-04-01 is a sitting day (7 Jan + 84 days), in summer time.
    expect(nextSittingAfter(new Date('2026-03-28T00:00:00Z'), fortnightly).toISOString()).toBe('2026-04-01T09:00:00.000Z');
  });

  it('ends a sitting day at midnight London time', () => {
    expect(endOfSittingDay(new Date('2026-04-01T09:00:00Z')).toISOString()).toBe('2026-04-01T22:59:59.999Z');
  });

  it('refuses a first sitting that is not a London date and time', () => {
    expect(() => nextSittingAfter(new Date(), { ...fortnightly, firstSitting: 'Wednesdays' })).toThrow(/YYYY-MM-DDTHH:MM/);
  });
});
