import { parseCatalogueEvent, type Actor, type CatalogueEventEnvelope } from '@sarp/events';
import { InvalidTransitionError, RuleViolationError } from '../errors';
import { decide } from '../decide';
import type { StartedPathway } from '../pathway-state';
import { decideCatalogue, foldCatalogue, stampCatalogueEvents, type CatalogueCommand, type SchemeState } from './catalogue';
import { INITIAL_CATALOGUE } from './initial-catalogue';
import { vacanciesOf, type UnitHolding } from './vacancies';
import { checkOfferOrder, rankWaitingList, waitingListEntryOf, type WaitingListEntry } from './waiting-list';

const admin: Actor = { userId: 'admin-ada', role: 'admin' };
const t0 = new Date('2026-11-02T09:00:00Z');

/** Given the scheme's events so far, when an admin sends a command: the scheme after it. */
function run(commands: CatalogueCommand[], held: string[] = []): { scheme: SchemeState; events: CatalogueEventEnvelope[] } {
  let scheme: SchemeState | null = null;
  const all: CatalogueEventEnvelope[] = [];
  for (const command of commands) {
    const decided = decideCatalogue(command, scheme, { now: t0, heldUnitIds: new Set(held) });
    const events = stampCatalogueEvents(scheme, 'elm-court', decided, { now: t0, actor: admin, correlationId: 'c', causationId: 'c' }).map(
      (event) => parseCatalogueEvent(event),
    );
    all.push(...events);
    scheme = foldCatalogue(all)[0] ?? null;
  }
  if (!scheme) throw new Error('no scheme');
  return { scheme, events: all };
}

const register: CatalogueCommand = {
  type: 'RegisterScheme',
  schemeId: 'elm-court',
  scheme: {
    name: 'Elm Court',
    model: 'transitional',
    provider: 'Elm HA',
    area: 'East',
    tenancyType: 'sheltered',
    assistiveTechnology: ['telecare'],
    housingForm: null,
  },
  unitIds: ['flat-1', 'flat-2'],
};

describe('the accommodation catalogue', () => {
  it('registers a scheme with its units, each change an event with its actor', () => {
    const { scheme, events } = run([register, { type: 'AddUnit', unitId: 'flat-3' }]);
    expect(events.map((event) => `${event.sequence}:${event.type}`)).toEqual([
      '1:SchemeRegistered',
      '2:UnitAdded',
      '3:UnitAdded',
      '4:UnitAdded',
    ]);
    expect(events.every((event) => event.actor.userId === 'admin-ada')).toBe(true);
    expect(scheme.units.map((unit) => `${unit.unitId}:${unit.status}`)).toEqual(['flat-1:in_use', 'flat-2:in_use', 'flat-3:in_use']);
  });

  it('voids a free unit with its reason and expected return, and returns it to use', () => {
    const voided = run([register, { type: 'VoidUnit', unitId: 'flat-1', reason: 'Damp repairs', expectedReturnOn: '2026-12-15' }]).scheme;
    expect(voided.units[0]).toMatchObject({
      status: 'void',
      void: { reason: 'Damp repairs', expectedReturnOn: '2026-12-15', since: t0.toISOString() },
    });
    const back = run([
      register,
      { type: 'VoidUnit', unitId: 'flat-1', reason: 'Damp repairs', expectedReturnOn: null },
      { type: 'ReturnUnitToUse', unitId: 'flat-1' },
    ]);
    expect(back.scheme.units[0]).toMatchObject({ status: 'in_use', void: null });
  });

  it('refuses to retire or void a unit someone holds, a unit twice, or a unit it does not have', () => {
    expect(() => run([register, { type: 'RetireUnit', unitId: 'flat-1', reason: 'Sold off' }], ['flat-1'])).toThrow(InvalidTransitionError);
    expect(() => run([register, { type: 'VoidUnit', unitId: 'flat-2', reason: 'Repairs', expectedReturnOn: null }], ['flat-2'])).toThrow(
      InvalidTransitionError,
    );
    expect(() => run([register, { type: 'AddUnit', unitId: 'flat-1' }])).toThrow(InvalidTransitionError);
    expect(() => run([register, { type: 'RetireUnit', unitId: 'flat-9', reason: 'Sold off' }])).toThrow(RuleViolationError);
    expect(() => run([register, register])).toThrow(InvalidTransitionError);
    expect(() =>
      run([register, { type: 'RetireUnit', unitId: 'flat-1', reason: 'Sold' }, { type: 'ReturnUnitToUse', unitId: 'flat-1' }]),
    ).toThrow(InvalidTransitionError);
  });

  it("keeps each model's own details: assistive technology for transitional schemes, the housing form for independent ones", () => {
    const independent = (housingForm: 'cluster' | null): CatalogueCommand => ({
      ...register,
      scheme: { ...register.scheme, model: 'independent', assistiveTechnology: [], housingForm },
    });
    expect(() => run([independent(null)])).toThrow(/housing/);
    expect(run([independent('cluster')]).scheme.housingForm).toBe('cluster');
    expect(() => run([{ ...register, scheme: { ...register.scheme, model: 'intensive' } }])).toThrow(/assistive/);
  });

  it('holds the catalogue SARP had built in, with the same units', () => {
    expect(INITIAL_CATALOGUE.map((scheme) => `${scheme.schemeId}:${scheme.unitIds.length}`)).toEqual([
      'crisis-house:6',
      'orchard-house:13',
      'northside-cluster:4',
      'riverside-cluster:3',
    ]);
  });
});

const entry = (id: string, overrides: Partial<WaitingListEntry> = {}): WaitingListEntry => ({
  pathwayId: `00000000-0000-4000-8000-00000000000${id}`,
  personId: `P-${id}`,
  team: 'localities',
  model: 'transitional',
  urgency: 'standard',
  approvedAt: '2026-10-01T09:00:00.000Z',
  stayLimitAt: null,
  holdsOffer: false,
  ...overrides,
});

describe('the waiting list (priority rule 1)', () => {
  it('puts crisis first, then the nearest stay limit, then the longest wait, and says why', () => {
    const ranked = rankWaitingList([
      entry('1', { approvedAt: '2026-09-01T09:00:00.000Z' }),
      entry('2', { stayLimitAt: '2027-01-10T09:00:00.000Z' }),
      entry('3', { urgency: 'crisis', approvedAt: '2026-10-20T09:00:00.000Z' }),
      entry('4', { stayLimitAt: '2026-12-20T09:00:00.000Z' }),
      entry('5', { approvedAt: '2026-08-01T09:00:00.000Z' }),
    ]);
    expect(ranked.map((e) => e.personId)).toEqual(['P-3', 'P-4', 'P-2', 'P-5', 'P-1']);
    expect(ranked.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(ranked[0]?.why[0]).toMatch(/crisis/);
    expect(ranked[1]?.why[1]).toMatch(/2026-12-20/);
    expect(ranked[3]?.why[2]).toMatch(/waiting since 2026-08-01/);
    expect(ranked.every((e) => e.priorityRuleVersion === '1')).toBe(true);
  });

  it('passes over no one holding an offer, and counts the others an offer skips', () => {
    const others = [
      entry('1', { approvedAt: '2026-09-01T09:00:00.000Z', holdsOffer: true }),
      entry('2', { approvedAt: '2026-09-15T09:00:00.000Z' }),
    ];
    const check = checkOfferOrder(entry('3'), others);
    expect(check).toEqual({ priorityRuleVersion: '1', position: 3, listLength: 3, passedOver: [entry('2').pathwayId] });
    expect(checkOfferOrder(entry('2', { approvedAt: '2026-09-15T09:00:00.000Z' }), others).passedOver).toEqual([]);
  });

  it('refuses an offer out of list order without a reason, and records the reason and who was passed over with one', () => {
    const state: StartedPathway = {
      ...placementReady(),
    };
    const candidate = waitingListEntryOf(state);
    expect(candidate).toMatchObject({ model: 'transitional', approvedAt: '2026-10-05T09:00:00.000Z' });
    const order = checkOfferOrder(candidate as WaitingListEntry, [entry('1')]);
    const offer = {
      type: 'OfferUnit',
      offerId: 'o1',
      model: 'transitional',
      unit: { schemeId: 'orchard-house', unitId: 'flat-1' },
    } as const;
    const context = { now: t0, actor: { userId: 'coordinator-ann', role: 'coordinator' } as Actor, offerOrder: order };
    expect(() => decide(offer, state, context)).toThrow(/number 2 of 2 .*outOfOrderReason/);
    const [offered] = decide({ ...offer, outOfOrderReason: 'location' }, state, context);
    expect(offered).toMatchObject({
      type: 'UnitOffered',
      data: { allocation: { priorityRuleVersion: '1', position: 2, passedOver: [entry('1').pathwayId], outOfOrderReason: 'location' } },
    });
  });
});

function placementReady(): StartedPathway {
  return {
    status: 'started',
    pathwayId: '00000000-0000-4000-8000-000000000009',
    personId: 'P-9',
    policyVersion: '1',
    stage: 'placement',
    urgency: 'standard',
    referringAgency: 'housing',
    referralId: null,
    referredBy: 'coordinator-ann',
    team: 'localities',
    openedAt: '2026-09-01T09:00:00.000Z',
    updatedAt: '2026-10-05T09:00:00.000Z',
    lastSequence: 10,
    consent: null,
    crisisSupportArranged: false,
    assessorId: 'assessor-raj',
    assessment: { complex: false, requestedModel: 'transitional', eligible: true },
    approvedModel: 'transitional',
    approvedAt: '2026-10-05T09:00:00.000Z',
    panelDecisions: 0,
    panelTask: null,
    offer: null,
    placement: null,
    planVersion: 1,
    moveOnDestination: null,
    leaving: null,
    closure: null,
    deadlines: [],
    breaches: 0,
  };
}

describe('vacancies', () => {
  it('shows each unit free, offered, occupied until its stay limit, or void, and leaves retired units out', () => {
    const { scheme } = run([
      register,
      { type: 'AddUnit', unitId: 'flat-3' },
      { type: 'AddUnit', unitId: 'flat-4' },
      { type: 'VoidUnit', unitId: 'flat-3', reason: 'Repairs', expectedReturnOn: '2027-01-04' },
      { type: 'RetireUnit', unitId: 'flat-4', reason: 'Converted to an office' },
    ]);
    const holdings: UnitHolding[] = [
      {
        unit: { schemeId: 'elm-court', unitId: 'flat-1' },
        pathwayId: 'p1',
        status: 'occupied',
        since: '2026-01-01T00:00:00.000Z',
        expectedFree: { at: '2029-01-01T00:00:00.000Z', because: 'the transitional stay limit' },
      },
    ];
    const units = vacanciesOf([scheme], holdings);
    expect(units.map((unit) => `${unit.unitId}:${unit.state}`)).toEqual(['flat-1:occupied', 'flat-2:free', 'flat-3:void']);
    expect(units[0]?.expectedFree?.at).toBe('2029-01-01T00:00:00.000Z');
    expect(units[2]?.void).toEqual({ reason: 'Repairs', expectedReturnOn: '2027-01-04' });
    expect(vacanciesOf([scheme], holdings, { model: 'intensive' })).toEqual([]);
    expect(vacanciesOf([scheme], holdings, { area: 'east' })).toHaveLength(3);
  });
});
