export { checkEligibilityForNewAssessment, ELIGIBILITY_CRITERIA_SETS, findCriteriaSet } from './criteria-sets';
export type { EligibilityCriteriaSet } from './criteria-sets';
