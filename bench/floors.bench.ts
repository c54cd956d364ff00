/**
 * SARP against its Temporal floors (issue 15), on a stack of its own with the worker and the API as separate
 * processes (as `npm start` runs them) and a floor worker in this process on the same Temporal server:
 * - a referral accepted (POST /referrals answered) against a bare workflow start;
 * - a referral visible in the read model (POST /referrals, then GET /pathways/{id} until it answers) against
 *   a floor workflow run to its end (start, one no-op activity, complete);
 * - a command's round trip (a keyed POST /pathways/{id}/funds answered) against a bare Update that runs one
 *   activity.
 * Reported as ratios in bench/results/floors.json and docs/benchmarks.md; nothing is asserted about speed.
 *
 * SARP_FLOORS_ROUNDS (default 5), SARP_FLOORS_BATCH (default 20) and SARP_FLOORS_CONCURRENCY (default 4) size it.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createSql } from '@sarp/db';
import { createKafka } from '@sarp/kafka';
import { startFaultStack, type FaultStack } from '../test/support/fault-stack';
import { measurePaired, pairedTable, type PairedResult } from './floors';
import { floorDone, floorUpdatable, floorUpdate, floorWorkflow } from './floor-workflows';
import { machine, median, writeBenchmark } from './report';

const ROUNDS = Number(process.env.SARP_FLOORS_ROUNDS ?? 5);
const BATCH = Number(process.env.SARP_FLOORS_BATCH ?? 20);
const CONCURRENCY = Number(process.env.SARP_FLOORS_CONCURRENCY ?? 4);
const FLOOR_QUEUE = `bench-floor-${randomUUID().slice(0, 8)}`;
/** What issue 15 holds each to. */
const TARGETS: Record<string, number> = { 'referral-accepted': 0.8, 'referral-visible': 0.8, command: 0.9 };

let sarp: FaultStack;
let connection: Connection;
let client: Client;
let floorConnection: NativeConnection;
let floorWorker: Worker;
let floorRun: Promise<void>;
let coordinatorToken: string;

beforeAll(async () => {
  sarp = await startFaultStack();
  connection = await Connection.connect({ address: sarp.config.temporal.address });
  client = new Client({ connection, namespace: sarp.config.temporal.namespace });
  floorConnection = await NativeConnection.connect({ address: sarp.config.temporal.address });
  floorWorker = await Worker.create({
    connection: floorConnection,
    namespace: sarp.config.temporal.namespace,
    taskQueue: FLOOR_QUEUE,
    workflowsPath: require.resolve('./floor-workflows'),
    activities: { noop: () => Promise.resolve() },
  });
  floorRun = floorWorker.run();
  coordinatorToken = await sarp.tokenFor('coordinator-bench', 'coordinator', 'localities');
}, 300_000);

afterAll(async () => {
  floorWorker?.shutdown();
  await floorRun?.catch(() => undefined);
  await floorConnection?.close();
  await connection?.close();
  await sarp?.close();
});

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${sarp.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${coordinatorToken}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok || answer.retry) throw new Error(`POST ${path} answered ${response.status}`);
  return answer;
}

const referral = () =>
  post('/referrals', { personRef: `P-BENCH-${randomUUID().slice(0, 8)}`, referringAgency: 'nhs', presentingNeeds: ['Support'], urgency: 'standard' });

/**
 * Reads the pathway as a client that has just referred would: `?atLeastSequence=1` makes the API answer once
 * the read model has the referral (it wakes on the projector's notice), as the floor's `result()` waits on
 * the server; a 404 (not projected within the API's wait) is read again.
 */
async function visible(pathwayId: string): Promise<void> {
  for (;;) {
    const response = await fetch(`${sarp.baseUrl}/pathways/${pathwayId}?atLeastSequence=1`, { headers: { authorization: `Bearer ${coordinatorToken}` } });
    await response.arrayBuffer();
    if (response.status === 200) return;
    await new Promise((resume) => setTimeout(resume, 10));
  }
}

interface ReferralTiming {
  pathwayId: string;
  sentAt: number;
  answeredAt: number;
  visibleAt: number;
}
const timings: ReferralTiming[] = [];

/**
 * Where a referral's way to the read model spends its time (medians, ms): the API's answer; the workflow's
 * first task (the event's workflow time); Kafka and the projector (the event's projection, PostgreSQL's
 * transaction time); and the client seeing it (its polling).
 */
async function whereTheTimeGoes(samples: readonly ReferralTiming[]): Promise<Record<string, number>> {
  const sql = createSql({ url: sarp.config.database.url, maxConnections: 1 });
  try {
    const rows = await sql<{ pathway_id: string; occurred_at: Date; recorded_at: Date }[]>`
      SELECT pathway_id, occurred_at, recorded_at FROM event_log
      WHERE type = 'ReferralReceived' AND pathway_id IN ${sql(samples.map((sample) => sample.pathwayId))}`;
    const byPathway = new Map(rows.map((row) => [row.pathway_id, row]));
    const publishedAt = await publishTimes(new Set(byPathway.keys()));
    const phases = {
      answered: [] as number[],
      workflowTask: [] as number[],
      published: [] as number[],
      projected: [] as number[],
      seenByClient: [] as number[],
    };
    for (const sample of samples) {
      const row = byPathway.get(sample.pathwayId);
      if (!row) continue;
      phases.answered.push(sample.answeredAt - sample.sentAt);
      phases.workflowTask.push(row.occurred_at.getTime() - sample.sentAt);
      const published = publishedAt.get(sample.pathwayId);
      if (published !== undefined) {
        phases.published.push(published - row.occurred_at.getTime());
        phases.projected.push(row.recorded_at.getTime() - published);
      }
      phases.seenByClient.push(sample.visibleAt - row.recorded_at.getTime());
    }
    const activity = await publishActivityTimes(samples.slice(0, 10).map((sample) => sample.pathwayId));
    return {
      ...Object.fromEntries(Object.entries(phases).map(([phase, values]) => [phase, Math.round(median(values))])),
      publishActivityWaited: Math.round(median(activity.waited)),
      publishActivityRan: Math.round(median(activity.ran)),
    };
  } finally {
    await sql.end();
  }
}

/** How long the referral's first publishing activity waited for the worker (scheduled → started) and ran (started → completed), from the histories. */
async function publishActivityTimes(pathwayIds: readonly string[]): Promise<{ waited: number[]; ran: number[] }> {
  const waited: number[] = [];
  const ran: number[] = [];
  const millis = (time: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(time?.seconds ?? 0) * 1000 + (time?.nanos ?? 0) / 1e6;
  for (const pathwayId of pathwayIds) {
    const history = await client.workflow.getHandle(pathwayId).fetchHistory();
    const events = history.events ?? [];
    const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'publishPathwayEvents');
    const started = events.find((event) => event.activityTaskStartedEventAttributes && Number(event.activityTaskStartedEventAttributes.scheduledEventId) === Number(scheduled?.eventId));
    const completed = events.find((event) => event.activityTaskCompletedEventAttributes && Number(event.activityTaskCompletedEventAttributes.scheduledEventId) === Number(scheduled?.eventId));
    if (!scheduled || !started || !completed) continue;
    waited.push(millis(started.eventTime) - millis(scheduled.eventTime));
    ran.push(millis(completed.eventTime) - millis(started.eventTime));
  }
  return { waited, ran };
}

/** When each pathway's ReferralReceived reached Kafka (the message's create time, set by the producer as it sends). */
async function publishTimes(pathwayIds: ReadonlySet<string>): Promise<Map<string, number>> {
  const kafka = createKafka({ brokers: sarp.config.kafka.brokers, clientId: 'sarp-bench' }, { quiet: true });
  const consumer = kafka.consumer({ groupId: `bench-publish-times-${randomUUID()}` });
  const found = new Map<string, number>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: sarp.config.kafka.pathwayEventsTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString('utf8') ?? 'null') as { type?: string; pathwayId?: string } | null;
        if (event?.type === 'ReferralReceived' && event.pathwayId && pathwayIds.has(event.pathwayId)) found.set(event.pathwayId, Number(message.timestamp));
        return Promise.resolve();
      },
    });
    const giveUpAt = Date.now() + 30_000;
    while (found.size < pathwayIds.size && Date.now() < giveUpAt) await new Promise((resume) => setTimeout(resume, 200));
    return found;
  } finally {
    await consumer.disconnect();
  }
}

function breakdownTable(breakdown: Record<string, number>): string {
  return [
    "Where a referral spends its way to the read model (medians over the measured referrals, ms; marked by the event's workflow time, Kafka's create time and PostgreSQL's transaction time):",
    '',
    '| the API answered (from sent) | the workflow decided it (from sent) | published to Kafka (from the decision) | of which the publishing activity waited for a worker / ran | projected (from Kafka) | seen by the client (from the projection; it waits with `?atLeastSequence=1`) |',
    '|---|---|---|---|---|---|',
    `| ${breakdown.answered} | ${breakdown.workflowTask} | ${breakdown.published} | ${breakdown.publishActivityWaited} / ${breakdown.publishActivityRan} | ${breakdown.projected} | ${breakdown.seenByClient} |`,
  ].join('\n');
}

const startFloor = () => client.workflow.start(floorWorkflow, { taskQueue: FLOOR_QUEUE, workflowId: `floor-${randomUUID()}` });

it(
  'measures SARP against its Temporal floors',
  async () => {
    // The command round trip needs open pathways and open floor workflows: one of each per concurrent caller.
    const pathways = await Promise.all(Array.from({ length: CONCURRENCY }, async () => String((await referral()).pathwayId)));
    await Promise.all(pathways.map(visible));
    const updatable: WorkflowHandle[] = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => client.workflow.start(floorUpdatable, { taskQueue: FLOOR_QUEUE, workflowId: `floor-updatable-${randomUUID()}` })),
    );
    let nextPathway = 0;
    let nextFloor = 0;
    const options = { rounds: ROUNDS, batch: BATCH, concurrency: CONCURRENCY, warmUp: CONCURRENCY * 2 };
    const results: PairedResult[] = [];
    results.push(
      await measurePaired(
        { name: 'referral-accepted', measures: 'referral accepted (`POST /referrals` answered)', floor: 'bare workflow start', run: referral, runFloor: startFloor },
        options,
      ),
    );
    results.push(
      await measurePaired(
        {
          name: 'referral-visible',
          measures: 'referral visible in the read model',
          floor: 'workflow start + one no-op activity, to its end',
          run: async () => {
            const sentAt = Date.now();
            const pathwayId = String((await referral()).pathwayId);
            const answeredAt = Date.now();
            await visible(pathwayId);
            timings.push({ pathwayId, sentAt, answeredAt, visibleAt: Date.now() });
          },
          runFloor: async () => (await startFloor()).result(),
        },
        options,
      ),
    );
    results.push(
      await measurePaired(
        {
          name: 'command',
          measures: 'command round trip (keyed `POST /pathways/{id}/funds` answered)',
          floor: 'bare Update running one activity',
          run: () => post(`/pathways/${pathways[nextPathway++ % pathways.length]}/funds`, { fund: 'emergency_living_fund', amountPence: 100, accessedOn: '2026-12-01' }),
          runFloor: () => updatable[nextFloor++ % updatable.length]!.executeUpdate(floorUpdate),
        },
        options,
      ),
    );
    await Promise.all(updatable.map((handle) => handle.signal(floorDone)));
    const breakdown = await whereTheTimeGoes(timings);
    for (const result of results) expect(result.ratios).toHaveLength(ROUNDS);
    const report = { machine: machine(), results, targets: TARGETS, referralVisibleBreakdownMs: breakdown };
    writeBenchmark('floors', report, `${pairedTable(results, TARGETS)}\n\n${breakdownTable(breakdown)}`);
  },
  1_800_000,
);
