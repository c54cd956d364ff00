import type { AssessmentDetails, ComplexityFinding } from '@sarp/events';

/**
 * Which cases are complex and go to the QA panel (seed 001): versioned
 * policy, with a reason for every rule that fired, so "why did this go to
 * panel?" has an answer. Thresholds are our version-1 defaults, not from the
 * seeds; a new version applies to new assessments.
 */
export const COMPLEXITY_POLICY_VERSION = '1';

type AssessmentFacts = Omit<AssessmentDetails, 'complexity'>;

const RULES: { rule: string; fires: (facts: AssessmentFacts) => string | undefined }[] = [
  { rule: 'high-risk', fires: (f) => (f.risk.level === 'high' ? 'the risk assessment is high' : undefined) },
  { rule: 'intensive-model', fires: (f) => (f.requestedModel === 'intensive' ? 'an intensive (24/7) placement is requested' : undefined) },
  {
    rule: 'large-package',
    fires: (f) => (f.requestedPackageHours > 20 ? `the package is ${f.requestedPackageHours} hours a week (over 20)` : undefined),
  },
  {
    rule: 'high-funding',
    fires: (f) => (f.requestedWeeklyFunding > 1000 ? `the funding is £${f.requestedWeeklyFunding} a week (over £1000)` : undefined),
  },
];

export function assessComplexity(facts: AssessmentFacts): ComplexityFinding {
  const rulesFired = RULES.flatMap(({ rule, fires }) => {
    const reason = fires(facts);
    return reason ? [{ rule, reason }] : [];
  });
  return { complex: rulesFired.length > 0, policyVersion: COMPLEXITY_POLICY_VERSION, rulesFired };
}
