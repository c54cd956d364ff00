/**
 * A stalled Kafka broker does not hold up a command's answer (issue 13): the
 * workflow answers once it has decided and folded the command, and its events
 * reach Kafka, in order and each of them, when the broker takes them again.
 * Real Temporal (time-skipping test server) and real PostgreSQL; the broker's
 * stall is injected into the producer the activities publish with.
 */
import { randomUUID } from 'node:crypto';
import { createActivities } from '@sarp/activities';
import { loadConfig, PATHWAY_SEARCH_ATTRIBUTES } from '@sarp/config';
import { createSql, type Sql } from '@sarp/db';
import type { PathwayEventEnvelope } from '@sarp/events';
import { pathwayCommandUpdate, pathwayStateQuery, PATHWAY_WORKFLOW_TYPE, type StartPathwayInput } from '@sarp/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import { isolatedTestConfig } from './support/sarp-harness';
import { TEST_COORDINATOR } from './support/start-pathway';
import { createTimeSkippingTestEnv } from './support/time-skipping';
import { waitFor } from './support/wait-for';

const taskQueue = 'stalled-broker-spec';
let env: TestWorkflowEnvironment;
let sql: Sql;
let worker: Worker;
let workerRun: Promise<void>;

/** What the broker has taken (event ids, in the order sent), and a switch that stalls it: sends wait until released. */
const broker = {
  taken: [] as string[],
  stalled: false,
  waiting: [] as (() => void)[],
  release(): void {
    this.stalled = false;
    for (const resume of this.waiting.splice(0)) resume();
  },
};
const stallableProducer: Pick<Producer, 'send'> = {
  async send(record) {
    if (broker.stalled) await new Promise<void>((resume) => broker.waiting.push(resume));
    for (const message of record.messages) broker.taken.push((JSON.parse(String(message.value)) as PathwayEventEnvelope).eventId);
    return [];
  },
};

beforeAll(async () => {
  const config = loadConfig({
    KAFKA_BROKERS: process.env.SARP_TEST_KAFKA_BROKERS,
    DATABASE_URL: (await isolatedTestConfig('stall')).database.url,
  });
  sql = createSql({ url: config.database.url, maxConnections: 4 });
  env = await createTimeSkippingTestEnv({ searchAttributes: [...PATHWAY_SEARCH_ATTRIBUTES] });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('@sarp/workflows'), logger: new DefaultLogger('WARN') });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: createActivities({ producer: stallableProducer, pathwayEventsTopic: 'unused', sql, panelSchedule: config.panel }),
  });
  workerRun = worker.run();
});

afterAll(async () => {
  broker.release();
  worker?.shutdown();
  await workerRun;
  await env?.teardown();
  await sql?.end();
});

describe('with the broker stalled', () => {
  it('a command is answered with its events, which reach Kafka in order, each once at least, when the broker is back', async () => {
    broker.stalled = true;
    const pathwayId = randomUUID();
    const input: StartPathwayInput = {
      command: {
        type: 'ReceiveReferral',
        pathwayId,
        personId: 'P-STALL-001',
        referral: { referralId: null, referringAgency: 'self', presentingNeeds: ['Needs help'], urgency: 'crisis' },
      },
      actor: TEST_COORDINATOR,
      correlationId: 'stall',
      commandId: randomUUID(),
    };
    const handle = await env.client.workflow.start(PATHWAY_WORKFLOW_TYPE, { workflowId: pathwayId, taskQueue, args: [input] });
    const answer = await handle.executeUpdate(pathwayCommandUpdate, {
      args: [
        {
          command: { type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null },
          actor: TEST_COORDINATOR,
          correlationId: 'stall',
          commandId: randomUUID(),
        },
      ],
    });
    // Answered as decided, while nothing has reached the broker.
    expect(answer.events.map((event) => event.type)).toEqual(['ReferralTriaged', 'DeadlineSet']);
    expect(answer.events.map((event) => event.sequence)).toEqual([3, 4]);
    expect(broker.taken).toEqual([]);
    expect((await handle.query(pathwayStateQuery)).lastSequence).toBe(4);

    broker.release();
    const expected = [1, 2, 3, 4].map((sequence) => `${pathwayId}:${sequence}`);
    await waitFor(() => Promise.resolve(expected.every((id) => broker.taken.includes(id)) ? true : undefined), {
      what: 'every event at the broker',
    });
    // In order: the first time each event reached the broker follows the stream's sequence.
    const firstSeen = [...new Set(broker.taken.filter((id) => id.startsWith(pathwayId)))];
    expect(firstSeen).toEqual(expected);
  });
});
