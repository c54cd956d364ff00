import {
  decide,
  EMPTY_PATHWAY,
  evolve,
  foldPathway,
  InvalidTransitionError,
  RuleViolationError,
  stampEvents,
  type DecisionContext,
  type PathwayCommand,
  type PathwayState,
  type StartedPathway,
} from '@sarp/domain';
import { parsePathwayEvent, type Actor, type PathwayEventEnvelope } from '@sarp/events';

const pathwayId = '7b0e3c52-9a55-4b8e-9d3a-1f2a3b4c5d6e';
const coordinator: Actor = { userId: 'coordinator-ann', role: 'coordinator' };
const assessor: Actor = { userId: 'assessor-raj', role: 'assessor' };
const panelMember: Actor = { userId: 'panel-lee', role: 'panel_member' };
const start = new Date('2026-11-25T09:30:00.000Z');

const referral: PathwayCommand = {
  type: 'ReceiveReferral',
  pathwayId,
  personId: 'P-000123',
  referral: { referralId: 'REF-1', referringAgency: 'police', presentingNeeds: ['Homeless after eviction'], urgency: 'crisis' },
};

const plan = {
  wellbeing: 'Sleeping better',
  satisfactionWithHome: 'Wants a quiet place',
  communityConnections: 'Sister nearby',
  aspirations: 'Return to college',
  strengths: 'Good cook',
};

const assessment = (overrides: Partial<Record<string, unknown>> = {}) =>
  ({
    type: 'CompleteAssessment',
    assessment: {
      needs: ['Medication support'],
      risk: { level: 'medium', summary: 'Self-neglect when unwell', positiveRiskTaking: null },
      eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
      supportPlan: plan,
      careBundles: ['medication-support'],
      requestedModel: 'transitional',
      requestedPackageHours: 10,
      requestedWeeklyFunding: 400,
      copyGivenToPerson: true,
      ...overrides,
    },
  }) as PathwayCommand;

/** Given a history of commands, when one more, then these events (the decider spec, STYLE 11). */
class Pathway {
  events: PathwayEventEnvelope[] = [];
  state: PathwayState = EMPTY_PATHWAY;
  /** Extra decision context, e.g. the panel's sitting schedule. */
  context: Partial<DecisionContext> = {};

  send(command: PathwayCommand, actor: Actor = coordinator, now = start): PathwayEventEnvelope[] {
    const decided = decide(command, this.state, { ...this.context, now, actor });
    // Every event the domain makes must match its schema (the publishing activity would refuse it otherwise).
    const stamped = stampEvents(this.state, decided, {
      pathwayId,
      personId: 'P-000123',
      now,
      actor,
      correlationId: 'corr',
      causationId: 'cmd',
    }).map((event) => parsePathwayEvent(event));
    for (const event of stamped) this.state = evolve(this.state, event);
    this.events.push(...stamped);
    return stamped;
  }

  get started(): StartedPathway {
    if (this.state.status !== 'started') throw new Error('not started');
    return this.state;
  }
}

const types = (events: PathwayEventEnvelope[]) =>
  events.map((event) => (event.type.startsWith('Deadline') ? `${event.type}:${(event.data as { ruleId: string }).ruleId}` : event.type));

describe('a crisis referral', () => {
  it('opens the pathway at the referral stage and sets the 24-hour crisis deadline under the current policy (3)', () => {
    const pathway = new Pathway();
    const events = pathway.send(referral);

    expect(types(events)).toEqual(['ReferralReceived', 'DeadlineSet:crisis-response']);
    expect(events[0]).toMatchObject({ eventId: `${pathwayId}:1`, sequence: 1, policyVersion: '3', actor: coordinator });
    expect(events[1]?.data).toMatchObject({ deadlineId: 'crisis-response#2', dueAt: '2026-11-26T09:30:00.000Z' });
    expect(pathway.started).toMatchObject({ stage: 'referral', urgency: 'crisis', policyVersion: '3', lastSequence: 2 });
    expect(pathway.started.deadlines).toEqual([
      { deadlineId: 'crisis-response#2', ruleId: 'crisis-response', dueAt: '2026-11-26T09:30:00.000Z', policyVersion: '3' },
    ]);
  });

  it('is met when crisis support is in place', () => {
    const pathway = new Pathway();
    pathway.send(referral);
    expect(types(pathway.send({ type: 'ArrangeCrisisSupport', arrangement: 'Emergency bed at Crisis House' }))).toEqual([
      'CrisisSupportArranged',
      'DeadlineMet:crisis-response',
    ]);
    expect(pathway.started.deadlines).toEqual([]);
  });

  it('is breached only once due, with an escalation', () => {
    const pathway = new Pathway();
    pathway.send(referral);
    const breach: PathwayCommand = { type: 'MarkDeadlineBreached', deadlineId: 'crisis-response#2' };
    expect(() => pathway.send(breach, { userId: 'sarp-workflow', role: 'system' }, new Date('2026-11-26T09:29:59.000Z'))).toThrow(
      InvalidTransitionError,
    );
    expect(types(pathway.send(breach, { userId: 'sarp-workflow', role: 'system' }, new Date('2026-11-26T09:30:00.000Z')))).toEqual([
      'DeadlineBreached:crisis-response',
      'EscalationRaised',
    ]);
    expect(pathway.started.breaches).toBe(1);
  });

  it('cannot be received twice', () => {
    const pathway = new Pathway();
    pathway.send(referral);
    expect(() => pathway.send(referral)).toThrow(InvalidTransitionError);
  });
});

describe('a standard referral that triage finds to be a crisis', () => {
  const standard: PathwayCommand = {
    ...referral,
    referral: { referralId: 'REF-2', referringAgency: 'nhs', presentingNeeds: ['Discharged today'], urgency: 'standard' },
  };
  const triageAsCrisis: PathwayCommand = { type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null };
  const hoursAfterReceipt = (hours: number) => new Date(start.getTime() + hours * 3_600_000);

  it('is due 24 hours after the referral was received, not after the triage (policy 2, seed 003)', () => {
    const pathway = new Pathway();
    pathway.send(standard);
    const triaged = pathway.send(triageAsCrisis, coordinator, hoursAfterReceipt(10));
    expect(types(triaged)).toEqual(['ReferralTriaged', 'DeadlineSet:crisis-response', 'DeadlineSet:assessment-and-support-plan']);
    expect(triaged[1]?.data).toMatchObject({ dueAt: '2026-11-26T09:30:00.000Z' });
  });

  it('is breached at once, with its escalation, when the 24 hours had passed before triage', () => {
    const pathway = new Pathway();
    pathway.send(standard);
    const triaged = pathway.send(triageAsCrisis, coordinator, hoursAfterReceipt(30));
    expect(types(triaged)).toEqual([
      'ReferralTriaged',
      'DeadlineSet:crisis-response',
      'DeadlineBreached:crisis-response',
      'EscalationRaised',
      'DeadlineSet:assessment-and-support-plan',
    ]);
    expect(triaged.slice(1, 4).map((event) => (event.data as { deadlineId: string }).deadlineId)).toEqual([
      'crisis-response#3',
      'crisis-response#3',
      'crisis-response#3',
    ]);
    expect(pathway.started).toMatchObject({ breaches: 1, escalations: 1 });
    expect(pathway.started.deadlines.map((deadline) => deadline.ruleId)).toEqual(['assessment-and-support-plan']);
  });

  it('keeps policy 1 for pathways that began under it: the 24 hours from the triage', () => {
    const pathway = new Pathway();
    pathway.context = { newPathwayPolicyVersion: '1' };
    pathway.send(standard);
    const triaged = pathway.send(triageAsCrisis, coordinator, hoursAfterReceipt(30));
    expect(types(triaged)).toEqual(['ReferralTriaged', 'DeadlineSet:crisis-response', 'DeadlineSet:assessment-and-support-plan']);
    expect(triaged[1]).toMatchObject({ policyVersion: '1', data: { dueAt: '2026-11-27T15:30:00.000Z' } });
  });
});

describe('from triage to move-on', () => {
  function assessed(overrides: Partial<Record<string, unknown>> = {}, policyVersion?: string): Pathway {
    const pathway = new Pathway();
    if (policyVersion) pathway.context = { newPathwayPolicyVersion: policyVersion };
    pathway.send(referral);
    pathway.send({ type: 'ArrangeCrisisSupport', arrangement: 'Emergency bed' });
    pathway.send({ type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null });
    pathway.send({ type: 'AssignAssessor', assessorId: assessor.userId });
    pathway.send(assessment(overrides), assessor);
    return pathway;
  }

  it('sets the 7-day assessment deadline at triage and meets it at assessment', () => {
    const pathway = new Pathway();
    pathway.send(referral);
    const triaged = pathway.send({ type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null });
    expect(types(triaged)).toEqual(['ReferralTriaged', 'DeadlineSet:assessment-and-support-plan']);
    expect(triaged[1]?.data).toMatchObject({ dueAt: '2026-12-02T09:30:00.000Z' });
  });

  it('sends a complex case to the panel with the rules that fired, and places a simple one directly', () => {
    const complex = assessed({ risk: { level: 'high', summary: 'Risk to others', positiveRiskTaking: null } });
    expect(complex.started.stage).toBe('panel');
    const referred = complex.events.find((event) => event.type === 'CaseReferredToPanel');
    expect(referred?.data).toEqual({ rulesFired: [{ rule: 'high-risk', reason: 'the risk assessment is high' }] });

    const simple = assessed();
    expect(simple.started).toMatchObject({ stage: 'placement', approvedModel: 'transitional', planVersion: 1 });
  });

  it('closes the pathway when the person is not eligible', () => {
    const pathway = assessed({ eligibility: { outcome: 'not_eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' } });
    expect(pathway.started.stage).toBe('closed');
    expect(pathway.started.deadlines).toEqual([]);
  });

  it('keeps four eyes at panel: the referrer and the assessor cannot decide', () => {
    const pathway = assessed({ requestedModel: 'intensive' });
    const approve: PathwayCommand = {
      type: 'RecordPanelDecision',
      decision: {
        decision: 'approved',
        model: 'intensive',
        packageHours: 40,
        weeklyFunding: 1500,
        fundingStream: 'council',
        conditions: [],
      },
    };
    expect(() => pathway.send(approve, { ...coordinator, role: 'panel_member' })).toThrow(RuleViolationError);
    expect(() => pathway.send(approve, { ...assessor, role: 'panel_chair' })).toThrow(RuleViolationError);
    expect(types(pathway.send(approve, panelMember))).toEqual(['PanelDecisionRecorded', 'DeadlineMet:panel-decision']);
    expect(pathway.started).toMatchObject({ stage: 'placement', approvedModel: 'intensive' });
  });

  it('defers to the next sitting with a new panel deadline, and sends a request for information back to assessment', () => {
    const pathway = assessed({ requestedModel: 'intensive' });
    const deferred = pathway.send(
      { type: 'RecordPanelDecision', decision: { decision: 'deferred', reason: 'Awaiting GP letter' } },
      panelMember,
    );
    expect(types(deferred)).toEqual(['PanelDecisionRecorded', 'DeadlineCancelled:panel-decision', 'DeadlineSet:panel-decision']);
    expect(pathway.started.stage).toBe('panel');
    pathway.send(
      {
        type: 'RecordPanelDecision',
        decision: { decision: 'more_information_requested', informationRequested: 'Forensic history', dueBy: '2026-12-09T17:00:00.000Z' },
      },
      panelMember,
    );
    expect(pathway.started.stage).toBe('assessment');
  });

  it('offers only units of the approved model, places the person, and (policy 2) restarts reviews at the placement and each review', () => {
    const pathway = assessed({}, '2');
    // Whether the unit exists, and is of that model, is checked against the managed catalogue when it is
    // reserved (activities/src/unit-allocations.int.spec.ts); the decision checks the approved model.
    expect(() =>
      pathway.send({ type: 'OfferUnit', offerId: 'o1', model: 'intensive', unit: { schemeId: 'crisis-house', unitId: 'room-1' } }),
    ).toThrow(RuleViolationError);
    pathway.send({ type: 'OfferUnit', offerId: 'o1', model: 'transitional', unit: { schemeId: 'orchard-house', unitId: 'flat-3' } });
    expect(() => pathway.send({ type: 'RespondToOffer', offerId: 'o1', accepted: false, reason: null })).toThrow(RuleViolationError);
    pathway.send({ type: 'RespondToOffer', offerId: 'o1', accepted: true, reason: null });
    const placed = pathway.send({ type: 'StartPlacement', offerId: 'o1' });
    expect(types(placed)).toEqual([
      'PlacementStarted',
      'DeadlineSet:support-plan-review-target',
      'DeadlineSet:support-plan-review-limit',
      'DeadlineSet:annual-review',
      'DeadlineSet:transitional-stay-limit',
      'DeadlineSet:move-on-planning',
    ]);
    const reviewed = pathway.send(
      { type: 'CompleteReview', kind: 'routine', supportPlan: plan, notes: null },
      assessor,
      new Date('2026-12-20T10:00:00.000Z'),
    );
    expect(types(reviewed)).toEqual([
      'ReviewCompleted',
      'DeadlineMet:support-plan-review-target',
      'DeadlineMet:support-plan-review-limit',
      'DeadlineSet:support-plan-review-target',
      'DeadlineSet:support-plan-review-limit',
    ]);
    expect(pathway.started.planVersion).toBe(2);

    pathway.send({ type: 'PlanMoveOn', destination: 'independent_tenancy_with_floating_support', notes: null });
    const closed = pathway.send({ type: 'CompleteMoveOn' });
    expect(types(closed)).toEqual(
      expect.arrayContaining(['MovedOn', 'DeadlineMet:transitional-stay-limit', 'DeadlineCancelled:annual-review', 'PathwayClosed']),
    );
    expect(pathway.started).toMatchObject({ stage: 'closed', deadlines: [] });
    expect(() => pathway.send({ type: 'RequestLeaving', reason: null })).toThrow(InvalidTransitionError);
  });

  it('since policy 3, runs the review clocks from the assessment: a placement neither meets nor restarts them', () => {
    const pathway = assessed();
    const fromAssessment = pathway.events.filter(
      (event) => event.type === 'DeadlineSet' && event.data.ruleId.startsWith('support-plan-review'),
    );
    expect(fromAssessment.map((event) => event.type === 'DeadlineSet' && [event.data.ruleId, event.data.kind, event.data.dueAt])).toEqual([
      ['support-plan-review-target', 'target', '2026-12-23T09:30:00.000Z'],
      ['support-plan-review-limit', 'limit', '2027-02-17T09:30:00.000Z'],
    ]);
    // Reviewed before the person is placed: a review of the plan needs no placement.
    const reviewed = pathway.send(
      { type: 'CompleteReview', kind: 'routine', supportPlan: plan, notes: null },
      assessor,
      new Date('2026-12-10T10:00:00.000Z'),
    );
    expect(types(reviewed)).toEqual([
      'ReviewCompleted',
      'DeadlineMet:support-plan-review-target',
      'DeadlineMet:support-plan-review-limit',
      'DeadlineSet:support-plan-review-target',
      'DeadlineSet:support-plan-review-limit',
    ]);
    pathway.send({ type: 'OfferUnit', offerId: 'o1', model: 'transitional', unit: { schemeId: 'orchard-house', unitId: 'flat-3' } });
    pathway.send({ type: 'RespondToOffer', offerId: 'o1', accepted: true, reason: null });
    const placed = pathway.send({ type: 'StartPlacement', offerId: 'o1' }, coordinator, new Date('2026-12-30T10:00:00.000Z'));
    expect(types(placed)).toEqual([
      'PlacementStarted',
      'DeadlineSet:annual-review',
      'DeadlineSet:transitional-stay-limit',
      'DeadlineSet:move-on-planning',
    ]);
    // The 4-week target still counts from the review of 10 December: due 7 January, missed then, not 27 January.
    const target = pathway.started.deadlines.find((deadline) => deadline.ruleId === 'support-plan-review-target');
    expect(target?.dueAt).toBe('2027-01-07T10:00:00.000Z');
    const missed = pathway.send(
      { type: 'MarkDeadlineBreached', deadlineId: target?.deadlineId ?? '' },
      coordinator,
      new Date('2027-01-07T10:00:00.000Z'),
    );
    expect(missed.map((event) => [event.type, 'kind' in event.data ? event.data.kind : undefined])).toEqual([
      ['DeadlineBreached', 'target'],
      ['EscalationRaised', 'target'],
    ]);
    expect(missed[1]?.data).toMatchObject({ message: 'support-plan-review-target target missed (the limit behind it still runs)' });
    expect(pathway.started.deadlines.map((deadline) => deadline.ruleId)).toContain('support-plan-review-limit');
  });

  it('under policy 3 reviews only a plan the assessment has agreed', () => {
    const pathway = new Pathway();
    pathway.send(referral);
    pathway.send({ type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null });
    expect(() => pathway.send({ type: 'CompleteReview', kind: 'routine', supportPlan: plan, notes: null })).toThrow(
      /once the assessment has agreed it/,
    );
  });

  it('steps down from intensive to transitional only', () => {
    const pathway = assessed({ requestedModel: 'intensive' });
    pathway.send(
      {
        type: 'RecordPanelDecision',
        decision: {
          decision: 'approved',
          model: 'intensive',
          packageHours: 40,
          weeklyFunding: 1500,
          fundingStream: 'council',
          conditions: [],
        },
      },
      panelMember,
    );
    pathway.send({ type: 'OfferUnit', offerId: 'o1', model: 'intensive', unit: { schemeId: 'crisis-house', unitId: 'room-2' } });
    pathway.send({ type: 'RespondToOffer', offerId: 'o1', accepted: true, reason: null });
    pathway.send({ type: 'StartPlacement', offerId: 'o1' });
    expect(() => pathway.send({ type: 'PlanStepDown', toModel: 'independent' })).toThrow(RuleViolationError);
    pathway.send({ type: 'PlanStepDown', toModel: 'transitional' });
    expect(pathway.started.stage).toBe('step_down');
    pathway.send({ type: 'OfferUnit', offerId: 'o2', model: 'transitional', unit: { schemeId: 'orchard-house', unitId: 'flat-1' } });
    pathway.send({ type: 'RespondToOffer', offerId: 'o2', accepted: true, reason: null });
    const moved = pathway.send({ type: 'StartPlacement', offerId: 'o2' });
    expect(types(moved)).toEqual(
      expect.arrayContaining(['PlacementStarted', 'DeadlineMet:intensive-stay-limit', 'DeadlineSet:transitional-stay-limit']),
    );
    expect(pathway.started.placement).toMatchObject({ model: 'transitional', unit: { schemeId: 'orchard-house', unitId: 'flat-1' } });
  });

  it('lets a person leave at any stage: request, written confirmation within 7 working days, planned exit', () => {
    const pathway = assessed();
    expect(types(pathway.send({ type: 'RequestLeaving', reason: null }))).toEqual(['LeavingRequested', 'DeadlineSet:leaving-confirmation']);
    expect(() => pathway.send({ type: 'CompleteExit', reason: null })).toThrow(InvalidTransitionError);
    // Since policy 3 the confirmation states the arrangements agreed and the way back to the service (seed 003).
    expect(() => pathway.send({ type: 'ConfirmLeaving', letterRef: 'LTR-1', arrangements: null })).toThrow(/wayBack/);
    const confirmed = pathway.send({
      type: 'ConfirmLeaving',
      letterRef: 'LTR-1',
      arrangements: 'Keys returned on Friday; belongings collected by her sister',
      wayBack: 'Call the SARP team or ask any agency to refer again; no waiting period',
    });
    expect(types(confirmed)).toEqual(['LeavingConfirmed', 'DeadlineMet:leaving-confirmation']);
    expect(confirmed[0]?.data).toMatchObject({ wayBack: expect.stringContaining('refer again') });
    pathway.send({ type: 'CompleteExit', reason: null });
    expect(pathway.started.stage).toBe('closed');
  });

  it('keeps the policy 2 leaving rules for pathways under it: arrangements optional, no way back asked', () => {
    const pathway = assessed({}, '2');
    pathway.send({ type: 'RequestLeaving', reason: null });
    const confirmed = pathway.send({ type: 'ConfirmLeaving', letterRef: 'LTR-1', arrangements: null });
    expect(confirmed[0]?.data).toEqual({ letterRef: 'LTR-1', arrangements: null });
  });

  it('asks that the effect on a sheltered or specialist tenancy is explained before a placed person’s request to leave', () => {
    const pathway = assessed();
    pathway.send({ type: 'OfferUnit', offerId: 'o1', model: 'transitional', unit: { schemeId: 'orchard-house', unitId: 'flat-3' } });
    pathway.send({ type: 'RespondToOffer', offerId: 'o1', accepted: true, reason: null });
    pathway.send({ type: 'StartPlacement', offerId: 'o1' });
    pathway.context = { tenancyType: 'specialist' };
    expect(() => pathway.send({ type: 'RequestLeaving', reason: null })).toThrow(/specialist tenancy: explain the effect/);
    const requested = pathway.send({ type: 'RequestLeaving', reason: null, tenancyEffectExplained: true });
    expect(requested[0]?.data).toEqual({ reason: null, tenancyType: 'specialist', tenancyEffectExplained: true });
  });

  it('since policy 3, assesses eligibility against the Care Act 2014 criteria set, applied consistently', () => {
    const pathway = new Pathway();
    pathway.send(referral);
    pathway.send({ type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null });
    pathway.send({ type: 'AssignAssessor', assessorId: assessor.userId });
    const facs = { outcome: 'eligible', criteriaSet: 'facs', criteriaVersion: '2010' };
    expect(() => pathway.send(assessment({ eligibility: facs }), assessor)).toThrow(
      /care-act-2014 version 2015; facs version 2010 is superseded/,
    );
    const inconsistent = {
      outcome: 'eligible',
      criteriaSet: 'care-act-2014',
      criteriaVersion: '2015',
      determination: {
        needsFromImpairmentOrIllness: true,
        outcomesNotAchieved: ['maintaining-personal-hygiene'],
        significantImpactOnWellbeing: true,
      },
    };
    expect(() => pathway.send(assessment({ eligibility: inconsistent }), assessor)).toThrow(/makes them not eligible/);
    const unknownOutcome = { ...inconsistent, determination: { ...inconsistent.determination, outcomesNotAchieved: ['flying'] } };
    expect(() => pathway.send(assessment({ eligibility: unknownOutcome }), assessor)).toThrow(/has no outcome flying/);
    const consistent = {
      ...inconsistent,
      determination: { ...inconsistent.determination, outcomesNotAchieved: ['maintaining-personal-hygiene', 'using-the-home-safely'] },
    };
    expect(types(pathway.send(assessment({ eligibility: consistent }), assessor))[0]).toBe('AssessmentCompleted');
  });

  it('since policy 3, an approval records its funding stream', () => {
    const pathway = assessed({ requestedModel: 'intensive', risk: { level: 'high', summary: 'Relapse', positiveRiskTaking: null } });
    expect(pathway.started.stage).toBe('panel');
    const approval = { decision: 'approved' as const, model: 'intensive' as const, packageHours: 40, weeklyFunding: 1500, conditions: [] as string[] };
    expect(() => pathway.send({ type: 'ProposePanelDecision', decision: approval }, panelMember)).toThrow(
      /funding stream \(fundingStream\): council/,
    );
    pathway.send({ type: 'ProposePanelDecision', decision: { ...approval, fundingStream: 'nhs_continuing_healthcare' } }, panelMember);
    expect(pathway.started.panelTask?.proposal?.decision).toMatchObject({ fundingStream: 'nhs_continuing_healthcare' });
  });

  it('records a copy of each plan version given to the person, and keeps a version without one outstanding', () => {
    const pathway = assessed({ copyGivenToPerson: false });
    expect(pathway.started.planCopiesOwed).toEqual([1]);
    pathway.send({ type: 'CompleteReview', kind: 'routine', supportPlan: plan, notes: null }, assessor);
    expect(pathway.started.planCopiesOwed).toEqual([1, 2]);
    expect(() =>
      pathway.send({ type: 'RecordPlanCopy', planVersion: 2, given: true, givenOn: null, how: 'post', reasonNotGiven: null }),
    ).toThrow(/givenOn/);
    expect(() =>
      pathway.send({ type: 'RecordPlanCopy', planVersion: 3, given: true, givenOn: '2026-11-25', how: 'post', reasonNotGiven: null }),
    ).toThrow(/latest support plan version is 2/);
    expect(() =>
      pathway.send({ type: 'RecordPlanCopy', planVersion: null, given: true, givenOn: '2026-11-26', how: 'post', reasonNotGiven: null }),
    ).toThrow(/in the future/);
    const given = pathway.send({
      type: 'RecordPlanCopy',
      planVersion: null,
      given: true,
      givenOn: '2026-11-25',
      how: 'in_person',
      reasonNotGiven: null,
    });
    expect(given[0]?.data).toEqual({ planVersion: 2, given: true, givenOn: '2026-11-25', how: 'in_person', reasonNotGiven: null });
    pathway.send({
      type: 'RecordPlanCopy',
      planVersion: 1,
      given: false,
      givenOn: null,
      how: null,
      reasonNotGiven: 'Asked to have it read to her instead',
    });
    expect(pathway.started.planCopiesOwed).toEqual([1]);
  });

  it('refuses sharing without consent unless a reason is recorded', () => {
    const pathway = new Pathway();
    pathway.send(referral);
    expect(() => pathway.send({ type: 'RecordConsent', consent: { granted: false, agencies: ['police'], overrideReason: null } })).toThrow(
      RuleViolationError,
    );
    // Policy 2: only a reason from the fixed list (seed 003: danger, an adult or child at risk, a crime).
    expect(() =>
      pathway.send({ type: 'RecordConsent', consent: { granted: false, agencies: ['police'], overrideReason: 'The police asked nicely' } }),
    ).toThrow(/only for one of these reasons: danger_to_person, risk_to_adult, risk_to_child, crime/);
    pathway.send({ type: 'RecordConsent', consent: { granted: false, agencies: ['police'], overrideReason: 'risk_to_child' } });
    expect(pathway.started.consent).toEqual({ granted: false, agencies: ['police'], overrideReason: 'risk_to_child' });
  });

  it('moves the case to another worker at any open stage, with the reason, and lets only the new one complete the assessment', () => {
    const pathway = new Pathway();
    pathway.send(referral);
    const cover: PathwayCommand = { type: 'ReassignWorker', assessorId: 'assessor-kim', reason: 'sickness', temporary: true };
    expect(() => pathway.send(cover)).toThrow(InvalidTransitionError);
    pathway.send({ type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null });
    pathway.send({ type: 'AssignAssessor', assessorId: assessor.userId });
    const moved = pathway.send(cover);
    expect(moved.map((event) => [event.type, event.data])).toEqual([
      ['WorkerReassigned', { assessorId: 'assessor-kim', previousAssessorId: assessor.userId, reason: 'sickness', temporary: true }],
    ]);
    expect(pathway.started.assessorId).toBe('assessor-kim');
    expect(() => pathway.send(cover)).toThrow(/already the case's worker/);
    expect(() => pathway.send(assessment(), assessor)).toThrow(/only the assigned assessor/);
    pathway.send(assessment(), { userId: 'assessor-kim', role: 'assessor' });
    expect(pathway.started.stage).toBe('placement');
  });

  it('keeps the free-text override reason for pathways under policy 1', () => {
    const pathway = new Pathway();
    pathway.context = { newPathwayPolicyVersion: '1' };
    pathway.send(referral);
    pathway.send({ type: 'RecordConsent', consent: { granted: false, agencies: ['police'], overrideReason: 'A child is at risk' } });
    expect(pathway.started.consent).toEqual({ granted: false, agencies: ['police'], overrideReason: 'A child is at risk' });
  });

  it('makes a safeguarding referral with consent, or without it only for an allowed reason, which flags it for auditors', () => {
    const pathway = new Pathway();
    pathway.send(referral);
    const refer = (consent: 'given' | 'refused' | 'not_asked', withoutConsentReason: 'crime' | 'risk_to_child' | null) =>
      ({ type: 'MakeSafeguardingReferral', agency: 'police', concern: 'Threats from a neighbour', consent, withoutConsentReason }) as const;

    expect(() => pathway.send(refer('refused', null))).toThrow(/needs its reason/);
    expect(() => pathway.send(refer('not_asked', null))).toThrow(RuleViolationError);
    expect(() => pathway.send(refer('given', 'crime'))).toThrow(/only for a referral made without it/);

    expect(pathway.send(refer('given', null)).map((event) => event.data)).toEqual([
      { agency: 'police', concern: 'Threats from a neighbour', consent: 'given', withoutConsentReason: null, flaggedForAudit: false },
    ]);
    expect(pathway.send(refer('not_asked', 'risk_to_child'))[0]?.data).toMatchObject({
      withoutConsentReason: 'risk_to_child',
      flaggedForAudit: true,
    });
    expect(pathway.started.safeguardingReferrals).toBe(2);
  });
});

describe('at the QA panel', () => {
  const chair: Actor = { userId: 'chair-sam', role: 'panel_chair' };
  const otherMember: Actor = { userId: 'panel-kim', role: 'panel_member' };
  const approve: PathwayCommand = {
    type: 'ProposePanelDecision',
    decision: { decision: 'approved', model: 'intensive', packageHours: 40, weeklyFunding: 1500, fundingStream: 'council', conditions: [] },
  };

  function atPanel(): Pathway {
    const pathway = new Pathway();
    pathway.send(referral);
    pathway.send({ type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null });
    pathway.send({ type: 'AssignAssessor', assessorId: assessor.userId });
    pathway.send(assessment({ requestedModel: 'intensive' }), assessor);
    return pathway;
  }

  it('needs a second person to confirm a proposed decision', () => {
    const pathway = atPanel();
    expect(types(pathway.send(approve, panelMember))).toEqual(['PanelDecisionProposed']);
    expect(pathway.started.stage).toBe('panel');
    expect(() => pathway.send({ type: 'ConfirmPanelDecision' }, panelMember)).toThrow(/second person/);
    expect(() => pathway.send(approve, otherMember)).toThrow(InvalidTransitionError);
    expect(types(pathway.send({ type: 'ConfirmPanelDecision' }, otherMember))).toEqual([
      'PanelDecisionRecorded',
      'DeadlineMet:panel-decision',
    ]);
    expect(pathway.started).toMatchObject({ stage: 'placement', approvedModel: 'intensive', panelTask: null });
  });

  it('keeps the referrer and the assessor out of claiming, proposing and confirming', () => {
    const pathway = atPanel();
    const referrerOnPanel: Actor = { userId: coordinator.userId, role: 'panel_member' };
    const assessorOnPanel: Actor = { userId: assessor.userId, role: 'panel_chair' };
    expect(() => pathway.send({ type: 'ClaimPanelTask' }, referrerOnPanel)).toThrow(RuleViolationError);
    expect(() => pathway.send(approve, assessorOnPanel)).toThrow(RuleViolationError);
    pathway.send(approve, panelMember);
    expect(() => pathway.send({ type: 'ConfirmPanelDecision' }, assessorOnPanel)).toThrow(RuleViolationError);
  });

  it('lets one member claim a case at a time; the claimer or the chair releases it; the chair assigns', () => {
    const pathway = atPanel();
    pathway.send({ type: 'ClaimPanelTask' }, panelMember);
    expect(() => pathway.send({ type: 'ClaimPanelTask' }, otherMember)).toThrow(/claimed by panel-lee/);
    expect(() => pathway.send({ type: 'UnclaimPanelTask' }, otherMember)).toThrow(RuleViolationError);
    pathway.send({ type: 'UnclaimPanelTask' }, chair);
    expect(() => pathway.send({ type: 'AssignPanelTask', assignee: 'panel-kim' }, panelMember)).toThrow(RuleViolationError);
    pathway.send({ type: 'AssignPanelTask', assignee: 'panel-kim' }, chair);
    expect(pathway.started.panelTask).toMatchObject({ claimedBy: 'panel-kim' });
  });
});

describe('at the QA panel, with sittings', () => {
  const schedule = { firstSitting: '2026-01-07T10:00', everyDays: 14, carryOverLimit: 2, urgentDecisionHours: 24 };
  const chair: Actor = { userId: 'chair-sam', role: 'panel_chair' };

  function atPanelWithSittings(): Pathway {
    const pathway = new Pathway();
    pathway.context = { panelSchedule: schedule };
    pathway.send(referral);
    pathway.send({ type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null });
    pathway.send({ type: 'AssignAssessor', assessorId: assessor.userId });
    pathway.send(assessment({ requestedModel: 'intensive' }), assessor);
    return pathway;
  }

  it('puts the case on the next sitting, due by the end of that day', () => {
    const pathway = atPanelWithSittings();
    // Referred on Wed 25 Nov 2026 at 09:30 UTC, before that day's 10:00 sitting.
    expect(pathway.started.panelTask).toMatchObject({ sittingAt: '2026-11-25T10:00:00.000Z' });
    expect(pathway.started.deadlines.find((d) => d.ruleId === 'panel-decision')?.dueAt).toBe('2026-11-25T23:59:59.999Z');
  });

  it('carries an undecided case over to the next sitting, and escalates at the second carry-over', () => {
    const pathway = atPanelWithSittings();
    const system: Actor = { userId: 'sarp-workflow', role: 'system' };
    const first = pathway.started.deadlines.find((d) => d.ruleId === 'panel-decision');
    const carried = pathway.send(
      { type: 'MarkDeadlineBreached', deadlineId: first?.deadlineId ?? '' },
      system,
      new Date('2026-11-26T00:00:00Z'),
    );
    expect(types(carried)).toEqual([
      'PanelCaseCarriedOver',
      'DeadlineCancelled:panel-decision',
      'PanelCaseScheduled',
      'DeadlineSet:panel-decision',
    ]);
    expect(pathway.started.panelTask).toMatchObject({ sittingAt: '2026-12-09T10:00:00.000Z', carryOvers: 1 });
    expect(pathway.started.breaches).toBe(0);

    const second = pathway.started.deadlines.find((d) => d.ruleId === 'panel-decision');
    const escalated = pathway.send(
      { type: 'MarkDeadlineBreached', deadlineId: second?.deadlineId ?? '' },
      system,
      new Date('2026-12-10T00:00:00Z'),
    );
    expect(types(escalated)).toContain('EscalationRaised');
    expect(pathway.started).toMatchObject({ escalations: 1, panelTask: { carryOvers: 2, sittingAt: '2026-12-23T10:00:00.000Z' } });
  });

  it('sends a case back to the assessor with the panel due date, met by the reassessment', () => {
    const pathway = atPanelWithSittings();
    pathway.send(
      {
        type: 'ProposePanelDecision',
        decision: { decision: 'more_information_requested', informationRequested: 'Probation report', dueBy: '2026-12-04T17:00:00.000Z' },
      },
      panelMember,
    );
    const returned = pathway.send({ type: 'ConfirmPanelDecision' }, chair);
    expect(types(returned)).toEqual(['PanelDecisionRecorded', 'DeadlineCancelled:panel-decision', 'DeadlineSet:panel-information-request']);
    expect(pathway.started.deadlines.find((d) => d.ruleId === 'panel-information-request')?.dueAt).toBe('2026-12-04T17:00:00.000Z');
    const reassessed = pathway.send(assessment({ requestedModel: 'intensive' }), assessor);
    expect(types(reassessed)).toContain('DeadlineMet:panel-information-request');
    expect(pathway.started.stage).toBe('panel');
  });

  it('lets the chair alone decide a crisis case within 24 hours of its referral to panel, and no one else', () => {
    const approve: PathwayCommand = {
      type: 'RecordPanelDecision',
      decision: {
        decision: 'approved',
        model: 'intensive',
        packageHours: 40,
        weeklyFunding: 1500,
        fundingStream: 'council',
        conditions: [],
      },
    };
    expect(() => atPanelWithSittings().send(approve, panelMember)).toThrow(/chair, on a crisis case/);
    expect(() => atPanelWithSittings().send(approve, chair, new Date('2026-11-26T10:00:00Z'))).toThrow(/within 24 hours/);
    const pathway = atPanelWithSittings();
    expect(types(pathway.send(approve, chair, new Date('2026-11-26T09:00:00Z')))).toEqual([
      'PanelDecisionRecorded',
      'DeadlineMet:panel-decision',
    ]);
  });
});

describe('folding', () => {
  it('gives the same state one by one as a stream', () => {
    const pathway = new Pathway();
    pathway.send(referral);
    pathway.send({ type: 'TriageReferral', outcome: 'decline', urgency: 'crisis', reason: 'Out of area', redirectedTo: null });
    expect(foldPathway(pathway.events)).toEqual(pathway.state);
    expect(pathway.started.stage).toBe('closed');
  });
});
