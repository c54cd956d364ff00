import { z } from 'zod';
import { OutOfOrderReason, TenancyType } from './accommodation-events';
import { envelopeOf } from './envelope';
import { FUNDING_STREAMS, SHARING_WITHOUT_CONSENT_REASONS } from './plain';
import {
  CatalogueId,
  MoveOnDestination,
  Narrative,
  PathwayStage,
  PlacementModel,
  Reason,
  ReferringAgency,
  Team,
  Urgency,
} from './vocabulary';

// ---------------------------------------------------------------- referral

/**
 * What a coordinator records when a referral comes in. Presenting needs are
 * free text written about a person: personal data, kept out of logs.
 */
export const ReferralDetails = z.strictObject({
  /** The referrer's own reference, when they gave one. */
  referralId: z.string().min(1).max(100).nullable(),
  referringAgency: ReferringAgency,
  presentingNeeds: z.array(z.string().trim().min(1).max(2000)).min(1).max(20),
  urgency: Urgency,
  /**
   * The team that holds the case (need-to-know): the referring coordinator's
   * own unless the referral names another; the assessment may move it.
   * Optional: referrals recorded before teams were kept have none.
   */
  team: Team.nullable().optional(),
});
export type ReferralDetails = z.infer<typeof ReferralDetails>;

export const ConsentDetails = z.strictObject({
  /** Whether the person agreed to their information being shared with the agencies named. */
  granted: z.boolean(),
  agencies: z.array(ReferringAgency).max(10),
  /** Sharing without consent is allowed only where someone is in danger or a crime was committed (seed 003); the reason is recorded. */
  overrideReason: Reason.nullable(),
});
export type ConsentDetails = z.infer<typeof ConsentDetails>;

/** Where a safeguarding concern is referred to. */
export const SafeguardingAgency = z.enum(['adult_safeguarding', 'childrens_services', 'police', 'nhs', 'other']);
/**
 * Seed 003: a safeguarding referral normally asks the person's consent first;
 * it may go ahead without it only for one of these reasons.
 */
export const SharingWithoutConsentReason = z.enum(SHARING_WITHOUT_CONSENT_REASONS);

/** What a worker records when they refer a safeguarding concern to another agency. */
export const SafeguardingReferralDetails = z.strictObject({
  agency: SafeguardingAgency,
  concern: Narrative,
  /** Whether the person was asked to consent to the sharing, and what they said. */
  consent: z.enum(['given', 'refused', 'not_asked']),
  /** Required unless consent was given: why the referral goes ahead without it. */
  withoutConsentReason: SharingWithoutConsentReason.nullable(),
  /** Gone ahead without consent: auditors review every one of these. */
  flaggedForAudit: z.boolean(),
});
export type SafeguardingReferralDetails = z.infer<typeof SafeguardingReferralDetails>;

/**
 * Seed 003: "we will advise you" of a safeguarding referral made about you.
 * Whether the person was told of one referral, when, or why not.
 */
export const SafeguardingNoticeDetails = z.strictObject({
  /** The SafeguardingReferralMade event this is about. */
  referralEventId: z.string().min(3).max(200),
  told: z.boolean(),
  /** The day they were told (London date), when they were. */
  toldOn: z.iso.date().nullable(),
  /** Why they were not told (it would put someone at risk, for example): personal data, kept out of the read model. */
  reasonNotTold: Reason.nullable(),
});
export type SafeguardingNoticeDetails = z.infer<typeof SafeguardingNoticeDetails>;

// ---------------------------------------------------------------- tenancy sustainment and feedback (reported on, seed 003)

/** Money in pence: whole numbers, so sums are exact. */
export const Pence = z.number().int().min(1).max(100_000_000);

/** Funds a person was helped to access to sustain their tenancy (seed 003). */
export const FundType = z.enum(['discretionary_housing_payment', 'emergency_living_fund', 'other_hardship_support', 'other_funds']);
export const FundsAccessedDetails = z.strictObject({
  fund: FundType,
  amountPence: Pence,
  /** The day the funds were awarded (London date). */
  accessedOn: z.iso.date(),
  /** The worker who helped; the one recording it unless said otherwise. */
  workerId: z.string().min(1).max(200),
});
export type FundsAccessedDetails = z.infer<typeof FundsAccessedDetails>;
export const FoodVoucherIssuedDetails = z.strictObject({
  /** The approximate value of the vouchers (seed 003 reports it as such). */
  approximateValuePence: Pence,
  issuedOn: z.iso.date(),
  workerId: z.string().min(1).max(200),
});
export type FoodVoucherIssuedDetails = z.infer<typeof FoodVoucherIssuedDetails>;
/** A complaint or a compliment about the service, received from or about the person (DOMAIN: recorded against the service). */
/** How a complaint or compliment reached the service (seed 003). */
export const FeedbackChannel = z.enum(['letter', 'email', 'phone', 'in_person', 'online']);
export type FeedbackChannel = z.infer<typeof FeedbackChannel>;
export const FeedbackDetails = z.strictObject({
  kind: z.enum(['complaint', 'compliment']),
  receivedOn: z.iso.date(),
  /** What it is about, for the service's themes. */
  about: z.enum(['support', 'accommodation', 'communication', 'staff', 'waiting_time', 'other']),
  summary: Narrative,
  /** How it arrived (seed 003); required of new feedback by the API, absent on feedback recorded before. */
  channel: FeedbackChannel.optional(),
  /** The officer it names, where it names one (seed 003). */
  officer: z.string().trim().min(1).max(200).nullable().optional(),
});
export type FeedbackDetails = z.infer<typeof FeedbackDetails>;

export const TriageDetails = z.strictObject({
  outcome: z.enum(['accepted', 'declined', 'redirected']),
  urgency: Urgency,
  reason: Reason.nullable(),
  redirectedTo: z.string().trim().min(1).max(200).nullable(),
});
export type TriageDetails = z.infer<typeof TriageDetails>;

export const CrisisSupportDetails = z.strictObject({ arrangement: Narrative });

// ---------------------------------------------------------------- assessment

/** Asset-based support plan (seed 004), co-produced with the person and versioned at every review. */
export const SupportPlan = z.strictObject({
  wellbeing: Narrative,
  satisfactionWithHome: Narrative,
  communityConnections: Narrative,
  aspirations: Narrative,
  strengths: Narrative,
});
export type SupportPlan = z.infer<typeof SupportPlan>;

export const RiskAssessment = z.strictObject({
  level: z.enum(['low', 'medium', 'high']),
  summary: Narrative,
  /** Positive risk taking (seeds 001, 003): what the person wants to try, and how the risk is managed. */
  positiveRiskTaking: Narrative.nullable(),
});
export type RiskAssessment = z.infer<typeof RiskAssessment>;

export const Eligibility = z.strictObject({
  outcome: z.enum(['eligible', 'not_eligible']),
  /** The criteria set applied and its version (e.g. Care Act 2014 eligibility criteria, which replaced FACS in 2015). */
  criteriaSet: CatalogueId,
  criteriaVersion: z.string().min(1).max(20),
  /**
   * How the criteria were met or not (Care Act 2014, SI 2015/313 reg. 2): needs arising from an
   * impairment or illness, the outcomes the person cannot achieve, and whether that significantly
   * affects their wellbeing. Optional; when given it must agree with the outcome.
   */
  determination: z
    .strictObject({
      needsFromImpairmentOrIllness: z.boolean(),
      outcomesNotAchieved: z.array(CatalogueId).max(10),
      significantImpactOnWellbeing: z.boolean(),
    })
    .optional(),
});
export type Eligibility = z.infer<typeof Eligibility>;

export const ComplexityFinding = z.strictObject({
  complex: z.boolean(),
  policyVersion: z.string().min(1).max(20),
  /** Every complexity rule that fired, with its reason: why the case does (or does not) go to the panel. */
  rulesFired: z.array(z.strictObject({ rule: CatalogueId, reason: z.string().min(1).max(500) })),
});
export type ComplexityFinding = z.infer<typeof ComplexityFinding>;

export const AssessmentDetails = z.strictObject({
  needs: z.array(Narrative).min(1).max(30),
  risk: RiskAssessment,
  eligibility: Eligibility,
  supportPlan: SupportPlan,
  careBundles: z.array(CatalogueId).max(20),
  requestedModel: PlacementModel,
  /** Weekly package of support, in hours. */
  requestedPackageHours: z.number().min(0).max(168),
  /** Weekly funding requested, in pounds. */
  requestedWeeklyFunding: z.number().min(0).max(100_000),
  /** Whether the person has co-produced the plan and received a copy (seed 003). */
  copyGivenToPerson: z.boolean(),
  /** The assessing team: the panel worklist filters by it. Optional: assessments recorded before it was asked for have none. */
  team: Team.optional(),
  complexity: ComplexityFinding,
});
export type AssessmentDetails = z.infer<typeof AssessmentDetails>;

// ---------------------------------------------------------------- panel

/**
 * Who pays for an approved package (seed 001: FACS and the National Framework
 * for NHS Continuing Healthcare and NHS-funded Nursing Care).
 */
export const FundingStream = z.enum(FUNDING_STREAMS);
export type FundingStream = z.infer<typeof FundingStream>;
export const PanelDecisionDetails = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('approved'),
    model: PlacementModel,
    packageHours: z.number().min(0).max(168),
    weeklyFunding: z.number().min(0).max(100_000),
    /** Required of approvals since policy 3; absent on approvals recorded before. */
    fundingStream: FundingStream.optional(),
    conditions: z.array(z.string().trim().min(1).max(1000)).max(20),
  }),
  z.strictObject({ decision: z.literal('rejected'), reason: Reason }),
  z.strictObject({ decision: z.literal('deferred'), reason: Reason }),
  z.strictObject({ decision: z.literal('more_information_requested'), informationRequested: Narrative, dueBy: z.iso.datetime() }),
]);
export type PanelDecisionDetails = z.infer<typeof PanelDecisionDetails>;
export type ReassignmentReason = z.infer<typeof ReassignmentReason>;

// ---------------------------------------------------------------- placement

export const UnitRef = z.strictObject({ schemeId: CatalogueId, unitId: CatalogueId });
export type UnitRef = z.infer<typeof UnitRef>;

export const OfferDetails = z.strictObject({ offerId: z.string().min(1).max(100), model: PlacementModel, unit: UnitRef });
/**
 * How an offer stood against the model's waiting list when it was made
 * (issue 11): the priority rule's version, the person's place, who was passed
 * over, and why. Absent (null) for offers made before waiting lists existed.
 */
export const OfferAllocation = z.strictObject({
  priorityRuleVersion: z.string().min(1).max(20),
  /** The person's place on the waiting list when offered (1 = first). */
  position: z.number().int().min(1),
  /** Pathways of suitable people ahead of them, passed over by this offer. */
  passedOver: z.array(z.uuid()).max(1000),
  /** Required when anyone was passed over. */
  outOfOrderReason: OutOfOrderReason.nullable(),
});
export type OfferAllocation = z.infer<typeof OfferAllocation>;
export const OfferDetailsV2 = OfferDetails.extend({ allocation: OfferAllocation.nullable() });
export const OfferResponseDetails = z.strictObject({ offerId: z.string().min(1).max(100), reason: Reason.nullable() });
export const PlacementDetails = z.strictObject({ offerId: z.string().min(1).max(100), model: PlacementModel, unit: UnitRef });
export const ReviewDetails = z.strictObject({
  kind: z.enum(['routine', 'annual']),
  /** The plan version this review produced (1 = the assessment's plan). */
  planVersion: z.number().int().min(2),
  supportPlan: SupportPlan,
  notes: Narrative.nullable(),
});
/** How a copy of the support plan reached the person (seed 003: the person is given a copy of their plan). */
export const PlanCopyMethod = z.enum(['in_person', 'post', 'email', 'accessible_format']);
export type PlanCopyMethod = z.infer<typeof PlanCopyMethod>;
/**
 * Whether the person was given a copy of a plan version, when (a London date)
 * and how; or why not. The reason (free text) stays in the event log.
 */
export const PlanCopyDetails = z.strictObject({
  planVersion: z.number().int().min(1),
  given: z.boolean(),
  givenOn: z.iso.date().nullable(),
  how: PlanCopyMethod.nullable(),
  reasonNotGiven: Reason.nullable(),
});
export type PlanCopyDetails = z.infer<typeof PlanCopyDetails>;
export const StepDownPlanDetails = z.strictObject({ toModel: PlacementModel });
export const MoveOnPlanDetails = z.strictObject({ destination: MoveOnDestination, notes: Narrative.nullable() });
export const MovedOnDetails = z.strictObject({ destination: MoveOnDestination });

// ---------------------------------------------------------------- leaving and closing

export const LeavingRequestDetails = z.strictObject({
  reason: Narrative.nullable(),
  /**
   * The tenancy type of the scheme the person lives in, when placed (seed 003: leaving a sheltered or
   * specialist tenancy affects it), and whether that effect was explained. Absent before they were kept.
   */
  tenancyType: TenancyType.nullable().optional(),
  tenancyEffectExplained: z.boolean().optional(),
});
export const LeavingConfirmationDetails = z.strictObject({
  /** Reference of the written confirmation sent to the person (seed 003: within 7 working days). */
  letterRef: z.string().trim().min(1).max(200),
  /** The arrangements agreed for leaving (required since policy 3). */
  arrangements: Narrative.nullable(),
  /** How the person can come back to the service (seed 003; required since policy 3, absent before). */
  wayBack: Narrative.nullable().optional(),
});
export const PathwayClosedDetails = z.strictObject({
  outcome: z.enum(['declined', 'redirected', 'withdrawn', 'not_eligible', 'panel_rejected', 'left', 'moved_on']),
  reason: Reason.nullable(),
  /** The stage the pathway was in when it closed. */
  fromStage: PathwayStage,
});

// ---------------------------------------------------------------- deadlines

export const DeadlineRef = z.strictObject({
  /** Unique within the pathway: `<rule id>#<sequence of the event that set it>`. */
  deadlineId: z.string().min(1).max(120),
  ruleId: CatalogueId,
});
/** A limit must be kept; a target (the 4-week review) has a limit behind it. Absent on events written before it was kept. */
export const DeadlineKind = z.enum(['target', 'limit']);
export type DeadlineKind = z.infer<typeof DeadlineKind>;
export const DeadlineSetDetails = DeadlineRef.extend({
  dueAt: z.iso.datetime(),
  kind: DeadlineKind.optional(),
  /** The rule in words and where it comes from: the answer to "why is this due?". */
  rule: z.string().min(1).max(500),
  source: z.string().min(1).max(200),
});
export const DeadlineClosedDetails = DeadlineRef.extend({ reason: z.string().min(1).max(300).nullable() });
/** A breach names its kind: a missed target is told apart from a breached limit (absent on events written before). */
export const DeadlineBreachedDetails = DeadlineClosedDetails.extend({ kind: DeadlineKind.optional() });
export const EscalationDetails = DeadlineRef.extend({
  dueAt: z.iso.datetime(),
  message: z.string().min(1).max(300),
  kind: DeadlineKind.optional(),
});

// ---------------------------------------------------------------- the catalogue

export const ReferralReceivedV1 = envelopeOf('ReferralReceived', 1, ReferralDetails);
export const ConsentRecordedV1 = envelopeOf('ConsentRecorded', 1, ConsentDetails);
export const SafeguardingReferralMadeV1 = envelopeOf('SafeguardingReferralMade', 1, SafeguardingReferralDetails);
export const PersonToldOfSafeguardingReferralV1 = envelopeOf('PersonToldOfSafeguardingReferral', 1, SafeguardingNoticeDetails);
export const FundsAccessedV1 = envelopeOf('FundsAccessed', 1, FundsAccessedDetails);
export const FoodVoucherIssuedV1 = envelopeOf('FoodVoucherIssued', 1, FoodVoucherIssuedDetails);
export const FeedbackRecordedV1 = envelopeOf('FeedbackRecorded', 1, FeedbackDetails);
export const ReferralTriagedV1 = envelopeOf('ReferralTriaged', 1, TriageDetails);
export const CrisisSupportArrangedV1 = envelopeOf('CrisisSupportArranged', 1, CrisisSupportDetails);
export const AssessorAssignedV1 = envelopeOf('AssessorAssigned', 1, z.strictObject({ assessorId: z.string().min(1).max(200) }));
/** Why a case's worker changed (seed 003: cover in an emergency, for sickness or leave, or to balance caseloads). */
export const ReassignmentReason = z.enum(['sickness', 'leave', 'caseload', 'left_the_service', 'other']);
export const WorkerReassignedV1 = envelopeOf(
  'WorkerReassigned',
  1,
  z.strictObject({
    assessorId: z.string().min(1).max(200),
    previousAssessorId: z.string().min(1).max(200).nullable(),
    reason: ReassignmentReason,
    /** Cover for a while (sickness, leave) rather than for good. */
    temporary: z.boolean(),
  }),
);
export const AssessmentCompletedV1 = envelopeOf('AssessmentCompleted', 1, AssessmentDetails);
export const CaseReferredToPanelV1 = envelopeOf(
  'CaseReferredToPanel',
  1,
  z.strictObject({ rulesFired: ComplexityFinding.shape.rulesFired }),
);
export const PanelDecisionRecordedV1 = envelopeOf('PanelDecisionRecorded', 1, PanelDecisionDetails);
/** Version 1, before waiting lists: read as version 2 with no allocation (see parsePathwayEvent). */
export const UnitOfferedV1 = envelopeOf('UnitOffered', 1, OfferDetails);
export const UnitOfferedV2 = envelopeOf('UnitOffered', 2, OfferDetailsV2);
export const OfferAcceptedV1 = envelopeOf('OfferAccepted', 1, OfferResponseDetails);
export const OfferDeclinedV1 = envelopeOf('OfferDeclined', 1, OfferResponseDetails);
export const PlacementStartedV1 = envelopeOf('PlacementStarted', 1, PlacementDetails);
export const ReviewCompletedV1 = envelopeOf('ReviewCompleted', 1, ReviewDetails);
export const SupportPlanCopyRecordedV1 = envelopeOf('SupportPlanCopyRecorded', 1, PlanCopyDetails);
export const StepDownPlannedV1 = envelopeOf('StepDownPlanned', 1, StepDownPlanDetails);
export const MoveOnPlannedV1 = envelopeOf('MoveOnPlanned', 1, MoveOnPlanDetails);
export const MovedOnV1 = envelopeOf('MovedOn', 1, MovedOnDetails);
export const LeavingRequestedV1 = envelopeOf('LeavingRequested', 1, LeavingRequestDetails);
export const LeavingConfirmedV1 = envelopeOf('LeavingConfirmed', 1, LeavingConfirmationDetails);
export const PathwayClosedV1 = envelopeOf('PathwayClosed', 1, PathwayClosedDetails);
export const DeadlineSetV1 = envelopeOf('DeadlineSet', 1, DeadlineSetDetails);
export const DeadlineMetV1 = envelopeOf('DeadlineMet', 1, DeadlineClosedDetails);
export const DeadlineBreachedV1 = envelopeOf('DeadlineBreached', 1, DeadlineBreachedDetails);
export const DeadlineCancelledV1 = envelopeOf('DeadlineCancelled', 1, DeadlineClosedDetails);
export const EscalationRaisedV1 = envelopeOf('EscalationRaised', 1, EscalationDetails);
/** The QA panel's work on a case: who holds it, what they said, what one member proposed for another to confirm. */
export const PanelTaskClaimedV1 = envelopeOf('PanelTaskClaimed', 1, z.strictObject({ claimedBy: z.string().min(1).max(200) }));
export const PanelTaskUnclaimedV1 = envelopeOf(
  'PanelTaskUnclaimed',
  1,
  z.strictObject({ previouslyClaimedBy: z.string().min(1).max(200) }),
);
export const PanelTaskAssignedV1 = envelopeOf('PanelTaskAssigned', 1, z.strictObject({ assignee: z.string().min(1).max(200) }));
export const PanelTaskCommentedV1 = envelopeOf('PanelTaskCommented', 1, z.strictObject({ comment: Narrative }));
/** The sitting whose agenda the case is on: set on referral to panel, after a deferral and at each carry-over. */
export const PanelCaseScheduledV1 = envelopeOf('PanelCaseScheduled', 1, z.strictObject({ sittingAt: z.iso.datetime() }));
/** Not decided at its sitting: on to the next one. */
export const PanelCaseCarriedOverV1 = envelopeOf(
  'PanelCaseCarriedOver',
  1,
  z.strictObject({ fromSittingAt: z.iso.datetime(), toSittingAt: z.iso.datetime(), carryOvers: z.number().int().min(1) }),
);
export const PanelDecisionProposedV1 = envelopeOf('PanelDecisionProposed', 1, z.strictObject({ proposal: PanelDecisionDetails }));

/**
 * Every pathway event type and version the system has ever published.
 * Old versions stay here and are upcast on read ({@link parsePathwayEvent}).
 */
export const PathwayEventEnvelope = z.discriminatedUnion('type', [
  ReferralReceivedV1,
  ConsentRecordedV1,
  SafeguardingReferralMadeV1,
  PersonToldOfSafeguardingReferralV1,
  FundsAccessedV1,
  FoodVoucherIssuedV1,
  FeedbackRecordedV1,
  ReferralTriagedV1,
  CrisisSupportArrangedV1,
  AssessorAssignedV1,
  WorkerReassignedV1,
  AssessmentCompletedV1,
  CaseReferredToPanelV1,
  PanelDecisionRecordedV1,
  UnitOfferedV2,
  OfferAcceptedV1,
  OfferDeclinedV1,
  PlacementStartedV1,
  ReviewCompletedV1,
  SupportPlanCopyRecordedV1,
  StepDownPlannedV1,
  MoveOnPlannedV1,
  MovedOnV1,
  LeavingRequestedV1,
  LeavingConfirmedV1,
  PathwayClosedV1,
  DeadlineSetV1,
  DeadlineMetV1,
  DeadlineBreachedV1,
  DeadlineCancelledV1,
  EscalationRaisedV1,
  PanelTaskClaimedV1,
  PanelTaskUnclaimedV1,
  PanelTaskAssignedV1,
  PanelTaskCommentedV1,
  PanelDecisionProposedV1,
  PanelCaseScheduledV1,
  PanelCaseCarriedOverV1,
]);
export type PathwayEventEnvelope = z.infer<typeof PathwayEventEnvelope>;

export type PathwayEventType = PathwayEventEnvelope['type'];
export type PathwayEventOf<T extends PathwayEventType> = Extract<PathwayEventEnvelope, { type: T }>;

/** A domain event before it is put in its envelope: what `decide` returns. */
export type PathwayDomainEvent = {
  [T in PathwayEventEnvelope as T['type']]: { type: T['type']; data: T['data']; policyVersion?: string | null };
}[PathwayEventType];
