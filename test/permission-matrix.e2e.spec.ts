/**
 * The permission matrix, walked: every endpoint it names, called with every
 * role and with no token, against the real stack. A role the matrix allows
 * is never stopped for its role (reads answer 2xx; a command may still be
 * refused by the pathway, 409/422, but never 401/403); every other role gets
 * 403, and no token gets 401.
 */
import { randomUUID } from 'node:crypto';
import { PERMISSION_MATRIX, PUBLIC_ENDPOINTS, SIGNED_IN_ROLES, type Endpoint } from '@sarp/api';
import { apiClient } from './support/api-client';
import { caseAtPanel } from './support/panel-case';
import { startSarp, type SarpHarness } from './support/sarp-harness';

let sarp: SarpHarness;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
let atPanel: { pathwayId: string; taskId: string };
/** A subject access request of the person at panel, for the endpoints that name one. */
let subjectAccessRequestId: string;

beforeAll(async () => {
  sarp = await startSarp();
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator');
  tokens.assessor = await sarp.tokenFor('assessor-raj', 'assessor');
  tokens.lee = await sarp.tokenFor('panel-lee', 'panel_member');
  // One user per role, in the team that holds the case (need-to-know), none of whom referred or assessed it
  // (so four eyes does not get in the way either): what stops them can only be their role.
  for (const role of SIGNED_IN_ROLES) tokens[`any-${role}`] = await sarp.tokenFor(`matrix-${role}`, role, 'adult_mental_health');
  atPanel = await caseAtPanel(client, 'P-MATRIX-001');
  const request = await client.call('POST', '/subject-access-requests', 'any-information_governance', {
    personRef: 'P-MATRIX-001',
    requestedBy: 'the_person',
    channel: 'email',
  });
  subjectAccessRequestId = request.body.requestId as string;
});

afterAll(async () => {
  await sarp?.close();
});

/** A concrete request for an endpoint of the matrix, on the case at panel. */
function requestFor(endpoint: Endpoint): { method: 'GET' | 'POST'; path: string; body?: unknown } {
  const [method, template] = endpoint.split(' ') as ['GET' | 'POST', string];
  const asOf = encodeURIComponent(new Date().toISOString());
  let path = template
    .replace(/^\/tasks\/:id/, `/tasks/${atPanel.taskId}`)
    .replace(':id', atPanel.pathwayId)
    .replace(':personId', 'P-MATRIX-001')
    .replace(':figure', 'referrals-per-month')
    .replace(':schemeId', 'orchard-house')
    .replace(':unitId', 'flat-1')
    .replace(':requestId', subjectAccessRequestId);
  if (template.endsWith('/state') || template === '/audit/worklist') path += `?asOf=${asOf}`;
  if (endpoint === 'POST /referrals') {
    return {
      method,
      path,
      body: { personRef: `P-${randomUUID().slice(0, 8)}`, referringAgency: 'self', presentingNeeds: ['Needs help'], urgency: 'standard' },
    };
  }
  return { method, path, ...(method === 'POST' ? { body: {} } : {}) };
}

describe('the permission matrix', () => {
  it.each(Object.keys(PERMISSION_MATRIX) as Endpoint[])('%s answers each role as documented', async (endpoint) => {
    const { method, path, body } = requestFor(endpoint);
    const allowed = PERMISSION_MATRIX[endpoint] as readonly string[];
    const answers: Record<string, number> = {};
    for (const role of [...SIGNED_IN_ROLES, 'nobody']) {
      answers[role] = (await client.call(method, path, role === 'nobody' ? 'no-token' : `any-${role}`, body)).status;
    }
    const expected = Object.fromEntries(
      Object.keys(answers).map((role) => {
        if (role === 'nobody') return [role, 401];
        if (!allowed.includes(role)) return [role, 403];
        // Allowed: a read succeeds; a command is at most refused by the pathway (stage, rule, body), never for the role.
        return [role, method === 'GET' || endpoint === 'POST /referrals' ? 'success' : 'not refused for the role'];
      }),
    );
    const seen = Object.fromEntries(
      Object.entries(answers).map(([role, status]) => {
        if (expected[role] === 'success') return [role, status >= 200 && status < 300 ? 'success' : status];
        if (expected[role] === 'not refused for the role')
          return [role, status < 500 && ![401, 403].includes(status) ? expected[role] : status];
        return [role, status];
      }),
    );
    expect(seen).toEqual(expected);
  });

  it.each([...PUBLIC_ENDPOINTS])('%s answers without a token (it is public, and shows no personal data)', async (endpoint) => {
    const [method, path] = endpoint.split(' ') as ['GET' | 'POST', string];
    const answer = await fetch(`${sarp.baseUrl}${path}`, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
    });
    // Not 401: a public route may still refuse a bad body (400) or be off in this deployment (404).
    expect({ endpoint, status: answer.status === 401 ? 401 : 'not 401' }).toEqual({ endpoint, status: 'not 401' });
  });
});
