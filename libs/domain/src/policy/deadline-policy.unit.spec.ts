import { CalendarCoverageError, englandAndWalesCalendar as calendar } from '../calendar/working-days';
import { computeDueAt } from './compute-due-at';
import {
  DEADLINE_POLICY_VERSIONS,
  DEADLINE_RULE_IDS,
  DeadlinePolicyError,
  deadlineKind,
  deadlinePolicy,
  UnknownDeadlineRuleError,
  UnknownPolicyVersionError,
  type DeadlineRuleId,
} from './deadline-policy';

const v1 = deadlinePolicy('1');
const SEED = /^\d{3}_[0-9a-f]{16}\.txt$/;

/** Given something started at `from`, when is rule `ruleId` of policy 1 due? */
const dueAt = (ruleId: DeadlineRuleId, from: string, policy = v1) => computeDueAt(ruleId, from, policy, calendar).dueAt;

describe('deadline policy version 1', () => {
  it('has one rule for each deadline, all of version 1', () => {
    expect(DEADLINE_POLICY_VERSIONS).toEqual(['1', '2', '3']);
    expect(v1.policyVersion).toBe('1');
    expect(v1.rules.map((rule) => rule.id)).toEqual([...DEADLINE_RULE_IDS]);
    expect(new Set(v1.rules.map((rule) => rule.policyVersion))).toEqual(new Set(['1']));
  });

  it('gives every rule plain-English wording and a source that fit the DeadlineSet event', () => {
    for (const rule of v1.rules) {
      expect(rule.rule.length).toBeGreaterThan(20);
      expect(rule.rule.length).toBeLessThanOrEqual(500);
      expect(rule.source.length).toBeLessThanOrEqual(200);
      expect(rule.source.split(/[;( ]/).some((part) => SEED.test(part))).toBe(true);
    }
    expect(v1.rules.find((rule) => rule.id === 'subject-access-request')?.source).toMatch(/UK GDPR Art\. 12\(3\)/);
  });

  it('reads as the table in DOMAIN.md', () => {
    expect(Object.fromEntries(v1.rules.map((rule) => [rule.id, rule.duration]))).toEqual({
      'crisis-response': { hours: 24 },
      'assessment-and-support-plan': { days: 7 },
      'support-plan-review-target': { weeks: 4 },
      'support-plan-review-limit': { weeks: 12 },
      'annual-review': { years: 1 },
      'intensive-stay-limit': { calendarMonths: 3 },
      'transitional-stay-limit': { years: 3 },
      'step-down-planning': { before: 'intensive-stay-limit', weeks: 2 },
      'move-on-planning': { before: 'transitional-stay-limit', calendarMonths: 6 },
      'panel-decision': { weeks: 2 },
      'panel-information-request': { weeks: 2 },
      'leaving-confirmation': { workingDays: 7 },
      'subject-access-request': { calendarMonths: 1, endOfDay: true, nextWorkingDayIfClosed: true },
    });
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(v1)).toBe(true);
    expect(Object.isFrozen(v1.rules)).toBe(true);
    expect(Object.isFrozen(v1.rules[0])).toBe(true);
    expect(Object.isFrozen(v1.rules[0]?.duration)).toBe(true);
  });
});

describe('computing when something is due', () => {
  it('given a crisis referral, then support is due exactly 24 hours later, even across the clock change', () => {
    // Clocks go forward at 01:00 UTC on Sun 29 March 2026: 24 hours is still 24 hours (13:00 BST on the wall).
    const due = computeDueAt('crisis-response', '2026-03-28T12:00:00Z', v1, calendar);
    expect(due).toEqual({
      dueAt: '2026-03-29T12:00:00.000Z',
      ruleId: 'crisis-response',
      policyVersion: '1',
      rule: expect.stringMatching(/24 hours/),
      source: '003_9e5eab64931a00df.txt',
    });
    expect(Date.parse(due.dueAt) - Date.parse('2026-03-28T12:00:00Z')).toBe(24 * 3_600_000);
  });

  it('given a person entering the service, then the assessment is due 7 calendar days later at the same London time', () => {
    expect(dueAt('assessment-and-support-plan', '2026-03-25T10:00:00Z')).toBe('2026-04-01T09:00:00.000Z');
  });

  it('given a support plan agreed, then the review is due in 4 weeks (target) and 12 weeks (limit)', () => {
    expect(dueAt('support-plan-review-target', '2026-06-01T09:00:00Z')).toBe('2026-06-29T09:00:00.000Z');
    expect(dueAt('support-plan-review-limit', '2026-06-01T09:00:00Z')).toBe('2026-08-24T09:00:00.000Z');
  });

  it('given a case referred to the panel, then it is decided within 2 weeks', () => {
    expect(dueAt('panel-decision', '2026-11-25T09:30:00Z')).toBe('2026-12-09T09:30:00.000Z');
  });

  it('given a Transitional placement starting on 29 February 2028, then the stay limit is 28 February 2031', () => {
    expect(dueAt('transitional-stay-limit', '2028-02-29T10:00:00Z')).toBe('2031-02-28T10:00:00.000Z');
    expect(dueAt('annual-review', '2028-02-29T10:00:00Z')).toBe('2029-02-28T10:00:00.000Z');
  });

  it('then move-on planning starts 6 calendar months before that limit (10:00 London time, in BST)', () => {
    const due = computeDueAt('move-on-planning', '2028-02-29T10:00:00Z', v1, calendar);
    expect(due.dueAt).toBe('2030-08-28T09:00:00.000Z');
    expect(due.rule).toMatch(/6 calendar months before the Transitional stay limit/);
    expect(due.source).toMatch(/not from the seeds/);
  });

  it('given an Intensive placement from 31 January, then the limit is 30 April and step-down planning starts 2 weeks before', () => {
    expect(dueAt('intensive-stay-limit', '2026-01-31T10:00:00Z')).toBe('2026-04-30T09:00:00.000Z');
    expect(dueAt('step-down-planning', '2026-01-31T10:00:00Z')).toBe('2026-04-16T09:00:00.000Z');
  });

  it('given a request to leave on Monday 21 December 2026, then the confirmation is due by the end of Monday 4 January 2027', () => {
    const due = computeDueAt('leaving-confirmation', '2026-12-21T10:00:00Z', v1, calendar);
    expect(due).toMatchObject({ dueAt: '2027-01-04T23:59:59.999Z', ruleId: 'leaving-confirmation', policyVersion: '1' });
    expect(due.rule).toMatch(/7 working days/);
  });

  describe('given a subject access request', () => {
    it('on 31 January 2028, then it is due by the end of 29 February (a leap year, a Tuesday)', () => {
      expect(dueAt('subject-access-request', '2028-01-31T14:00:00Z')).toBe('2028-02-29T23:59:59.999Z');
    });

    it('on 31 January 2027, then 28 February is a Sunday, so it is due by the end of Monday 1 March', () => {
      expect(dueAt('subject-access-request', '2027-01-31T14:00:00Z')).toBe('2027-03-01T23:59:59.999Z');
    });

    it('on 25 April 2026, then 25 May is the Spring bank holiday, so it is due by the end of Tuesday 26 May (BST)', () => {
      expect(dueAt('subject-access-request', '2026-04-25T08:00:00Z')).toBe('2026-05-26T22:59:59.999Z');
    });

    it('on an ordinary weekday, then it is due by the end of the same date next month', () => {
      expect(dueAt('subject-access-request', '2026-11-03T16:45:00Z')).toBe('2026-12-03T23:59:59.999Z');
    });
  });

  it('gives the same answer every time for the same inputs (replay)', () => {
    const from = new Date('2026-12-21T10:00:00Z');
    for (const ruleId of DEADLINE_RULE_IDS) {
      expect(computeDueAt(ruleId, from, deadlinePolicy('1'), calendar)).toEqual(computeDueAt(ruleId, from.toISOString(), v1, calendar));
    }
    expect(from.toISOString()).toBe('2026-12-21T10:00:00.000Z');
  });
});

describe('tuning the planning lead times', () => {
  it('given a 3-week step-down lead, then planning starts a week earlier and the wording says so', () => {
    const tuned = deadlinePolicy('1', { stepDownPlanningLead: { weeks: 3 } });
    const due = computeDueAt('step-down-planning', '2026-01-31T10:00:00Z', tuned, calendar);
    expect(due).toMatchObject({ dueAt: '2026-04-09T09:00:00.000Z', policyVersion: '1' });
    expect(due.rule).toMatch(/3 weeks before the Intensive stay limit/);
    expect(tuned.parameters).toEqual({ stepDownPlanningLead: { weeks: 3 }, moveOnPlanningLead: { calendarMonths: 6 } });
    expect(v1.parameters.stepDownPlanningLead).toEqual({ weeks: 2 });
  });

  it('refuses a lead that is not a whole positive amount', () => {
    expect(() => deadlinePolicy('1', { stepDownPlanningLead: { weeks: 0 } })).toThrow(DeadlinePolicyError);
    expect(() => deadlinePolicy('1', { moveOnPlanningLead: { calendarMonths: 1.5 } })).toThrow(DeadlinePolicyError);
  });

  it('refuses a lead longer than the stay it plans for', () => {
    const tooLong = deadlinePolicy('1', { stepDownPlanningLead: { calendarMonths: 4 } });
    expect(() => computeDueAt('step-down-planning', '2026-01-31T10:00:00Z', tooLong, calendar)).toThrow(DeadlinePolicyError);
  });
});

describe('deadline policy version 2', () => {
  it('differs from version 1 only in the crisis clock, which runs from the referral', () => {
    const v2 = deadlinePolicy('2');
    const changed = v2.rules.filter((rule, index) => JSON.stringify({ ...rule, policyVersion: '1' }) !== JSON.stringify(v1.rules[index]));
    expect(changed.map((rule) => [rule.id, rule.startsAt])).toEqual([['crisis-response', 'the referral is received']]);
    expect(changed[0]?.rule.length).toBeLessThanOrEqual(500);
    expect(computeDueAt('crisis-response', '2026-11-25T09:30:00.000Z', v2, calendar).dueAt).toBe('2026-11-26T09:30:00.000Z');
  });
});

describe('deadline policy version 3', () => {
  it('differs from version 2 only in the review clocks, which run from the latest plan version', () => {
    const v2 = deadlinePolicy('2');
    const v3 = deadlinePolicy('3');
    const changed = v3.rules.filter((rule, index) => JSON.stringify({ ...rule, policyVersion: '2' }) !== JSON.stringify(v2.rules[index]));
    expect(changed.map((rule) => rule.id)).toEqual(['support-plan-review-target', 'support-plan-review-limit']);
    for (const rule of changed) {
      expect(rule.startsAt).toMatch(/latest support plan version/);
      expect(rule.rule).toMatch(/placement or a move does not restart it/);
      expect(rule.rule.length).toBeLessThanOrEqual(500);
    }
  });

  it('calls the 4-week review a target and every other rule a limit, in every version', () => {
    for (const version of DEADLINE_POLICY_VERSIONS) {
      const kinds = deadlinePolicy(version)
        .rules.filter((rule) => rule.kind === 'target')
        .map((rule) => rule.id);
      expect(kinds).toEqual(['support-plan-review-target']);
    }
    expect(deadlineKind('support-plan-review-limit')).toBe('limit');
  });
});

describe('refusals', () => {
  it('given an unknown policy version, then it is refused', () => {
    expect(() => deadlinePolicy('99')).toThrow(UnknownPolicyVersionError);
    expect(() => deadlinePolicy('99')).toThrow(/known versions: 1, 2, 3/);
    expect(() => deadlinePolicy('toString')).toThrow(UnknownPolicyVersionError);
  });

  it('given an unknown rule, then it is refused', () => {
    expect(() => computeDueAt('coffee-break', '2026-01-05T10:00:00Z', v1, calendar)).toThrow(UnknownDeadlineRuleError);
  });

  it('given a working-day deadline beyond the years the calendar covers, then it is refused', () => {
    expect(() => dueAt('leaving-confirmation', '2030-12-20T10:00:00Z')).toThrow(CalendarCoverageError);
    expect(() => dueAt('subject-access-request', '2030-12-15T10:00:00Z')).toThrow(CalendarCoverageError);
  });

  it('given an instant without an offset, then it is refused rather than read in the machine’s zone', () => {
    expect(() => dueAt('crisis-response', '2026-03-28T12:00:00')).toThrow(RangeError);
  });
});
