import { ApplicationFailure, condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { PathwayActivities } from '@sarp/activities';
import {
  decide,
  DomainError,
  EMPTY_PATHWAY,
  evolve,
  stampEvents,
  type DecisionContext,
  type PathwayCommand,
  type PathwayState,
} from '@sarp/domain';
import type { Actor, PathwayEventEnvelope } from '@sarp/events';
import { pathwayStateQuery, type StartPathwayInput } from './pathway-api';
import { pathwaySearchAttributeKeys } from './search-attributes';

const { publishPathwayEvents } = proxyActivities<PathwayActivities>({
  // Kafka may be down for a while: keep retrying with backoff rather than
  // lose an event; a schema error is thrown as non-retryable by the activity.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One person's pathway through the SARP, from referral to move-on.
 * Workflow id = pathway id, so a repeated start of the same referral is harmless.
 */
export async function pathwayWorkflow(input: StartPathwayInput): Promise<PathwayState> {
  let state: PathwayState = EMPTY_PATHWAY;
  setHandler(pathwayStateQuery, () => state);

  /** Decide, stamp, fold, publish: the one path every state change takes. */
  async function handle(
    command: PathwayCommand,
    actor: Actor,
    correlationId: string,
    causationId: string,
  ): Promise<PathwayEventEnvelope[]> {
    const now = new Date(Date.now()); // workflow time: deterministic on replay
    const context: DecisionContext = { now, actor };
    const decided = decide(command, state, context);
    const envelopes = stampEvents(state, decided, {
      pathwayId: command.pathwayId,
      personId: command.personId,
      now,
      actor,
      correlationId,
      causationId,
    });
    for (const event of envelopes) state = evolve(state, event);
    keepSearchAttributesCurrent(state);
    await publishPathwayEvents(envelopes);
    return envelopes;
  }

  if (input.command.pathwayId !== workflowInfo().workflowId) {
    throw ApplicationFailure.nonRetryable('the workflow id must be the pathway id', 'InvalidStart');
  }
  try {
    await handle(input.command, input.actor, input.correlationId, input.commandId);
  } catch (error) {
    // A refused start is permanent: fail the workflow instead of retrying its task forever.
    if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.name);
    throw error;
  }

  // The pathway stays open for the stages that follow; later commands arrive as Updates.
  await condition(() => state.status === 'open' && state.stage === 'closed');
  return state;
}

function keepSearchAttributesCurrent(state: PathwayState): void {
  if (state.status !== 'open') return;
  upsertSearchAttributes([
    { key: pathwaySearchAttributeKeys.stage, value: state.stage },
    { key: pathwaySearchAttributeKeys.urgency, value: state.urgency },
  ]);
}
