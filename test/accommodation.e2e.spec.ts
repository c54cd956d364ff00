/**
 * The accommodation side of the SARP through the HTTP API, against the real
 * Temporal, Kafka and PostgreSQL (issue 11): admins keep schemes and units,
 * the waiting list orders who is offered a unit and why, an offer out of that
 * order needs a reason, one person holds one place, and two offers of one
 * unit at the same instant give it to exactly one person.
 */
import { apiClient } from './support/api-client';
import { approvedForPlacement } from './support/referral';
import { isolatedTestConfig, startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
const { call, ok } = client;

beforeAll(async () => {
  // A read model of its own: the waiting lists hold only this file's people.
  sarp = await startSarp({ config: await isolatedTestConfig('accommodation') });
  tokens.admin = await sarp.tokenFor('admin-ada', 'admin');
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.otherTeam = await sarp.tokenFor('coordinator-ola', 'coordinator', 'learning_disability');
  tokens.assessor = await sarp.tokenFor('assessor-raj', 'assessor', 'localities');
  tokens.auditor = await sarp.tokenFor('auditor-bo', 'auditor');
});

afterAll(async () => {
  await sarp?.close();
});

const elmCourt = {
  schemeId: 'elm-court',
  name: 'Elm Court',
  model: 'transitional',
  provider: 'Elm Housing Association',
  area: 'East',
  tenancyType: 'sheltered',
  assistiveTechnology: ['telecare'],
  unitIds: ['flat-1', 'flat-2', 'flat-3', 'flat-4'],
};

/** Offers a unit; the answer as it came. */
const offer = (pathwayId: string, unitId: string, extra: Record<string, unknown> = {}, as = 'coordinator') =>
  call('POST', `/pathways/${pathwayId}/offers`, as, { model: 'transitional', unit: { schemeId: 'elm-court', unitId }, ...extra });

/** The read model's view of a pathway once it has projected the events of an answer. */
async function projectedAfter(pathwayId: string, answer: { body: Record<string, any> }) {
  const sequence = Math.max(...(answer.body.events as { sequence: number }[]).map((event) => event.sequence));
  await call('GET', `/pathways/${pathwayId}?atLeastSequence=${sequence}`, 'auditor');
}

async function waitingList() {
  const answer = await call('GET', '/waiting-list?model=transitional', 'coordinator');
  expect(answer.status).toBe(200);
  return answer.body.lists[0].entries as {
    position: number;
    pathwayId: string | null;
    urgency: string;
    holdsOffer: boolean;
    why: string[];
  }[];
}

describe('schemes and units as managed data', () => {
  it('lets an admin register a scheme, add, void, return and retire units, each change an event with its actor', async () => {
    const registered = await call('POST', '/schemes', 'admin', elmCourt);
    expect(registered.status).toBe(201);
    expect(registered.body.scheme.units).toHaveLength(4);
    expect((await call('POST', '/schemes/elm-court/units', 'admin', { unitId: 'flat-5' })).status).toBe(201);
    const voided = await call('POST', '/schemes/elm-court/units/flat-5/void', 'admin', {
      reason: 'Damp repairs',
      expectedReturnOn: '2099-01-31',
    });
    expect(voided.status).toBe(200);
    expect(voided.body.scheme.units[4]).toMatchObject({ status: 'void', void: { reason: 'Damp repairs', expectedReturnOn: '2099-01-31' } });

    const events = await call('GET', '/audit/accommodation-events?schemeId=elm-court', 'auditor');
    expect(events.status).toBe(200);
    expect(
      (events.body.events as { type: string; actor: { userId: string } }[]).map((event) => `${event.type}:${event.actor.userId}`),
    ).toEqual(['SchemeRegistered:admin-ada', ...Array.from({ length: 5 }, () => 'UnitAdded:admin-ada'), 'UnitVoided:admin-ada']);
    // The catalogue the auditor folds from the events is the one the admin sees.
    expect(events.body.schemes[0]).toEqual((await call('GET', '/schemes/elm-court', 'coordinator')).body);
    // The catalogue SARP had built in is there too, migrated as the initial data.
    const all = await call('GET', '/schemes', 'coordinator');
    expect((all.body.schemes as { schemeId: string }[]).map((scheme) => scheme.schemeId)).toEqual(
      expect.arrayContaining(['crisis-house', 'orchard-house', 'northside-cluster', 'riverside-cluster', 'elm-court']),
    );
  });

  it('refuses bad input with a clear problem and changes nothing', async () => {
    const before = (await call('GET', '/schemes/elm-court', 'admin')).body;
    expect((await call('POST', '/schemes', 'coordinator', { ...elmCourt, schemeId: 'not-mine' })).status).toBe(403);
    expect((await call('POST', '/schemes', 'admin', elmCourt)).status).toBe(409);
    expect((await call('POST', '/schemes', 'admin', { ...elmCourt, schemeId: 'oak-court', model: 'intensive' })).body).toMatchObject({
      status: 422,
      detail: expect.stringMatching(/assistive technology/),
    });
    expect((await call('POST', '/schemes', 'admin', { ...elmCourt, schemeId: 'oak-court', extra: 1 })).status).toBe(400);
    expect((await call('POST', '/schemes/no-such-scheme/units', 'admin', { unitId: 'flat-1' })).status).toBe(404);
    expect((await call('POST', '/schemes/elm-court/units', 'admin', { unitId: 'flat-1' })).status).toBe(409);
    expect((await call('POST', '/schemes/elm-court/units/flat-9/retirement', 'admin', { reason: 'Sold off' })).status).toBe(422);
    expect((await call('POST', '/schemes/elm-court/units/flat-1/return', 'admin', {})).status).toBe(409);
    expect((await call('GET', '/schemes/elm-court', 'admin')).body).toEqual(before);
    expect((await call('GET', '/schemes/oak-court', 'admin')).status).toBe(404);
    // Auditors see the refused attempts too: who tried what, and why it was refused.
    const refused = await waitFor(
      async () => {
        const answer = await call('GET', '/audit/accommodation-events?schemeId=elm-court', 'auditor');
        const attempts = answer.body.refusedAttempts as { command: string; status: number; actor: { userId: string } }[];
        return attempts.length >= 4 ? attempts : undefined;
      },
      { what: 'the refused catalogue commands on the record' },
    );
    expect(refused.map((attempt) => `${attempt.command} ${attempt.status} ${attempt.actor.userId}`).sort()).toEqual([
      'catalogue:elm-court:AddUnit 409 admin-ada',
      'catalogue:elm-court:RegisterScheme 409 admin-ada',
      'catalogue:elm-court:RetireUnit 422 admin-ada',
      'catalogue:elm-court:ReturnUnitToUse 409 admin-ada',
    ]);
  });
});

/** Which of the two concurrent offers won: the figures below count the offers made. */
let raceWonByFirstInLine = false;
let second: string;

describe('the waiting list and offers', () => {
  let first: string;
  let crisis: string;

  it('orders people by the priority rule and says why: crisis first, then the longest wait', async () => {
    first = await approvedForPlacement(client, 'P-ACC-0001');
    second = await approvedForPlacement(client, 'P-ACC-0002');
    crisis = await approvedForPlacement(client, 'P-ACC-0003', { urgency: 'crisis' });
    const list = await waitingList();
    expect(list.map((entry) => entry.pathwayId)).toEqual([crisis, first, second]);
    expect(list.map((entry) => entry.position)).toEqual([1, 2, 3]);
    expect(list[0]?.why[0]).toMatch(/crisis/);
    expect(list[1]?.why).toEqual(expect.arrayContaining([expect.stringMatching(/^waiting since /)]));
    const answer = await call('GET', '/waiting-list?model=transitional', 'coordinator');
    expect(answer.body.priorityRule).toMatchObject({ version: '1', source: expect.stringMatching(/001_1463ac6e6ab1b23b/) });
    // Another team sees the positions and their reasons, not who is waiting.
    const other = await call('GET', '/waiting-list?model=transitional', 'otherTeam');
    expect((other.body.lists[0].entries as { pathwayId: string | null; position: number }[]).map((e) => [e.position, e.pathwayId])).toEqual(
      [
        [1, null],
        [2, null],
        [3, null],
      ],
    );
  });

  it('refuses an offer out of list order without a reason, and records who was passed over and why with one', async () => {
    const refused = await offer(first, 'flat-1');
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/number 2 of 3 .*outOfOrderReason/);
    expect((await offer(first, 'flat-1', { outOfOrderReason: 'because' })).status).toBe(400);

    const toFirstInLine = await offer(crisis, 'flat-1');
    expect(toFirstInLine.status).toBe(200);
    expect(toFirstInLine.body.events[0].data.allocation).toEqual({
      priorityRuleVersion: '1',
      position: 1,
      passedOver: [],
      outOfOrderReason: null,
    });
    await projectedAfter(crisis, toFirstInLine);

    // The crisis case holds an offer, so the first suitable person is now `first`: `second` needs a reason.
    expect((await offer(second, 'flat-2')).status).toBe(422);
    const outOfOrder = await offer(second, 'flat-2', { outOfOrderReason: 'location' });
    expect(outOfOrder.status).toBe(200);
    expect(outOfOrder.body.events[0].data.allocation).toEqual({
      priorityRuleVersion: '1',
      position: 3,
      passedOver: [first],
      outOfOrderReason: 'location',
    });
    await projectedAfter(second, outOfOrder);
    // Auditors see the reason in the event log.
    const history = await call('GET', `/audit/pathways/${second}/events`, 'auditor');
    const offered = (history.body.items as { envelope: { type: string; data: { allocation: unknown } } }[]).find(
      (event) => event.envelope.type === 'UnitOffered',
    );
    expect(offered?.envelope.data.allocation).toMatchObject({ outOfOrderReason: 'location', passedOver: [first] });
    // And the refused attempt, with its reason.
    const refusals = await waitFor(
      async () => {
        const attempts = (await call('GET', `/pathways/${first}/refused-attempts`, 'auditor')).body as {
          command: string;
          status: number;
        }[];
        return Array.isArray(attempts) && attempts.some((attempt) => attempt.command === 'offers') ? attempts : undefined;
      },
      { what: 'the refused offer on the record' },
    );
    expect(refusals.filter((attempt) => attempt.command === 'offers').map((attempt) => attempt.status)).toContain(422);
  });

  it('keeps a person who declines an offer in their place on the list', async () => {
    const live = await call('GET', `/pathways/${crisis}/live`, 'coordinator');
    const declined = await call('POST', `/pathways/${crisis}/offer-response`, 'coordinator', {
      offerId: live.body.offer.offerId,
      accepted: false,
      reason: 'Wants to stay near family',
    });
    expect(declined.status).toBe(200);
    await projectedAfter(crisis, declined);
    const list = await waitingList();
    expect(list.map((entry) => [entry.pathwayId, entry.holdsOffer])).toEqual([
      [crisis, false],
      [first, false],
      [second, true],
    ]);
  });

  it('shows each unit free, offered or void, now and as it stood before', async () => {
    const now = await call('GET', '/vacancies?schemeId=elm-court', 'coordinator');
    expect(now.status).toBe(200);
    const states = Object.fromEntries(
      (now.body.units as { unitId: string; state: string; pathwayId: string | null }[]).map((u) => [u.unitId, [u.state, u.pathwayId]]),
    );
    expect(states).toEqual({
      'flat-1': ['free', null],
      'flat-2': ['offered', second],
      'flat-3': ['free', null],
      'flat-4': ['free', null],
      'flat-5': ['void', null],
    });
    // An admin sees the states, not whose case holds a unit.
    const asAdmin = await call('GET', '/vacancies?schemeId=elm-court', 'admin');
    expect((asAdmin.body.units as { pathwayId: string | null }[]).every((unit) => unit.pathwayId === null)).toBe(true);
    // As of an instant: for auditors, and the flat offered and declined since was free then.
    const registeredAt = (await call('GET', '/schemes/elm-court', 'auditor')).body.registeredAt as string;
    const then = new Date(Date.parse(registeredAt) + 1).toISOString();
    expect((await call('GET', `/vacancies?asOf=${then}`, 'coordinator')).status).toBe(403);
    const past = await call('GET', `/vacancies?schemeId=elm-court&asOf=${encodeURIComponent(then)}`, 'auditor');
    expect(past.status).toBe(200);
    expect((past.body.units as { state: string }[]).map((unit) => unit.state)).toEqual(['free', 'free', 'free', 'free']);
    // As of now, the fold of the events gives what the read model gives.
    const asOfNow = await call('GET', `/vacancies?schemeId=elm-court&asOf=${encodeURIComponent(new Date().toISOString())}`, 'auditor');
    expect(asOfNow.body.units).toEqual((await call('GET', '/vacancies?schemeId=elm-court', 'auditor')).body.units);
  });

  it('refuses units that are void, retired, of another model or held, and retiring a held unit', async () => {
    expect((await offer(crisis, 'flat-5')).status).toBe(409);
    expect((await offer(crisis, 'flat-2')).body).toMatchObject({ status: 409, detail: expect.stringMatching(/already allocated/) });
    const wrongModel = await call('POST', `/pathways/${crisis}/offers`, 'coordinator', {
      model: 'transitional',
      unit: { schemeId: 'crisis-house', unitId: 'room-1' },
    });
    expect(wrongModel.body).toMatchObject({ status: 422, detail: expect.stringMatching(/offers intensive placements/) });
    expect((await offer(crisis, 'flat-99')).body).toMatchObject({ status: 422, detail: expect.stringMatching(/unknown unit/) });
    expect((await call('POST', '/schemes/elm-court/units/flat-2/retirement', 'admin', { reason: 'Sold off' })).status).toBe(409);
    expect((await call('POST', '/schemes/elm-court/units/flat-2/void', 'admin', { reason: 'Repairs' })).status).toBe(409);
    expect((await call('POST', '/schemes/elm-court/units/flat-4/retirement', 'admin', { reason: 'Converted to an office' })).status).toBe(
      200,
    );
    expect((await offer(crisis, 'flat-4')).body).toMatchObject({ status: 409, detail: expect.stringMatching(/retired/) });
  });

  it('gives one free unit to exactly one of two coordinators offering it at the same instant', async () => {
    const answers = await Promise.all([offer(crisis, 'flat-3'), offer(first, 'flat-3', { outOfOrderReason: 'risk' })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers[0]?.status === 200 ? crisis : first;
    raceWonByFirstInLine = winner === crisis;
    const vacancies = await waitFor(
      async () => {
        const units = (await call('GET', '/vacancies?schemeId=elm-court', 'auditor')).body.units as {
          unitId: string;
          pathwayId: string | null;
        }[];
        const flat3 = units.find((unit) => unit.unitId === 'flat-3');
        return flat3?.pathwayId ? flat3 : undefined;
      },
      { what: 'flat-3 held in the read model' },
    );
    expect(vacancies.pathwayId).toBe(winner);
  });
});

describe('one person, one place', () => {
  it('links a new referral of a person to their open pathway, and refuses them a second place while they hold one', async () => {
    const held = await approvedForPlacement(client, 'P-ACC-0009');
    const again = await call('POST', '/referrals', 'coordinator', {
      personRef: 'P-ACC-0009',
      referringAgency: 'nhs',
      presentingNeeds: ['Discharged from hospital'],
      urgency: 'standard',
    });
    expect(again.status).toBe(202);
    expect(again.body.linkedPathways).toEqual([held]);
    const secondPathway = again.body.pathwayId as string;
    // Take the second pathway to placement too (its own assessment), then offer on both.
    await waitFor(async () => ((await call('GET', `/pathways/${secondPathway}/live`, 'coordinator')).status === 200 ? true : undefined), {
      what: 'the second pathway',
    });
    await ok(`/pathways/${secondPathway}/triage`, 'coordinator', { outcome: 'accept', urgency: 'standard' });
    await ok(`/pathways/${secondPathway}/assessor`, 'coordinator', { assessorId: 'assessor-raj' });
    const firstOffer = await call('POST', `/pathways/${held}/offers`, 'coordinator', {
      model: 'transitional',
      unit: { schemeId: 'orchard-house', unitId: 'flat-1' },
      outOfOrderReason: 'location',
    });
    expect(firstOffer.status).toBe(200);
    const { body: assessed } = await call('POST', `/pathways/${secondPathway}/assessment`, 'assessor', {
      needs: ['Budgeting'],
      risk: { level: 'low', summary: 'Low', positiveRiskTaking: null },
      eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
      supportPlan: {
        wellbeing: 'Fine',
        satisfactionWithHome: 'Fine',
        communityConnections: 'Some',
        aspirations: 'Own flat',
        strengths: 'Kind',
      },
      careBundles: [],
      requestedModel: 'independent',
      requestedPackageHours: 4,
      requestedWeeklyFunding: 100,
      copyGivenToPerson: true,
    });
    expect(assessed.events).toBeDefined();
    const secondOffer = await call('POST', `/pathways/${secondPathway}/offers`, 'coordinator', {
      model: 'independent',
      unit: { schemeId: 'northside-cluster', unitId: 'unit-1' },
    });
    expect(secondOffer.status).toBe(409);
    expect(secondOffer.body.detail).toContain(held);
    // Nothing was held for the refused offer: the unit is still free.
    const northside = await call('GET', '/vacancies?schemeId=northside-cluster', 'auditor');
    expect((northside.body.units as { unitId: string; state: string }[]).find((unit) => unit.unitId === 'unit-1')?.state).toBe('free');
  });
});

describe('the fair-access figures', () => {
  const today = () => {
    const from = new Date(Date.now() - 24 * 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  };
  const figure = async (id: string, extra = '') => {
    const answer = await call('GET', `/reports/${id}?${today()}${extra}`, 'auditor');
    expect(answer.status).toBe(200);
    return answer.body.rows as Record<string, unknown>[];
  };

  it('count the offers made in and out of list order, by reason, as made above', async () => {
    // Offers above: to the first in line (1), out of order for location (2: `second`, and the person on two
    // pathways), and the one that won the race (first in line, or out of order for risk).
    const expected = [
      { model: 'transitional', order: 'in list order', offers: raceWonByFirstInLine ? 2 : 1 },
      { model: 'transitional', order: 'out of order: location', offers: 2 },
      ...(raceWonByFirstInLine ? [] : [{ model: 'transitional', order: 'out of order: risk', offers: 1 }]),
    ];
    await waitFor(
      async () => {
        const rows = await figure('offers-by-list-order');
        return JSON.stringify(rows) === JSON.stringify(expected) ? rows : undefined;
      },
      { what: 'the offers projected' },
    );
  });

  it('measure the wait from approval to placement, void days and occupancy per scheme', async () => {
    const live = await call('GET', `/pathways/${second}/live`, 'coordinator');
    const offerId = live.body.offer.offerId as string;
    await ok(`/pathways/${second}/offer-response`, 'coordinator', { offerId, accepted: true });
    const placed = await call('POST', `/pathways/${second}/placement`, 'coordinator', { offerId });
    expect(placed.status).toBe(200);
    await projectedAfter(second, placed);
    const waits = await figure('wait-for-placement');
    expect(waits).toEqual([
      { model: 'transitional', team: 'localities', urgency: 'standard', placements: 1, medianDays: 0, longestDays: 0 },
    ]);

    const voids = (await figure('void-days')).find((row) => row.scheme === 'elm-court');
    // flat-5 has been void since the first test, minutes ago: a sliver of a day, and one unit voided.
    expect(voids).toMatchObject({ model: 'transitional', unitsVoided: 1 });
    expect(voids?.voidDays).toBeLessThan(0.1);

    const occupancy = (await figure('occupancy-by-month')).filter((row) => row.scheme === 'elm-court');
    expect(occupancy.length).toBeGreaterThanOrEqual(1);
    // Four units in use (flat-4 retired): flat-2 occupied for moments.
    expect(occupancy.every((row) => row.units === 4)).toBe(true);
    expect(occupancy.map((row) => row.occupiedDays as number).reduce((a, b) => a + b, 0)).toBeLessThan(0.1);
  });
});

describe('one unit, one person: across API and worker processes, and a worker restart', () => {
  let other: SarpHarness;
  const viaOther = apiClient(() => other.baseUrl, tokens);

  beforeAll(async () => {
    // A second API and worker on the same task queue, database and consumer group: a scaled-out deployment.
    other = await startSarp({ config: sarp.config });
  });

  afterAll(async () => {
    await other?.close();
  });

  const offerVia = (api: typeof client, pathwayId: string, model: string, unit: { schemeId: string; unitId: string }) =>
    api.call('POST', `/pathways/${pathwayId}/offers`, 'coordinator', { model, unit, outOfOrderReason: 'location' });

  it('gives a unit offered through two API processes at the same instant to exactly one, before and after a worker restart', async () => {
    for (const [round, unitId] of [
      [1, 'flat-10'],
      [2, 'flat-11'],
    ] as const) {
      const one = await approvedForPlacement(client, `P-ACC-1${round}1`);
      const two = await approvedForPlacement(client, `P-ACC-1${round}2`);
      const unit = { schemeId: 'orchard-house', unitId };
      const answers = await Promise.all([offerVia(client, one, 'transitional', unit), offerVia(viaOther, two, 'transitional', unit)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      if (round === 1) await sarp.restartWorker();
    }
  });

  it('has a person on the waiting list the moment their approval is answered, before the read model catches up', async () => {
    const approved = await approvedForPlacement(client, 'P-ACC-0400', { model: 'independent', noWait: true });
    const list = await call('GET', '/waiting-list?model=independent', 'coordinator');
    expect((list.body.lists[0].entries as { pathwayId: string | null }[]).map((entry) => entry.pathwayId)).toContain(approved);
    // And the offer's check counts them: the next person approved is behind them.
    const next = await approvedForPlacement(client, 'P-ACC-0401', { model: 'independent', noWait: true });
    const offered = await call('POST', `/pathways/${next}/offers`, 'coordinator', {
      model: 'independent',
      unit: { schemeId: 'riverside-cluster', unitId: 'unit-1' },
      outOfOrderReason: 'location',
    });
    expect(offered.status).toBe(200);
    expect(offered.body.events[0].data.allocation.passedOver).toContain(approved);
  });

  it('gives a person offered two units on two pathways at the same instant exactly one of them', async () => {
    const transitional = await approvedForPlacement(client, 'P-ACC-0300');
    const independent = await approvedForPlacement(client, 'P-ACC-0300', { model: 'independent' });
    const answers = await Promise.all([
      offerVia(client, transitional, 'transitional', { schemeId: 'orchard-house', unitId: 'flat-12' }),
      offerVia(viaOther, independent, 'independent', { schemeId: 'riverside-cluster', unitId: 'unit-3' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const refused = answers.find((answer) => answer.status === 409);
    expect(refused?.body.detail).toMatch(/one person, one place/);
  });
});
