/**
 * When a dependency cannot be reached the API says which one, with a 503,
 * instead of hanging or answering 500. Each dependency here is pointed at
 * a port where nothing listens.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { startSarp, testConfig, type SarpHarness } from './support/sarp-harness';

/** A port that was free a moment ago: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let sarp: SarpHarness;

beforeAll(async () => {
  const port = await closedPort();
  sarp = await startSarp({
    worker: false,
    config: testConfig({
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      DATABASE_URL: `postgres://sarp@127.0.0.1:${port}/sarp`,
      KAFKA_BROKERS: `127.0.0.1:${port}`,
      SARP_RUN_PROJECTOR: 'false',
    }),
  });
});

afterAll(async () => {
  await sarp?.close();
});

describe('with every dependency down', () => {
  it('answers 503 naming temporal when a referral cannot start its workflow', async () => {
    const token = await sarp.tokenFor('coordinator-dee', 'coordinator');
    const response = await fetch(`${sarp.baseUrl}/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        personRef: 'P-1234',
        referringAgency: 'self',
        presentingNeeds: ['Needs a place to live'],
        urgency: 'standard',
      }),
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 503, dependency: 'temporal' });
  });

  it('answers 503 naming postgresql when the read model cannot be read', async () => {
    const token = await sarp.tokenFor('coordinator-dee', 'coordinator');
    const response = await fetch(`${sarp.baseUrl}/pathways/${randomUUID()}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 503, dependency: 'postgresql' });
  });

  it('is alive but not ready, says no more than that without a token, and tells an admin each part is down without its internals', async () => {
    expect((await fetch(`${sarp.baseUrl}/health`)).status).toBe(200);
    const ready = await fetch(`${sarp.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not-ready' });

    const response = await fetch(`${sarp.baseUrl}/health/dependencies`, {
      headers: { authorization: `Bearer ${await sarp.tokenFor('admin-ada', 'admin')}` },
    });
    expect(response.status).toBe(503);
    const text = await response.text();
    const report = JSON.parse(text) as { status: string; checks: Record<string, { status: string; reason?: string }> };
    expect(report.status).toBe('down');
    expect(Object.values(report.checks).map((check) => check.status)).toEqual(['down', 'down', 'down']);
    // General words only: no address, port or driver message of the parts behind it.
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|localhost|:\d{2,5}\b/);
  });
});
