/**
 * Workflow tests that skip time honestly: a TestWorkflowEnvironment on
 * Temporal's time-skipping test server (the Java one, jars from Maven Central
 * through @sarp/local-stack), so a 3-month or 3-year deadline is a real
 * Temporal timer that the server jumps over in milliseconds.
 *
 *   let env: TestWorkflowEnvironment | undefined;
 *   beforeAll(async () => {
 *     env = await createTimeSkippingTestEnv({ searchAttributes: PATHWAY_SEARCH_ATTRIBUTES });
 *   });
 *   afterAll(async () => {
 *     await env?.teardown(); // stops the Java server
 *   });
 *
 *   const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, ...FAIL_FAST_WORKER_OPTIONS });
 *   const handle = await env.client.workflow.start(myWorkflow, { taskQueue, workflowId });
 *   const result = await worker.runUntil(handle.result());
 *
 * Awaiting a workflow result through env.client (handle.result(),
 * client.workflow.execute()) lets the server skip time until that workflow is
 * done; before that, time stands still (signals sent then arrive at once).
 * env.sleep(ms) skips a fixed amount; env.currentTimeMs() is the server's
 * (skipped) time. Time is global to the environment: tests sharing one run
 * one after the other (Jest's default inside a file).
 *
 * Teardown belongs in afterAll, not in a finally inside a test: a test that
 * times out never reaches its finally, and a worker and server left running
 * keep Jest from exiting. If the test process dies without a teardown, the
 * launcher's watchdog stops the JVM within a second.
 *
 * No running stack is needed (the integration global setup's stack is not
 * used). One environment is one JVM: about 0.65 s to start, ~120 MB.
 */
import { registerTestServerSearchAttributes, startWithTemporalTestServer, type SearchAttribute } from '@sarp/local-stack';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type WorkerOptions } from '@temporalio/worker';

export interface TimeSkippingTestEnvOptions {
  /**
   * Custom search attributes the workflows under test upsert (e.g.
   * PATHWAY_SEARCH_ATTRIBUTES). The test server knows none of its own and
   * refuses unknown ones by failing the workflow task over and over.
   */
  searchAttributes?: readonly SearchAttribute[];
}

export async function createTimeSkippingTestEnv(options: TimeSkippingTestEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  quietTemporalLogs();
  const env = await startWithTemporalTestServer(
    (launcher) => TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: launcher } } }),
    { log: (message) => process.stderr.write(`[time-skipping] ${message}\n`) },
  );
  try {
    await registerTestServerSearchAttributes(env.connection, options.searchAttributes ?? []);
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}

/**
 * Worker options for tests: an error thrown by workflow code (a bug, a
 * non-determinism) fails the workflow, so the awaited result rejects with
 * that error at once, instead of the workflow task being retried until the
 * test times out.
 */
export const FAIL_FAST_WORKER_OPTIONS = {
  workflowFailureErrorTypes: { '*': ['Error'] },
} satisfies Partial<WorkerOptions>;

/** Keep the worker's INFO chatter (bundling, state changes) out of test output; warnings still show. */
function quietTemporalLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process: nothing to do.
  }
}
