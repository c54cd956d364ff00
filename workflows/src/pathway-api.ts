import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PathwayCommand, PathwayState, ReceiveReferral, StartedPathway } from '@sarp/domain';
import type { Actor, PathwayEventEnvelope } from '@sarp/events';

/** The workflow type name clients start; keep it stable, running histories refer to it. */
export const PATHWAY_WORKFLOW_TYPE = 'pathwayWorkflow';

/** How a pathway starts: the referral command and who issued it. Workflow id = pathway id. */
export interface StartPathwayInput {
  command: ReceiveReferral;
  actor: Actor;
  correlationId: string;
  /** Id of the API request that started the pathway: the causation of the first event. */
  commandId: string;
  /**
   * Set only when the workflow continues as new: the state carried over, so
   * the event sequence and open deadlines go on where the last run stopped.
   */
  resumeState?: StartedPathway;
  /**
   * Continue as new once the history has this many events, even before
   * Temporal suggests it (it suggests at its own limits). Tests set it low to
   * exercise continue-as-new; production leaves it to Temporal.
   */
  continueAsNewAfterEvents?: number;
}

/** A command sent to a running pathway, with who sent it and why. */
export interface PathwayCommandRequest {
  command: Exclude<PathwayCommand, { type: 'ReceiveReferral' | 'MarkDeadlineBreached' }>;
  actor: Actor;
  correlationId: string;
  commandId: string;
}

export interface PathwayCommandResult {
  state: PathwayState;
  events: PathwayEventEnvelope[];
}

/**
 * Every command reaches the workflow as this Update. Its validator decides
 * the command against the current state, so an invalid one is refused at
 * once, with the reason, and nothing is written to the history.
 */
export const pathwayCommandUpdate = defineUpdate<PathwayCommandResult, [PathwayCommandRequest]>('pathwayCommand');

/** Live state of the pathway, straight from the workflow (the read model may lag). */
export const pathwayStateQuery = defineQuery<PathwayState>('pathwayState');
