import {
  decide,
  EMPTY_PATHWAY,
  evolve,
  InvalidTransitionError,
  openCommands,
  stampEvents,
  type CaseworkCommandType,
  type PathwayCommand,
  type PathwayState,
  type StartedPathway,
} from '@sarp/domain';
import { parsePathwayEvent, type Actor } from '@sarp/events';

const pathwayId = '3d1b2a4c-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const coordinator: Actor = { userId: 'coordinator-ann', role: 'coordinator' };
const now = new Date('2026-12-01T10:00:00.000Z');
const plan = { wellbeing: 'Better', satisfactionWithHome: 'Likes it', communityConnections: 'Sister', aspirations: 'College', strengths: 'Cook' };

/** One well-formed command of each casework type, fitted to the state (its offer, its worker). */
function samplesFor(state: StartedPathway): { [T in CaseworkCommandType]: Extract<PathwayCommand, { type: T }> } {
  const offerId = state.offer?.offerId ?? 'offer-unknown';
  return {
    RecordConsent: { type: 'RecordConsent', consent: { granted: true, agencies: ['nhs'], overrideReason: null } },
    MakeSafeguardingReferral: { type: 'MakeSafeguardingReferral', agency: 'police', concern: 'A concern', consent: 'given', withoutConsentReason: null },
    RecordSafeguardingNotice: { type: 'RecordSafeguardingNotice', referralEventId: null, told: true, toldOn: '2026-12-01', reasonNotTold: null },
    RecordFundsAccessed: { type: 'RecordFundsAccessed', funds: { fund: 'emergency_living_fund', amountPence: 5000, accessedOn: '2026-12-01', workerId: null } },
    RecordFoodVoucher: { type: 'RecordFoodVoucher', voucher: { approximateValuePence: 2000, issuedOn: '2026-12-01', workerId: null } },
    RecordFeedback: {
      type: 'RecordFeedback',
      feedback: { kind: 'compliment', receivedOn: '2026-12-01', about: 'support', summary: 'Thanks', channel: 'email' },
    },
    TriageReferral: { type: 'TriageReferral', outcome: 'accept', urgency: 'standard', reason: null, redirectedTo: null },
    ArrangeCrisisSupport: { type: 'ArrangeCrisisSupport', arrangement: 'Crisis team visit' },
    AssignAssessor: { type: 'AssignAssessor', assessorId: 'assessor-raj' },
    ReassignWorker: { type: 'ReassignWorker', assessorId: 'assessor-cover', reason: 'leave', temporary: true },
    CompleteAssessment: {
      type: 'CompleteAssessment',
      assessment: {
        needs: ['Medication support'],
        risk: { level: 'low', summary: 'Low', positiveRiskTaking: null },
        eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
        supportPlan: plan,
        careBundles: [],
        requestedModel: 'transitional',
        requestedPackageHours: 5,
        requestedWeeklyFunding: 100,
        copyGivenToPerson: true,
      },
    },
    OfferUnit: { type: 'OfferUnit', offerId: `offer-${state.lastSequence}`, model: state.approvedModel ?? 'transitional', unit: { schemeId: 'riverside', unitId: 'r-1' } },
    RespondToOffer: { type: 'RespondToOffer', offerId, accepted: true, reason: null },
    StartPlacement: { type: 'StartPlacement', offerId },
    CompleteReview: { type: 'CompleteReview', kind: 'routine', supportPlan: plan, notes: null },
    RecordPlanCopy: { type: 'RecordPlanCopy', planVersion: null, given: true, givenOn: '2026-12-01', how: 'in_person', reasonNotGiven: null },
    PlanStepDown: { type: 'PlanStepDown', toModel: state.placement?.model === 'intensive' ? 'transitional' : 'independent' },
    PlanMoveOn: { type: 'PlanMoveOn', destination: 'living_support_network', notes: null },
    CompleteMoveOn: { type: 'CompleteMoveOn' },
    WithdrawReferral: { type: 'WithdrawReferral', reason: 'No longer needed' },
    RequestLeaving: { type: 'RequestLeaving', reason: null, tenancyEffectExplained: true },
    ConfirmLeaving: { type: 'ConfirmLeaving', letterRef: 'LTR-1', arrangements: 'Agreed', wayBack: 'Refer again' },
    CompleteExit: { type: 'CompleteExit', reason: null },
  };
}

const sampleOf = (type: CaseworkCommandType, state: StartedPathway): PathwayCommand => samplesFor(state)[type];

const ALL_TYPES = Object.keys(samplesFor({ offer: null, placement: null } as unknown as StartedPathway)) as CaseworkCommandType[];

/** Whether decide refuses the command as the wrong moment for it (not for its data). */
function refusedAsWrongStage(command: PathwayCommand, state: PathwayState): boolean {
  try {
    decide(command, state, { now, actor: coordinator });
    return false;
  } catch (error) {
    return error instanceof InvalidTransitionError;
  }
}

function apply(state: PathwayState, command: PathwayCommand): PathwayState {
  const events = decide(command, state, { now, actor: coordinator });
  return stampEvents(state, events, { pathwayId, personId: 'P-000777', now, actor: coordinator, correlationId: 'c', causationId: 'c' })
    .map((event) => parsePathwayEvent(event))
    .reduce(evolve, state);
}

/** The states of a whole pathway, from referral to exit, each after one more command. */
function statesAlongAPathway(urgency: 'crisis' | 'standard', ending: 'leaving' | 'move-on'): StartedPathway[] {
  let state = apply(EMPTY_PATHWAY, {
    type: 'ReceiveReferral',
    pathwayId,
    personId: 'P-000777',
    referral: { referralId: 'REF-9', referringAgency: 'nhs', presentingNeeds: ['Homeless'], urgency },
  });
  const states: PathwayState[] = [state];
  const send = (type: CaseworkCommandType, command?: PathwayCommand) => {
    state = apply(state, command ?? sampleOf(type, state as StartedPathway));
    states.push(state);
  };
  send('MakeSafeguardingReferral');
  send('TriageReferral', { type: 'TriageReferral', outcome: 'accept', urgency, reason: null, redirectedTo: null });
  if (urgency === 'crisis') send('ArrangeCrisisSupport');
  send('AssignAssessor');
  send('CompleteAssessment');
  send('OfferUnit');
  send('RespondToOffer');
  send('StartPlacement');
  send('CompleteReview');
  send('PlanStepDown');
  send('OfferUnit', { type: 'OfferUnit', offerId: 'offer-step', model: 'independent', unit: { schemeId: 'oak', unitId: 'o-1' } });
  send('RespondToOffer');
  send('StartPlacement');
  if (ending === 'move-on') {
    send('PlanMoveOn');
    send('CompleteMoveOn');
  } else {
    send('RequestLeaving');
    send('ConfirmLeaving');
    send('CompleteExit');
  }
  return states.filter((candidate): candidate is StartedPathway => candidate.status === 'started');
}

describe('the commands a pathway page offers', () => {
  const states = [...statesAlongAPathway('standard', 'leaving'), ...statesAlongAPathway('crisis', 'move-on')];

  it('walks a whole pathway through every stage to its close', () => {
    expect(new Set(states.map((state) => state.stage))).toEqual(new Set(['referral', 'assessment', 'placement', 'step_down', 'move_on', 'closed']));
  });

  it('leaves out only what decide would refuse as the wrong moment, at every state of a pathway', () => {
    for (const state of states) {
      const open = openCommands(state);
      for (const type of ALL_TYPES.filter((candidate) => !open.includes(candidate))) {
        expect({ stage: state.stage, sequence: state.lastSequence, type, refused: refusedAsWrongStage(sampleOf(type, state), state) }).toEqual({
          stage: state.stage,
          sequence: state.lastSequence,
          type,
          refused: true,
        });
      }
    }
  });

  it('offers nothing that decide would refuse as the wrong moment', () => {
    for (const state of states) {
      for (const type of openCommands(state)) {
        expect({ stage: state.stage, type, refused: refusedAsWrongStage(sampleOf(type, state), state) }).toEqual({ stage: state.stage, type, refused: false });
      }
    }
  });

  it('offers triage only at referral, the assessment only once an assessor is assigned, and nothing once closed', () => {
    const [referred] = states;
    expect(openCommands(referred!)).toContain('TriageReferral');
    const assigned = states.find((state) => state.stage === 'assessment' && state.assessorId);
    expect(openCommands(assigned!)).toEqual(expect.arrayContaining(['CompleteAssessment', 'ReassignWorker']));
    expect(openCommands(assigned!)).not.toContain('TriageReferral');
    expect(openCommands(states.at(-1)!)).toEqual([]);
  });
});
