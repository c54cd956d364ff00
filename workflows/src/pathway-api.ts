import { defineQuery } from '@temporalio/workflow';
import type { PathwayState, ReceiveReferral } from '@sarp/domain';
import type { Actor } from '@sarp/events';

/** The workflow type name clients start; keep it stable, running histories refer to it. */
export const PATHWAY_WORKFLOW_TYPE = 'pathwayWorkflow';

/** How a pathway starts: the referral command and who issued it. Workflow id = pathway id. */
export interface StartPathwayInput {
  command: ReceiveReferral;
  actor: Actor;
  correlationId: string;
  /** Id of the API request that started the pathway: the causation of the first event. */
  commandId: string;
}

/** Live state of the pathway, straight from the workflow (the read model may lag). */
export const pathwayStateQuery = defineQuery<PathwayState>('pathwayState');
