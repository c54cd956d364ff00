/**
 * Pathways written as events at chosen times, with the domain's own rules
 * (`decide`, `stampEvents`, `evolve`): for tests that need a known history
 * (the figures) and benchmarks that need a large one (`generatePathways`),
 * without running a workflow for each.
 */
import { randomUUID } from 'node:crypto';
import { decide, EMPTY_PATHWAY, evolve, stampEvents, type PathwayCommand, type PathwayState } from '@sarp/domain';
import { parsePathwayEvent, type Actor, type PathwayEventEnvelope, type Team } from '@sarp/events';

export const COORDINATOR: Actor = { userId: 'coordinator-ann', role: 'coordinator' };
export const ASSESSOR: Actor = { userId: 'assessor-raj', role: 'assessor' };
export const PANEL_MEMBER: Actor = { userId: 'panel-lee', role: 'panel_member' };
export const PANEL_CHAIR: Actor = { userId: 'chair-sam', role: 'panel_chair' };
export const WORKFLOW: Actor = { userId: 'sarp-workflow', role: 'system' };

/** One person's pathway written as events at chosen times. */
export class PathwayScript {
  state: PathwayState = EMPTY_PATHWAY;
  readonly events: PathwayEventEnvelope[] = [];

  constructor(
    readonly personId: string,
    readonly pathwayId: string = randomUUID(),
    private readonly correlationId = 'pathway-script',
  ) {}

  at(when: string | Date, command: PathwayCommand, actor: Actor = COORDINATOR): this {
    const now = new Date(when);
    const decided = decide(command, this.state, { now, actor });
    const stamped = stampEvents(this.state, decided, {
      pathwayId: this.pathwayId,
      personId: this.personId,
      now,
      actor,
      correlationId: this.correlationId,
      causationId: randomUUID(),
    }).map((event) => parsePathwayEvent(event)); // as the publishing activity checks them
    for (const event of stamped) this.state = evolve(this.state, event);
    this.events.push(...stamped);
    return this;
  }

  referral(when: string | Date, urgency: 'crisis' | 'standard', team: Team | null) {
    return this.at(when, {
      type: 'ReceiveReferral',
      pathwayId: this.pathwayId,
      personId: this.personId,
      referral: { referralId: null, referringAgency: 'housing', presentingNeeds: ['Needs support'], urgency, team },
    });
  }

  /** The id of the (first) deadline set under a rule. */
  deadline(ruleId: string): string {
    return this.deadlineSet(ruleId).deadlineId;
  }

  /** When the (first) deadline set under a rule falls due. */
  dueAt(ruleId: string): Date {
    return new Date(this.deadlineSet(ruleId).dueAt);
  }

  private deadlineSet(ruleId: string) {
    const set = this.events.find((event) => event.type === 'DeadlineSet' && event.data.ruleId === ruleId);
    if (set?.type !== 'DeadlineSet') throw new Error(`no ${ruleId} deadline`);
    return set.data;
  }
}

export const SUPPORT_PLAN = {
  wellbeing: 'Low',
  satisfactionWithHome: 'Poor',
  communityConnections: 'Sister',
  aspirations: 'Work',
  strengths: 'Kind',
};

export const assessmentCommand = (requestedModel: 'intensive' | 'transitional', risk: 'low' | 'high', weekly: number) =>
  ({
    type: 'CompleteAssessment',
    assessment: {
      needs: ['Support with money'],
      risk: { level: risk, summary: 'Summary', positiveRiskTaking: null },
      eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
      supportPlan: SUPPORT_PLAN,
      careBundles: [],
      requestedModel,
      requestedPackageHours: 10,
      requestedWeeklyFunding: weekly,
      copyGivenToPerson: true,
    },
  }) as PathwayCommand;

const accept = { type: 'TriageReferral', outcome: 'accept', reason: null, redirectedTo: null } as const;
const TEAMS: readonly (Team | null)[] = ['localities', 'learning_disability', 'adult_mental_health', 'contact_and_prevention', null];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * `count` pathways of five kinds, in turn, their referrals spread evenly from
 * `from` over `days`: a crisis placed in transitional housing, helped with
 * funds and a review, and moved on after about three months; a standard
 * referral whose assessment deadline is breached and which is withdrawn; one
 * still waiting for an assessor; one declined at triage; a complex case
 * approved by the QA panel, placed in intensive support and stepped down to
 * transitional housing two months later. Deterministic but for the ids.
 */
export function generatePathways(count: number, options: { from: string; days: number; idPrefix?: string }): PathwayScript[] {
  const start = new Date(options.from).getTime();
  const spacing = (options.days * DAY) / Math.max(count, 1);
  const scripts: PathwayScript[] = [];
  for (let index = 0; index < count; index++) {
    const t0 = start + Math.floor(index * spacing);
    const at = (offset: number) => new Date(t0 + offset);
    const team = TEAMS[index % TEAMS.length]!;
    const script = new PathwayScript(`${options.idPrefix ?? 'P-GEN'}-${index}`);
    const unit = { schemeId: `scheme-${index % 20}`, unitId: `unit-${index % 7}` };
    const assessorId = `assessor-${index % 13}`;
    const assessor: Actor = { userId: assessorId, role: 'assessor' };
    switch (index % 5) {
      case 0:
        script
          .referral(at(0), 'crisis', team)
          .at(at(3 * HOUR), { type: 'ArrangeCrisisSupport', arrangement: 'Crisis house bed' })
          .at(at(4 * HOUR), { ...accept, urgency: 'crisis' })
          .at(at(DAY), { type: 'AssignAssessor', assessorId })
          .at(at(3 * DAY), assessmentCommand('transitional', 'low', 400), assessor)
          .at(at(5 * DAY), { type: 'OfferUnit', offerId: `offer-${index}`, model: 'transitional', unit })
          .at(at(6 * DAY), { type: 'RespondToOffer', offerId: `offer-${index}`, accepted: true, reason: null })
          .at(at(7 * DAY), { type: 'StartPlacement', offerId: `offer-${index}` })
          .at(at(10 * DAY), {
            type: 'RecordFundsAccessed',
            funds: { fund: 'discretionary_housing_payment', amountPence: 25_000, accessedOn: at(10 * DAY).toISOString().slice(0, 10), workerId: null },
          })
          .at(at(30 * DAY), { type: 'CompleteReview', kind: 'routine', supportPlan: SUPPORT_PLAN, notes: null }, assessor)
          .at(at(90 * DAY), { type: 'PlanMoveOn', destination: 'independent_tenancy_with_floating_support', notes: null })
          .at(at(100 * DAY), { type: 'CompleteMoveOn' });
        break;
      case 1: {
        script.referral(at(0), 'standard', team).at(at(HOUR), { ...accept, urgency: 'standard' });
        const rule = 'assessment-and-support-plan';
        const breachedAt = script.dueAt(rule).getTime() + HOUR;
        script
          .at(new Date(breachedAt), { type: 'MarkDeadlineBreached', deadlineId: script.deadline(rule) }, WORKFLOW)
          .at(new Date(breachedAt + 2 * DAY), { type: 'WithdrawReferral', reason: 'Moved out of the area' });
        break;
      }
      case 2:
        script.referral(at(0), 'standard', team).at(at(HOUR), { ...accept, urgency: 'standard' });
        break;
      case 3:
        script.referral(at(0), 'standard', team).at(at(HOUR), {
          type: 'TriageReferral',
          outcome: 'decline',
          urgency: 'standard',
          reason: 'Not in the council area',
          redirectedTo: null,
        });
        break;
      default:
        script
          .referral(at(0), 'standard', team)
          .at(at(HOUR), { ...accept, urgency: 'standard' })
          .at(at(2 * HOUR), { type: 'AssignAssessor', assessorId })
          .at(at(DAY), assessmentCommand('intensive', 'high', 1_800), assessor)
          .at(
            at(8 * DAY),
            {
              type: 'ProposePanelDecision',
              decision: { decision: 'approved', model: 'intensive', packageHours: 40, weeklyFunding: 1_700, fundingStream: 'joint', conditions: [] },
            },
            PANEL_MEMBER,
          )
          .at(at(8 * DAY + HOUR), { type: 'ConfirmPanelDecision' }, PANEL_CHAIR)
          .at(at(10 * DAY), { type: 'OfferUnit', offerId: `offer-${index}`, model: 'intensive', unit })
          .at(at(11 * DAY), { type: 'RespondToOffer', offerId: `offer-${index}`, accepted: true, reason: null })
          .at(at(12 * DAY), { type: 'StartPlacement', offerId: `offer-${index}` })
          .at(at(60 * DAY), { type: 'PlanStepDown', toModel: 'transitional' })
          .at(at(62 * DAY), { type: 'OfferUnit', offerId: `step-down-${index}`, model: 'transitional', unit: { ...unit, unitId: `${unit.unitId}-b` } })
          .at(at(63 * DAY), { type: 'RespondToOffer', offerId: `step-down-${index}`, accepted: true, reason: null })
          .at(at(65 * DAY), { type: 'StartPlacement', offerId: `step-down-${index}` });
    }
    scripts.push(script);
  }
  return scripts;
}
