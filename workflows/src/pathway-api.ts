import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PathwayCommand, PathwayState, ReceiveReferral, StartedPathway } from '@sarp/domain';
import type { Actor, PathwayEventEnvelope, Team } from '@sarp/events';

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
  /** Set only when the workflow continues as new: the keyed commands it answered lately, so a retry is still recognised. */
  recentCommands?: AnsweredCommand[];
  /** Set only when the workflow continues as new: events decided but not yet taken by Kafka, oldest first. */
  unpublished?: PathwayEventEnvelope[];
}

/**
 * An Idempotency-Key sent with a command (scoped by the API to the caller) and
 * a digest of what was asked: the same key and digest get the first answer
 * again, never a second decision; the same key with another digest is refused.
 */
export interface CommandIdempotency {
  key: string;
  digest: string;
}

/** A keyed command the workflow answered: its key, what was asked, and the events it caused. */
export interface AnsweredCommand extends CommandIdempotency {
  events: PathwayEventEnvelope[];
}

/** A command sent to a running pathway, with who sent it and why. */
export interface PathwayCommandRequest {
  command: Exclude<PathwayCommand, { type: 'ReceiveReferral' | 'MarkDeadlineBreached' }>;
  actor: Actor;
  correlationId: string;
  commandId: string;
  idempotency?: CommandIdempotency;
  /**
   * Set for a caller's own command (the API's HTTP commands): the team their token names. The update is then
   * refused, before anything is written, unless the caller works on the case (need-to-know, checked against
   * the workflow's own state, which has the case even before the read model does).
   */
  needToKnow?: { team: Team | null };
}

/** The type of the refusal when the caller does not work on the case (see `PathwayCommandRequest.needToKnow`). */
export const NOT_YOUR_CASE = 'NotYourCase';

export interface PathwayCommandResult {
  state: PathwayState;
  events: PathwayEventEnvelope[];
  /** True when this answers a repeat of a keyed command: the events are the first answer's, nothing new was decided. */
  repeated?: boolean;
}

/** How many keyed commands a pathway remembers (the oldest are forgotten first): far more than any client retries. */
export const REMEMBERED_COMMANDS = 200;

/**
 * Every command reaches the workflow as this Update. Its validator decides
 * the command against the current state, so an invalid one is refused at
 * once, with the reason, and nothing is written to the history.
 */
export const pathwayCommandUpdate = defineUpdate<PathwayCommandResult, [PathwayCommandRequest]>('pathwayCommand');

/** Live state of the pathway, straight from the workflow (the read model may lag). */
export const pathwayStateQuery = defineQuery<PathwayState>('pathwayState');
