import { DomainError } from '../errors';

/** Every deadline rule SARP knows; a policy version says how long each one is. */
export const DEADLINE_RULE_IDS = [
  'crisis-response',
  'assessment-and-support-plan',
  'support-plan-review-target',
  'support-plan-review-limit',
  'annual-review',
  'intensive-stay-limit',
  'transitional-stay-limit',
  'step-down-planning',
  'move-on-planning',
  'panel-decision',
  'panel-information-request',
  'leaving-confirmation',
  'subject-access-request',
] as const;
export type DeadlineRuleId = (typeof DEADLINE_RULE_IDS)[number];

/** How long before a limit its planning starts. */
export type PlanningLead = { readonly weeks: number } | { readonly calendarMonths: number };

/**
 * How a deadline is reached from the instant that starts it.
 *
 * - `hours`: exactly that much elapsed time.
 * - `days`, `weeks`, `years`, `calendarMonths`: calendar arithmetic on the
 *   London date, keeping the London time of day (so a clock change does not
 *   move a 10:00 start to a 09:00 or 11:00 deadline). Months and years keep the
 *   day of the month, clamped to the end of a shorter month (31 Jan + 1 month
 *   = 28/29 Feb; 29 Feb + 1 year = 28 Feb).
 *   `calendarMonths` may instead end at the end of that London day
 *   (`endOfDay`), moved to the next working day when that day is a weekend or
 *   bank holiday (`nextWorkingDayIfClosed`): the ICO's reading of "one month".
 * - `workingDays`: the end of the nth working day after the day it started.
 * - `before`: a planning deadline, the lead time before another rule's due
 *   time counted from the same start.
 */
export type DeadlineDuration =
  | { readonly hours: number }
  | { readonly days: number }
  | { readonly weeks: number }
  | { readonly calendarMonths: number; readonly endOfDay?: boolean; readonly nextWorkingDayIfClosed?: boolean }
  | { readonly years: number }
  | { readonly workingDays: number }
  | ({ readonly before: DeadlineRuleId } & PlanningLead);

/**
 * A limit must be kept; a target is what the service aims for, with a limit
 * behind it (the 4-week review target, the 12-week limit): missing a target is
 * reported apart from breaching a limit.
 */
export type DeadlineKind = 'target' | 'limit';

/** The rules that are targets (every other rule is a limit), in every policy version. */
export const TARGET_RULE_IDS: readonly DeadlineRuleId[] = ['support-plan-review-target'];

/** Whether a rule is a target or a limit: a property of the rule, the same in every version. */
export function deadlineKind(ruleId: string): DeadlineKind {
  return (TARGET_RULE_IDS as readonly string[]).includes(ruleId) ? 'target' : 'limit';
}

/** One row of a deadline policy: what is due, when, and on whose authority. */
export interface DeadlineRule {
  readonly id: DeadlineRuleId;
  readonly policyVersion: string;
  readonly kind: DeadlineKind;
  /** The rule in plain English: the answer to "why is this due?". At most 500 characters (the DeadlineSet event). */
  readonly rule: string;
  /** Seed file names and/or law it comes from. At most 200 characters (the DeadlineSet event). */
  readonly source: string;
  /** The instant the caller passes as `fromInstant`. */
  readonly startsAt: string;
  readonly duration: DeadlineDuration;
}

/** Settings of a policy version that an administrator may tune. */
export interface DeadlinePolicyParameters {
  /** How long before the Intensive stay limit step-down planning starts. */
  readonly stepDownPlanningLead: PlanningLead;
  /** How long before the Transitional stay limit move-on planning starts. */
  readonly moveOnPlanningLead: PlanningLead;
}

/** One version of the deadline policy, with the parameters it was built with. */
export interface DeadlinePolicy {
  readonly policyVersion: string;
  readonly parameters: DeadlinePolicyParameters;
  readonly rules: readonly DeadlineRule[];
}

/** A policy version was asked for that does not exist. */
export class UnknownPolicyVersionError extends DomainError {
  override readonly name = 'UnknownPolicyVersionError';
  readonly code = 'unknown-policy-version';
}

/** A rule id was asked for that the policy version does not have. */
export class UnknownDeadlineRuleError extends DomainError {
  override readonly name = 'UnknownDeadlineRuleError';
  readonly code = 'unknown-deadline-rule';
}

/** A policy (or its parameters) that cannot give sensible deadlines, e.g. a lead time longer than the stay. */
export class DeadlinePolicyError extends DomainError {
  override readonly name = 'DeadlinePolicyError';
  readonly code = 'invalid-deadline-policy';
}

const SEED_001 = '001_1463ac6e6ab1b23b.txt';
const SEED_003 = '003_9e5eab64931a00df.txt';

/**
 * Version 1 defaults for the planning lead times. These are SARP's own
 * defaults, not from the seeds: 001 sets the stay limits (3 months Intensive,
 * 3 years Transitional) but says nothing about when to start planning the
 * next move. Two weeks leaves time to line up a Transitional unit; six
 * months reflects how slow housing applications can be (001, "Timing of
 * Planning Applications": missing identity documents).
 */
const V1_DEFAULT_PARAMETERS: DeadlinePolicyParameters = {
  stepDownPlanningLead: { weeks: 2 },
  moveOnPlanningLead: { calendarMonths: 6 },
};

/**
 * Policy version 1 (DOMAIN.md "Deadlines"), read against the seeds. Where the
 * two differ the seed wins and the comment says so.
 */
function policyV1Rules(parameters: DeadlinePolicyParameters): Omit<DeadlineRule, 'policyVersion' | 'kind'>[] {
  return [
    {
      id: 'crisis-response',
      // 003 says "within 24 hours of a referral when required, for example in a crisis situation":
      // a crisis is its example, DOMAIN.md makes it the trigger. The urgency is set at triage.
      rule: 'Housing support is in place within 24 hours of a referral that needs it, such as a crisis referral.',
      source: SEED_003,
      startsAt: 'the referral is received (or triaged as a crisis)',
      duration: { hours: 24 },
    },
    {
      id: 'assessment-and-support-plan',
      // 003 words this as an aim ("aim to have ... finished within seven days"); DOMAIN.md states it as a rule.
      // 003 also says the needs assessment happens before support is provided.
      rule: 'The housing support assessment and support plan are finished within 7 days of the person entering the service.',
      source: SEED_003,
      startsAt: 'the person enters the service',
      duration: { days: 7 },
    },
    {
      id: 'support-plan-review-target',
      // 003: "at a minimum period of every four weeks and no later than every 12 weeks". Read literally,
      // "minimum period" makes 4 weeks the shortest gap between reviews (a window of 4 to 12 weeks);
      // DOMAIN.md reads it as a review at least every 4 weeks, as a target. We follow DOMAIN.md's
      // reading (the 4-week deadline is a target, the 12-week one the hard limit) until the service says otherwise.
      rule: 'The support plan is reviewed every 4 weeks (target), counted from the plan or its last review.',
      source: SEED_003,
      startsAt: 'the support plan is agreed or last reviewed',
      duration: { weeks: 4 },
    },
    {
      id: 'support-plan-review-limit',
      rule: 'The support plan is reviewed no later than 12 weeks after the plan or its last review (hard limit).',
      source: SEED_003,
      startsAt: 'the support plan is agreed or last reviewed',
      duration: { weeks: 12 },
    },
    {
      id: 'annual-review',
      // 001 names annual reviews as the opportunity to re-assess and consider alternative settings
      // (a finding of the Opportunity Assessment), not as a service standard with a deadline.
      rule: 'A re-assessment 12 months after the placement started or the last annual review: the chance to consider another setting.',
      source: SEED_001,
      startsAt: 'the placement starts or the last annual review',
      duration: { years: 1 },
    },
    {
      id: 'intensive-stay-limit',
      rule: 'An Intensive placement (continual support, 24 hours a day, 7 days a week) lasts at most 3 months.',
      source: SEED_001,
      startsAt: 'the Intensive placement starts',
      duration: { calendarMonths: 3 },
    },
    {
      id: 'transitional-stay-limit',
      rule: 'A Transitional placement (such as Orchard House) lasts at most 3 years.',
      source: SEED_001,
      startsAt: 'the Transitional placement starts',
      duration: { years: 3 },
    },
    {
      id: 'step-down-planning',
      rule: `Step-down planning starts ${describeLead(parameters.stepDownPlanningLead)} before the Intensive stay limit (3 months), so the next move is ready in time.`,
      source: `${SEED_001} (stay limit); lead time: a SARP setting, not from the seeds`,
      startsAt: 'the Intensive placement starts',
      duration: { before: 'intensive-stay-limit', ...parameters.stepDownPlanningLead },
    },
    {
      id: 'move-on-planning',
      rule: `Move-on planning starts ${describeLead(parameters.moveOnPlanningLead)} before the Transitional stay limit (3 years), so the move to independent living is ready in time.`,
      source: `${SEED_001} (stay limit); lead time: a SARP setting, not from the seeds`,
      startsAt: 'the Transitional placement starts',
      duration: { before: 'transitional-stay-limit', ...parameters.moveOnPlanningLead },
    },
    {
      id: 'panel-decision',
      // 001 says the QA panel meets every two weeks and guides complex cases; "complex cases go to the
      // next sitting" is DOMAIN.md's rule. With a sitting every 2 weeks, the next one is at most 2 weeks away;
      // a real sitting calendar would give an earlier, exact date.
      rule: 'A complex case is decided at the next sitting of the QA panel, which meets every two weeks: within 2 weeks of being referred to it.',
      source: SEED_001,
      startsAt: 'the case is referred to the panel (or deferred by it)',
      duration: { weeks: 2 },
    },
    {
      id: 'panel-information-request',
      // Issue 4: the panel may send a case back to the assessor for more information "with a due date";
      // the date is the panel's, given with its request. 2 weeks (one sitting) is only the fallback.
      rule: 'More information the QA panel asked for is back with the panel by the date it gave.',
      source: `${SEED_001} (the panel's guidance on complex cases); the due date is the panel's`,
      startsAt: 'the panel asks for more information',
      duration: { weeks: 2 },
    },
    {
      id: 'leaving-confirmation',
      // 003 says "within seven working days" without defining a working day or when counting starts;
      // England and Wales bank holidays (003 is a Southend service) and "day 1 = the next working day" are DOMAIN.md's and ours.
      rule: 'A request to leave the service is recorded and its receipt confirmed in writing, with any agreed arrangements, within 7 working days; day 1 is the first working day after the request; weekends and England and Wales bank holidays do not count.',
      source: SEED_003,
      startsAt: 'the request to leave is received',
      duration: { workingDays: 7 },
    },
    {
      id: 'subject-access-request',
      // 003 gives the right of access but no time limit; one month is the law. The ICO reads it as: from
      // the day of receipt to the same date next month (the last day of a shorter month), moved to the next
      // working day when that date is a weekend or bank holiday. The clock can restart when ID, clarification
      // or a fee is asked for, and complex requests may be extended by two months: those are separate decisions.
      rule: 'A subject access request is answered within one calendar month of receipt: by the end of the same date next month (the last day of a shorter month), or of the next working day when that date is a weekend or bank holiday.',
      source: `${SEED_003}; UK GDPR Art. 12(3); ICO guidance on the right of access (time limits)`,
      startsAt: 'the request is received',
      duration: { calendarMonths: 1, endOfDay: true, nextWorkingDayIfClosed: true },
    },
  ];
}

/**
 * Policy version 2 (issue 12): as version 1, but the crisis clock runs from
 * the referral's receipt whichever step finds the crisis (seed 003: support
 * "within 24 hours of a referral"), and a crisis found after the 24 hours is
 * breached at once. Pathways under it also share information without consent
 * only for a reason from the fixed list (decide.ts, `recordConsent`).
 */
function policyV2Rules(parameters: DeadlinePolicyParameters): Omit<DeadlineRule, 'policyVersion' | 'kind'>[] {
  return policyV1Rules(parameters).map((rule) =>
    rule.id === 'crisis-response'
      ? {
          ...rule,
          rule: 'Housing support is in place within 24 hours of the referral being received, also when triage finds the crisis later; a crisis found after those 24 hours is breached at once.',
          startsAt: 'the referral is received',
        }
      : rule,
  );
}

/**
 * Policy version 3 (issue 12): as version 2, but the review clocks run from
 * the latest support plan version, the assessment's and then each review's
 * (seed 003: reviews "every four weeks and no later than every 12 weeks"; a
 * move is not a review). A placement, a step-down or a move neither meets nor
 * restarts them, and a plan may be reviewed before the person is placed.
 */
function policyV3Rules(parameters: DeadlinePolicyParameters): Omit<DeadlineRule, 'policyVersion' | 'kind'>[] {
  const fromLatestPlan = 'the latest support plan version is agreed: the assessment, then each review';
  return policyV2Rules(parameters).map((rule) => {
    if (rule.id === 'support-plan-review-target') {
      return {
        ...rule,
        rule: 'The support plan is reviewed every 4 weeks (a target), counted from its latest version (the assessment, then each review); a placement or a move does not restart it.',
        startsAt: fromLatestPlan,
      };
    }
    if (rule.id === 'support-plan-review-limit') {
      return {
        ...rule,
        rule: 'The support plan is reviewed no later than 12 weeks after its latest version (the assessment, then each review): the hard limit; a placement or a move does not restart it.',
        startsAt: fromLatestPlan,
      };
    }
    return rule;
  });
}

interface PolicyVersionDefinition {
  readonly defaults: DeadlinePolicyParameters;
  readonly rules: (parameters: DeadlinePolicyParameters) => Omit<DeadlineRule, 'policyVersion' | 'kind'>[];
}

const POLICY_VERSIONS: Readonly<Record<string, PolicyVersionDefinition>> = {
  '1': { defaults: V1_DEFAULT_PARAMETERS, rules: policyV1Rules },
  '2': { defaults: V1_DEFAULT_PARAMETERS, rules: policyV2Rules },
  '3': { defaults: V1_DEFAULT_PARAMETERS, rules: policyV3Rules },
};

/** The deadline policy versions that exist, oldest first. */
export const DEADLINE_POLICY_VERSIONS: readonly string[] = Object.freeze(Object.keys(POLICY_VERSIONS));

function describeLead(lead: PlanningLead): string {
  const [amount, unit] = 'weeks' in lead ? [lead.weeks, 'week'] : [lead.calendarMonths, 'calendar month'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

function checkLead(name: string, lead: PlanningLead): PlanningLead {
  const amount = 'weeks' in lead ? lead.weeks : lead.calendarMonths;
  if (!Number.isInteger(amount) || amount < 1) {
    throw new DeadlinePolicyError(`${name} must be a whole number of weeks or calendar months from 1`);
  }
  return Object.freeze('weeks' in lead ? { weeks: lead.weeks } : { calendarMonths: lead.calendarMonths });
}

/**
 * A version of the deadline policy. Running pathways keep the version they
 * started under; a new version applies to new pathways.
 *
 * `parameters` overrides that version's tunable settings (the planning lead
 * times); the returned policy records the ones in force, and each planning
 * rule's wording names its lead, so a due date can still be explained.
 *
 * @throws UnknownPolicyVersionError for a version that does not exist.
 */
export function deadlinePolicy(version: string, parameters: Partial<DeadlinePolicyParameters> = {}): DeadlinePolicy {
  const definition = Object.hasOwn(POLICY_VERSIONS, version) ? POLICY_VERSIONS[version] : undefined;
  if (definition === undefined) {
    throw new UnknownPolicyVersionError(
      `unknown deadline policy version ${JSON.stringify(version)}; known versions: ${DEADLINE_POLICY_VERSIONS.join(', ')}`,
    );
  }
  if (parameters.stepDownPlanningLead === undefined && parameters.moveOnPlanningLead === undefined) {
    const built = DEFAULT_POLICIES.get(version);
    if (built !== undefined) return built;
  }
  return buildPolicy(version, definition, parameters);
}

function buildPolicy(version: string, definition: PolicyVersionDefinition, parameters: Partial<DeadlinePolicyParameters>): DeadlinePolicy {
  const inForce: DeadlinePolicyParameters = Object.freeze({
    stepDownPlanningLead: checkLead('stepDownPlanningLead', parameters.stepDownPlanningLead ?? definition.defaults.stepDownPlanningLead),
    moveOnPlanningLead: checkLead('moveOnPlanningLead', parameters.moveOnPlanningLead ?? definition.defaults.moveOnPlanningLead),
  });
  const rules = definition
    .rules(inForce)
    .map((rule) =>
      Object.freeze({ ...rule, kind: deadlineKind(rule.id), duration: Object.freeze({ ...rule.duration }), policyVersion: version }),
    );
  checkRules(version, rules);
  return Object.freeze({ policyVersion: version, parameters: inForce, rules: Object.freeze(rules) });
}

function checkRules(version: string, rules: readonly DeadlineRule[]): void {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  if (byId.size !== rules.length) throw new DeadlinePolicyError(`deadline policy ${version} lists a rule twice`);
  for (const rule of rules) {
    if (!('before' in rule.duration)) continue;
    const target = byId.get(rule.duration.before);
    if (target === undefined || 'before' in target.duration) {
      throw new DeadlinePolicyError(`deadline policy ${version}: ${rule.id} must plan before a limit rule of the same version`);
    }
  }
}

/** Each version with its default parameters, built (and checked) once when the module loads. */
const DEFAULT_POLICIES: ReadonlyMap<string, DeadlinePolicy> = new Map(
  Object.entries(POLICY_VERSIONS).map(([version, definition]) => [version, buildPolicy(version, definition, {})]),
);

/**
 * The rule with this id in a policy.
 *
 * @throws UnknownDeadlineRuleError when the policy version has no such rule.
 */
export function findDeadlineRule(policy: DeadlinePolicy, ruleId: string): DeadlineRule {
  const rule = policy.rules.find((candidate) => candidate.id === ruleId);
  if (rule === undefined) {
    throw new UnknownDeadlineRuleError(`deadline policy ${policy.policyVersion} has no rule ${JSON.stringify(ruleId)}`);
  }
  return rule;
}
