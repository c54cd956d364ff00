/**
 * Fuzzing the edge (property-based, fast-check) against the real stack:
 * malformed and hostile ids, query strings and bodies at every endpoint of
 * the permission matrix, sent by a role that may call it (so that it is the
 * input, not the role, that gets judged). Every answer must be a 4xx problem
 * document, never a 5xx, and nothing may be written.
 */
import fc from 'fast-check';
import {
  COMMAND_ROUTES,
  CreateReferralRequest,
  PathwayIdParam,
  PERMISSION_MATRIX,
  TASK_ROUTES,
  TaskIdParam,
  type CommandRoute,
  type Endpoint,
} from '@sarp/api';
import { createSql, type Sql } from '@sarp/db';
import { PersonRef } from '@sarp/events';
import type { z } from 'zod';
import { apiClient } from './support/api-client';
import { caseAtPanel } from './support/panel-case';
import { startSarp, type SarpHarness } from './support/sarp-harness';

let sarp: SarpHarness;
let sql: Sql;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
let atPanel: { pathwayId: string; taskId: string };
/** Runs per property and endpoint: enough to matter in every CI run; SARP_FUZZ_RUNS=500 for a long hunt. */
const RUNS = Number(process.env.SARP_FUZZ_RUNS ?? 20);

beforeAll(async () => {
  sarp = await startSarp();
  sql = createSql(sarp.config.database);
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator');
  tokens.assessor = await sarp.tokenFor('assessor-raj', 'assessor');
  tokens.lee = await sarp.tokenFor('panel-lee', 'panel_member');
  atPanel = await caseAtPanel(client, 'P-FUZZ-001');
  for (const roles of Object.values(PERMISSION_MATRIX)) {
    for (const role of roles) tokens[`fuzz-${role}`] ??= await sarp.tokenFor(`fuzz-${role}`, role, 'adult_mental_health');
  }
});

afterAll(async () => {
  await sarp?.close();
  await sql?.end();
});

const ENDPOINTS = Object.keys(PERMISSION_MATRIX) as Endpoint[];
const KNOWN_QUERY_KEYS = [
  'stage',
  'urgency',
  'breached',
  'limit',
  'offset',
  'status',
  'priority',
  'dueBefore',
  'team',
  'sitting',
  'assignedToMe',
  'sort',
  'asOf',
  'atLeastSequence',
];

/** Strings an attacker or a broken client would send. */
const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '"; DROP TABLE pathways; --',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '${jndi:ldap://x}',
    '{{7*7}}',
    '𝕏'.repeat(300),
    '9'.repeat(400),
    '-1',
    'NaN',
    'true',
    '[]',
    '{}',
  ),
);

/** An id no endpoint accepts: not a pathway id, not a task id, not a person reference, not a dot segment. */
const badId = hostile.filter(
  (id) =>
    id.length > 0 &&
    !/^\.+$/.test(id) &&
    !PathwayIdParam.safeParse(id).success &&
    !TaskIdParam.safeParse(id).success &&
    !PersonRef.safeParse(id).success,
);

/** A query string with a parameter no endpoint takes, beside known ones with any value. */
const badQuery = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...KNOWN_QUERY_KEYS), hostile, { maxKeys: 3 }),
    fc.string({ minLength: 1, maxLength: 20 }).map((key) => `zz${key}`),
    hostile,
  )
  .map(([known, unknownKey, value]) => new URLSearchParams({ ...known, [unknownKey]: value }).toString());

const jsonBody = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(hostile, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }));

function allowedToken(endpoint: Endpoint): string {
  return `fuzz-${PERMISSION_MATRIX[endpoint][0]}`;
}

function pathFor(endpoint: Endpoint, id: string): string {
  const template = endpoint.split(' ')[1]!;
  return template.replace(/:id|:personId|:figure/, encodeURIComponent(id));
}

/** Sends a request and insists on a 4xx problem document. */
async function expectProblem(method: string, path: string, token: string, body?: string, contentType = 'application/json'): Promise<void> {
  const response = await fetch(`${sarp.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[token]}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body,
  });
  const text = await response.text();
  const outcome = { request: `${method} ${path}`, status: response.status, type: response.headers.get('content-type') };
  if (response.status < 400 || response.status >= 500 || !String(outcome.type).includes('application/problem+json')) {
    throw new Error(`expected a 4xx problem, got ${JSON.stringify(outcome)}: ${text.slice(0, 300)}`);
  }
  const problem = JSON.parse(text) as { status?: number; title?: string };
  if (problem.status !== response.status || !problem.title) throw new Error(`not a problem document: ${text.slice(0, 300)}`);
}

const routeOf = (endpoint: Endpoint): CommandRoute | undefined => {
  const action = endpoint.split('/').pop();
  const routes = endpoint.startsWith('POST /tasks/') ? TASK_ROUTES : endpoint.startsWith('POST /pathways/') ? COMMAND_ROUTES : [];
  return routes.find((route) => route.action === action);
};

const refuses = (schema: z.ZodType | undefined, body: unknown) => !schema || !schema.safeParse(body).success;

describe('the API under malformed and hostile input', () => {
  let before: { events: number; pathways: number; liveSequence: number };

  beforeAll(async () => {
    // Everything the case at panel caused is projected before counting.
    const live = await client.call('GET', `/pathways/${atPanel.pathwayId}/live`, 'coordinator');
    await client.call('GET', `/pathways/${atPanel.pathwayId}?atLeastSequence=${live.body.lastSequence as number}`, 'coordinator');
    const [counts] = await sql<{ events: number; pathways: number }[]>`
      SELECT (SELECT count(*)::int FROM event_log) AS events, (SELECT count(*)::int FROM pathways) AS pathways`;
    before = { ...counts!, liveSequence: live.body.lastSequence as number };
  });

  it('answers hostile ids with a 4xx problem, at every endpoint that takes one', async () => {
    for (const endpoint of ENDPOINTS.filter((candidate) => candidate.includes(':'))) {
      const method = endpoint.split(' ')[0]!;
      await fc.assert(
        fc.asyncProperty(badId, jsonBody, async (id, body) => {
          await expectProblem(method, pathFor(endpoint, id), allowedToken(endpoint), method === 'POST' ? JSON.stringify(body) : undefined);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('answers query strings with unknown or malformed parameters with a 4xx problem', async () => {
    const real = (endpoint: Endpoint) =>
      pathFor(
        endpoint,
        endpoint.includes('/tasks/')
          ? atPanel.taskId
          : endpoint.includes(':personId')
            ? 'P-FUZZ-001'
            : endpoint.includes(':figure')
              ? 'caseload'
              : atPanel.pathwayId,
      );
    // The endpoints that read a query string: each refuses a parameter it does not know.
    const withQuery: Endpoint[] = [
      'GET /pathways',
      'GET /pathways/:id',
      'GET /worklist',
      'GET /tasks/:id',
      'GET /audit/pathways/:id/events',
      'GET /audit/persons/:personId/events',
      'GET /audit/pathways/:id/state',
      'GET /audit/worklist',
      'GET /reports/:figure',
    ];
    for (const endpoint of withQuery) {
      await fc.assert(
        fc.asyncProperty(badQuery, async (query) => {
          await expectProblem('GET', `${real(endpoint)}?${query}`, allowedToken(endpoint));
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('answers every body a command or a referral does not take with a 4xx problem, and unknown actions too', async () => {
    for (const endpoint of ENDPOINTS.filter((candidate) => candidate.startsWith('POST '))) {
      const path = pathFor(endpoint, endpoint.startsWith('POST /tasks/') ? atPanel.taskId : atPanel.pathwayId);
      const schema = endpoint === 'POST /referrals' ? CreateReferralRequest : routeOf(endpoint)?.body;
      await fc.assert(
        fc.asyncProperty(
          jsonBody.filter((body) => refuses(schema, body)),
          async (body) => {
            await expectProblem('POST', path, allowedToken(endpoint), JSON.stringify(body));
          },
        ),
        { numRuns: RUNS },
      );
      // Not JSON at all, or not said to be.
      await expectProblem('POST', path, allowedToken(endpoint), '{"unterminated', 'application/json');
      await expectProblem('POST', path, allowedToken(endpoint), 'personRef=P-1', 'application/x-www-form-urlencoded');
    }
    await fc.assert(
      fc.asyncProperty(badId, async (action) => {
        await expectProblem('POST', `/pathways/${atPanel.pathwayId}/${encodeURIComponent(action)}`, 'fuzz-coordinator', '{}');
      }),
      { numRuns: RUNS },
    );
  });

  it('wrote nothing', async () => {
    // The workflow's own sequence answers at once (the read model may lag a write by moments).
    const live = await client.call('GET', `/pathways/${atPanel.pathwayId}/live`, 'coordinator');
    const [after] = await sql<{ events: number; pathways: number }[]>`
      SELECT (SELECT count(*)::int FROM event_log) AS events, (SELECT count(*)::int FROM pathways) AS pathways`;
    expect({ ...after, liveSequence: live.body.lastSequence as number }).toEqual(before);
  });
});
