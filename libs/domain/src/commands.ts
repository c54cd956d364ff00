import type { OfferOrderCheck } from './accommodation/waiting-list';
import type { PanelSchedule } from './panel-schedule';
import type {
  Actor,
  AssessmentDetails,
  ConsentDetails,
  FeedbackDetails,
  FoodVoucherIssuedDetails,
  FundsAccessedDetails,
  MoveOnDestination,
  OutOfOrderReason,
  ReassignmentReason,
  PanelDecisionDetails,
  PlacementModel,
  PlanCopyMethod,
  ReferralDetails,
  TenancyType,
  SafeguardingReferralDetails,
  SupportPlan,
  UnitRef,
  Urgency,
} from '@sarp/events';

/**
 * What can be asked of a pathway. Each command is decided against the
 * current state: accepted (it becomes events) or refused with a reason.
 */
export type PathwayCommand =
  /** A referral arrives and opens a pathway for the person. */
  | { type: 'ReceiveReferral'; pathwayId: string; personId: string; referral: ReferralDetails }
  | { type: 'RecordConsent'; consent: ConsentDetails }
  /** Tenancy sustainment and feedback: recorded for the service's figures (seed 003). */
  /** The worker who helped: the one recording it when not given. */
  | { type: 'RecordFundsAccessed'; funds: Omit<FundsAccessedDetails, 'workerId'> & { workerId: string | null } }
  | { type: 'RecordFoodVoucher'; voucher: Omit<FoodVoucherIssuedDetails, 'workerId'> & { workerId: string | null } }
  | { type: 'RecordFeedback'; feedback: FeedbackDetails }
  | {
      type: 'MakeSafeguardingReferral';
      agency: SafeguardingReferralDetails['agency'];
      concern: string;
      consent: SafeguardingReferralDetails['consent'];
      withoutConsentReason: SafeguardingReferralDetails['withoutConsentReason'];
    }
  /** Whether the person was told of a safeguarding referral made about them (the oldest not yet recorded, unless named). */
  | { type: 'RecordSafeguardingNotice'; referralEventId: string | null; told: boolean; toldOn: string | null; reasonNotTold: string | null }
  | {
      type: 'TriageReferral';
      outcome: 'accept' | 'decline' | 'redirect';
      urgency: Urgency;
      reason: string | null;
      redirectedTo: string | null;
    }
  | { type: 'ArrangeCrisisSupport'; arrangement: string }
  | { type: 'AssignAssessor'; assessorId: string }
  /** Emergency cover (seed 003): the case's worker changes at any open stage, with the reason. */
  | { type: 'ReassignWorker'; assessorId: string; reason: ReassignmentReason; temporary: boolean }
  | { type: 'CompleteAssessment'; assessment: Omit<AssessmentDetails, 'complexity'> }
  | { type: 'RecordPanelDecision'; decision: PanelDecisionDetails }
  /** An offer to anyone but the first suitable person on the model's waiting list needs a reason from the fixed list. */
  | { type: 'OfferUnit'; offerId: string; model: PlacementModel; unit: UnitRef; outOfOrderReason?: OutOfOrderReason | null }
  | { type: 'RespondToOffer'; offerId: string; accepted: boolean; reason: string | null }
  | { type: 'StartPlacement'; offerId: string }
  | { type: 'CompleteReview'; kind: 'routine' | 'annual'; supportPlan: SupportPlan; notes: string | null }
  | { type: 'PlanStepDown'; toModel: PlacementModel }
  | { type: 'PlanMoveOn'; destination: MoveOnDestination; notes: string | null }
  | { type: 'CompleteMoveOn' }
  | { type: 'WithdrawReferral'; reason: string }
  /** Whether a copy of a plan version (the latest, unless named) was given to the person: when and how, or why not. */
  | {
      type: 'RecordPlanCopy';
      planVersion: number | null;
      given: boolean;
      givenOn: string | null;
      how: PlanCopyMethod | null;
      reasonNotGiven: string | null;
    }
  /** Since policy 3, leaving a sheltered or specialist tenancy needs its effect explained first (`tenancyEffectExplained`). */
  | { type: 'RequestLeaving'; reason: string | null; tenancyEffectExplained?: boolean }
  /** Since policy 3, the confirmation states the arrangements agreed and how to come back to the service. */
  | { type: 'ConfirmLeaving'; letterRef: string; arrangements: string | null; wayBack?: string | null }
  | { type: 'CompleteExit'; reason: string | null }
  | { type: 'ClaimPanelTask' }
  | { type: 'UnclaimPanelTask' }
  | { type: 'AssignPanelTask'; assignee: string }
  | { type: 'CommentOnPanelTask'; comment: string }
  /** One panel member proposes; a second person (the chair or another member) confirms. */
  | { type: 'ProposePanelDecision'; decision: PanelDecisionDetails }
  | { type: 'ConfirmPanelDecision' }
  /** Sent by the workflow itself when a deadline's timer fires. */
  | { type: 'MarkDeadlineBreached'; deadlineId: string };

export type PathwayCommandType = PathwayCommand['type'];
export type CommandOf<T extends PathwayCommandType> = Extract<PathwayCommand, { type: T }>;

/** Back-compat name used by the referral API and the workflow's start input. */
export type ReceiveReferral = CommandOf<'ReceiveReferral'>;

/** What a decision needs besides the command and the state: passed in, never looked up. */
export interface DecisionContext {
  /** Workflow time. */
  now: Date;
  actor: Actor;
  /**
   * The panel's sitting schedule. When given (pathways started since the
   * panel-sittings change), complex cases go to the next sitting, are carried
   * over when not decided there, and the chair may decide alone only an urgent
   * crisis case; without it, the earlier rules apply (2-week panel deadline).
   */
  panelSchedule?: PanelSchedule;
  /** The deadline policy version a referral opens its pathway under (default: the current one). */
  newPathwayPolicyVersion?: string;
  /**
   * For an offer (pathways since waiting lists): where the person stands on
   * the model's waiting list, read just before deciding. Without it (the
   * update's validator, older pathways) the offer records no allocation.
   */
  offerOrder?: OfferOrderCheck;
  /**
   * For a request to leave (pathways since policy 3): the tenancy type of the
   * scheme of the person's unit, read from the catalogue just before deciding.
   * Without it (the update's validator) the tenancy is not checked.
   */
  tenancyType?: TenancyType | null;
}
