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
import { startFaultStack, type FaultStack } from '../test/support/fault-stack';
import { measurePaired, pairedTable, type PairedResult } from './floors';
import { floorDone, floorUpdatable, floorUpdate, floorWorkflow } from './floor-workflows';
import { machine, writeBenchmark } from './report';

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

async function visible(pathwayId: string): Promise<void> {
  for (;;) {
    const response = await fetch(`${sarp.baseUrl}/pathways/${pathwayId}`, { headers: { authorization: `Bearer ${coordinatorToken}` } });
    await response.arrayBuffer();
    if (response.status === 200) return;
    await new Promise((resume) => setTimeout(resume, 10));
  }
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
          run: async () => visible(String((await referral()).pathwayId)),
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
    for (const result of results) expect(result.ratios).toHaveLength(ROUNDS);
    const report = { machine: machine(), results, targets: TARGETS };
    writeBenchmark('floors', report, pairedTable(results, TARGETS));
  },
  1_800_000,
);
