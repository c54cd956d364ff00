/**
 * Long deadlines are tested honestly: the workflows below wait real Temporal
 * timers of 90 days, 3 years and 24 hours, and Temporal's time-skipping test
 * server jumps over them, so the test takes seconds and nothing is shortened.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { PATHWAY_SEARCH_ATTRIBUTES } from '@sarp/config';
import { FAIL_FAST_WORKER_OPTIONS, createTimeSkippingTestEnv } from './support/time-skipping';
import {
  markStageAcrossTwoWeeks,
  sarpStageKey,
  sleepThreeMonthsThenThreeYears,
  waitForWakeUpOrTimeout,
  wakeUpSignal,
} from './support/time-skipping-workflows';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Real time a test may take (generous): the skipped waits themselves take well under a second. */
const REAL_TIME_BOUND_MS = 30_000;

describe('time-skipping workflow tests', () => {
  let env: TestWorkflowEnvironment | undefined;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    env = await createTimeSkippingTestEnv({ searchAttributes: PATHWAY_SEARCH_ATTRIBUTES });
    // Bundled once (the SDK's webpack + swc-loader take the .ts file as is); each test runs its own worker on it.
    workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./support/time-skipping-workflows'),
      logger: new DefaultLogger('WARN'),
    });
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
  });

  function testEnv(): TestWorkflowEnvironment {
    if (!env) throw new Error('the time-skipping environment did not start (see beforeAll)');
    return env;
  }

  async function newWorker(): Promise<{ worker: Worker; taskQueue: string }> {
    const taskQueue = `time-skipping-${randomUUID()}`;
    const worker = await Worker.create({ connection: testEnv().nativeConnection, taskQueue, workflowBundle, ...FAIL_FAST_WORKER_OPTIONS });
    return { worker, taskQueue };
  }

  it('sleeps 90 days and then 3 years of workflow time in seconds of real time', async () => {
    const { worker, taskQueue } = await newWorker();
    const serverTimeBefore = await testEnv().currentTimeMs();
    const realStart = Date.now();

    const handle = await testEnv().client.workflow.start(sleepThreeMonthsThenThreeYears, { taskQueue, workflowId: randomUUID() });
    const times = await worker.runUntil(handle.result());

    const realElapsed = Date.now() - realStart;
    expect(realElapsed).toBeLessThan(REAL_TIME_BOUND_MS);
    expect(times.after90Days - times.startedAt).toBeGreaterThanOrEqual(90 * DAY_MS);
    expect(times.after3Years - times.after90Days).toBeGreaterThanOrEqual(1095 * DAY_MS);
    // Neither timer fired late by more than a day: the server skipped to them, it did not overshoot.
    expect(times.after3Years - times.startedAt).toBeLessThan((90 + 1095 + 1) * DAY_MS);
    expect((await testEnv().currentTimeMs()) - serverTimeBefore).toBeGreaterThanOrEqual((90 + 1095) * DAY_MS);
  });

  it('times a condition out after 24 hours of workflow time when no signal comes', async () => {
    const { worker, taskQueue } = await newWorker();
    const realStart = Date.now();

    const outcome = await worker.runUntil(
      testEnv().client.workflow.execute(waitForWakeUpOrTimeout, { taskQueue, workflowId: randomUUID() }),
    );

    expect(outcome.signalled).toBe(false);
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(DAY_MS);
    expect(outcome.waitedMs).toBeLessThan(2 * DAY_MS);
    expect(Date.now() - realStart).toBeLessThan(REAL_TIME_BOUND_MS);
  });

  it('lets a signal win the race against the 24-hour timer', async () => {
    const { worker, taskQueue } = await newWorker();

    const outcome = await worker.runUntil(async () => {
      const handle = await testEnv().client.workflow.start(waitForWakeUpOrTimeout, { taskQueue, workflowId: randomUUID() });
      // Time skipping is locked until a result is awaited, so no workflow time passes before the signal.
      await handle.signal(wakeUpSignal);
      return handle.result();
    });

    expect(outcome.signalled).toBe(true);
    expect(outcome.waitedMs).toBeLessThan(DAY_MS);
  });

  it('skips a fixed stretch with env.sleep() and reports it in env.currentTimeMs()', async () => {
    const before = await testEnv().currentTimeMs();
    const realStart = Date.now();

    await testEnv().sleep('30 days');

    expect((await testEnv().currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * DAY_MS);
    expect(Date.now() - realStart).toBeLessThan(REAL_TIME_BOUND_MS);
  });

  it('lets workflows upsert the pathway search attributes it registered', async () => {
    const { worker, taskQueue } = await newWorker();

    const handle = await testEnv().client.workflow.start(markStageAcrossTwoWeeks, {
      taskQueue,
      workflowId: randomUUID(),
      args: ['referral'],
    });
    await worker.runUntil(handle.result());

    expect((await handle.describe()).typedSearchAttributes.get(sarpStageKey)).toBe('referral');
  });
});
