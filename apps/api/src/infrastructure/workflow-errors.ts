import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DependencyUnavailableProblem, type ApiProblem } from '../problems/problem-details';
import { refusalProblem } from '../problems/refusals';
import { isTemporalUnavailable } from './dependency-errors';

/**
 * What a failed call to a workflow (an Update or a Query) answers: the
 * workflow's refusal as its problem, `whenNotOpen()` for a workflow that is
 * closed or unknown, a 503 naming Temporal when it cannot be reached; any
 * other error as it is. One translation for the pathway and subject access
 * commands.
 */
export function workflowCallProblem(error: unknown, whenNotOpen: () => ApiProblem): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const refusal = refusalProblem(error.cause.type ?? undefined, error.cause.message);
    if (refusal) return refusal;
  }
  if (error instanceof WorkflowNotFoundError || /workflow execution already completed|not found/i.test((error as Error)?.message ?? '')) {
    return whenNotOpen();
  }
  if (isTemporalUnavailable(error)) {
    return new DependencyUnavailableProblem(
      'temporal',
      'the workflow service cannot be reached; nothing was changed, send the command again',
    );
  }
  return error;
}
