/**
 * The read side against its floor (issue 15): each read the pages make (a pathway, the caseload, the panel's
 * worklist, the vacancies) through SARP's API (NestJS, the token, need-to-know, the access log) against a bare
 * Fastify server answering the same route from the same read-model query (postgres.js, the same pool size),
 * on the same database, under autocannon at several concurrencies, alternating for several rounds. Reported
 * as the ratio of requests per second and each side's p50 and p99 latency, in bench/results/reads.json and
 * docs/benchmarks.md. Nothing is asserted about speed; a read that answers anything but 200 fails the run.
 *
 * SARP_READS_SECONDS (default 4 per side a round), SARP_READS_ROUNDS (default 3) size it.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import { createSql, currentUnitHoldings, findPathway, listPanelTasks, listPathways, listSchemes, type Sql } from '@sarp/db';
import { vacanciesOf, type Caller } from '@sarp/domain';
import { startFaultStack, type FaultStack } from '../test/support/fault-stack';
import { machine, median, writeBenchmark } from './report';

const SECONDS = Number(process.env.SARP_READS_SECONDS ?? 4);
const ROUNDS = Number(process.env.SARP_READS_ROUNDS ?? 3);
const CONCURRENCIES = [1, 8];

let sarp: FaultStack;
let sql: Sql;
let floor: FastifyInstance;
let floorUrl: string;
const coordinator: Caller = { userId: 'coordinator-reads', role: 'coordinator', team: 'localities' };
const panelMember: Caller = { userId: 'panel-reads', role: 'panel_member', team: null };

beforeAll(async () => {
  sarp = await startFaultStack();
  sql = createSql({ url: sarp.config.database.url, maxConnections: sarp.config.database.maxConnections });
  floor = Fastify();
  // The same queries the API runs for these routes, and nothing else: no auth, no need-to-know, no access log.
  floor.get<{ Params: { id: string } }>('/pathways/:id', async (request) => findPathway(sql, request.params.id));
  floor.get('/pathways', async () => listPathways(sql, { limit: 50, offset: 0 }, coordinator));
  floor.get('/worklist', async () => listPanelTasks(sql, { status: 'pending', sort: 'priority', limit: 25, offset: 0 }));
  floor.get('/vacancies', async () => vacanciesOf(await listSchemes(sql), await currentUnitHoldings(sql)));
  await floor.listen({ host: '127.0.0.1', port: 0 });
  floorUrl = `http://127.0.0.1:${(floor.server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  await floor?.close();
  await sql?.end();
  await sarp?.close();
});

interface Side {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function load(url: string, connections: number, headers: Record<string, string>): Promise<Side> {
  const result = await autocannon({ url, connections, duration: SECONDS, headers });
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
}

interface ReadResult {
  read: string;
  concurrency: number;
  ratios: number[];
  medianRatio: number;
  minRatio: number;
  maxRatio: number;
  sarp: { requestsPerSecond: number; p50: number; p99: number };
  floor: { requestsPerSecond: number; p50: number; p99: number };
}

it(
  'measures the reads the pages make against the same queries on bare Fastify',
  async () => {
    const tokens = { coordinator: await sarp.tokenFor(coordinator.userId, 'coordinator', 'localities'), panel: await sarp.tokenFor(panelMember.userId, 'panel_member') };
    // A caseload to read: referrals of the coordinator's team, seen in the read model.
    const pathwayIds: string[] = [];
    for (let index = 0; index < 20; index++) {
      const response = await fetch(`${sarp.baseUrl}/referrals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.coordinator}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ personRef: `P-READS-${index}`, referringAgency: 'nhs', presentingNeeds: ['Support'], urgency: 'standard' }),
      });
      pathwayIds.push(String(((await response.json()) as { pathwayId: string }).pathwayId));
    }
    for (const pathwayId of pathwayIds) {
      for (;;) {
        const seen = await fetch(`${sarp.baseUrl}/pathways/${pathwayId}`, { headers: { authorization: `Bearer ${tokens.coordinator}` } });
        await seen.arrayBuffer();
        if (seen.status === 200) break;
        await new Promise((resume) => setTimeout(resume, 50));
      }
    }
    const reads: { read: string; path: string; token: string }[] = [
      { read: 'a pathway (`GET /pathways/{id}`)', path: `/pathways/${pathwayIds[0]}`, token: tokens.coordinator },
      { read: 'the caseload (`GET /pathways`)', path: '/pathways?limit=50', token: tokens.coordinator },
      { read: "the panel's worklist (`GET /worklist`)", path: '/worklist', token: tokens.panel },
      { read: 'the vacancies (`GET /vacancies`)', path: '/vacancies', token: tokens.coordinator },
    ];
    const floorPath = (path: string) => path.replace('?limit=50', '');
    const results: ReadResult[] = [];
    for (const read of reads) {
      for (const concurrency of CONCURRENCIES) {
        const sarpSides: Side[] = [];
        const floorSides: Side[] = [];
        const measureSarp = () => load(`${sarp.baseUrl}${read.path}`, concurrency, { authorization: `Bearer ${read.token}` });
        const measureFloor = () => load(`${floorUrl}${floorPath(read.path)}`, concurrency, {});
        await measureSarp();
        await measureFloor();
        for (let round = 0; round < ROUNDS; round++) {
          if (round % 2 === 0) {
            sarpSides.push(await measureSarp());
            floorSides.push(await measureFloor());
          } else {
            floorSides.push(await measureFloor());
            sarpSides.push(await measureSarp());
          }
        }
        for (const side of [...sarpSides, ...floorSides]) expect(side.non2xx).toBe(0);
        const ratios = sarpSides.map((side, index) => side.requestsPerSecond / floorSides[index]!.requestsPerSecond);
        const summary = (sides: Side[]) => ({
          requestsPerSecond: median(sides.map((side) => side.requestsPerSecond)),
          p50: median(sides.map((side) => side.p50)),
          p99: median(sides.map((side) => side.p99)),
        });
        results.push({
          read: read.read,
          concurrency,
          ratios,
          medianRatio: median(ratios),
          minRatio: Math.min(...ratios),
          maxRatio: Math.max(...ratios),
          sarp: summary(sarpSides),
          floor: summary(floorSides),
        });
      }
    }
    const report = { machine: machine(), seconds: SECONDS, rounds: ROUNDS, results };
    writeBenchmark('reads', report, readsTable(results));
  },
  1_800_000,
);

function readsTable(results: readonly ReadResult[]): string {
  const fixed = (value: number, digits = 2) => value.toFixed(digits);
  return [
    '| read | connections | ratio (median) | spread | requests/s: SARP / floor | p50 ms: SARP / floor | p99 ms: SARP / floor |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (result) =>
        `| ${result.read} | ${result.concurrency} | **${fixed(result.medianRatio)}×** | ${fixed(result.minRatio)}–${fixed(result.maxRatio)} | ${fixed(result.sarp.requestsPerSecond, 0)} / ${fixed(result.floor.requestsPerSecond, 0)} | ${result.sarp.p50} / ${result.floor.p50} | ${result.sarp.p99} / ${result.floor.p99} |`,
    ),
    '',
    `Each row: ${ROUNDS} rounds of ${SECONDS} s a side, alternating (the order swapped each round), after a warm-up of each. The floor is a bare Fastify server answering the same route from the same read-model query (postgres.js), on the same database: no token, no need-to-know, no access log.`,
  ].join('\n');
}
