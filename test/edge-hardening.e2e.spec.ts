/**
 * The API's edge against the real stack: security headers on every answer,
 * unknown fields refused, bodies over the limit refused, and each user held
 * to a rate limit without slowing anyone else.
 */
import { startSarp, testConfig, type SarpHarness } from './support/sarp-harness';

let sarp: SarpHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  sarp = await startSarp({
    worker: false,
    config: testConfig({ SARP_RATE_LIMIT_PER_MINUTE: '5', SARP_API_BODY_LIMIT_BYTES: '4096', SARP_RUN_PROJECTOR: 'false' }),
  });
  tokens.ann = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.cy = await sarp.tokenFor('coordinator-cy', 'coordinator', 'localities');
  tokens.dee = await sarp.tokenFor('coordinator-dee', 'coordinator', 'localities');
});

afterAll(async () => {
  await sarp?.close();
});

const send = (as: string, method: string, path: string, body?: string) =>
  fetch(`${sarp.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[as]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body,
  });

describe('the edge of the API', () => {
  it('sends security headers with data, problems and pages alike', async () => {
    for (const response of [
      await send('ann', 'GET', '/pathways'),
      await send('ann', 'GET', '/nowhere'),
      await fetch(`${sarp.baseUrl}/panel`),
    ]) {
      expect({
        nosniff: response.headers.get('x-content-type-options'),
        frames: response.headers.get('x-frame-options'),
        referrer: response.headers.get('referrer-policy'),
        csp: response.headers.get('content-security-policy'),
      }).toEqual({ nosniff: 'nosniff', frames: 'DENY', referrer: 'no-referrer', csp: expect.stringContaining("frame-ancestors 'none'") });
    }
    expect((await send('ann', 'GET', '/pathways')).headers.get('cache-control')).toBe('no-store');
  });

  it('refuses unknown fields and bodies over the limit with a problem, before anything is done', async () => {
    const unknown = await send(
      'cy',
      'POST',
      '/referrals',
      JSON.stringify({
        personRef: 'P-EDGE-001',
        referringAgency: 'self',
        presentingNeeds: ['Needs help'],
        urgency: 'standard',
        admin: true,
      }),
    );
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toMatch(/admin/);

    const huge = await send(
      'dee',
      'POST',
      '/referrals',
      JSON.stringify({ personRef: 'P-EDGE-002', referringAgency: 'self', presentingNeeds: ['x'.repeat(5000)], urgency: 'standard' }),
    );
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
  });

  it('holds each user to the rate limit, and tells them when to come back', async () => {
    tokens.eve = await sarp.tokenFor('coordinator-eve', 'coordinator', 'localities');
    tokens.fay = await sarp.tokenFor('coordinator-fay', 'coordinator', 'localities');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await send('eve', 'GET', '/pathways')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const refused = await send('eve', 'GET', '/pathways');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { type: string }).type).toMatch(/too-many-requests/);
    expect((await send('fay', 'GET', '/pathways')).status).toBe(200);
  });
});
