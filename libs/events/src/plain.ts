import type { PathwayEventEnvelope } from './pathway-events';

/**
 * The parts of the event contracts that are plain values, no schema: the ids events are kept under, the schema
 * version new events are written in, and the closed lists the domain checks commands against (the schemas are
 * built from these same lists). Kept apart from the zod schemas, and published as `@sarp/events/plain`, so that
 * the pure domain and the workflows can use them without loading zod: every cached workflow evaluates its own
 * copy of every module its bundle imports, and zod with SARP's schemas cost each one about 3 MB and its first
 * workflow task tens of milliseconds (issue 15; docs/architecture.md "Workflow bundle").
 */

/**
 * Deterministic event id: pathway id + sequence number kept in workflow state.
 * Never the run id, so a workflow that continued-as-new, or an activity that
 * was retried, produces the same id for the same event.
 */
export function pathwayEventId(pathwayId: string, sequence: number): string {
  return `${pathwayId}:${sequence}`;
}

export function catalogueEventId(schemeId: string, sequence: number): string {
  return `scheme:${schemeId}:${sequence}`;
}

export function subjectAccessEventId(requestId: string, sequence: number): string {
  return `sar:${requestId}:${sequence}`;
}

/** The schema version new events of a type are written in (1 unless a type has moved on). */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Partial<Record<PathwayEventEnvelope['type'], number>>> = { UnitOffered: 2 };

/**
 * Why an offer went to someone other than the first suitable person on the
 * waiting list (issue 11): a fixed list, so that auditors can count them.
 */
export const OUT_OF_ORDER_REASONS = [
  'unit_does_not_meet_access_needs',
  'location',
  'risk',
  'single_gender_scheme',
  'first_person_unreachable',
] as const;

/**
 * Who pays for an approved package (seed 001: FACS and the National Framework
 * for NHS Continuing Healthcare and NHS-funded Nursing Care).
 */
export const FUNDING_STREAMS = ['council', 'nhs_continuing_healthcare', 'joint', 'nhs_funded_nursing_care'] as const;

/**
 * Seed 003: a safeguarding referral normally asks the person's consent first;
 * it may go ahead without it only for one of these reasons.
 */
export const SHARING_WITHOUT_CONSENT_REASONS = ['danger_to_person', 'risk_to_adult', 'risk_to_child', 'crime'] as const;
