/**
 * Tamper evidence anchored outside the database (issue 16; docs/audit.md), against the real stack: someone
 * with write access to the database (even holding the audit key) rewrites a history consistently, cuts one
 * short, or edits and removes access-log rows; the signed checkpoints on Kafka catch each. And the app's own
 * role may only insert into the event log and the access log.
 */
import { AuditKeyring, chainLink, createSql, type Sql } from '@sarp/db';
import { AuditCheckpoints } from '@sarp/api';
import { apiClient } from './support/api-client';
import { isolatedTestConfig, startSarp, type SarpHarness } from './support/sarp-harness';
import { pathwayWithHistory as historyOf } from './support/pathway-with-history';

let sarp: SarpHarness;
let owner: Sql;
let checkpoints: AuditCheckpoints;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
const { call } = client;

beforeAll(async () => {
  // A database of its own: the access log's checkpointed segments must hold no other test file's rows.
  sarp = await startSarp({ config: await isolatedTestConfig('tamper') });
  // Someone with database access: the tables' owner (the apps themselves connect as a login in role sarp_app).
  owner = createSql({ ...sarp.config.database, url: sarp.config.database.migrationUrl! });
  checkpoints = sarp.app.get(AuditCheckpoints);
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator');
  tokens.auditor = await sarp.tokenFor('auditor-bo', 'auditor');
});

afterAll(async () => {
  await sarp?.close();
  await owner?.end();
});

const pathwayWithHistory = async (personRef: string) => (await historyOf(client, personRef)).id;

const verify = async (id: string) => (await call('GET', `/audit/pathways/${id}/verify`, 'auditor')).body;

it('catches a history rewritten together with its chain, by someone who even holds the audit key', async () => {
  const id = await pathwayWithHistory('P-TAMPER-001');
  expect(await verify(id)).toMatchObject({ verified: true, keyed: true, checkpoint: null });
  const taken = await checkpoints.takeCheckpoint();
  expect(taken.pathwaysMoved).toBeGreaterThanOrEqual(1);
  expect(await verify(id)).toMatchObject({ verified: true, keyed: true, checkpoint: { sequence: 4, held: true } });

  // The rewrite: who triaged the referral, and every link from there on recomputed with the stolen key.
  const keyring = new AuditKeyring(sarp.config.audit.keys);
  await owner`UPDATE event_log SET envelope = jsonb_set(envelope, '{actor,userId}', '"someone-else"') WHERE event_id = ${`${id}:2`}`;
  const rows = await owner<{ event_id: string; envelope: unknown }[]>`SELECT event_id, envelope FROM event_log WHERE pathway_id = ${id} ORDER BY sequence`;
  let previous: string | null = null;
  for (const row of rows) {
    const { chainHash, chainKeyId } = chainLink(keyring, previous, row.event_id, row.envelope);
    await owner`UPDATE event_log SET chain_hash = ${chainHash}, chain_key_id = ${chainKeyId} WHERE event_id = ${row.event_id}`;
    previous = chainHash;
  }

  expect(await verify(id)).toMatchObject({
    verified: false,
    checkpoint: { sequence: 4, held: false },
    firstBrokenLink: { eventId: `${id}:4`, sequence: 4, reason: expect.stringMatching(/not the one checkpointed.*rewritten/) },
  });
});

it('catches a history cut short, and a link forged without the key', async () => {
  const id = await pathwayWithHistory('P-TAMPER-002');
  await checkpoints.takeCheckpoint();
  await owner.begin(async (tx) => {
    // As whoever owns the tables would: past the read model's foreign keys.
    await tx`SET LOCAL session_replication_role = replica`;
    await tx`DELETE FROM event_log WHERE pathway_id = ${id} AND sequence >= 3`;
    await tx`UPDATE pathways SET last_sequence = 2 WHERE pathway_id = ${id}`;
  });
  expect(await verify(id)).toMatchObject({
    verified: false,
    eventsChecked: 2,
    firstBrokenLink: { sequence: 4, reason: expect.stringMatching(/holds events up to 4.*only 2: events were removed/) },
  });
  // The next checkpoint does not take the shorter history for the truth.
  expect((await checkpoints.takeCheckpoint()).headsNotFollowing).toBeGreaterThanOrEqual(1);

  const forged = await pathwayWithHistory('P-TAMPER-003');
  await owner`UPDATE event_log SET envelope = jsonb_set(envelope, '{actor,userId}', '"someone-else"'),
    chain_hash = encode(sha256('forged'::bytea), 'hex') WHERE event_id = ${`${forged}:4`}`;
  expect(await verify(forged)).toMatchObject({ verified: false, firstBrokenLink: { sequence: 4, reason: expect.stringMatching(/does not match/) } });
});

it('seals every access-log row and chains the log in checkpointed segments', async () => {
  const id = await pathwayWithHistory('P-TAMPER-004');
  for (let read = 0; read < 3; read++) expect((await call('GET', `/pathways/${id}`, 'coordinator')).status).toBe(200);
  await checkpoints.takeCheckpoint({ accessLogSettleMs: 0 });
  const intact = (await call('GET', '/audit/access-log/verify', 'auditor')).body;
  expect(intact).toMatchObject({ verified: true, unsealedRows: 0, firstBroken: null });
  expect(intact.segmentsChecked).toBeGreaterThanOrEqual(1);

  const [row] = await owner<{ id: string }[]>`SELECT id::text AS id FROM access_log WHERE pathway_id = ${id} ORDER BY id LIMIT 1`;
  await owner`UPDATE access_log SET reason = 'nothing to see' WHERE id = ${row!.id}`;
  expect((await call('GET', '/audit/access-log/verify', 'auditor')).body).toMatchObject({
    verified: false,
    firstBroken: { id: row!.id, reason: expect.stringMatching(/does not match its seal/) },
  });
  await owner`DELETE FROM access_log WHERE id = ${row!.id}`;
  expect((await call('GET', '/audit/access-log/verify', 'auditor')).body).toMatchObject({
    verified: false,
    firstBroken: { id: null, reason: expect.stringMatching(/rows were removed/) },
  });
});

it("connects the apps as a login in role sarp_app, which may insert into the event log and the access log but never change or remove a row", async () => {
  const app = createSql(sarp.config.database);
  try {
    const [who] = await app<{ user: string; isApp: boolean; owner: string }[]>`
      SELECT current_user AS user, pg_has_role(current_user, 'sarp_app', 'MEMBER') AS "isApp",
        (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'event_log') AS owner`;
    expect(who!.isApp).toBe(true);
    expect(who!.user).not.toBe(who!.owner);
    await app`INSERT INTO access_log (user_id, role, action) VALUES ('u', 'auditor', 'GET /test')`;
    expect((await app<{ n: number }[]>`SELECT count(*)::int AS n FROM event_log`)[0]!.n).toBeGreaterThan(0);
    await expect(app`UPDATE event_log SET type = type`).rejects.toMatchObject({ code: '42501' });
    await expect(app`DELETE FROM event_log`).rejects.toMatchObject({ code: '42501' });
    await expect(app`UPDATE access_log SET reason = 'x'`).rejects.toMatchObject({ code: '42501' });
    await expect(app`DELETE FROM access_log`).rejects.toMatchObject({ code: '42501' });
    await expect(app`TRUNCATE access_log`).rejects.toMatchObject({ code: '42501' });
    // Nor can it replace the SQL chain function or make tables of its own.
    await expect(app`CREATE OR REPLACE FUNCTION sarp_event_chain_hash(text, text, jsonb) RETURNS text LANGUAGE sql AS 'SELECT 1::text'`).rejects.toMatchObject({ code: '42501' });
    // The derived read model it keeps as before.
    await app`UPDATE pathways SET updated_at = updated_at WHERE false`;
  } finally {
    await app.end();
  }
});
