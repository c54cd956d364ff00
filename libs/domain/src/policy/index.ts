/**
 * Deadline policy as versioned data: each rule says how long, from what, in
 * which policy version and on whose authority, so that every deadline can
 * answer "why is this due?".
 */
export {
  DEADLINE_POLICY_VERSIONS,
  DEADLINE_RULE_IDS,
  DeadlinePolicyError,
  deadlineKind,
  deadlinePolicy,
  findDeadlineRule,
  UnknownDeadlineRuleError,
  TARGET_RULE_IDS,
  UnknownPolicyVersionError,
} from './deadline-policy';
export type {
  DeadlineDuration,
  DeadlineKind,
  DeadlinePolicy,
  DeadlinePolicyParameters,
  DeadlineRule,
  DeadlineRuleId,
  PlanningLead,
} from './deadline-policy';
export { computeDueAt } from './compute-due-at';
export type { DueAt } from './compute-due-at';
