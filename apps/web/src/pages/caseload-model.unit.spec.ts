import { attentionOf, caseload, casesPerWorker, type CaseloadItem } from './caseload-model';

const NOW = new Date('2026-12-01T12:00:00Z');
const item = (overrides: Partial<CaseloadItem>): CaseloadItem => ({
  pathwayId: overrides.personId ?? 'x',
  personId: 'P-1',
  stage: 'assessment',
  urgency: 'standard',
  team: 'localities',
  worker: null,
  openedAt: '2026-11-20T09:00:00Z',
  breaches: 0,
  overdue: 0,
  nextDeadline: null,
  ...overrides,
});
const dueAt = (iso: string) => ({ ruleId: 'assessment-7-days', rule: 'Assessment within 7 days', kind: 'limit' as const, dueAt: iso });

describe('the caseload', () => {
  it('says what a case needs, most pressing first', () => {
    expect(attentionOf(item({ breaches: 1, overdue: 1 }), NOW)).toBe('breached');
    expect(attentionOf(item({ overdue: 1, nextDeadline: dueAt('2026-11-30T12:00:00Z') }), NOW)).toBe('overdue');
    expect(attentionOf(item({ nextDeadline: dueAt('2026-12-03T11:59:00Z') }), NOW)).toBe('due-soon');
    expect(attentionOf(item({ nextDeadline: dueAt('2026-12-03T12:01:00Z') }), NOW)).toBe('on-track');
    expect(attentionOf(item({}), NOW)).toBe('no-deadline');
  });

  it('leaves closed cases out, filters, and puts the next deadline first (cases without one last)', () => {
    const items = [
      item({ personId: 'P-LATE', nextDeadline: dueAt('2026-12-20T00:00:00Z'), worker: 'raj' }),
      item({ personId: 'P-NONE', stage: 'referral' }),
      item({ personId: 'P-SOON', nextDeadline: dueAt('2026-12-02T00:00:00Z'), overdue: 0, breaches: 1 }),
      item({ personId: 'P-GONE', stage: 'closed' }),
    ];
    expect(caseload(items, {}, NOW).map((i) => i.personId)).toEqual(['P-SOON', 'P-LATE', 'P-NONE']);
    expect(caseload(items, { stage: 'referral' }, NOW).map((i) => i.personId)).toEqual(['P-NONE']);
    expect(caseload(items, { needsAttention: true }, NOW).map((i) => i.personId)).toEqual(['P-SOON']);
    expect(caseload(items, { worker: 'unassigned' }, NOW).map((i) => i.personId)).toEqual(['P-SOON', 'P-NONE']);
    expect(caseload(items, { worker: 'raj' }, NOW).map((i) => i.personId)).toEqual(['P-LATE']);
  });

  it('counts open cases per worker, most first, unassigned ones together', () => {
    const items = [item({ worker: 'raj' }), item({ worker: 'raj' }), item({ worker: null }), item({ worker: 'ann', stage: 'closed' })];
    expect(casesPerWorker(items)).toEqual([
      { worker: 'raj', cases: 2 },
      { worker: 'unassigned', cases: 1 },
    ]);
  });
});
