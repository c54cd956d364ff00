/**
 * One pathway from referral to move-on through the HTTP API, against the
 * real stack, as a coordinator, an assessor and a panel member would drive
 * it; every transition is read back from the read model.
 */
import { Client, Connection } from '@temporalio/client';
import { recordHistory } from './support/record-history';
import { apiClient } from './support/api-client';
import { isolatedTestConfig, startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';
import { approvedForPlacement, SUPPORT_PLAN } from './support/referral';

let sarp: SarpHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  // A read model of its own: the waiting lists its offers are checked against hold only its own people.
  sarp = await startSarp({ config: await isolatedTestConfig('whole') });
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator');
  tokens.assessor = await sarp.tokenFor('assessor-raj', 'assessor');
  tokens.panel = await sarp.tokenFor('panel-lee', 'panel_member');
  tokens.chair = await sarp.tokenFor('chair-sam', 'panel_chair');
  tokens.auditor = await sarp.tokenFor('auditor-bo', 'auditor');
});

afterAll(async () => {
  await sarp?.close();
});

const client = apiClient(() => sarp.baseUrl, tokens);
const { call } = client;

/** Sends a command and expects it accepted; returns the events it caused. */
async function command(pathwayId: string, action: string, as: string, body: unknown = {}) {
  const response = await call('POST', `/pathways/${pathwayId}/${action}`, as, body);
  if (response.status !== 200) throw new Error(`${action} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.events as { type: string; sequence: number }[];
}

/** The read model's pathway once it has caught up with the given sequence. */
async function projected(pathwayId: string, sequence: number) {
  return waitFor(
    async () => {
      const response = await call('GET', `/pathways/${pathwayId}`, 'auditor');
      return response.status === 200 && (response.body.lastSequence as number) >= sequence ? response.body : undefined;
    },
    { what: `pathway ${pathwayId} projected up to ${sequence}` },
  );
}

const plan = SUPPORT_PLAN;

describe('a pathway from referral to move-on', () => {
  it('goes through every stage, each transition visible in the read model', async () => {
    const referral = await call('POST', '/referrals', 'coordinator', {
      personRef: 'P-E2E-0001',
      referringAgency: 'social_work',
      presentingNeeds: ['Leaving a mental health ward, no home to go to'],
      urgency: 'crisis',
    });
    expect(referral.status).toBe(202);
    const id = referral.body.pathwayId as string;
    let last = 2; // ReferralReceived, DeadlineSet (crisis)

    const expectStage = async (stage: string, extra: Record<string, unknown> = {}) => {
      const pathway = await projected(id, last);
      expect(pathway).toMatchObject({ stage, ...extra });
      return pathway;
    };
    const step = async (action: string, as: string, body: unknown = {}) => {
      const events = await command(id, action, as, body);
      last = events[events.length - 1]?.sequence ?? last;
      return events;
    };

    const crisis = await expectStage('referral', { urgency: 'crisis' });
    expect(crisis.deadlines).toEqual([
      expect.objectContaining({ ruleId: 'crisis-response', status: 'open', policyVersion: '3', source: expect.stringContaining('003') }),
    ]);

    await step('consent', 'coordinator', { granted: true, agencies: ['nhs', 'housing'], overrideReason: null });
    await step('crisis-support', 'coordinator', { arrangement: 'Emergency room at Crisis House tonight' });
    await step('triage', 'coordinator', { outcome: 'accept', urgency: 'crisis' });
    await expectStage('assessment');
    await step('assessor', 'coordinator', { assessorId: 'assessor-raj' });

    // An assessor may not send a panel decision; nor may anyone skip ahead: refused, nothing changes.
    expect((await call('POST', `/pathways/${id}/panel-decision`, 'assessor', { decision: 'deferred', reason: 'Not yet' })).status).toBe(
      403,
    );
    const early = await call('POST', `/pathways/${id}/placement`, 'coordinator', { offerId: 'nope' });
    expect(early.status).toBe(409);
    const badBody = await call('POST', `/pathways/${id}/assessment`, 'assessor', { needs: [] });
    expect(badBody.status).toBe(400);

    await step('assessment', 'assessor', {
      needs: ['Support with medication', 'Budgeting'],
      risk: { level: 'medium', summary: 'Relapse when isolated', positiveRiskTaking: 'Wants to travel alone to college' },
      eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
      supportPlan: plan,
      careBundles: ['medication-support'],
      requestedModel: 'intensive',
      requestedPackageHours: 40,
      requestedWeeklyFunding: 1400,
      copyGivenToPerson: true,
    });
    const atPanel = await expectStage('panel');
    expect(atPanel.timeline.map((entry: { type: string }) => entry.type)).toContain('CaseReferredToPanel');

    // The case is on the panel's worklist, crisis first, with the summary the panel decides from.
    const worklist = await call('GET', '/worklist?status=pending', 'panel');
    const task = (worklist.body.items as Record<string, any>[]).find((item) => item.pathwayId === id);
    expect(task).toMatchObject({
      status: 'pending',
      priority: 'crisis',
      referredBy: 'coordinator-ann',
      assessedBy: 'assessor-raj',
      summary: {
        requestedModel: 'intensive',
        requestedPackageHours: 40,
        eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
        rulesFired: expect.arrayContaining([expect.objectContaining({ rule: 'intensive-model' })]),
      },
    });
    expect(task?.dueAt).toEqual(expect.any(String));
    expect((await call('GET', '/worklist', 'coordinator')).status).toBe(403);

    // One panel member proposes, the chair confirms: the decision is recorded and the pathway moves on.
    const taskPath = `/tasks/${encodeURIComponent(task?.taskId as string)}`;
    const proposal = {
      decision: 'approved',
      model: 'intensive',
      packageHours: 40,
      weeklyFunding: 1400,
      fundingStream: 'council',
      conditions: ['Weekly psychiatric review'],
    };
    expect((await call('POST', `${taskPath}/decision`, 'panel', proposal)).status).toBe(200);
    const confirmation = await call('POST', `${taskPath}/confirmation`, 'chair', {});
    expect(confirmation.status).toBe(200);
    last = Math.max(...(confirmation.body.events as { sequence: number }[]).map((event) => event.sequence));
    await expectStage('placement');
    const decided = await call('GET', `/tasks/${encodeURIComponent(task?.taskId as string)}`, 'panel');
    expect(decided.body).toMatchObject({ status: 'decided', decision: 'approved', decidedBy: 'chair-sam' });

    const offered = await step('offers', 'coordinator', { model: 'intensive', unit: { schemeId: 'crisis-house', unitId: 'room-6' } });
    const live = await call('GET', `/pathways/${id}/live`, 'coordinator');
    const offerId = live.body.offer.offerId as string;
    expect(offered.map((event) => event.type)).toEqual(['UnitOffered']);
    await step('offer-response', 'coordinator', { offerId, accepted: true });
    await step('placement', 'coordinator', { offerId });
    const placed = await expectStage('placement', { placementModel: 'intensive' });
    expect(
      placed.deadlines
        .filter((d: { status: string }) => d.status === 'open')
        .map((d: { ruleId: string }) => d.ruleId)
        .sort(),
    ).toEqual(['annual-review', 'intensive-stay-limit', 'step-down-planning', 'support-plan-review-limit', 'support-plan-review-target']);

    await step('reviews', 'assessor', { kind: 'routine', supportPlan: { ...plan, wellbeing: 'Calmer' } });
    await step('step-down', 'coordinator', { toModel: 'transitional' });
    await expectStage('step_down');
    const stepOffer = await step('offers', 'coordinator', {
      model: 'transitional',
      unit: { schemeId: 'orchard-house', unitId: 'flat-13' },
    });
    expect(stepOffer).toHaveLength(1);
    const stepOfferId = (await call('GET', `/pathways/${id}/live`, 'coordinator')).body.offer.offerId as string;
    await step('offer-response', 'coordinator', { offerId: stepOfferId, accepted: true });
    await step('placement', 'coordinator', { offerId: stepOfferId });
    await expectStage('placement', { placementModel: 'transitional' });

    await step('move-on', 'coordinator', { destination: 'independent_tenancy_with_floating_support' });
    await expectStage('move_on');
    await step('move-on-completion', 'coordinator');
    const closed = await expectStage('closed', { breaches: 0 });

    // Every transition is in the timeline, in order, and no deadline was left open.
    const timeline = (closed.timeline as { type: string; sequence: number }[]).filter((entry) => !entry.type.startsWith('Deadline'));
    expect(timeline.map((entry) => entry.type)).toEqual([
      'ReferralReceived',
      'ConsentRecorded',
      'CrisisSupportArranged',
      'ReferralTriaged',
      'AssessorAssigned',
      'AssessmentCompleted',
      'CaseReferredToPanel',
      'PanelCaseScheduled',
      'PanelDecisionProposed',
      'PanelDecisionRecorded',
      'UnitOffered',
      'OfferAccepted',
      'PlacementStarted',
      'ReviewCompleted',
      'StepDownPlanned',
      'UnitOffered',
      'OfferAccepted',
      'PlacementStarted',
      'MoveOnPlanned',
      'MovedOn',
      'PathwayClosed',
    ]);
    expect((closed.deadlines as { status: string }[]).filter((deadline) => deadline.status === 'open')).toEqual([]);
    expect((closed.timeline as { sequence: number }[]).map((entry) => entry.sequence)).toEqual(
      Array.from({ length: last }, (_, i) => i + 1),
    );

    // The pathway is listed under its stage, and the units it held are free again.
    const list = await call('GET', '/pathways?stage=closed&breached=false', 'auditor');
    expect((list.body.items as { pathwayId: string }[]).map((item) => item.pathwayId)).toContain(id);

    const client = new Client({ connection: await Connection.connect({ address: sarp.config.temporal.address }) });
    await recordHistory(client, id, 'every-stage-referral-to-move-on');
    await client.connection.close();
  });

  it('refuses a unit already held by someone else', async () => {
    const first = await approvedForPlacement(client, 'P-E2E-0002');
    const second = await approvedForPlacement(client, 'P-E2E-0003');
    expect(
      (
        await call('POST', `/pathways/${first}/offers`, 'coordinator', {
          model: 'transitional',
          unit: { schemeId: 'orchard-house', unitId: 'flat-12' },
        })
      ).status,
    ).toBe(200);
    const taken = await call('POST', `/pathways/${second}/offers`, 'coordinator', {
      model: 'transitional',
      unit: { schemeId: 'orchard-house', unitId: 'flat-12' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toMatch(/already allocated/);
    const unknown = await call('POST', `/pathways/${second}/offers`, 'coordinator', {
      model: 'transitional',
      unit: { schemeId: 'orchard-house', unitId: 'flat-99' },
    });
    expect(unknown.status).toBe(422);
  });
});
