/**
 * Worker memory per open pathway (issue 15): many pathways open at once, each waiting on a durable timer (a crisis
 * referral's 24-hour response clock, longer than the run), against a SARP of its own (the real stack; the worker
 * and the API as separate processes, as `npm start` runs them). The worker's workflow cache is set small, so most
 * open pathways are beyond it: evicted, held by Temporal only, and (the target) adding nothing to the worker's memory.
 *
 * Pathways are opened the way POST /referrals opens them (the same workflow, task queue, id scheme, arguments,
 * memo and search attributes) but straight on Temporal, many at a time, since the API's rate is not what is
 * measured; each counts as open once the worker has taken its referral in (no workflow task or activity pending:
 * the referral decided and published, the crisis clock's timer set; a standard referral sets no deadline before
 * triage, so it would wait on updates alone). The floor is a worker of the bench's own, also a separate
 * process with the same cache and heap cap, running a workflow that only sets a 30-day timer and waits. At each
 * checkpoint of open workflows SARP's batch is opened, then the floor's, both settle, and each worker's resident
 * memory (VmRSS from /proc) is the median of a few samples. Reported: MB at each checkpoint and the ratio to the
 * floor, and the slope of memory against open workflows up to the cache and beyond it (flat = 0 KB a workflow).
 * Nothing about memory is asserted; it fails only if a workflow fails, a worker restarts, or a pathway is not
 * waiting on a timer. The numbers go to bench/results/worker-memory.json and docs/benchmarks.md.
 *
 * SARP_MEMORY_PATHWAYS (default 10000), SARP_MEMORY_CACHE (the workers' maxCachedWorkflows, default 250),
 * SARP_MEMORY_CONCURRENCY (starts in flight, default 32), SARP_MEMORY_SAMPLES (default 5) and SARP_MEMORY_HEAP_CAP_MB
 * (both workers' --max-old-space-size, default 2048) size it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { Actor } from '@sarp/events';
import { PATHWAY_WORKFLOW_TYPE, pathwaySearchAttributeKeys, type StartPathwayInput } from '@sarp/workflows';
import { startFaultStack, type FaultStack } from '../test/support/fault-stack';
import { waitFor } from '../test/support/wait-for';
import { floorWaitingOnTimer } from './worker-memory-floor-workflows';
import { machine, median, writeBenchmark } from './report';

const PATHWAYS = Number(process.env.SARP_MEMORY_PATHWAYS ?? 10_000);
const CACHED_WORKFLOWS = Number(process.env.SARP_MEMORY_CACHE ?? 250);
const CONCURRENCY = Number(process.env.SARP_MEMORY_CONCURRENCY ?? 32);
const SAMPLES = Number(process.env.SARP_MEMORY_SAMPLES ?? 5);
/**
 * Both workers run with the same heap cap: garbage not yet collected stays under it, a leak ends in a crash (a
 * restart, which fails the bench). Not the soak's 512 MB: room for 250 cached pathways (each evaluates its own copy of
 * the workflow bundle's modules: a few MB each until the bundle lost zod, about 0.25 MB since).
 */
const HEAP_CAP_MB = Number(process.env.SARP_MEMORY_HEAP_CAP_MB ?? 2_048);
/** After a checkpoint's batches, before the samples: the last tasks' garbage collected, the processes quiet. */
const SETTLE_MS = 5_000;
const SAMPLE_EVERY_MS = 1_000;
/** Checkpoints as fractions of SARP_MEMORY_PATHWAYS, besides 0, a tenth of the cache, half of it and the cache itself. */
const FRACTIONS = [0.1, 0.25, 0.5, 1];
const ROOT = resolve(__dirname, '..');
const FLOOR_QUEUE = `bench-worker-memory-floor-${randomUUID().slice(0, 8)}`;
/** The referring coordinator, as the API would stamp it (its team, `localities`, holds the case). */
const ACTOR: Actor = { userId: 'coordinator-bench', role: 'coordinator' };
const failures: string[] = [];
const workerLines: string[] = [];

/**
 * The floor worker, run as `node -e` in the repository (so it resolves the SDK from its node_modules): a bare
 * Temporal worker bundling the floor workflow, logging as SARP's worker does (warnings and errors only).
 */
const FLOOR_WORKER_SCRIPT = `
const { DefaultLogger, NativeConnection, Runtime, Worker } = require('@temporalio/worker');
async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.FLOOR_TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: process.env.FLOOR_NAMESPACE,
    taskQueue: process.env.FLOOR_TASK_QUEUE,
    maxCachedWorkflows: Number(process.env.FLOOR_MAX_CACHED_WORKFLOWS),
    workflowsPath: process.env.FLOOR_WORKFLOWS_PATH,
  });
  // Ends with the bench: its stdin closes when the bench process goes, even if it dies without cleaning up.
  process.stdin.on('end', () => process.exit(0)).resume();
  console.log('floor worker polling');
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}
main().catch((error) => {
  console.error('floor worker stopped:', error);
  process.exit(1);
});
`;

let sarp: FaultStack;
let connection: Connection;
let client: Client;
let floorWorker: ChildProcess | undefined;
let floorExited = false;

beforeAll(async () => {
  sarp = await startFaultStack(
    (line) => {
      if (/\[worker\]/.test(line)) workerLines.push(line);
      if (/failed: |stopped unexpectedly|heap out of memory/.test(line)) failures.push(line.slice(0, 400));
    },
    { NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}`, SARP_WORKER_MAX_CACHED_WORKFLOWS: String(CACHED_WORKFLOWS) },
  );
  connection = await Connection.connect({ address: sarp.config.temporal.address });
  client = new Client({ connection, namespace: sarp.config.temporal.namespace });
  // The baseline is each worker idle but polling: its workflow bundle built, nothing run yet.
  await waitFor(() => Promise.resolve(workerLines.some((line) => /polling task queue/.test(line)) ? true : undefined), {
    what: "SARP's worker to poll its task queue",
    timeoutMs: 120_000,
  });
  floorWorker = await startFloorWorker();
}, 300_000);

afterAll(async () => {
  await stopFloorWorker();
  await connection?.close();
  await sarp?.close();
});

/** Starts the floor worker as a child process and waits until it polls. */
function startFloorWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', FLOOR_WORKER_SCRIPT], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}`,
      FLOOR_TEMPORAL_ADDRESS: sarp.config.temporal.address,
      FLOOR_NAMESPACE: sarp.config.temporal.namespace,
      FLOOR_TASK_QUEUE: FLOOR_QUEUE,
      FLOOR_MAX_CACHED_WORKFLOWS: String(CACHED_WORKFLOWS),
      FLOOR_WORKFLOWS_PATH: require.resolve('./worker-memory-floor-workflows'),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.on('exit', () => {
    floorExited = true;
  });
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error('the floor worker did not poll within 120 s')), 120_000);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (text.includes('floor worker polling')) {
        clearTimeout(timer);
        ready(child);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      if (/error|stopped/i.test(text)) failures.push(`[floor worker] ${text.slice(0, 400)}`);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the floor worker exited (${code ?? signal}) ${failures.join(' ')}`));
    });
  });
}

/** SIGTERM (the SDK shuts the worker down), then SIGKILL if it is still there after 10 s. */
async function stopFloorWorker(): Promise<void> {
  const child = floorWorker;
  if (!child || floorExited) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

/** Resident memory of a process, in MB, from /proc (Linux). */
function residentMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  if (!pid) return Number.NaN;
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const pause = (ms: number) => new Promise((resume) => setTimeout(resume, ms));

/**
 * Until the workflow has no workflow task and no activity pending after its first workflow task: the worker has
 * taken it in and it waits (on its timers, for updates). A workflow that is no longer running fails the bench.
 */
async function untilIdle(handle: WorkflowHandle): Promise<void> {
  const giveUpAt = Date.now() + 300_000;
  // The worker takes a new pathway in within a second when idle; with many in flight it is the bottleneck, so look less often.
  for (let delay = 200; ; delay = Math.min(delay * 1.5, 2_000)) {
    await pause(delay);
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') throw new Error(`workflow ${handle.workflowId} is ${description.status.name}`);
    const { pendingWorkflowTask, pendingActivities } = description.raw;
    if (description.historyLength >= 4 && !pendingWorkflowTask && (pendingActivities ?? []).length === 0) return;
    if (Date.now() > giveUpAt) throw new Error(`workflow ${handle.workflowId} still busy after 300 s`);
  }
}

/**
 * Opens one pathway as POST /referrals does (a crisis referral, whose response clock is a 24-hour timer; no key, so a
 * random pathway id) and waits until the worker took it in.
 */
async function openPathway(): Promise<WorkflowHandle> {
  const pathwayId = randomUUID();
  const body = {
    personRef: `P-MEM-${randomUUID().slice(0, 8).toUpperCase()}`,
    referringAgency: 'housing' as const,
    presentingNeeds: ['Rent arrears'],
    urgency: 'crisis' as const,
  };
  const commandId = randomUUID();
  const input: StartPathwayInput = {
    command: {
      type: 'ReceiveReferral',
      pathwayId,
      personId: body.personRef,
      referral: { referralId: null, referringAgency: body.referringAgency, presentingNeeds: body.presentingNeeds, urgency: body.urgency, team: 'localities' },
    },
    actor: ACTOR,
    correlationId: randomUUID(),
    commandId,
  };
  const handle = await client.workflow.start(PATHWAY_WORKFLOW_TYPE, {
    workflowId: pathwayId,
    taskQueue: sarp.config.temporal.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    memo: { requestDigest: createHash('sha256').update(JSON.stringify(body)).digest('hex'), startCommandId: commandId },
    typedSearchAttributes: [
      { key: pathwaySearchAttributeKeys.stage, value: 'referral' },
      { key: pathwaySearchAttributeKeys.urgency, value: body.urgency },
    ],
  });
  await untilIdle(handle);
  return handle;
}

async function openFloor(): Promise<WorkflowHandle> {
  const handle = await client.workflow.start(floorWaitingOnTimer, { taskQueue: FLOOR_QUEUE, workflowId: `floor-memory-${randomUUID()}` });
  await untilIdle(handle);
  return handle;
}

/** Opens `count` workflows, CONCURRENCY at a time; the last one's handle and the rate (workflows/s). */
async function openBatch(count: number, open: () => Promise<WorkflowHandle>): Promise<{ last?: WorkflowHandle; perSecond: number }> {
  let next = 0;
  let last: WorkflowHandle | undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, count) }, async () => {
      while (next < count) {
        next++;
        last = await open();
      }
    }),
  );
  return { last, perSecond: count / ((performance.now() - started) / 1000) };
}

/** Timers the workflow has set and not yet seen fire or cancelled, from its history. */
async function timersPending(handle: WorkflowHandle): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  const started = events.filter((event) => event.timerStartedEventAttributes).length;
  const ended = events.filter((event) => event.timerFiredEventAttributes || event.timerCanceledEventAttributes).length;
  return started - ended;
}

/** The checkpoints (open workflows of each kind): 0, a tenth and half of the cache, the cache, and the fractions of the total. */
function checkpoints(): number[] {
  const points = [0, Math.round(CACHED_WORKFLOWS / 10), Math.round(CACHED_WORKFLOWS / 2), CACHED_WORKFLOWS, ...FRACTIONS.map((fraction) => Math.round(PATHWAYS * fraction))];
  return [...new Set(points.filter((point) => point <= PATHWAYS))].sort((a, b) => a - b);
}

/** Least-squares slope of [x, y] points. */
function slope(points: readonly [number, number][]): number {
  const finite = points.filter(([, y]) => Number.isFinite(y));
  if (finite.length < 2) return Number.NaN;
  const meanX = finite.reduce((sum, [x]) => sum + x, 0) / finite.length;
  const meanY = finite.reduce((sum, [, y]) => sum + y, 0) / finite.length;
  const covariance = finite.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = finite.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

interface Checkpoint {
  open: number;
  sarpMb: number;
  floorMb: number;
  ratio: number;
  /** Peak resident memory so far (VmHWM). */
  sarpPeakMb: number;
  floorPeakMb: number;
  /** Opening rate of this checkpoint's batch (workflows/s), with its waiting until each was taken in. */
  sarpOpenedPerSecond: number;
  floorOpenedPerSecond: number;
  /** Timers pending on the batch's last pathway and last floor workflow (each waits on one). */
  timersPendingOnLastPathway: number;
  timersPendingOnLastFloor: number;
}

/** The report of the checkpoints measured so far; `complete` once the last one is in. */
function summary(results: readonly Checkpoint[], began: number, complete: boolean) {
  const region = (from: number, to: number, pick: (checkpoint: Checkpoint) => number) =>
    slope(results.filter((checkpoint) => checkpoint.open >= from && checkpoint.open <= to).map((checkpoint) => [checkpoint.open, pick(checkpoint)]));
  const atCache = results.find((checkpoint) => checkpoint.open === CACHED_WORKFLOWS);
  const atEnd = results[results.length - 1]!;
  const atHalf = results.find((checkpoint) => checkpoint.open === Math.round(atEnd.open / 2));
  // Up to the cache from the first checkpoint after 0: an idle worker fresh from bundling its workflows still holds
  // the bundler's garbage, which its first workflows' collections give back.
  const firstOpen = results.find((checkpoint) => checkpoint.open > 0)?.open ?? 0;
  const perWorkflow = (pick: (checkpoint: Checkpoint) => number) => ({
    mbPerWorkflowUpToCache: round(region(firstOpen, CACHED_WORKFLOWS, pick), 3),
    kbPerWorkflowBeyondCache: atEnd.open > CACHED_WORKFLOWS ? round(region(CACHED_WORKFLOWS, atEnd.open, pick) * 1024, 2) : Number.NaN,
    mbFromCacheToEnd: atCache && atEnd.open > CACHED_WORKFLOWS ? round(pick(atEnd) - pick(atCache)) : Number.NaN,
    // Once the garbage of evicted workflows has reached its level under the heap cap: the last half alone.
    kbPerWorkflowSecondHalf:
      atHalf && atHalf.open > CACHED_WORKFLOWS ? round(((pick(atEnd) - pick(atHalf)) / (atEnd.open - atHalf.open)) * 1024, 2) : Number.NaN,
  });
  return {
    machine: machine(),
    complete,
    pathways: PATHWAYS,
    measuredUpTo: atEnd.open,
    cachedWorkflows: CACHED_WORKFLOWS,
    firstOpen,
    concurrency: CONCURRENCY,
    heapCapMb: HEAP_CAP_MB,
    samples: SAMPLES,
    settleMs: SETTLE_MS,
    seconds: round((Date.now() - began) / 1000),
    checkpoints: results,
    sarp: perWorkflow((checkpoint) => checkpoint.sarpMb),
    floor: perWorkflow((checkpoint) => checkpoint.floorMb),
    restarts: sarp.restarts(),
    floorWorkerExited: floorExited,
    failures: failures.slice(0, 20),
  };
}

it(
  `measures the worker's memory with ${PATHWAYS} open pathways waiting on timers, against a floor`,
  async () => {
    const results: Checkpoint[] = [];
    let open = 0;
    const began = Date.now();
    for (const target of checkpoints()) {
      const sarpBatch = await openBatch(target - open, openPathway);
      const floorBatch = await openBatch(target - open, openFloor);
      const timers = sarpBatch.last ? await timersPending(sarpBatch.last) : Number.NaN;
      const floorTimers = floorBatch.last ? await timersPending(floorBatch.last) : Number.NaN;
      open = target;
      await pause(SETTLE_MS);
      const sarpSamples: number[] = [];
      const floorSamples: number[] = [];
      for (let sample = 0; sample < SAMPLES; sample++) {
        if (sample > 0) await pause(SAMPLE_EVERY_MS);
        sarpSamples.push(residentMb(sarp.pids().worker));
        floorSamples.push(residentMb(floorWorker?.pid));
      }
      const sarpMb = median(sarpSamples);
      const floorMb = median(floorSamples);
      results.push({
        open,
        sarpMb: round(sarpMb),
        floorMb: round(floorMb),
        ratio: round(sarpMb / floorMb, 2),
        sarpPeakMb: round(residentMb(sarp.pids().worker, 'VmHWM')),
        floorPeakMb: round(residentMb(floorWorker?.pid, 'VmHWM')),
        sarpOpenedPerSecond: round(sarpBatch.perSecond),
        floorOpenedPerSecond: round(floorBatch.perSecond),
        timersPendingOnLastPathway: timers,
        timersPendingOnLastFloor: floorTimers,
      });
      // Written at each checkpoint, so a run stopped part of the way (a long run on a shared machine) leaves what it measured.
      if (open < PATHWAYS) {
        const partial = summary(results, began, false);
        writeBenchmark('worker-memory', partial, memoryTable(partial));
      }
      process.stderr.write(`[worker-memory] ${open} open: SARP ${round(sarpMb)} MB, floor ${round(floorMb)} MB (${round((Date.now() - began) / 1000)} s)\n`);
    }

    const report = summary(results, began, true);
    writeBenchmark('worker-memory', report, memoryTable(report));

    expect(report.restarts).toEqual({ worker: 0, api: 0 });
    expect(floorExited).toBe(false);
    // Each batch's last workflows are open and waiting on a timer.
    for (const checkpoint of results.filter((result) => result.open > 0)) {
      expect(checkpoint.timersPendingOnLastPathway).toBeGreaterThan(0);
      expect(checkpoint.timersPendingOnLastFloor).toBeGreaterThan(0);
    }
  },
  // About 2 s a pathway on a shared 2-core machine (the worker is the bottleneck), and its floor.
  (1_800 + PATHWAYS * 1.5) * 1000,
);

function memoryTable(report: ReturnType<typeof summary>): string {
  const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
  return [
    ...(report.complete ? [] : [`**Partial: measured up to ${report.measuredUpTo} of ${report.pathways} open pathways so far (the run had not reached its end).**`, '']),
    `The SARP worker's resident memory with up to ${report.pathways} pathways open at once, each a crisis referral waiting on its 24-hour response clock's timer (started on Temporal as \`POST /referrals\` starts them, ${report.concurrency} at a time, each counted once the worker had taken its referral in), against a floor: a bare worker of the bench's own, also a separate process, whose workflow only sets a 30-day timer and waits. Both workers keep at most ${report.cachedWorkflows} workflows in their cache and run with a ${report.heapCapMb} MB heap cap, so every open workflow beyond ${report.cachedWorkflows} is held by Temporal alone and should add nothing to either. At each checkpoint SARP's batch was opened, then the floor's; after ${report.settleMs / 1000} s each figure is the median of ${report.samples} VmRSS readings. ${report.seconds} s in all; restarts: worker ${report.restarts.worker}, API ${report.restarts.api}.`,
    '',
    '| open workflows (each) | SARP worker MB | floor worker MB | SARP ÷ floor | peak so far, SARP / floor (MB) |',
    '|---|---|---|---|---|',
    ...report.checkpoints.map(
      (checkpoint) =>
        `| ${checkpoint.open} | ${fixed(checkpoint.sarpMb, 1)} | ${fixed(checkpoint.floorMb, 1)} | ${fixed(checkpoint.ratio, 2)}× | ${fixed(checkpoint.sarpPeakMb, 0)} / ${fixed(checkpoint.floorPeakMb, 0)} |`,
    ),
    '',
    `| slope of resident memory | SARP worker | floor worker |`,
    '|---|---|---|',
    `| MB per open workflow up to the cache (${report.firstOpen}–${report.cachedWorkflows}) | ${fixed(report.sarp.mbPerWorkflowUpToCache, 3)} | ${fixed(report.floor.mbPerWorkflowUpToCache, 3)} |`,
    `| KB per open workflow beyond the cache (${report.cachedWorkflows}–${report.measuredUpTo}; flat = 0) | ${fixed(report.sarp.kbPerWorkflowBeyondCache, 2)} | ${fixed(report.floor.kbPerWorkflowBeyondCache, 2)} |`,
    `| KB per open workflow over the second half (${Math.round(report.measuredUpTo / 2)}–${report.measuredUpTo}) | ${fixed(report.sarp.kbPerWorkflowSecondHalf, 2)} | ${fixed(report.floor.kbPerWorkflowSecondHalf, 2)} |`,
    `| MB gained from ${report.cachedWorkflows} open to ${report.measuredUpTo} | ${fixed(report.sarp.mbFromCacheToEnd, 1)} | ${fixed(report.floor.mbFromCacheToEnd, 1)} |`,
  ].join('\n');
}
