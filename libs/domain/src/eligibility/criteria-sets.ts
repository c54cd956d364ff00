import type { Eligibility } from '@sarp/events';
import { RuleViolationError } from '../errors';

/** One version of a set of eligibility criteria, with where it comes from. */
export interface EligibilityCriteriaSet {
  readonly criteriaSet: string;
  readonly criteriaVersion: string;
  readonly title: string;
  readonly source: string;
  /** Whether a new assessment may use it; a superseded set stays readable on the assessments that used it. */
  readonly forNewAssessments: boolean;
  /** The outcomes the set counts, by id (empty for a set SARP only keeps for old assessments). */
  readonly outcomes: readonly string[];
  /** How many of those outcomes a person must be unable to achieve to be eligible. */
  readonly outcomesNeeded: number;
}

/**
 * The eligibility criteria sets SARP knows, as versioned data. Seed 001 names
 * FACS; the Care Act 2014 replaced it from April 2015 with national criteria
 * (The Care and Support (Eligibility Criteria) Regulations 2015, SI 2015/313):
 * needs arising from a physical or mental impairment or illness, an inability
 * to achieve two or more of the outcomes below, and as a consequence a
 * significant impact on wellbeing.
 */
export const ELIGIBILITY_CRITERIA_SETS: readonly EligibilityCriteriaSet[] = [
  {
    criteriaSet: 'care-act-2014',
    criteriaVersion: '2015',
    title: 'Care Act 2014 national eligibility criteria (adults with care and support needs)',
    source: 'Care Act 2014 s.13; The Care and Support (Eligibility Criteria) Regulations 2015 (SI 2015/313) reg. 2',
    forNewAssessments: true,
    outcomes: [
      'managing-and-maintaining-nutrition',
      'maintaining-personal-hygiene',
      'managing-toilet-needs',
      'being-appropriately-clothed',
      'using-the-home-safely',
      'maintaining-a-habitable-home',
      'developing-and-maintaining-relationships',
      'accessing-work-training-education-or-volunteering',
      'using-community-facilities-and-services',
      'carrying-out-caring-responsibilities-for-a-child',
    ],
    outcomesNeeded: 2,
  },
  {
    criteriaSet: 'facs',
    criteriaVersion: '2010',
    title: 'Fair Access to Care Services (superseded by the Care Act 2014 in April 2015)',
    source: '001_1463ac6e6ab1b23b.txt; Prioritising need in the context of Putting People First (DH, 2010)',
    forNewAssessments: false,
    outcomes: [],
    outcomesNeeded: 0,
  },
];

export function findCriteriaSet(criteriaSet: string, criteriaVersion: string): EligibilityCriteriaSet | undefined {
  return ELIGIBILITY_CRITERIA_SETS.find((set) => set.criteriaSet === criteriaSet && set.criteriaVersion === criteriaVersion);
}

/**
 * Checks a new assessment's eligibility against the criteria sets: a set (and
 * version) for new assessments, and a determination, when given, that agrees
 * with the outcome and names only the set's outcomes.
 *
 * @throws RuleViolationError otherwise.
 */
export function checkEligibilityForNewAssessment(eligibility: Eligibility): void {
  const set = findCriteriaSet(eligibility.criteriaSet, eligibility.criteriaVersion);
  const current = ELIGIBILITY_CRITERIA_SETS.filter((candidate) => candidate.forNewAssessments)
    .map((candidate) => `${candidate.criteriaSet} version ${candidate.criteriaVersion}`)
    .join(', ');
  if (!set?.forNewAssessments) {
    throw new RuleViolationError(
      `eligibility is assessed against ${current}; ${eligibility.criteriaSet} version ${eligibility.criteriaVersion} is ${set ? 'superseded' : 'not a known criteria set'}`,
    );
  }
  const determination = eligibility.determination;
  if (!determination) return;
  const unknown = determination.outcomesNotAchieved.filter((outcome) => !set.outcomes.includes(outcome));
  if (unknown.length > 0)
    throw new RuleViolationError(`${set.criteriaSet} has no outcome ${unknown.join(', ')}; its outcomes: ${set.outcomes.join(', ')}`);
  const meets =
    determination.needsFromImpairmentOrIllness &&
    new Set(determination.outcomesNotAchieved).size >= set.outcomesNeeded &&
    determination.significantImpactOnWellbeing;
  if (meets !== (eligibility.outcome === 'eligible')) {
    throw new RuleViolationError(
      `under ${set.criteriaSet} a person is eligible when their needs arise from an impairment or illness, they cannot achieve ${set.outcomesNeeded} or more of the outcomes, and that significantly affects their wellbeing: this determination makes them ${meets ? 'eligible' : 'not eligible'}`,
    );
  }
}
