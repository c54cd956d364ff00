import {
  ApplicationFailure,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApiProblem, NotFoundProblem } from '../problems/problem-details';
import { TemporalUnreachableError, temporalFailureOf } from './dependency-errors';
import { workflowCallProblem, type WorkflowCall } from './workflow-errors';

/** What the gRPC layer puts under the client's errors: a status code, and words nobody should read. */
const grpcError = (code: number) => Object.assign(new Error('words that change between versions'), { code, details: '' });
const notOpen = () => new NotFoundProblem('no open pathway');
const read: WorkflowCall = { kind: 'read' };
const keyedChange: WorkflowCall = { kind: 'change', keyed: true };
const unkeyedChange: WorkflowCall = { kind: 'change', keyed: false };

function problemOf(error: unknown, call: WorkflowCall): ApiProblem {
  const problem = workflowCallProblem(error, call, notOpen);
  if (!(problem instanceof ApiProblem)) throw new Error(`not translated: ${String(problem)}`);
  return problem;
}

describe('a failed call to a workflow, translated by what Temporal says, not by its wording', () => {
  it('reads the gRPC status on the error or under it', () => {
    expect(temporalFailureOf(new TemporalUnreachableError('not connected'))).toBe('unreachable');
    // UNAVAILABLE once sent: the connection may have failed after Temporal took the request.
    expect(temporalFailureOf(new ServiceError('Failed to query Workflow', { cause: grpcError(14) }))).toBe('no-answer');
    expect(temporalFailureOf(new ServiceError('x', { cause: grpcError(4) }))).toBe('no-answer');
    expect(temporalFailureOf(new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause: grpcError(4) }))).toBe('no-answer');
    // The same words without a status are not taken for an outage.
    expect(temporalFailureOf(new Error('14 UNAVAILABLE: No connection established; deadline'))).toBeUndefined();
    // A PostgreSQL error code is a string: not a gRPC status.
    expect(temporalFailureOf(Object.assign(new Error('x'), { code: '57P01' }))).toBeUndefined();
  });

  it('answers 503 naming Temporal, nothing changed, when the request never left (no connection)', () => {
    for (const call of [read, keyedChange, unkeyedChange]) {
      const problem = problemOf(new TemporalUnreachableError('not connected'), call);
      expect(problem.toProblem('/x')).toMatchObject({ status: 503, dependency: 'temporal', retry: 'send-again' });
    }
  });

  it('answers "workflow not ready" (FAILED_PRECONDITION: the task that was to take it failed) with 503: it was not taken', () => {
    const notReady = new ServiceError('Workflow Update failed', { cause: grpcError(9) });
    expect(temporalFailureOf(notReady)).toBe('not-ready');
    expect(problemOf(notReady, keyedChange).toProblem('/x')).toMatchObject({ status: 503, dependency: 'temporal', retry: 'send-again' });
  });

  it('answers a read that got no answer in time with 503: a read changes nothing', () => {
    const problem = problemOf(new ServiceError('Failed to query Workflow', { cause: grpcError(4) }), read);
    expect(problem.toProblem('/x')).toMatchObject({ status: 503, dependency: 'temporal', retry: 'send-again' });
  });

  it('answers a command that got no answer in time with 202 "sent, not confirmed", never a 5xx', () => {
    const timedOut = new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause: grpcError(4) });
    expect(problemOf(timedOut, keyedChange).toProblem('/x')).toMatchObject({
      status: 202,
      type: 'https://sarp.example/problems/outcome-unknown',
      retry: 'same-key',
    });
    const unkeyed = problemOf(timedOut, unkeyedChange).toProblem('/x');
    expect(unkeyed).toMatchObject({ status: 202, retry: 'read-first' });
    expect(unkeyed.detail).toMatch(/read the pathway/);
  });

  it('answers a workflow that is closed or unknown as the caller says, and a refusal as its problem', () => {
    expect(problemOf(new WorkflowNotFoundError('workflow execution already completed', 'w', undefined), keyedChange).status).toBe(404);
    const refused = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.nonRetryable('this Idempotency-Key was used for a different command', 'IdempotencyKeyReused'),
    );
    expect(problemOf(refused, keyedChange).status).toBe(409);
  });

  it('passes anything else on as it is (the filter answers 500 and logs its kind)', () => {
    const other = new TypeError('a bug');
    expect(workflowCallProblem(other, read, notOpen)).toBe(other);
  });
});
