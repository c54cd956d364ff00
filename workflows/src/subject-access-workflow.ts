import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { PathwayActivities } from '@sarp/activities';
import {
  decideSubjectAccess,
  DomainError,
  evolveSubjectAccess,
  stampSubjectAccessEvents,
  type SubjectAccessCommand,
  type SubjectAccessRequestState,
} from '@sarp/domain';
import type { Actor, SubjectAccessEventEnvelope } from '@sarp/events';
import {
  subjectAccessCommandUpdate,
  subjectAccessStateQuery,
  type StartSubjectAccessInput,
  type SubjectAccessCommandRequest,
  type SubjectAccessCommandResult,
} from './subject-access-api';
import { oneAtATime } from './one-at-a-time';

const { recordSubjectAccessEvents } = proxyActivities<PathwayActivities>({
  // PostgreSQL may be down for a while: keep retrying rather than lose an event.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const SYSTEM: Actor = { userId: 'sarp-workflow', role: 'system' };

/**
 * One subject access request (UK GDPR) from receipt to answer. Its one-month
 * clock is a durable timer: the workflow sleeps until the response is due
 * (not while the clock is stopped), and records that it passed if nobody has
 * answered by then. Workflow id = `subject-access-<request id>`.
 */
export async function subjectAccessRequestWorkflow(input: StartSubjectAccessInput): Promise<SubjectAccessRequestState | null> {
  let state: SubjectAccessRequestState | null = null;
  const { requestId, personId } = input.command;

  /** One command at a time: decide, stamp, fold and publish are never interleaved, so events leave in order. */
  const exclusively = oneAtATime();

  /** Decides, folds at once (queries and validators see it), then stores the events. */
  async function handle(
    command: SubjectAccessCommand,
    actor: Actor,
    correlationId: string,
    causationId: string,
  ): Promise<SubjectAccessEventEnvelope[]> {
    const now = new Date(Date.now()); // workflow time: deterministic on replay
    const decided = decideSubjectAccess(command, state, { now });
    const envelopes = stampSubjectAccessEvents(state, decided, { requestId, personId, now, actor, correlationId, causationId });
    for (const event of envelopes) state = evolveSubjectAccess(state, event);
    await recordSubjectAccessEvents(envelopes);
    return envelopes;
  }

  setHandler(subjectAccessStateQuery, () => state);
  setHandler(
    subjectAccessCommandUpdate,
    (request): Promise<SubjectAccessCommandResult> =>
      exclusively(async () => {
        try {
          const events = await handle(request.command, request.actor, request.correlationId, request.commandId);
          return { state: state!, events };
        } catch (error) {
          if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.name);
          throw error;
        }
      }),
    {
      // Throwing here refuses the update before anything is written to history.
      validator: (request: SubjectAccessCommandRequest) => void decideSubjectAccess(request.command, state, { now: new Date(Date.now()) }),
    },
  );

  try {
    await exclusively(() => handle(input.command, input.actor, input.correlationId, input.commandId));
  } catch (error) {
    if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.name);
    throw error;
  }

  // The handlers assign `state`; read it through a function so the compiler does not narrow it to its first value.
  const current = (): SubjectAccessRequestState | null => state;
  for (let request = current(); request && !request.answeredAt; request = current()) {
    const lastSeen = request.lastSequence;
    const timed = !request.stopped && !request.overdue ? request.dueAt : null;
    const changed = await condition(
      () => current()?.lastSequence !== lastSeen,
      timed ? Math.max(1, Date.parse(timed) - Date.now()) : undefined,
    );
    if (!changed && timed) {
      try {
        await exclusively(() => handle({ type: 'MarkSubjectAccessOverdue' }, SYSTEM, requestId, `overdue:${timed}`));
      } catch (error) {
        // A command queued just before the timer fired may have answered or stopped it: nothing is overdue.
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
  await condition(allHandlersFinished);
  return state;
}
