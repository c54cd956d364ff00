/**
 * Rebuilding the read model from Kafka offset 0 into fresh tables, and
 * switching over while the API keeps answering: the rebuilt model's digest
 * equals the live one's, the projector carries on into the new tables, and a
 * row altered in the live model is found by a check and mended by a rebuild.
 *
 * A database and topics of its own: the rebuild replaces every read-model
 * table, which must not pull the floor from under other test files.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { RebuildReport } from '@sarp/api';
import { createSql, NOT_DERIVED_TABLES, READ_MODEL_TABLES, type Sql } from '@sarp/db';
import { createEventProducer, createKafka } from '@sarp/kafka';
import { apiClient } from './support/api-client';
import { referAndWait } from './support/referral';
import { caseAtPanel } from './support/panel-case';
import { startSarp, testConfig, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let sql: Sql;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
const { call, ok } = client;
let settings: Record<string, string>;

/** Runs one of the project's commands (node-pg-migrate is an ES module that cannot load inside Jest's sandbox, so they run as the deploying engineer would). */
async function runCommand(script: string, args: string[] = []): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [resolve(__dirname, '..', script), ...args], {
    env: { ...process.env, ...settings },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** `npm run rebuild-read-model -- --json [flags]`, and its report. */
async function rebuild(...flags: string[]): Promise<RebuildReport> {
  return JSON.parse(await runCommand('apps/api/dist/cli/rebuild-read-model.js', ['--json', ...flags])) as RebuildReport;
}

beforeAll(async () => {
  const unique = randomUUID().slice(0, 8);
  const database = `rebuild_${unique}`;
  const admin = createSql({ url: process.env.SARP_TEST_DATABASE_URL!, maxConnections: 1 });
  await admin`CREATE DATABASE ${admin(database)}`;
  await admin.end();
  // The apps' login (role sarp_app); testConfig gives the rebuild the owner's as SARP_MIGRATION_DATABASE_URL.
  const url = new URL(process.env.SARP_TEST_APP_DATABASE_URL ?? process.env.SARP_TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  const config = testConfig({
    DATABASE_URL: url.toString(),
    SARP_PATHWAY_EVENTS_TOPIC: `test-events-${unique}`,
    SARP_PATHWAY_EVENTS_DLQ_TOPIC: `test-events-dlq-${unique}`,
    SARP_REFUSED_COMMANDS_TOPIC: `test-refused-${unique}`,
  });
  settings = {
    DATABASE_URL: config.database.url,
    SARP_MIGRATION_DATABASE_URL: config.database.migrationUrl!,
    KAFKA_BROKERS: config.kafka.brokers.join(','),
    SARP_PATHWAY_EVENTS_TOPIC: config.kafka.pathwayEventsTopic,
    SARP_PATHWAY_EVENTS_DLQ_TOPIC: config.kafka.pathwayEventsDeadLetterTopic,
    SARP_REFUSED_COMMANDS_TOPIC: config.kafka.refusedCommandsTopic,
    SARP_PROJECTOR_GROUP: config.kafka.projectorGroupId,
    // The rebuild keys the events' chain links as the live projector does (docs/audit.md).
    SARP_AUDIT_KEYS: process.env.SARP_TEST_AUDIT_KEYS ?? '',
  };
  await runCommand('libs/db/dist/cli/migrate.js');
  sarp = await startSarp({ config });
  // The owner's view: the test looks into the rebuild's schemas, which only the owner may read.
  sql = createSql({ ...sarp.config.database, url: sarp.config.database.migrationUrl! });
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator');
  tokens.assessor = await sarp.tokenFor('assessor-raj', 'assessor');
  tokens.lee = await sarp.tokenFor('panel-lee', 'panel_member');
  tokens.auditor = await sarp.tokenFor('auditor-bo', 'auditor');
});

afterAll(async () => {
  await sarp?.close();
  await sql?.end();
});

const lastSequenceOf = (answer: Record<string, any>) =>
  Math.max(...(answer.events as { sequence: number }[]).map((event) => event.sequence));

/** Something in every read-model table but escalations: pathways with deadlines, a panel task with a comment, a safeguarding referral, a refused attempt, a dead letter. */
async function driveSomePathways(): Promise<{ pathwayId: string; taskId: string }> {
  const atPanel = await caseAtPanel(client, 'P-REBUILD-001');
  const commented = await ok(`/tasks/${atPanel.taskId}/comments`, 'lee', { text: 'Housing report attached' });
  await call('GET', `/tasks/${atPanel.taskId}?atLeastSequence=${lastSequenceOf(commented)}`, 'lee');

  const other = await referAndWait(client, 'coordinator', {
    personRef: 'P-REBUILD-002',
    referringAgency: 'housing',
    presentingNeeds: ['Eviction notice'],
    urgency: 'standard',
  });
  await ok(`/pathways/${other}/safeguarding-referral`, 'coordinator', {
    agency: 'adult_safeguarding',
    concern: 'Neglect at home',
    consent: 'not_asked',
    withoutConsentReason: 'danger_to_person',
  });
  const triaged = await ok(`/pathways/${other}/triage`, 'coordinator', { outcome: 'accept', urgency: 'standard' });
  await call('GET', `/pathways/${other}?atLeastSequence=${lastSequenceOf(triaged)}`, 'coordinator');
  expect((await call('POST', `/pathways/${other}/placement`, 'coordinator', { offerId: 'none' })).status).toBe(409); // refused: wrong stage
  // The figures' facts (libs/db/src/figure-facts.ts): funds, a complaint, and a closure.
  await ok(`/pathways/${other}/funds`, 'coordinator', { fund: 'emergency_living_fund', amountPence: 5_000, accessedOn: '2026-11-30' });
  await ok(`/pathways/${other}/feedback`, 'coordinator', {
    kind: 'complaint',
    receivedOn: '2026-11-30',
    about: 'waiting_time',
    summary: 'Slow to hear back',
    channel: 'email',
  });
  const withdrawn = await ok(`/pathways/${other}/withdrawal`, 'coordinator', { reason: 'Found a flat with family' });
  await call('GET', `/pathways/${other}?atLeastSequence=${lastSequenceOf(withdrawn)}`, 'coordinator');

  const producer = createEventProducer(createKafka(sarp.config.kafka));
  await producer.connect();
  await producer.send({ topic: sarp.config.kafka.pathwayEventsTopic, acks: -1, messages: [{ key: other, value: 'not an event' }] });
  await producer.disconnect();
  await waitFor(
    async () => ((await sql`SELECT 1 FROM refused_attempts`).length > 0 && (await sql`SELECT 1 FROM dead_letters`).length > 0) || undefined,
    {
      what: 'the refused attempt and the dead letter to be projected',
    },
  );
  return atPanel;
}

/** Reads a pathway and the worklist again and again until stopped; every answer's status is kept. */
function keepReading(pathwayId: string): { stop: () => Promise<number[]> } {
  const statuses: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      statuses.push((await call('GET', `/pathways/${pathwayId}`, 'coordinator')).status);
      statuses.push((await call('GET', '/worklist?status=pending', 'lee')).status);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return statuses;
    },
  };
}

describe('rebuilding the read model', () => {
  it('classifies every table: rebuilt from the events, or kept as it is', async () => {
    const tables = await sql<{ name: string }[]>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`;
    expect(tables.map((table) => table.name).sort()).toEqual([...READ_MODEL_TABLES, ...NOT_DERIVED_TABLES].sort());
  });

  it('rebuilds from offset 0 into fresh tables whose digest equals the live one, and switches over while reads go on', async () => {
    const { pathwayId, taskId } = await driveSomePathways();
    const readers = keepReading(pathwayId);

    const report = await rebuild();

    const statuses = await readers.stop();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(report.switched).toBe(true);
    expect(report.liveWasBehind).toBe(false);
    expect(report.differingTables).toEqual([]);
    expect(report.rebuilt).toEqual(report.live);
    // Something in every table, so that equal digests say something; an escalation needs a deadline breached, which
    // takes days, a placement stay a unit offered and accepted (test/projection-batch.int.spec.ts covers both), and
    // the figure facts of panel decisions, plan copies and offers a case taken that far
    // (test/report-projections-backfill.int.spec.ts checks those against their migration).
    const empty = READ_MODEL_TABLES.filter((table) => report.rebuilt[table].rows === 0);
    expect(empty).toEqual(['placement_stays', 'panel_decisions', 'plan_copies_given', 'unit_offers', 'escalations']);
    expect(report.stats.deadLettered).toBe(1);

    // The old tables were moved aside, and the API now reads the new ones.
    const [retired] = await sql<{ rows: number }[]>`SELECT count(*)::int AS rows FROM ${sql(report.retiredSchema!)}.event_log`;
    expect(retired?.rows).toBe(report.live.event_log.rows);
    const rebuiltOids = await sql<{ schema: string }[]>`
      SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = 'pathways' AND c.relkind = 'r' ORDER BY n.nspname`;
    expect(rebuiltOids.map((row) => row.schema)).toEqual(['public', report.retiredSchema]);

    // The live projector carries on into the new tables.
    const decided = await ok(`/tasks/${taskId}/comments`, 'lee', { text: 'Seen after the rebuild' });
    const task = await call('GET', `/tasks/${taskId}?atLeastSequence=${lastSequenceOf(decided)}`, 'lee');
    expect(task.body.comments.map((comment: { comment: string }) => comment.comment)).toEqual([
      'Housing report attached',
      'Seen after the rebuild',
    ]);

    // And what it wrote there is exactly what a rebuild from the events says.
    const check = await rebuild('--check');
    expect(check.switched).toBe(false);
    expect(check.differingTables).toEqual([]);
    expect(check.rebuilt.panel_task_comments.rows).toBe(2);
  });

  it('finds a row altered in the live read model, and a rebuild mends it', async () => {
    const [pathway] = await sql<{ pathway_id: string; stage: string }[]>`SELECT pathway_id, stage FROM pathways ORDER BY opened_at LIMIT 1`;
    await sql`UPDATE pathways SET stage = 'closed' WHERE pathway_id = ${pathway!.pathway_id}`;

    // --check exits 1 when the live read model differs from what the events say.
    const failed = await rebuild('--check').then(
      () => undefined,
      (error: { code?: number; stdout?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    const check = JSON.parse(failed?.stdout ?? 'null') as RebuildReport;
    expect(check.differingTables).toEqual(['pathways']);
    const [stillAltered] = await sql<{ stage: string }[]>`SELECT stage FROM pathways WHERE pathway_id = ${pathway!.pathway_id}`;
    expect(stillAltered?.stage).toBe('closed');

    const rebuilt = await rebuild('--drop-retired');
    expect(rebuilt.differingTables).toEqual(['pathways']);
    expect(rebuilt.retiredSchema).toBeUndefined();
    const [mended] = await sql<{ stage: string }[]>`SELECT stage FROM pathways WHERE pathway_id = ${pathway!.pathway_id}`;
    expect(mended?.stage).toBe(pathway!.stage);
    const leftovers = await sql`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read_model_rebuild_%'`;
    expect(leftovers).toHaveLength(0);
  });
});
