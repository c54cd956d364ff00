/**
 * Subject access requests through the API against the real stack: the
 * information governance role records, times, extends and answers them;
 * auditors see them; the clock counts in the deadline-compliance figure.
 */
import { subjectAccessDueAt, toLondonDate } from '@sarp/domain';
import { apiClient } from './support/api-client';
import { isolatedTestConfig, startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
const tokens: Record<string, string> = {};
const { call } = apiClient(() => sarp.baseUrl, tokens);
const DAY = 86_400_000;

beforeAll(async () => {
  // Figures of its own: only this file's requests are counted.
  sarp = await startSarp({ config: await isolatedTestConfig('subject-access') });
  tokens.ig = await sarp.tokenFor('ig-officer-mo', 'information_governance');
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.auditor = await sarp.tokenFor('auditor-bo', 'auditor');
  tokens.chair = await sarp.tokenFor('chair-sam', 'panel_chair');
});

afterAll(async () => {
  await sarp?.close();
});

const request = (body: Record<string, unknown>, as = 'ig') => call('POST', '/subject-access-requests', as, body);

async function storedRequest(requestId: string, check: (row: Record<string, unknown>) => boolean) {
  return waitFor(
    async () => {
      const answer = await call('GET', `/subject-access-requests/${requestId}`, 'auditor');
      return answer.status === 200 && check(answer.body) ? answer.body : undefined;
    },
    { what: `subject access request ${requestId}` },
  );
}

describe('subject access requests', () => {
  it('are recorded and timed by information governance only, seen by auditors, and overdue once the month has passed', async () => {
    expect((await request({ personRef: 'P-SAR-E2E-1', requestedBy: 'the_person', channel: 'email' }, 'coordinator')).status).toBe(403);
    expect((await request({ personRef: 'P-SAR-E2E-1', requestedBy: 'the_person', channel: 'pigeon' })).status).toBe(400);
    const future = new Date(Date.now() + DAY).toISOString();
    expect((await request({ personRef: 'P-SAR-E2E-1', requestedBy: 'the_person', channel: 'email', receivedAt: future })).status).toBe(422);

    // Received 40 days ago, recorded only now: already overdue.
    const receivedAt = new Date(Date.now() - 40 * DAY).toISOString();
    const late = await request({ personRef: 'P-SAR-E2E-1', requestedBy: 'representative', channel: 'letter', receivedAt });
    expect(late.status).toBe(201);
    const expectedDue = subjectAccessDueAt(toLondonDate(receivedAt), 1, 0).toISOString();
    expect(late.body.state).toMatchObject({ personId: 'P-SAR-E2E-1', receivedAt, dueAt: expectedDue });
    const overdue = await storedRequest(late.body.requestId as string, (row) => row.status === 'overdue');
    expect(overdue).toMatchObject({ requestedBy: 'representative', channel: 'letter', dueAt: expectedDue });
    expect((overdue.events as { type: string }[]).map((event) => event.type)).toEqual([
      'SubjectAccessRequestReceived',
      'SubjectAccessDueSet',
      'SubjectAccessDeadlinePassed',
    ]);
    expect((await call('GET', '/subject-access-requests?open=true', 'ig')).body.items).toHaveLength(1);
    expect((await call('GET', '/subject-access-requests', 'coordinator')).status).toBe(403);

    // The clock in the deadline-compliance figure (whole service only: a request belongs to no team).
    const period = `from=${new Date(Date.now() - 45 * DAY).toISOString()}&to=${new Date().toISOString()}`;
    const compliance = await call('GET', `/reports/deadline-compliance?${period}`, 'chair');
    expect(compliance.body.rows).toContainEqual({
      ruleId: 'subject-access-request',
      kind: 'limit',
      due: 1,
      met: 0,
      missed: 0,
      breached: 1,
      cancelled: 0,
      open: 0,
    });
    const teamCompliance = await call('GET', `/reports/deadline-compliance?${period}&team=localities`, 'chair');
    expect((teamCompliance.body.rows as { ruleId: string }[]).map((row) => row.ruleId)).not.toContain('subject-access-request');
  });

  it('stops for identity, restarts from its arrival, extends, and is answered with the export information governance may run', async () => {
    const received = await request({ personRef: 'P-SAR-E2E-2', requestedBy: 'the_person', channel: 'in_person' });
    expect(received.status).toBe(201);
    const id = received.body.requestId as string;
    const path = `/subject-access-requests/${id}`;

    expect((await call('POST', `${path}/clock-stop`, 'auditor', { awaiting: 'identity' })).status).toBe(403);
    const stopped = await call('POST', `${path}/clock-stop`, 'ig', { awaiting: 'identity' });
    expect(stopped.status).toBe(200);
    expect(stopped.body.state).toMatchObject({ dueAt: null, stopped: { awaiting: 'identity' } });
    expect((await call('POST', `${path}/clock-stop`, 'ig', { awaiting: 'clarification' })).status).toBe(409);
    expect(
      (await call('POST', `${path}/answer`, 'ig', { exportProducedOn: '2026-01-01', sentOn: '2026-01-01', sentBy: 'post' })).status,
    ).toBe(409);

    const today = toLondonDate(new Date());
    const restarted = await call('POST', `${path}/clock-restart`, 'ig', { arrivedOn: today });
    expect(restarted.body.state).toMatchObject({ clockStartsOn: today, dueAt: subjectAccessDueAt(today, 1, 0).toISOString() });
    const extended = await call('POST', `${path}/extension`, 'ig', { months: 2, reason: 'Records held in three systems' });
    expect(extended.body.state).toMatchObject({ extensionMonths: 2, dueAt: subjectAccessDueAt(today, 3, 0).toISOString() });
    expect((await call('POST', `${path}/extension`, 'ig', { months: 1, reason: 'Again' })).status).toBe(409);

    // Information governance may run the export it sends (auditors may too; coordinators may not).
    expect((await call('GET', '/audit/persons/P-SAR-E2E-2/export', 'ig')).status).toBe(200);
    expect((await call('GET', '/audit/persons/P-SAR-E2E-2/export', 'coordinator')).status).toBe(403);
    const answered = await call('POST', `${path}/answer`, 'ig', { exportProducedOn: today, sentOn: today, sentBy: 'secure_portal' });
    expect(answered.status).toBe(200);
    await storedRequest(id, (row) => row.status === 'answered');
    expect((await call('POST', `${path}/clock-stop`, 'ig', { awaiting: 'identity' })).status).toBe(409);
  });
});
