/**
 * The projector and the rebuild against PostgreSQL's own bulk load (issue 15): how many events a second the
 * read model takes in, against postgres.js `COPY … FROM STDIN` of the very rows the projection writes.
 *
 * The data: SARP_PROJECTOR_PATHWAYS pathways (default 5,000, about 11 events each) made with the domain's own
 * decide/stamp (`generatePathways`), published to the pathway-events topic interleaved across pathways, as a
 * live service sends them, and folded by the stack's live projector. Then, each round, in turns (the order
 * swapped each round):
 * - **projector**: the projector's own writer (`ReadModelWriter`, as the API runs it, in a Node process of its
 *   own: bench/projector-round.mjs) on a consumer group of its own reading the topic from offset 0 into a
 *   freshly migrated database; timed from its first message to its last applied (the group's join is not
 *   counted);
 * - **rebuild**: `npm run rebuild-read-model -- --check --json` on the live read model (fresh tables, a
 *   group of its own from offset 0, then both models' digests compared): events ÷ its reported duration,
 *   which includes making its tables, joining the group and the digests, and events ÷ its applying phase;
 * - **COPY** (the floor): the rows the projection left in every read-model table, copied out once, then
 *   `COPY`'d into a freshly migrated database's tables (same indexes and keys), timed from the first table
 *   to the last.
 * Reported as ratios (rate ÷ COPY's rate in the same round) in bench/results/projector.json and
 * docs/benchmarks.md. Nothing is asserted about speed; a read model that does not match fails the run.
 *
 * SARP_PROJECTOR_PATHWAYS (default 5000) and SARP_PROJECTOR_ROUNDS (default 3) size it.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { RebuildReport } from '@sarp/api';
import { createSql, READ_MODEL_TABLES, type Sql } from '@sarp/db';
import { createEventProducer, createKafka, toKafkaMessage } from '@sarp/kafka';
import type { PathwayEventEnvelope } from '@sarp/events';
import { startFaultStack, type FaultStack } from '../test/support/fault-stack';
import { generatePathways } from '../test/support/pathway-script';
import { waitFor } from '../test/support/wait-for';
import { machine, median, writeBenchmark } from './report';

jest.setTimeout(60 * 60_000);

const PATHWAYS = Number(process.env.SARP_PROJECTOR_PATHWAYS ?? 5000);
const ROUNDS = Number(process.env.SARP_PROJECTOR_ROUNDS ?? 3);
const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);

let sarp: FaultStack;
let live: Sql;
let admin: Sql;
let events = 0;

/** The pathways' events one from each in turn, as pathways move at once in a live service. */
function interleaved(perPathway: PathwayEventEnvelope[][]): PathwayEventEnvelope[] {
  const out: PathwayEventEnvelope[] = [];
  for (let index = 0; out.length < perPathway.reduce((sum, list) => sum + list.length, 0); index++) {
    for (const list of perPathway) if (list[index]) out.push(list[index]!);
  }
  return out;
}

beforeAll(async () => {
  sarp = await startFaultStack();
  live = createSql({ url: sarp.config.database.url, maxConnections: 4 });
  // The tables' owner makes and drops the bench's databases; the projector itself writes as the app login.
  admin = createSql({ url: ownerUrl(), maxConnections: 1 });
  const scripts = generatePathways(PATHWAYS, { from: '2025-01-06T09:00:00Z', days: 365, idPrefix: 'P-PROJ' });
  const all = interleaved(scripts.map((script) => script.events));
  events = all.length;
  const producer = createEventProducer(createKafka(sarp.config.kafka));
  await producer.connect();
  for (let start = 0; start < all.length; start += 1000) {
    await producer.send({
      topic: sarp.config.kafka.pathwayEventsTopic,
      acks: -1,
      messages: all.slice(start, start + 1000).map(toKafkaMessage),
    });
  }
  await producer.disconnect();
  await waitFor(async () => ((await live<{ n: number }[]>`SELECT count(*)::int AS n FROM event_log`)[0]?.n === events ? true : undefined), {
    what: `the live projector to fold all ${events} events`,
    timeoutMs: 30 * 60_000,
  });
}, 60 * 60_000);

afterAll(async () => {
  await live?.end();
  await admin?.end();
  await sarp?.close();
});

const ownerUrl = (): string => sarp.config.database.migrationUrl ?? sarp.config.database.url;

/** A database of its own with the read model's tables, made by the migrations as a deployment makes them. */
async function freshDatabase(name: string): Promise<{ name: string; sql: Sql; drop: () => Promise<void> }> {
  await admin`CREATE DATABASE ${admin(name)}`;
  const url = new URL(sarp.config.database.url);
  url.pathname = `/${name}`;
  const owner = new URL(ownerUrl());
  owner.pathname = `/${name}`;
  await run(process.execPath, [resolve(ROOT, 'libs/db/dist/cli/migrate.js')], {
    env: { ...process.env, DATABASE_URL: url.toString(), SARP_MIGRATION_DATABASE_URL: owner.toString() },
  });
  const sql = createSql({ url: url.toString(), maxConnections: 2 });
  return {
    name,
    sql,
    drop: async () => {
      await sql.end();
      await admin`DROP DATABASE ${admin(name)} WITH (FORCE)`;
    },
  };
}

/**
 * The projector's writer from offset 0 into a fresh database: events per second from its first message to its
 * last. Run by `bench/projector-round.mjs` in a plain Node process, as the API runs its projector (Jest's
 * sandbox makes the schema checks about six times slower).
 */
async function projectorRound(round: number): Promise<number> {
  const target = await freshDatabase(`bench_projector_${round}_${randomUUID().slice(0, 6)}`);
  try {
    const targetUrl = new URL(sarp.config.database.url);
    targetUrl.pathname = `/${target.name}`;
    const { kafka } = sarp.config;
    const { stdout } = await run(
      process.execPath,
      [
        resolve(ROOT, 'bench/projector-round.mjs'),
        targetUrl.toString(),
        kafka.brokers.join(','),
        kafka.pathwayEventsTopic,
        kafka.refusedCommandsTopic,
        String(events),
      ],
      { maxBuffer: 2 ** 20 },
    );
    const taken = JSON.parse(stdout) as { eventsPerSecond: number; applied: number; deadLettered: number };
    if (taken.applied !== events || taken.deadLettered !== 0) {
      throw new Error(`the projector applied ${taken.applied} of ${events} events (${taken.deadLettered} dead-lettered)`);
    }
    return taken.eventsPerSecond;
  } finally {
    await target.drop();
  }
}

/**
 * The rebuild on the live read model, checking only: events per second over its own reported duration (what
 * an operator waits for: making the tables, joining the group, the digests), and over its applying phase
 * alone (first batch to last), which is the work COPY's floor does.
 */
async function rebuildRound(): Promise<{ whole: number; applying: number; phasesMs: RebuildReport['phasesMs'] }> {
  const url = new URL(sarp.config.database.url);
  const { stdout } = await run(process.execPath, [resolve(ROOT, 'apps/api/dist/cli/rebuild-read-model.js'), '--check', '--json'], {
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      SARP_MIGRATION_DATABASE_URL: ownerUrl(),
      KAFKA_BROKERS: sarp.config.kafka.brokers.join(','),
      TEMPORAL_ADDRESS: sarp.config.temporal.address,
      NODE_ENV: 'test',
    },
    maxBuffer: 16 * 2 ** 20,
  });
  const report = JSON.parse(stdout) as RebuildReport;
  if (report.differingTables.length > 0)
    throw new Error(`the rebuild differs from the live read model in ${report.differingTables.join(', ')}`);
  return { whole: events / (report.durationMs / 1000), applying: events / (report.phasesMs.applying / 1000), phasesMs: report.phasesMs };
}

/**
 * COPY of the same rows into a fresh database's tables: events per second. Run by `bench/copy-floor.mjs`
 * in a plain Node process, because postgres.js COPY streams stall inside Jest's sandbox.
 */
async function copyRound(round: number): Promise<number> {
  const target = await freshDatabase(`bench_copy_${round}_${randomUUID().slice(0, 6)}`);
  try {
    const targetUrl = new URL(sarp.config.database.url);
    targetUrl.pathname = `/${target.name}`;
    // READ_MODEL_TABLES lists parents before the tables whose keys refer to them.
    const { stdout } = await run(
      process.execPath,
      [resolve(ROOT, 'bench/copy-floor.mjs'), sarp.config.database.url, targetUrl.toString(), ...READ_MODEL_TABLES],
      { maxBuffer: 2 ** 20 },
    );
    const { ms } = JSON.parse(stdout) as { ms: number };
    return events / (ms / 1000);
  } finally {
    await target.drop();
  }
}

it('reports the projector and the rebuild against COPY of the same rows', async () => {
  const rates = { projector: [] as number[], rebuild: [] as number[], rebuildApplying: [] as number[], copy: [] as number[] };
  const rebuildPhases: RebuildReport['phasesMs'][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const sides = [
      async () => rates.projector.push(await projectorRound(round)),
      async () => {
        const rebuild = await rebuildRound();
        rates.rebuild.push(rebuild.whole);
        rates.rebuildApplying.push(rebuild.applying);
        rebuildPhases.push(rebuild.phasesMs);
      },
      async () => rates.copy.push(await copyRound(round)),
    ];
    for (const side of round % 2 === 0 ? sides : sides.reverse()) await side();
  }
  const ratios = (of: number[]) => of.map((rate, round) => rate / rates.copy[round]!);
  const summary = (name: string, of: number[]) => {
    const each = ratios(of);
    return {
      name,
      ratesPerRound: of,
      ratios: each,
      medianRatio: median(each),
      minRatio: Math.min(...each),
      maxRatio: Math.max(...each),
      medianRate: median(of),
    };
  };
  const result = {
    machine: machine(),
    pathways: PATHWAYS,
    events,
    rounds: ROUNDS,
    copyRatesPerRound: rates.copy,
    projector: summary('projector', rates.projector),
    rebuild: summary('rebuild', rates.rebuild),
    rebuildApplying: summary('rebuild (applying)', rates.rebuildApplying),
    /** Where each round's rebuild spent its time (ms): making the tables, applying, and the rest (group join, catching up, digests). */
    rebuildPhasesMs: rebuildPhases,
  };
  const medianPhase = (phase: keyof RebuildReport['phasesMs']) => Math.round(median(rebuildPhases.map((phases) => phases[phase])));
  const row = (label: string, side: ReturnType<typeof summary>) =>
    `| ${label} | **${side.medianRatio.toFixed(2)}×** | ${side.minRatio.toFixed(2)}–${side.maxRatio.toFixed(2)} | ≥ 0.3×${side.medianRatio >= 0.3 ? '' : ' (not met)'} | ${Math.round(side.medianRate)} / ${Math.round(median(rates.copy))} |`;
  writeBenchmark(
    'projector',
    result,
    [
      `${PATHWAYS} pathways, ${events} events; ${ROUNDS} rounds, the sides taking turns (the order swapped each round).`,
      '',
      '| side | ratio to COPY (median) | spread | target | events/s / COPY events/s (median) |',
      '|---|---|---|---|---|',
      row('projector (Kafka → read model, one transaction per batch)', result.projector),
      row('rebuild (`rebuild-read-model --check`, from offset 0), as a whole: tables, group join, digests', result.rebuild),
      row('rebuild, its applying phase (first batch to last)', result.rebuildApplying),
      '',
      `The rebuild's time (median ms): making its tables ${medianPhase('creatingTables')}, applying ${medianPhase('applying')}, ` +
        `the rest (joining its group, waiting for the live projector, the two digests side by side) ${medianPhase('other')}.`,
    ].join('\n'),
  );
  expect(rates.projector.every((rate) => rate > 0)).toBe(true);
});
