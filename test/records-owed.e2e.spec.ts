/**
 * The records a person is owed (seed 003), through the API against the real
 * stack: a copy of each support plan version, and on leaving, the effect on a
 * sheltered or specialist tenancy explained first and a confirmation that
 * states the arrangements and the way back to the service.
 */
import { apiClient } from './support/api-client';
import { approvedForPlacement, SUPPORT_PLAN } from './support/referral';
import { isolatedTestConfig, startSarp, type SarpHarness } from './support/sarp-harness';

let sarp: SarpHarness;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
const { call, ok } = client;

beforeAll(async () => {
  // A waiting list of its own: the offer below goes to the first suitable person.
  sarp = await startSarp({ config: await isolatedTestConfig('records-owed') });
  tokens.admin = await sarp.tokenFor('admin-ada', 'admin');
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.assessor = await sarp.tokenFor('assessor-raj', 'assessor', 'localities');
});

afterAll(async () => {
  await sarp?.close();
});

/** The read model's view once it has projected an answer's events. */
async function viewAfter(pathwayId: string, answer: Record<string, unknown>) {
  const sequence = Math.max(...(answer.events as { sequence: number }[]).map((event) => event.sequence));
  const view = await call('GET', `/pathways/${pathwayId}?atLeastSequence=${sequence}`, 'coordinator');
  expect(view.status).toBe(200);
  return view.body;
}

describe('the records a person is owed', () => {
  it('keeps each plan version without a copy outstanding, and asks for the tenancy effect, arrangements and way back on leaving', async () => {
    const registered = await call('POST', '/schemes', 'admin', {
      schemeId: 'willow-lodge',
      name: 'Willow Lodge',
      model: 'transitional',
      provider: 'Willow Care',
      area: 'West',
      tenancyType: 'specialist',
      assistiveTechnology: ['telecare'],
      unitIds: ['room-1'],
    });
    expect(registered.status).toBe(201);

    const id = await approvedForPlacement(client, 'P-OWED-001');
    const offered = await ok(`/pathways/${id}/offers`, 'coordinator', {
      model: 'transitional',
      unit: { schemeId: 'willow-lodge', unitId: 'room-1' },
    });
    const offerId = (offered.events as { type: string; data: { offerId: string } }[]).find((event) => event.type === 'UnitOffered')!.data
      .offerId;
    await ok(`/pathways/${id}/offer-response`, 'coordinator', { offerId, accepted: true });
    const placed = await ok(`/pathways/${id}/placement`, 'coordinator', { offerId });
    expect((await viewAfter(id, placed)).planCopiesOutstanding).toEqual([]);

    // A review makes plan version 2: its copy is owed until recorded.
    const reviewed = await ok(`/pathways/${id}/reviews`, 'assessor', { kind: 'routine', supportPlan: SUPPORT_PLAN });
    expect(await viewAfter(id, reviewed)).toMatchObject({ planVersion: 2, planCopiesOutstanding: [2] });
    expect((await call('POST', `/pathways/${id}/plan-copy`, 'assessor', { given: true })).body).toMatchObject({
      status: 422,
      detail: expect.stringMatching(/givenOn/),
    });
    expect(
      (await call('POST', `/pathways/${id}/plan-copy`, 'assessor', { given: true, givenOn: '2026-01-05', how: 'pigeon' })).status,
    ).toBe(400);
    const today = new Date().toISOString().slice(0, 10);
    const copied = await ok(`/pathways/${id}/plan-copy`, 'assessor', { given: true, givenOn: today, how: 'in_person' });
    expect(copied.events[0].data).toEqual({ planVersion: 2, given: true, givenOn: today, how: 'in_person', reasonNotGiven: null });
    expect((await viewAfter(id, copied)).planCopiesOutstanding).toEqual([]);

    // Willow Lodge is a specialist tenancy: the effect of leaving on it is explained first.
    const unexplained = await call('POST', `/pathways/${id}/leaving-request`, 'coordinator', { reason: 'Moving in with family' });
    expect(unexplained.body).toMatchObject({ status: 422, detail: expect.stringMatching(/specialist tenancy: explain the effect/) });
    const requested = await ok(`/pathways/${id}/leaving-request`, 'coordinator', {
      reason: 'Moving in with family',
      tenancyEffectExplained: true,
    });
    expect(requested.events[0].data).toEqual({ reason: 'Moving in with family', tenancyType: 'specialist', tenancyEffectExplained: true });

    const noWayBack = await call('POST', `/pathways/${id}/leaving-confirmation`, 'coordinator', {
      letterRef: 'LTR-9',
      arrangements: 'Keys on Friday',
    });
    expect(noWayBack.body).toMatchObject({ status: 422, detail: expect.stringMatching(/wayBack/) });
    const confirmed = await ok(`/pathways/${id}/leaving-confirmation`, 'coordinator', {
      letterRef: 'LTR-9',
      arrangements: 'Keys on Friday',
      wayBack: 'Call the SARP team, or ask any agency to refer again',
    });
    expect(confirmed.events.map((event: { type: string }) => event.type)).toEqual(['LeavingConfirmed', 'DeadlineMet']);
    const view = await viewAfter(id, confirmed);
    expect(view.timeline.map((entry: { summary: string }) => entry.summary)).toEqual(
      expect.arrayContaining(['Request to leave recorded (specialist tenancy: effect explained)']),
    );
  });
});
