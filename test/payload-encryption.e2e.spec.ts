/**
 * Temporal payloads encrypted (issue 16), against the real Temporal, Kafka and PostgreSQL: with
 * SARP_PAYLOAD_KEYS set, a pathway's history as Temporal's server holds it (read with a plain client, as
 * its Web UI or anyone with its database would) has no person reference or presenting need in it, while
 * SARP itself works as ever (the referral projected, a command answered); an auditor reads the payloads
 * through the codec endpoint, on the record, and no one else may, also from the Temporal Web UI's pages (the
 * only origin allowed to call it, and it alone); and the history still replays.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { createSql } from '@sarp/db';
import { connectTemporal, exportPathwayHistory, replayPathwayHistory } from '@sarp/worker';
import { dataConverterFor } from '@sarp/temporal';
import { apiClient } from './support/api-client';
import { referAndWait } from './support/referral';
import { startSarp, testConfig, type SarpHarness } from './support/sarp-harness';

const PERSON = 'P-CIPHER-4242';
/** The Temporal Web UI's origin, allowed to call the codec endpoint from its pages. */
const WEB_UI = 'http://temporal-ui.test:8080';
const NEED = 'Unmistakable presenting need 7f3a';

let sarp: SarpHarness;
let plain: Client;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);

beforeAll(async () => {
  sarp = await startSarp({
    config: testConfig({ SARP_PAYLOAD_KEYS: `test-1:${randomBytes(32).toString('base64')}`, SARP_TEMPORAL_CODEC_CORS_ORIGINS: WEB_UI }),
  });
  tokens.ann = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.bo = await sarp.tokenFor('auditor-bo', 'auditor');
  // No data converter: what Temporal's server stores and shows.
  plain = new Client({
    connection: await Connection.connect({ address: sarp.config.temporal.address }),
    namespace: sarp.config.temporal.namespace,
  });
}, 120_000);

afterAll(async () => {
  await plain?.connection.close();
  await sarp?.close();
});

/**
 * Every payload of a history that carries SARP's data (inputs, results, update arguments and answers, a local
 * activity's result), as stored. Left out: search attributes (Temporal indexes them, so they stay plain; they
 * hold stage, urgency and flags, no one's data) and the SDK's own marker bookkeeping (patch ids, attempt numbers).
 */
function payloadsOf(history: temporal.api.history.v1.IHistory): temporal.api.common.v1.IPayload[] {
  const found: temporal.api.common.v1.IPayload[] = [];
  const walk = (value: unknown, key = ''): void => {
    if (!value || typeof value !== 'object' || key === 'searchAttributes') return;
    if (Array.isArray(value)) return value.forEach((item) => walk(item));
    const record = value as Record<string, unknown>;
    if (record.metadata && 'data' in record) {
      found.push(record);
      return;
    }
    if (key === 'markerRecordedEventAttributes') return walk((record.details as Record<string, unknown> | undefined)?.result, 'result');
    for (const [childKey, child] of Object.entries(record)) walk(child, childKey);
  };
  walk(history.events);
  return found;
}

it("keeps the person's data out of Temporal's history, while SARP reads and changes the pathway as ever", async () => {
  const id = await referAndWait(client, 'ann', { personRef: PERSON, referringAgency: 'nhs', presentingNeeds: [NEED], urgency: 'standard' });
  const triage = await client.call('POST', `/pathways/${id}/triage`, 'ann', { outcome: 'accept', urgency: 'standard' });
  expect(triage.status).toBe(200);
  const view = await client.call(
    'GET',
    `/pathways/${id}?atLeastSequence=${Math.max(...(triage.body.events as { sequence: number }[]).map((e) => e.sequence))}`,
    'ann',
  );
  expect(view.body).toMatchObject({ personId: PERSON, stage: 'assessment' });

  const history = await plain.workflow.getHandle(id).fetchHistory();
  const stored = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  expect(stored.includes(PERSON)).toBe(false);
  expect(stored.includes(NEED)).toBe(false);
  const payloads = payloadsOf(history);
  expect(payloads.length).toBeGreaterThan(3);
  expect(payloads.every((payload) => Buffer.from(payload.metadata?.encoding ?? []).toString() === 'binary/encrypted')).toBe(true);

  // An auditor reads them through the codec endpoint; a coordinator may not; the decoding is on the record.
  const wire = {
    payloads: payloads.slice(0, 2).map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
      data: Buffer.from(payload.data ?? []).toString('base64'),
    })),
  };
  expect((await client.call('POST', '/temporal-codec/decode', 'ann', wire)).status).toBe(403);
  const decoded = await client.call('POST', '/temporal-codec/decode', 'bo', wire);
  expect(decoded.status).toBe(200);
  const texts = (decoded.body.payloads as { data: string }[]).map((payload) => Buffer.from(payload.data, 'base64').toString());
  expect(texts.join('\n')).toContain(PERSON);
  const sql = createSql({ url: sarp.config.database.url, maxConnections: 1 });
  try {
    const logged = await sql`SELECT 1 FROM access_log WHERE user_id = 'auditor-bo' AND action = 'POST /temporal-codec/decode'`;
    expect(logged.length).toBeGreaterThan(0);
  } finally {
    await sql.end();
  }

  // Replay (the auditors' CLI) decrypts with the same keys and finds the code deciding as it did.
  const auditors = await connectTemporal(sarp.config.temporal);
  const exported = await exportPathwayHistory(auditors, id).finally(() => auditors.connection.close());
  const report = await replayPathwayHistory(exported, {
    workflowsPath: require.resolve('@sarp/workflows'),
    dataConverter: dataConverterFor(sarp.config.temporal),
  });
  expect(report.deterministic).toBe(true);
}, 120_000);

it("lets the Temporal Web UI's pages call the codec endpoint with an auditor's token, and nothing else across origins", async () => {
  const preflight = (path: string, origin: string) =>
    fetch(`${sarp.baseUrl}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
  const allowed = await preflight('/temporal-codec/decode', WEB_UI);
  expect(allowed.status).toBe(204);
  expect(allowed.headers.get('access-control-allow-origin')).toBe(WEB_UI);
  expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
  // Another origin, or another endpoint, is allowed nothing.
  expect((await preflight('/temporal-codec/decode', 'https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
  expect((await preflight('/pathways', WEB_UI)).headers.get('access-control-allow-origin')).toBeNull();

  // The call itself is still the token's to decide, and marked readable for the Web UI only.
  const decode = (token?: string) =>
    fetch(`${sarp.baseUrl}/temporal-codec/decode`, {
      method: 'POST',
      headers: { origin: WEB_UI, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ payloads: [] }),
    });
  const byAuditor = await decode(tokens.bo);
  expect(byAuditor.status).toBe(200);
  expect(byAuditor.headers.get('access-control-allow-origin')).toBe(WEB_UI);
  expect((await decode()).status).toBe(401);
  expect((await decode(tokens.ann)).status).toBe(403);
  const listing = await fetch(`${sarp.baseUrl}/pathways`, { headers: { origin: WEB_UI, authorization: `Bearer ${tokens.ann}` } });
  expect(listing.status).toBe(200);
  expect(listing.headers.get('access-control-allow-origin')).toBeNull();
});
