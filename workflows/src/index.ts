/**
 * Temporal workflow code. Deterministic: it imports only `@temporalio/workflow`
 * (and `@temporalio/common`), pure domain code and activity *types*
 * (a lint rule enforces it). The worker bundles this entry point.
 */
export { pathwayWorkflow } from './pathway-workflow';
export { pathwayStateQuery, pathwayCommandUpdate, NOT_YOUR_CASE, PATHWAY_WORKFLOW_TYPE, REMEMBERED_COMMANDS } from './pathway-api';
export type { AnsweredCommand, CommandIdempotency, StartPathwayInput, PathwayCommandRequest, PathwayCommandResult } from './pathway-api';
export { pathwaySearchAttributeKeys } from './search-attributes';
export { subjectAccessRequestWorkflow } from './subject-access-workflow';
export {
  subjectAccessCommandUpdate,
  subjectAccessStateQuery,
  subjectAccessWorkflowId,
  SUBJECT_ACCESS_WORKFLOW_TYPE,
} from './subject-access-api';
export type { StartSubjectAccessInput, SubjectAccessCommandRequest, SubjectAccessCommandResult } from './subject-access-api';
