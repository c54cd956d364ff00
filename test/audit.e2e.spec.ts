/**
 * Auditors against the real stack: the complete event history, the state
 * as it stood at a moment (folded with the same evolve the projector uses),
 * and a hash chain that catches an altered row.
 */
import { createSql, type Sql } from '@sarp/db';
import { apiClient } from './support/api-client';
import { caseAtPanel } from './support/panel-case';
import { pathwayWithHistory as historyOf } from './support/pathway-with-history';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let sql: Sql;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
const { call, ok } = client;

beforeAll(async () => {
  sarp = await startSarp();
  // The tables' owner: one case plays someone with database access rewriting a history.
  sql = createSql({ ...sarp.config.database, url: sarp.config.database.migrationUrl! });
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator');
  tokens.auditor = await sarp.tokenFor('auditor-bo', 'auditor');
  tokens.assessor = await sarp.tokenFor('assessor-raj', 'assessor');
  tokens.lee = await sarp.tokenFor('panel-lee', 'panel_member');
  tokens.chair = await sarp.tokenFor('chair-sam', 'panel_chair');
});

afterAll(async () => {
  await sarp?.close();
  await sql?.end();
});

const pathwayWithHistory = (personRef: string) => historyOf(client, personRef);

describe('an auditor', () => {
  it('finds pathways by person reference, team, stage, outcome, breaches and the day opened', async () => {
    const personRef = `P-FIND-${Date.now().toString(36).toUpperCase().slice(-5)}`;
    const open = await pathwayWithHistory(personRef);
    const declined = await call('POST', '/referrals', 'coordinator', {
      personRef,
      referringAgency: 'nhs',
      presentingNeeds: ['Support'],
      urgency: 'standard',
      team: 'learning_disability',
    });
    const declinedId = declined.body.pathwayId as string;
    await waitFor(async () => ((await call('GET', `/pathways/${declinedId}/live`, 'coordinator')).status === 200 ? true : undefined), {
      what: 'the second referral',
    });
    const closing = await ok(`/pathways/${declinedId}/triage`, 'coordinator', {
      outcome: 'decline',
      urgency: 'standard',
      reason: 'Needs are met elsewhere',
    });
    await call('GET', `/pathways/${declinedId}?atLeastSequence=${(closing.events as { sequence: number }[]).at(-1)!.sequence}`, 'auditor');

    const find = async (query: string) => {
      const answer = await call('GET', `/pathways?personRef=${personRef}&${query}`, 'auditor');
      expect(answer.status).toBe(200);
      return (answer.body.items as { pathwayId: string }[]).map((item) => item.pathwayId).sort();
    };
    expect(await find('')).toEqual([open.id, declinedId].sort());
    expect(await find('stage=closed&outcome=declined')).toEqual([declinedId]);
    expect(await find('team=learning_disability')).toEqual([declinedId]);
    expect(await find('stage=assessment&breached=false')).toEqual([open.id]);
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    expect(await find(`openedFrom=${today}&openedTo=${today}`)).toEqual([open.id, declinedId].sort());
    expect(await find('openedTo=2020-01-01')).toEqual([]);
    const [closedItem] = (await call('GET', `/pathways?personRef=${personRef}&outcome=declined`, 'auditor')).body.items;
    expect(closedItem).toMatchObject({ team: 'learning_disability', outcome: 'declined', stage: 'closed' });
    expect((await call('GET', '/pathways?outcome=lost', 'auditor')).status).toBe(400);
    expect((await call('GET', '/pathways?openedFrom=yesterday', 'auditor')).status).toBe(400);
  });

  it('reads the complete history of a pathway and of a person, with actors, causes and refused attempts', async () => {
    const { id, lastSequence } = await pathwayWithHistory('P-AUDIT-001');
    await call('POST', `/pathways/${id}/placement`, 'coordinator', { offerId: 'none' }); // refused: wrong stage

    const history = await call('GET', `/audit/pathways/${id}/events`, 'auditor');
    expect(history.status).toBe(200);
    expect(history.body.total).toBe(lastSequence);
    const envelopes = (history.body.items as { envelope: Record<string, any>; chainHash: string }[]).map((item) => item.envelope);
    expect(envelopes.map((event) => event.sequence)).toEqual(Array.from({ length: lastSequence }, (_, i) => i + 1));
    expect(envelopes.map((event) => event.type)).toEqual(['ReferralReceived', 'ReferralTriaged', 'DeadlineSet', 'AssessorAssigned']);
    expect(envelopes[2]).toMatchObject({
      causationId: `${id}:2`,
      policyVersion: '3',
      actor: { userId: 'coordinator-ann', role: 'coordinator' },
    });
    await waitFor(
      async () => {
        const again = await call('GET', `/audit/pathways/${id}/events`, 'auditor');
        return (again.body.refusedAttempts as unknown[]).length > 0 ? again : undefined;
      },
      { what: 'the refused attempt' },
    );

    const paged = await call('GET', `/audit/pathways/${id}/events?limit=2&offset=2`, 'auditor');
    expect((paged.body.items as { envelope: { sequence: number } }[]).map((item) => item.envelope.sequence)).toEqual([3, 4]);

    const person = await call('GET', '/audit/persons/P-AUDIT-001/events', 'auditor');
    expect(person.body.total).toBe(lastSequence);
    expect((await call('GET', `/audit/pathways/${id}/events`, 'coordinator')).status).toBe(403);
  });

  it('sees the pathway as it stood at any moment, and which event was the last one then', async () => {
    const { id } = await pathwayWithHistory('P-AUDIT-002');
    const events = ((await call('GET', `/audit/pathways/${id}/events`, 'auditor')).body.items as { envelope: Record<string, any> }[]).map(
      (i) => i.envelope,
    );
    const referredAt = events[0]?.occurredAt as string;
    const triage = events.find((event) => event.type === 'ReferralTriaged')!;
    const triagedAt = triage.occurredAt as string;

    const before = await call('GET', `/audit/pathways/${id}/state?asOf=${encodeURIComponent(referredAt)}`, 'auditor');
    expect(before.body.state).toMatchObject({ stage: 'referral', assessorId: null });
    expect(before.body.lastEventIncluded).toMatchObject({ sequence: 1, type: 'ReferralReceived' });
    const after = await call(
      'GET',
      `/audit/pathways/${id}/state?asOf=${encodeURIComponent(new Date(Date.parse(triagedAt) + 1).toISOString())}`,
      'auditor',
    );
    expect(after.body.state).toMatchObject({ stage: 'assessment' });
    expect(after.body.lastEventIncluded.sequence).toBeGreaterThanOrEqual(3);
    // With every deadline set by then and how it stood (the fold the projector writes them with): none before
    // triage, which set the assessment's; as of now, the very list the pathway's page shows.
    const deadlinesAsOf = async (asOf: string) =>
      (await call('GET', `/audit/pathways/${id}/state?asOf=${encodeURIComponent(asOf)}`, 'auditor')).body.deadlines as unknown[];
    expect(await deadlinesAsOf(new Date(Date.parse(triagedAt) - 1).toISOString())).toEqual([]);
    const live = (await call('GET', `/pathways/${id}`, 'auditor')).body.deadlines as unknown[];
    expect(live.length).toBeGreaterThan(0);
    expect(await deadlinesAsOf(new Date().toISOString())).toEqual(live);

    const beforeAll = await call('GET', `/audit/pathways/${id}/state?asOf=2020-01-01T00:00:00Z`, 'auditor');
    expect(beforeAll.body).toMatchObject({ state: { status: 'empty' }, lastEventIncluded: null });
  });

  it('verifies the hash chain, and names the first link of a history someone altered', async () => {
    const { id } = await pathwayWithHistory('P-AUDIT-003');
    expect((await call('GET', `/audit/pathways/${id}/verify`, 'auditor')).body).toMatchObject({
      verified: true,
      eventsChecked: 4,
      firstBrokenLink: null,
    });

    // Someone with database access rewrites who triaged the referral.
    await sql`UPDATE event_log SET envelope = jsonb_set(envelope, '{actor,userId}', '"someone-else"') WHERE event_id = ${`${id}:2`}`;

    const verification = await call('GET', `/audit/pathways/${id}/verify`, 'auditor');
    expect(verification.body).toMatchObject({
      verified: false,
      firstBrokenLink: { eventId: `${id}:2`, sequence: 2, reason: expect.stringMatching(/does not match the chain/) },
    });
  });

  it("sees who read a person's data, and exports everything held about them", async () => {
    const { id } = await pathwayWithHistory('P-AUDIT-004');
    const read = await fetch(`${sarp.baseUrl}/pathways/${id}`, {
      headers: { authorization: `Bearer ${tokens.coordinator}`, 'x-access-reason': 'Preparing the review meeting' },
    });
    expect(read.status).toBe(200);

    const log = await call('GET', '/audit/persons/P-AUDIT-004/access-log', 'auditor');
    expect(log.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          userId: 'coordinator-ann',
          role: 'coordinator',
          action: 'GET /pathways/:id',
          pathwayId: id,
          personId: 'P-AUDIT-004',
          reason: 'Preparing the review meeting',
        }),
      ]),
    );

    const exported = await call('GET', '/audit/persons/P-AUDIT-004/export', 'auditor');
    expect(exported.body).toMatchObject({
      personId: 'P-AUDIT-004',
      pathways: [expect.objectContaining({ pathwayId: id, stage: 'assessment' })],
    });
    expect((exported.body.events as unknown[]).length).toBe(4);
    // The export is itself a read of the person's data: it appears in the log it contains from the next read on.
    const logAfter = await call('GET', '/audit/persons/P-AUDIT-004/access-log', 'auditor');
    expect((logAfter.body as unknown as { action: string }[]).map((entry) => entry.action)).toContain(
      'GET /audit/persons/:personId/export',
    );
  });

  it('logs a listing as a read of every case it shows, and a read of the access log itself', async () => {
    const { id } = await pathwayWithHistory('P-AUDIT-006');
    const listing = await call('GET', '/pathways?personRef=P-AUDIT-006', 'coordinator');
    expect((listing.body.items as { pathwayId: string }[]).map((item) => item.pathwayId)).toEqual([id]);
    await call('GET', '/audit/persons/P-AUDIT-006/access-log', 'auditor');

    const log = (await call('GET', '/audit/persons/P-AUDIT-006/access-log', 'auditor')).body as unknown as {
      userId: string;
      action: string;
      pathwayId: string | null;
    }[];
    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: 'coordinator-ann', action: 'GET /pathways', pathwayId: id }),
        expect.objectContaining({ userId: 'auditor-bo', action: 'GET /audit/persons/:personId/access-log' }),
      ]),
    );
  });

  it('sees the QA panel worklist as it stood at any moment, folded from the events', async () => {
    const { pathwayId, taskId } = await caseAtPanel(client, 'P-AUDIT-005');
    const referredToPanel = ((await call('GET', `/audit/pathways/${pathwayId}/events`, 'auditor')).body.items as { envelope: any }[])
      .map((item) => item.envelope)
      .find((event) => event.type === 'CaseReferredToPanel');
    await ok(`/tasks/${taskId}/claim`, 'lee');
    await ok(`/tasks/${taskId}/decision`, 'lee', {
      decision: 'approved',
      model: 'intensive',
      packageHours: 60,
      weeklyFunding: 1800,
      fundingStream: 'council',
      conditions: [],
    });
    const confirmed = await ok(`/tasks/${taskId}/confirmation`, 'chair');
    const decidedAt = (confirmed.events as { occurredAt: string }[])[0]!.occurredAt;
    const worklistAt = async (asOf: string) =>
      (await call('GET', `/audit/worklist?asOf=${encodeURIComponent(asOf)}`, 'auditor')).body.items as Record<string, any>[];

    const atReferral = (await worklistAt(referredToPanel.occurredAt as string)).find((item) => item.pathwayId === pathwayId);
    expect(atReferral).toMatchObject({
      personId: 'P-AUDIT-005',
      urgency: 'crisis',
      // The task as the worklist showed it (the same fold as the projector's).
      task: { status: 'pending', priority: 'crisis', claimedBy: null, proposal: null, referredAt: referredToPanel.occurredAt },
    });
    const justBeforeDecision = new Date(Date.parse(decidedAt) - 1).toISOString();
    expect((await worklistAt(justBeforeDecision)).find((item) => item.pathwayId === pathwayId)).toMatchObject({
      task: { claimedBy: 'panel-lee', proposal: { proposedBy: 'panel-lee' } },
    });
    expect((await worklistAt(decidedAt)).map((item) => item.pathwayId)).not.toContain(pathwayId);
    expect((await worklistAt('2020-01-01T00:00:00Z')).map((item) => item.pathwayId)).not.toContain(pathwayId);
    expect((await call('GET', `/audit/worklist?asOf=${encodeURIComponent(decidedAt)}`, 'lee')).status).toBe(403);
  });
});
