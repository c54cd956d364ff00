/**
 * The walking skeleton, end to end against the real stack: a coordinator
 * posts a referral over HTTP, the pathway workflow starts in Temporal and
 * publishes ReferralReceived to Kafka, the projector writes it to
 * PostgreSQL, and the API serves it back.
 */
import { randomUUID } from 'node:crypto';
import { createSql, type Sql } from '@sarp/db';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let sql: Sql;
let coordinatorToken: string;

beforeAll(async () => {
  sarp = await startSarp();
  sql = createSql(sarp.config.database);
  coordinatorToken = await sarp.tokenFor('coordinator-ann', 'coordinator');
});

afterAll(async () => {
  await sarp?.close();
  await sql?.end();
});

function referral(overrides: Record<string, unknown> = {}) {
  return {
    personRef: `P-${randomUUID().slice(0, 8)}`,
    referringAgency: 'nhs',
    presentingNeeds: ['Needs support with medication and daily living after a hospital stay'],
    urgency: 'crisis',
    ...overrides,
  };
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${sarp.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinatorToken}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

async function getPathway(pathwayId: string, token = coordinatorToken) {
  const response = await fetch(`${sarp.baseUrl}/pathways/${pathwayId}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

/** Waits until the read model has the pathway: the projection is asynchronous. */
async function projectedPathway(pathwayId: string, upToSequence = 1) {
  return waitFor(
    async () => {
      const response = await getPathway(pathwayId);
      return response.status === 200 && (response.body.lastSequence as number) >= upToSequence ? response.body : undefined;
    },
    { what: `pathway ${pathwayId} to be projected` },
  );
}

describe('a coordinator refers a person', () => {
  it('starts the pathway and shows the projected ReferralReceived in its timeline', async () => {
    const body = referral();
    const correlationId = `corr-${randomUUID()}`;
    const accepted = await post('/referrals', body, { 'x-correlation-id': correlationId });

    expect(accepted.status).toBe(202);
    expect(accepted.body.status).toBe('accepted');
    const pathwayId = accepted.body.pathwayId as string;
    expect(accepted.headers.get('location')).toBe(`/pathways/${pathwayId}`);
    expect(accepted.body.links.pathway).toBe(`/pathways/${pathwayId}`);

    const pathway = await projectedPathway(pathwayId, 2);
    expect(pathway).toMatchObject({
      pathwayId,
      personId: body.personRef,
      stage: 'referral',
      urgency: 'crisis',
      referringAgency: 'nhs',
      lastSequence: 2,
    });
    // A crisis referral also starts the 24-hour crisis response deadline, and says which rule set it.
    expect(pathway.deadlines).toEqual([
      expect.objectContaining({ ruleId: 'crisis-response', status: 'open', policyVersion: '3', source: expect.stringContaining('003') }),
    ]);
    expect(pathway.timeline).toEqual([
      expect.objectContaining({
        sequence: 1,
        eventId: `${pathwayId}:1`,
        type: 'ReferralReceived',
        actor: { userId: 'coordinator-ann', role: 'coordinator' },
        summary: 'Crisis referral received from nhs',
      }),
      expect.objectContaining({ sequence: 2, type: 'DeadlineSet', actor: { userId: 'coordinator-ann', role: 'coordinator' } }),
    ]);

    // The audit log holds the whole envelope as published.
    const [logged] = await sql<
      { envelope: Record<string, any> }[]
    >`SELECT envelope FROM event_log WHERE pathway_id = ${pathwayId} ORDER BY sequence`;
    expect(logged?.envelope).toMatchObject({
      eventId: `${pathwayId}:1`,
      pathwayId,
      personId: body.personRef,
      sequence: 1,
      type: 'ReferralReceived',
      schemaVersion: 1,
      actor: { userId: 'coordinator-ann', role: 'coordinator' },
      correlationId,
      policyVersion: '3',
      data: { referralId: null, referringAgency: 'nhs', presentingNeeds: body.presentingNeeds, urgency: 'crisis' },
    });
    expect(Date.parse(logged?.envelope.occurredAt as string)).toBeLessThanOrEqual(Date.now());
  });

  it('treats a repeated referral (same referral id) as the same pathway, and a different body under that id as a conflict', async () => {
    const body = referral({ referralId: `REF-${randomUUID()}`, urgency: 'standard' });
    const first = await post('/referrals', body);
    const again = await post('/referrals', body);

    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ ...first.body, status: 'already-accepted' });

    const different = await post('/referrals', { ...body, urgency: 'crisis' });
    expect(different.status).toBe(409);
    expect(different.headers.get('content-type')).toContain('application/problem+json');

    const pathway = await projectedPathway(first.body.pathwayId as string);
    expect(pathway.timeline).toHaveLength(1);
  });

  it('makes a retry with the same Idempotency-Key harmless', async () => {
    const body = referral();
    const key = `key-${randomUUID()}`;
    const first = await post('/referrals', body, { 'idempotency-key': key });
    const retry = await post('/referrals', body, { 'idempotency-key': key });
    const fresh = await post('/referrals', body, { 'idempotency-key': `key-${randomUUID()}` });

    expect(retry.body.pathwayId).toBe(first.body.pathwayId);
    expect(retry.body.status).toBe('already-accepted');
    expect(fresh.body.pathwayId).not.toBe(first.body.pathwayId);
  });
});

describe('refusals are problem details', () => {
  it('answers 400 naming each wrong field, and records nothing', async () => {
    const response = await post('/referrals', {
      personRef: 'Jane Smith',
      referringAgency: 'nhs',
      presentingNeeds: [],
      urgency: 'soon',
      nickname: 'x',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['(body)', 'personRef', 'presentingNeeds', 'urgency']);
    expect(response.body.errors).toContainEqual({ field: '(body)', message: 'unknown field(s): nickname' });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await fetch(`${sarp.baseUrl}/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinatorToken}` },
      body: '{"personRef": ',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 401 without a token or with a bad one, and 403 for a role that may not refer', async () => {
    const noToken = await fetch(`${sarp.baseUrl}/pathways/${randomUUID()}`);
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as { title: string }).title).toBe('Authentication required');

    const forged = await getPathway(randomUUID(), `${coordinatorToken.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);

    const auditorToken = await sarp.tokenFor('auditor-bo', 'auditor');
    const asAuditor = await post('/referrals', referral(), { authorization: `Bearer ${auditorToken}` });
    expect(asAuditor.status).toBe(403);
  });

  it('answers 404 for an unknown pathway and 400 for an id that is not one', async () => {
    expect((await getPathway(randomUUID())).status).toBe(404);
    const malformed = await getPathway('not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'a pathway id is a UUID' }]);
  });
});

describe('operations', () => {
  it('answers liveness and readiness without a token, revealing nothing else, and each dependency to an admin', async () => {
    const live = await fetch(`${sarp.baseUrl}/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'up' });
    const ready = await fetch(`${sarp.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    expect((await fetch(`${sarp.baseUrl}/health/dependencies`)).status).toBe(401);
    const asCoordinator = await fetch(`${sarp.baseUrl}/health/dependencies`, {
      headers: { authorization: `Bearer ${await sarp.tokenFor('coordinator-ann', 'coordinator')}` },
    });
    expect(asCoordinator.status).toBe(403);
    const asAdmin = await fetch(`${sarp.baseUrl}/health/dependencies`, {
      headers: { authorization: `Bearer ${await sarp.tokenFor('admin-ada', 'admin')}` },
    });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.json()).toEqual({
      status: 'up',
      checks: { temporal: { status: 'up' }, kafka: { status: 'up' }, postgresql: { status: 'up' } },
    });
  });

  it('describes the API in OpenAPI at /docs', async () => {
    const document = (await (await fetch(`${sarp.baseUrl}/docs/openapi.json`)).json()) as { paths: Record<string, any> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health', '/pathways', '/pathways/{id}', '/referrals', '/pathways/{id}/triage']),
    );
    const referralSchema = document.paths['/referrals'].post.requestBody.content['application/json'].schema;
    expect(referralSchema.required).toEqual(expect.arrayContaining(['personRef', 'referringAgency', 'presentingNeeds', 'urgency']));
    expect(referralSchema.additionalProperties).toBe(false);
    const page = await fetch(`${sarp.baseUrl}/docs`);
    expect(page.status).toBe(200);
  });
});
