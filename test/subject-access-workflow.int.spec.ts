/**
 * A subject access request's one-month clock as a durable timer, against
 * Temporal's time-skipping test server and the real PostgreSQL of the test
 * stack: the month passes in milliseconds, a stopped clock does not run out,
 * a restarted one runs to its new due time, and the answer ends the workflow.
 */
import { randomUUID } from 'node:crypto';
import { createActivities } from '@sarp/activities';
import { loadConfig } from '@sarp/config';
import { createSql, listSubjectAccessRequests, type Sql } from '@sarp/db';
import { subjectAccessDueAt, toLondonDate, type SubjectAccessRequestState } from '@sarp/domain';
import { createEventProducer, createKafka } from '@sarp/kafka';
import {
  subjectAccessCommandUpdate,
  subjectAccessStateQuery,
  subjectAccessWorkflowId,
  SUBJECT_ACCESS_WORKFLOW_TYPE,
  type StartSubjectAccessInput,
  type SubjectAccessCommandRequest,
} from '@sarp/workflows';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import { isolatedTestConfig } from './support/sarp-harness';
import { createTimeSkippingTestEnv } from './support/time-skipping';
import { waitFor } from './support/wait-for';
import { waitUntilIdle } from './support/workflow-idle';
import { recordHistory } from './support/record-history';

const DAY = 86_400_000;
const ig = { userId: 'ig-officer-mo', role: 'information_governance' } as const;
const taskQueue = 'subject-access-spec';

let env: TestWorkflowEnvironment;
let sql: Sql;
let producer: Producer;
let workflowBundle: { code: string };
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  const config = loadConfig({
    KAFKA_BROKERS: process.env.SARP_TEST_KAFKA_BROKERS,
    DATABASE_URL: (await isolatedTestConfig('sar')).database.url,
  });
  sql = createSql({ url: config.database.url, maxConnections: 4 });
  producer = createEventProducer(createKafka(config.kafka));
  await producer.connect();
  activities = createActivities({ producer, pathwayEventsTopic: config.kafka.pathwayEventsTopic, sql, panelSchedule: config.panel });
  workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('@sarp/workflows'), logger: new DefaultLogger('WARN') });
});

afterAll(async () => {
  await producer?.disconnect();
  await sql?.end();
});

/**
 * Gives the enclosing describe its own time-skipping server and worker: a
 * server that has skipped a month for one request does not serve the next
 * from that point (as in pathway-workflow.int.spec.ts).
 */
function withOwnClock(): void {
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingTestEnv({ searchAttributes: [] });
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities });
    workerRun = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await env?.teardown();
  });
}

/** The request each test drove last, kept as a replay fixture (when recording) under the test's name. */
let lastRequest: string | undefined;
afterEach(async () => {
  const name = expect
    .getState()
    .currentTestName?.replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  if (lastRequest && name) await recordHistory(env.client, lastRequest, name);
  lastRequest = undefined;
});

async function receive(personId: string): Promise<{ handle: WorkflowHandle; requestId: string }> {
  const requestId = randomUUID();
  const input: StartSubjectAccessInput = {
    command: {
      type: 'ReceiveSubjectAccessRequest',
      requestId,
      personId,
      requestedBy: 'the_person',
      channel: 'email',
      // A minute ago: the server's clock and the workflow task's time may differ by a moment.
      receivedAt: new Date((await now()) - 60_000).toISOString(),
    },
    actor: ig,
    correlationId: 'sar-spec',
    commandId: randomUUID(),
  };
  const handle = await env.client.workflow.start(SUBJECT_ACCESS_WORKFLOW_TYPE, {
    workflowId: subjectAccessWorkflowId(requestId),
    taskQueue,
    args: [input],
  });
  lastRequest = subjectAccessWorkflowId(requestId);
  await stateOf(handle, (state) => state.dueAt !== null);
  return { handle, requestId };
}

async function send(handle: WorkflowHandle, command: SubjectAccessCommandRequest['command']) {
  await waitUntilIdle(handle);
  return handle.executeUpdate(subjectAccessCommandUpdate, {
    args: [{ command, actor: ig, correlationId: 'sar-spec', commandId: randomUUID() }],
  });
}

async function stateOf(handle: WorkflowHandle, check: (state: SubjectAccessRequestState) => boolean): Promise<SubjectAccessRequestState> {
  return waitFor(
    async () => {
      const state = await handle.query(subjectAccessStateQuery);
      return state && check(state) ? state : undefined;
    },
    { what: 'the subject access request state', timeoutMs: 20_000 },
  );
}

const londonDay = (ms: number) => toLondonDate(new Date(ms));
/** The test server's (skipped) time. */
const now = async (): Promise<number> => Number(await env.currentTimeMs());

describe('a subject access request left unanswered', () => {
  withOwnClock();

  it('is overdue when its month passes unanswered, not a moment before, and recorded so in PostgreSQL', async () => {
    const { handle, requestId } = await receive('P-SAR-WF-1');
    const received = await stateOf(handle, () => true);
    expect(received.dueAt).toBe(subjectAccessDueAt(received.clockStartsOn, 1, 0).toISOString());
    const dueAt = Date.parse(received.dueAt ?? '');

    await env.sleep(dueAt - (await now()) - 60_000);
    expect((await stateOf(handle, () => true)).overdue).toBe(false);
    await env.sleep(2 * 60_000);
    await stateOf(handle, (state) => state.overdue);
    const [stored] = await waitFor(
      async () => {
        const rows = await listSubjectAccessRequests(sql, { requestId });
        return rows[0]?.overdue ? rows : undefined;
      },
      { what: 'the overdue request in PostgreSQL' },
    );
    expect(stored).toMatchObject({ status: 'overdue', dueAt: received.dueAt });

    const today = londonDay(await now());
    await send(handle, { type: 'AnswerSubjectAccessRequest', exportProducedOn: today, sentOn: today, sentBy: 'secure_portal' });
    expect(await handle.result()).toMatchObject({ overdue: true, answeredAt: expect.any(String) });
  });
});

describe('a subject access request stopped for clarification', () => {
  withOwnClock();

  it('does not run out while stopped for clarification, then runs to its due time moved by the days stopped', async () => {
    const { handle } = await receive('P-SAR-WF-2');
    const received = await stateOf(handle, () => true);
    await env.sleep(3 * DAY);
    await send(handle, { type: 'StopSubjectAccessClock', awaiting: 'clarification' });
    const stoppedOn = (await stateOf(handle, (state) => state.stopped !== null)).stopped!.since;

    // Well past the first due time: still not overdue, the clock is stopped.
    await env.sleep(40 * DAY);
    expect(await stateOf(handle, () => true)).toMatchObject({ overdue: false, dueAt: null });

    const arrivedOn = londonDay(await now());
    const restarted = await send(handle, { type: 'RestartSubjectAccessClock', arrivedOn });
    const daysStopped = (Date.parse(`${arrivedOn}T00:00:00Z`) - Date.parse(`${stoppedOn}T00:00:00Z`)) / DAY;
    expect(restarted.state.dueAt).toBe(subjectAccessDueAt(received.clockStartsOn, 1, daysStopped).toISOString());

    await env.sleep(Date.parse(restarted.state.dueAt ?? '') - (await now()) + 60_000);
    await stateOf(handle, (state) => state.overdue);
  });
});

describe('an extended subject access request', () => {
  withOwnClock();

  it('answered within an extension, is never overdue, and its workflow ends', async () => {
    const { handle } = await receive('P-SAR-WF-3');
    await env.sleep(10 * DAY);
    const extended = await send(handle, { type: 'ExtendSubjectAccessRequest', months: 2, reason: 'Records across three systems' });
    await env.sleep(45 * DAY);
    expect((await stateOf(handle, () => true)).overdue).toBe(false);
    const today = londonDay(await now());
    expect(Date.parse(extended.state.dueAt ?? '')).toBeGreaterThan(await now());
    await send(handle, { type: 'AnswerSubjectAccessRequest', exportProducedOn: today, sentOn: today, sentBy: 'email' });
    expect(await handle.result()).toMatchObject({ overdue: false, extensionMonths: 2 });
  });
});
