/**
 * The read side against its floor (issue 15): each read the pages make (a pathway, the caseload, the panel's
 * worklist, the vacancies) through SARP's API (NestJS, the token, need-to-know, the access log) against a bare
 * Fastify server answering the same route from the same read-model query (postgres.js, the same pool size),
 * on the same database, under autocannon at several concurrencies, and against pgbench running that query's
 * very statements (recorded from postgres.js) at the same concurrency: alternating for several rounds.
 * Reported as the ratio of requests per second to each floor and each side's p50 and p99 latency, in
 * bench/results/reads.json and docs/benchmarks.md. Nothing is asserted about speed; a read that answers anything but 200 fails the run.
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
import { pgbench, recordStatements } from './pgbench-floor';
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
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
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
  /** The same against pgbench running the read's statements. */
  pgbenchRatios: number[];
  pgbenchMedianRatio: number;
  pgbench: { requestsPerSecond: number; p50: number; p99: number };
}

it('measures the reads the pages make against the same queries on bare Fastify', async () => {
  const tokens = {
    coordinator: await sarp.tokenFor(coordinator.userId, 'coordinator', 'localities'),
    panel: await sarp.tokenFor(panelMember.userId, 'panel_member'),
  };
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
  // Each read's floor query is the one its bare Fastify route runs.
  const reads: { read: string; path: string; token: string; query: (db: Sql) => Promise<unknown> }[] = [
    {
      read: 'a pathway (`GET /pathways/{id}`)',
      path: `/pathways/${pathwayIds[0]}`,
      token: tokens.coordinator,
      query: (db) => findPathway(db, pathwayIds[0]!),
    },
    {
      read: 'the caseload (`GET /pathways`)',
      path: '/pathways?limit=50',
      token: tokens.coordinator,
      query: (db) => listPathways(db, { limit: 50, offset: 0 }, coordinator),
    },
    {
      read: "the panel's worklist (`GET /worklist`)",
      path: '/worklist',
      token: tokens.panel,
      query: (db) => listPanelTasks(db, { status: 'pending', sort: 'priority', limit: 25, offset: 0 }),
    },
    {
      read: 'the vacancies (`GET /vacancies`)',
      path: '/vacancies',
      token: tokens.coordinator,
      query: async (db) => vacanciesOf(await listSchemes(db), await currentUnitHoldings(db)),
    },
  ];
  const floorPath = (path: string) => path.replace('?limit=50', '');
  const results: ReadResult[] = [];
  for (const read of reads) {
    for (const concurrency of CONCURRENCIES) {
      const statements = await recordStatements(sarp.config.database.url, read.query);
      const sarpSides: Side[] = [];
      const floorSides: Side[] = [];
      const pgbenchSides: Side[] = [];
      const measure = [
        async () => sarpSides.push(await load(`${sarp.baseUrl}${read.path}`, concurrency, { authorization: `Bearer ${read.token}` })),
        async () => floorSides.push(await load(`${floorUrl}${floorPath(read.path)}`, concurrency, {})),
        async () => {
          const side = await pgbench(sarp.config.database.url, statements, concurrency, SECONDS);
          pgbenchSides.push({ ...side, non2xx: side.failed });
        },
      ];
      for (const side of measure) await side();
      sarpSides.length = floorSides.length = pgbenchSides.length = 0; // that was the warm-up
      for (let round = 0; round < ROUNDS; round++) {
        for (const side of round % 2 === 0 ? measure : [...measure].reverse()) await side();
      }
      for (const side of [...sarpSides, ...floorSides, ...pgbenchSides]) expect(side.non2xx).toBe(0);
      const ratios = sarpSides.map((side, index) => side.requestsPerSecond / floorSides[index]!.requestsPerSecond);
      const pgbenchRatios = sarpSides.map((side, index) => side.requestsPerSecond / pgbenchSides[index]!.requestsPerSecond);
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
        pgbenchRatios,
        pgbenchMedianRatio: median(pgbenchRatios),
        pgbench: summary(pgbenchSides),
      });
    }
  }
  const report = { machine: machine(), seconds: SECONDS, rounds: ROUNDS, results };
  writeBenchmark('reads', report, readsTable(results));
}, 1_800_000);

function readsTable(results: readonly ReadResult[]): string {
  const fixed = (value: number, digits = 2) => value.toFixed(digits);
  return [
    '| read | connections | ratio to Fastify (median) | spread | ratio to pgbench (median) | requests/s: SARP / Fastify / pgbench | p50 ms: SARP / Fastify / pgbench | p99 ms: SARP / Fastify / pgbench |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(
      (result) =>
        `| ${result.read} | ${result.concurrency} | **${fixed(result.medianRatio)}×** | ${fixed(result.minRatio)}–${fixed(result.maxRatio)} | ${fixed(result.pgbenchMedianRatio)}× | ${fixed(result.sarp.requestsPerSecond, 0)} / ${fixed(result.floor.requestsPerSecond, 0)} / ${fixed(result.pgbench.requestsPerSecond, 0)} | ${result.sarp.p50} / ${result.floor.p50} / ${fixed(result.pgbench.p50)} | ${result.sarp.p99} / ${result.floor.p99} / ${fixed(result.pgbench.p99)} |`,
    ),
    '',
    `Each row: ${ROUNDS} rounds of ${SECONDS} s a side, alternating (the order swapped each round), after a warm-up of each. The floors: a bare Fastify server answering the same route from the same read-model query (postgres.js), on the same database (no token, no need-to-know, no access log); and pgbench running that query's statements, recorded from postgres.js, prepared, at the same number of connections (autocannon's and pgbench's latencies are measured differently: HTTP round trip against one database transaction).`,
  ].join('\n');
}
