import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { DependencyUnavailableProblem } from '../problems/problem-details';

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01',
  '57P03',
]);

/** postgres.js failures that mean "the database cannot be reached", as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONNECTION_ERROR_CODES.has(code);
}

/**
 * The API's channel to Temporal did not connect in time, so the request never left: nothing was changed.
 * Thrown by the gateway before it sends anything (see TemporalGateway.call).
 */
export class TemporalUnreachableError extends Error {
  override readonly name = 'TemporalUnreachableError';
}

/**
 * What went wrong on a call to Temporal, read from types and gRPC status codes, never from message text:
 * - `unreachable`: the channel never connected, so the request was not sent;
 * - `not-ready`: Temporal refused it for now (FAILED_PRECONDITION, "workflow not ready": its first task
 *   has not completed, or the task that was to take an update failed, e.g. the worker died in it):
 *   the request was not taken, nothing was changed;
 * - `no-answer`: the request was sent (or may have been) and no answer came: the deadline passed, the
 *   call was cancelled, or the connection failed under it. A change may still be recorded.
 */
export type TemporalFailure = 'unreachable' | 'not-ready' | 'no-answer';

const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_UNAVAILABLE = 14;
const NO_ANSWER_CODES = new Set([GRPC_CANCELLED, GRPC_DEADLINE_EXCEEDED, GRPC_UNAVAILABLE]);

export function temporalFailureOf(error: unknown): TemporalFailure | undefined {
  if (error instanceof TemporalUnreachableError) return 'unreachable';
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'no-answer';
  for (let cause: unknown = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (code === GRPC_FAILED_PRECONDITION) return 'not-ready';
    if (typeof code === 'number' && NO_ANSWER_CODES.has(code)) return 'no-answer';
  }
  return undefined;
}

/** PostgreSQL's code for a statement cancelled by `statement_timeout`. */
const QUERY_CANCELED = '57014';

/** Runs a database read, turning "cannot connect" (or a statement stopped for taking too long) into a 503 that names PostgreSQL. */
export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDatabaseUnavailable(error))
      throw new DependencyUnavailableProblem('postgresql', 'the read model database cannot be reached; nothing was changed, try again shortly');
    if ((error as { code?: unknown } | null)?.code === QUERY_CANCELED)
      throw new DependencyUnavailableProblem(
        'postgresql',
        'the read model took too long to answer and the query was stopped (SARP_DB_STATEMENT_TIMEOUT_MS); nothing was changed, ask for less (a shorter period) or try again later',
      );
    throw error;
  }
}
