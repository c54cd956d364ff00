import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DependencyUnavailableProblem, OutcomeUnknownProblem, type ApiProblem } from '../problems/problem-details';
import { refusalProblem } from '../problems/refusals';
import { temporalFailureOf } from './dependency-errors';

/**
 * What the call was: a `read` (a Query, a describe) changes nothing; a `change` (an Update, a start) may
 * have been taken by Temporal even when no answer came back, and `keyed` says whether the client can
 * safely send it again to learn its outcome.
 */
export type WorkflowCall = { kind: 'read' } | { kind: 'change'; keyed: boolean };

/**
 * What a failed call to a workflow answers, in one place for the pathway, referral and subject access calls:
 * - the workflow's refusal as its problem (409, 422);
 * - `whenNotOpen()` for a workflow that is closed or unknown (Temporal's NOT_FOUND);
 * - Temporal unreachable (no connection: the request was not sent) or the workflow not ready (refused for
 *   now): 503 naming Temporal, send again;
 * - no answer in time: for a read, 503 (nothing was changed); for a change, 202 "sent, not confirmed",
 *   because it may yet be recorded: a 5xx always means nothing was changed;
 * any other error as it is (the filter answers 500 and logs its kind).
 */
export function workflowCallProblem(error: unknown, call: WorkflowCall, whenNotOpen: () => ApiProblem): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const refusal = refusalProblem(error.cause.type ?? undefined, error.cause.message);
    if (refusal) return refusal;
  }
  if (error instanceof WorkflowNotFoundError) return whenNotOpen();
  const failure = temporalFailureOf(error);
  if (failure === 'unreachable') {
    return new DependencyUnavailableProblem(
      'temporal',
      'the workflow service cannot be reached (no connection, so nothing was sent); nothing was changed, send the request again',
    );
  }
  if (failure === 'not-ready') {
    return new DependencyUnavailableProblem(
      'temporal',
      'the pathway cannot take commands this moment (its workflow is starting, or its worker was just lost); nothing was changed, send the request again',
    );
  }
  if (failure === 'no-answer') {
    if (call.kind === 'read') {
      return new DependencyUnavailableProblem(
        'temporal',
        'no answer from the workflow service in time (Temporal is overloaded or the SARP worker is down); nothing was changed, send the request again',
      );
    }
    return new OutcomeUnknownProblem(
      'temporal',
      'the workflow service took the command but did not answer in time (the SARP worker may be down or busy); it may still be recorded',
      call.keyed,
    );
  }
  return error;
}
