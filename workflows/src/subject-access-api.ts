import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SubjectAccessCommand, SubjectAccessRequestState } from '@sarp/domain';
import type { Actor, SubjectAccessEventEnvelope } from '@sarp/events';

/** The workflow type name clients start; keep it stable, running histories refer to it. */
export const SUBJECT_ACCESS_WORKFLOW_TYPE = 'subjectAccessRequestWorkflow';

/** Workflow id of a request: its own namespace, apart from pathway ids. */
export const subjectAccessWorkflowId = (requestId: string) => `subject-access-${requestId}`;

/** How a request starts: its receipt and who recorded it. */
export interface StartSubjectAccessInput {
  command: Extract<SubjectAccessCommand, { type: 'ReceiveSubjectAccessRequest' }>;
  actor: Actor;
  correlationId: string;
  commandId: string;
}

export interface SubjectAccessCommandRequest {
  command: Exclude<SubjectAccessCommand, { type: 'ReceiveSubjectAccessRequest' | 'MarkSubjectAccessOverdue' }>;
  actor: Actor;
  correlationId: string;
  commandId: string;
}

export interface SubjectAccessCommandResult {
  state: SubjectAccessRequestState;
  events: SubjectAccessEventEnvelope[];
}

/** Every command reaches the request's workflow as this Update; its validator refuses a wrong one before history. */
export const subjectAccessCommandUpdate = defineUpdate<SubjectAccessCommandResult, [SubjectAccessCommandRequest]>('subjectAccessCommand');
export const subjectAccessStateQuery = defineQuery<SubjectAccessRequestState | null>('subjectAccessState');
