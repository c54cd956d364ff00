/**
 * The bounded soak (issue 13): many coordinators at once, for several
 * minutes, each opening referrals and recording payments on them, against a
 * SARP of its own (the real stack; the worker and the API as separate
 * processes, as `npm start` runs them). Load from autocannon: one connection
 * per coordinator, each cycling "referral, then four keyed payments on it".
 *
 * It must end with no 5xx and nothing lost (every acknowledged command in the
 * read model exactly once); the API's and the worker's memory are read from
 * /proc all along and reported as the ratio of the end to the end of the
 * warm-up (the run's own baseline) and as a slope. Nothing about speed or
 * memory is asserted: the numbers go to bench/results/soak.json and
 * docs/benchmarks.md.
 *
 * SARP_SOAK_SECONDS (default 180) and SARP_SOAK_COORDINATORS (default 16) size it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { createSql, type Sql } from '@sarp/db';
import { startFaultStack, type FaultStack } from '../test/support/fault-stack';
import { waitFor } from '../test/support/wait-for';
import { machine, median, slopePerMinute, writeBenchmark } from './report';

const SECONDS = Number(process.env.SARP_SOAK_SECONDS ?? 180);
const COORDINATORS = Number(process.env.SARP_SOAK_COORDINATORS ?? 16);
const PAYMENTS_PER_REFERRAL = 4;
/** The first third warms the processes up (JIT, pools, the workflow cache filling); memory is judged after it. */
const WARM_UP_FRACTION = 1 / 3;
const HEAP_CAP_MB = 512;
/**
 * The worker's workflow cache in the soak: small enough to be full within the warm-up, so what comes after
 * shows whether memory stays flat once the cache bound holds (the default, 250, fills later).
 */
const CACHED_WORKFLOWS = 50;
const failures: string[] = [];

let sarp: FaultStack;
let sql: Sql;

beforeAll(async () => {
  // The apps run with a capped heap: memory that is only garbage not yet collected stays under the cap,
  // while a leak ends in a crash the supervisor restarts and the report shows.
  sarp = await startFaultStack(
    (line) => {
      // The apps' own reports of a 5xx and of crashes (kinds of failure only: no personal data is logged).
      if (/failed: |stopped unexpectedly|heap out of memory/.test(line)) failures.push(line.slice(0, 400));
    },
    { NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}`, SARP_WORKER_MAX_CACHED_WORKFLOWS: String(CACHED_WORKFLOWS) },
  );
  sql = createSql({ url: sarp.config.database.url, maxConnections: 2 });
}, 300_000);

afterAll(async () => {
  await sql?.end();
  await sarp?.close();
});

interface Sample {
  atMs: number;
  apiMb: number;
  workerMb: number;
}

/** Resident memory of a process, in MB, from /proc (Linux). */
function residentMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface Connection {
  pathwayId?: string;
  key?: string;
}

it(
  `soaks SARP with ${COORDINATORS} coordinators for ${SECONDS} s: no 5xx, nothing lost, memory reported`,
  async () => {
    const tokens = await Promise.all(
      Array.from({ length: COORDINATORS }, (_, i) => sarp.tokenFor(`coordinator-soak-${i}`, 'coordinator', 'localities')),
    );
    const acknowledged = new Map<string, number>(); // pathway id → payments acknowledged
    const unconfirmed = new Map<string, number>(); // pathway id → payments answered "sent, not confirmed"
    // pathway id → payments sent: the last ones may still be in flight when the run ends (no answer counted)
    const sent = new Map<string, number>();
    const statuses: Record<string, number> = {};
    let referrals = 0;
    const count = (status: number) => (statuses[status] = (statuses[status] ?? 0) + 1);

    const payment: autocannon.Request = {
      method: 'POST',
      setupRequest: (request, context: Connection) => {
        if (!context.pathwayId) return request; // the referral failed: this cycle's payments have nowhere to go
        context.key = randomUUID();
        sent.set(context.pathwayId, (sent.get(context.pathwayId) ?? 0) + 1);
        return {
          ...request,
          path: `/pathways/${context.pathwayId}/funds`,
          headers: { ...request.headers, 'idempotency-key': context.key },
          body: JSON.stringify({ fund: 'discretionary_housing_payment', amountPence: 2_500, accessedOn: '2026-11-30' }),
        };
      },
      onResponse: (status, body, context: Connection) => {
        count(status);
        const pathwayId = context.pathwayId;
        if (!pathwayId) return;
        if (status === 200) acknowledged.set(pathwayId, (acknowledged.get(pathwayId) ?? 0) + 1);
        if (status === 202) unconfirmed.set(pathwayId, (unconfirmed.get(pathwayId) ?? 0) + 1);
      },
    };
    const referral: autocannon.Request = {
      method: 'POST',
      path: '/referrals',
      setupRequest: (request, context: Connection) => {
        context.pathwayId = undefined;
        return {
          ...request,
          headers: { ...request.headers, 'idempotency-key': randomUUID() },
          body: JSON.stringify({
            personRef: `P-${randomUUID().slice(0, 6).toUpperCase()}`,
            referringAgency: 'housing',
            presentingNeeds: ['Rent arrears'],
            urgency: 'standard',
          }),
        };
      },
      onResponse: (status, body, context: Connection) => {
        count(status);
        if (status !== 202) return;
        const answer = JSON.parse(body) as { pathwayId?: string; type?: string };
        if (!answer.pathwayId) return; // an unconfirmed 202 carries no pathway
        context.pathwayId = answer.pathwayId;
        referrals++;
        acknowledged.set(answer.pathwayId, acknowledged.get(answer.pathwayId) ?? 0);
      },
    };

    const samples: Sample[] = [];
    const started = Date.now();
    const sampler = setInterval(() => {
      const { api, worker } = sarp.pids();
      samples.push({ atMs: Date.now() - started, apiMb: residentMb(api), workerMb: residentMb(worker) });
    }, 2_000);
    // autocannon gives each connection its own token by running one instance per coordinator.
    const runs = tokens.map((token) =>
      autocannon({
        url: sarp.baseUrl,
        connections: 1,
        duration: SECONDS,
        timeout: 60,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [referral, ...Array.from({ length: PAYMENTS_PER_REFERRAL }, () => payment)],
      }),
    );
    const results = await Promise.all(runs);
    clearInterval(sampler);
    const elapsedSeconds = (Date.now() - started) / 1000;

    // Nothing lost, nothing doubled: each acknowledged payment is one FundsAccessed event in the read model.
    const pathwayIds = [...acknowledged.keys()];
    const projected = await waitFor(
      async () => {
        const rows = await sql<{ pathway_id: string; payments: string; highest: number; events: string }[]>`
          SELECT pathway_id, count(*) FILTER (WHERE type = 'FundsAccessed') AS payments, max(sequence) AS highest, count(*) AS events
          FROM event_log WHERE pathway_id = ANY(${pathwayIds}::uuid[]) GROUP BY pathway_id`;
        const byPathway = new Map(rows.map((row) => [row.pathway_id, row]));
        const caughtUp = pathwayIds.every((id) => Number(byPathway.get(id)?.payments ?? -1) >= acknowledged.get(id)!);
        return caughtUp ? byPathway : undefined;
      },
      { what: 'every acknowledged payment in the read model', timeoutMs: 300_000 },
    );
    let lost = 0;
    let doubled = 0;
    let gaps = 0;
    for (const id of pathwayIds) {
      const row = projected.get(id)!;
      const payments = Number(row.payments);
      if (payments < acknowledged.get(id)!) lost++;
      // Each send has a key of its own: more payments than sends is a command recorded twice.
      if (payments > (sent.get(id) ?? 0)) doubled++;
      if (Number(row.events) !== row.highest) gaps++;
    }

    const warmUpEndMs = SECONDS * 1000 * WARM_UP_FRACTION;
    const afterWarmUp = samples.filter((sample) => sample.atMs >= warmUpEndMs);
    const memory = (pick: (sample: Sample) => number) => {
      const atWarmUp = median(afterWarmUp.slice(0, 5).map(pick));
      const atEnd = median(afterWarmUp.slice(-5).map(pick));
      return {
        mbAfterWarmUp: round(atWarmUp),
        mbAtEnd: round(atEnd),
        endToWarmUpRatio: round(atEnd / atWarmUp, 3),
        mbPerMinuteAfterWarmUp: round(slopePerMinute(afterWarmUp.map((sample) => [sample.atMs, pick(sample)]))),
      };
    };
    const requests = results.reduce((sum, result) => sum + result.requests.total, 0);
    const report = {
      machine: machine(),
      seconds: SECONDS,
      coordinators: COORDINATORS,
      requests,
      requestsPerSecond: round(requests / elapsedSeconds),
      latencyMs: {
        p50: round(median(results.map((result) => result.latency.p50))),
        p99: round(Math.max(...results.map((result) => result.latency.p99))),
      },
      referrals,
      paymentsAcknowledged: [...acknowledged.values()].reduce((sum, n) => sum + n, 0),
      paymentsUnconfirmed: [...unconfirmed.values()].reduce((sum, n) => sum + n, 0),
      statuses,
      errors: results.reduce((sum, result) => sum + result.errors + result.timeouts, 0),
      lostPathways: lost,
      doubledPathways: doubled,
      pathwaysWithGaps: gaps,
      memory: { heapCapMb: HEAP_CAP_MB, api: memory((sample) => sample.apiMb), worker: memory((sample) => sample.workerMb) },
      restarts: sarp.restarts(),
      cachedWorkflows: CACHED_WORKFLOWS,
      failures: failures.slice(0, 20),
    };
    writeBenchmark('soak', report, soakTable(report));

    const serverErrors = Object.entries(statuses).filter(([status]) => Number(status) >= 500);
    expect(serverErrors).toEqual([]);
    expect({ lost, doubled, gaps }).toEqual({ lost: 0, doubled: 0, gaps: 0 });
    expect(report.restarts).toEqual({ worker: 0, api: 0 });
    expect(report.paymentsAcknowledged).toBeGreaterThan(0);
  },
  (SECONDS + 900) * 1000,
);

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function soakTable(report: {
  seconds: number;
  coordinators: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  referrals: number;
  paymentsAcknowledged: number;
  statuses: Record<string, number>;
  lostPathways: number;
  doubledPathways: number;
  memory: { heapCapMb: number } & Record<
    'api' | 'worker',
    { mbAfterWarmUp: number; mbAtEnd: number; endToWarmUpRatio: number; mbPerMinuteAfterWarmUp: number }
  >;
  restarts: { worker: number; api: number };
  cachedWorkflows: number;
}): string {
  const fivexx = Object.entries(report.statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, n]) => sum + n, 0);
  const row = (name: string, m: (typeof report.memory)['api']) =>
    `| ${name} | ${m.mbAfterWarmUp} | ${m.mbAtEnd} | ${m.endToWarmUpRatio} | ${m.mbPerMinuteAfterWarmUp} |`;
  return [
    `${report.coordinators} coordinators for ${report.seconds} s: ${report.requests} requests (${report.requestsPerSecond}/s, p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms), ${report.referrals} referrals, ${report.paymentsAcknowledged} payments acknowledged; 5xx: ${fivexx}; pathways with a lost or doubled payment: ${report.lostPathways + report.doubledPathways}; statuses ${JSON.stringify(report.statuses)}.`,
    '',
    `Worker workflow cache: ${report.cachedWorkflows}. Both ran with a ${report.memory.heapCapMb} MB heap cap (\`--max-old-space-size\`): a leak would end in a crash; restarts: worker ${report.restarts.worker}, API ${report.restarts.api}. Resident memory (heap, code, native buffers):`,
    '',
    '| process | MB after warm-up | MB at the end | end ÷ warm-up | MB per minute after warm-up |',
    '|---|---|---|---|---|',
    row('API', report.memory.api),
    row('worker', report.memory.worker),
  ].join('\n');
}
