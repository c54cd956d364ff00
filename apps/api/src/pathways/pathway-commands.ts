import { randomUUID } from 'node:crypto';
import type { PathwayCommandRequest } from '@sarp/workflows';
import {
  AssessmentDetails,
  ConsentDetails,
  FeedbackChannel,
  FeedbackDetails,
  FundType,
  MoveOnDestination,
  Narrative,
  OutOfOrderReason,
  PanelDecisionDetails,
  Pence,
  PlacementModel,
  PlanCopyMethod,
  Reason,
  ReassignmentReason,
  SafeguardingAgency,
  SharingWithoutConsentReason,
  SupportPlan,
  UnitRef,
  Urgency,
} from '@sarp/events';
import { openCommands, type PathwayState } from '@sarp/domain';
import type { Role } from '@sarp/events';
import { z } from 'zod';
import { rolesForAction, SIGNED_IN_ROLES, type SignedInRole } from '../auth/permissions';

type Command = PathwayCommandRequest['command'];

/**
 * One entry per command a person can send to a pathway: the resource it is
 * posted to (`POST /pathways/{id}/{action}`), who may send it, the body it
 * takes (validated, and documented in OpenAPI from the same schema), and how
 * the body becomes the domain command.
 */
export interface CommandRouteDefinition<TBody extends z.ZodType = z.ZodType, TType extends Command['type'] = Command['type']> {
  action: string;
  summary: string;
  body: TBody;
  /** The domain command it becomes: the pathway page offers the route when the stage opens that command. */
  commandType: TType;
  toCommand(body: z.infer<TBody>): Extract<Command, { type: TType }>;
}

/** A command route with the roles the permission matrix gives it. */
export interface CommandRoute extends CommandRouteDefinition {
  roles: readonly SignedInRole[];
}

/** Keeps each route's body schema and command builder in step, then forgets the body type for the registry. */
export const route = <TBody extends z.ZodType, TType extends Command['type']>(
  definition: CommandRouteDefinition<TBody, TType>,
): CommandRouteDefinition => definition as unknown as CommandRouteDefinition;

/** Gives each route its roles from the permission matrix; a route the matrix does not name is a programming error. */
export function withPermissions(prefix: '/pathways' | '/tasks', routes: CommandRouteDefinition[]): readonly CommandRoute[] {
  return routes.map((definition) => {
    const roles = rolesForAction(prefix, definition.action);
    if (!roles) throw new Error(`the permission matrix has no entry for POST ${prefix}/:id/${definition.action}`);
    return { ...definition, roles };
  });
}
const empty = z.strictObject({});

export const COMMAND_ROUTES: readonly CommandRoute[] = withPermissions('/pathways', [
  route({
    action: 'consent',
    summary:
      'Record consent to share information, or sharing without it for a reason from the fixed list (danger_to_person, risk_to_adult, risk_to_child, crime; pathways since policy 2)',
    body: ConsentDetails,
    commandType: 'RecordConsent',
    toCommand: (consent) => ({ type: 'RecordConsent', consent }),
  }),
  route({
    action: 'safeguarding-referral',
    summary:
      "Refer a safeguarding concern to another agency: with the person's consent, or without it only for a reason from the allowed list (flagged for auditors)",
    body: z.strictObject({
      agency: SafeguardingAgency,
      concern: Narrative,
      consent: z.enum(['given', 'refused', 'not_asked']),
      withoutConsentReason: SharingWithoutConsentReason.optional(),
    }),
    commandType: 'MakeSafeguardingReferral',
    toCommand: (b) => ({
      type: 'MakeSafeguardingReferral',
      agency: b.agency,
      concern: b.concern,
      consent: b.consent,
      withoutConsentReason: b.withoutConsentReason ?? null,
    }),
  }),
  route({
    action: 'safeguarding-notice',
    summary:
      'Record whether the person was told of a safeguarding referral made about them (seed 003: "we will advise you"): the day they were told, or why they were not. Names the referral\'s event id, or takes the oldest still waiting',
    body: z.strictObject({
      referralEventId: z.string().min(3).max(200).optional(),
      told: z.boolean(),
      toldOn: z.iso.date().optional(),
      reasonNotTold: Reason.optional(),
    }),
    commandType: 'RecordSafeguardingNotice',
    toCommand: (b) => ({
      type: 'RecordSafeguardingNotice',
      referralEventId: b.referralEventId ?? null,
      told: b.told,
      toldOn: b.toldOn ?? null,
      reasonNotTold: b.reasonNotTold ?? null,
    }),
  }),
  route({
    action: 'funds',
    summary:
      'Record funds the person was helped to access to sustain their tenancy (DHP, Emergency Living Fund, other hardship support, other funds)',
    body: z.strictObject({
      fund: FundType,
      amountPence: Pence,
      accessedOn: z.iso.date(),
      workerId: z.string().min(1).max(200).optional(),
    }),
    commandType: 'RecordFundsAccessed',
    toCommand: (b) => ({
      type: 'RecordFundsAccessed',
      funds: { fund: b.fund, amountPence: b.amountPence, accessedOn: b.accessedOn, workerId: b.workerId ?? null },
    }),
  }),
  route({
    action: 'food-vouchers',
    summary: 'Record food vouchers issued, with their approximate value',
    body: z.strictObject({ approximateValuePence: Pence, issuedOn: z.iso.date(), workerId: z.string().min(1).max(200).optional() }),
    commandType: 'RecordFoodVoucher',
    toCommand: (b) => ({
      type: 'RecordFoodVoucher',
      voucher: { approximateValuePence: b.approximateValuePence, issuedOn: b.issuedOn, workerId: b.workerId ?? null },
    }),
  }),
  route({
    action: 'feedback',
    summary:
      'Record a complaint or a compliment about the service on this pathway, with how it arrived (channel) and, where it names one, the officer. Feedback tied to no pathway: POST /feedback',
    body: FeedbackDetails.extend({ channel: FeedbackChannel }),
    commandType: 'RecordFeedback',
    toCommand: (feedback) => ({ type: 'RecordFeedback', feedback }),
  }),
  route({
    action: 'triage',
    summary: 'Triage the referral: accept (starts the 7-day assessment deadline), decline with a reason, or redirect',
    body: z.strictObject({
      outcome: z.enum(['accept', 'decline', 'redirect']),
      urgency: Urgency,
      reason: Reason.optional(),
      redirectedTo: z.string().trim().min(1).max(200).optional(),
    }),
    commandType: 'TriageReferral',
    toCommand: (b) => ({
      type: 'TriageReferral',
      outcome: b.outcome,
      urgency: b.urgency,
      reason: b.reason ?? null,
      redirectedTo: b.redirectedTo ?? null,
    }),
  }),
  route({
    action: 'crisis-support',
    summary: 'Record that crisis support is in place (meets the 24-hour crisis deadline)',
    body: z.strictObject({ arrangement: Narrative }),
    commandType: 'ArrangeCrisisSupport',
    toCommand: (b) => ({ type: 'ArrangeCrisisSupport', arrangement: b.arrangement }),
  }),
  route({
    action: 'assessor',
    summary: 'Assign the assessor',
    body: z.strictObject({ assessorId: z.string().min(1).max(200) }),
    commandType: 'AssignAssessor',
    toCommand: (b) => ({ type: 'AssignAssessor', assessorId: b.assessorId }),
  }),
  route({
    action: 'worker',
    summary:
      "Move the case to another worker at any open stage, with the reason (seed 003: emergency cover for sickness or leave, or caseload); the caseload figures follow from the change's date",
    body: z.strictObject({ assessorId: z.string().min(1).max(200), reason: ReassignmentReason, temporary: z.boolean().default(false) }),
    commandType: 'ReassignWorker',
    toCommand: (b) => ({ type: 'ReassignWorker', assessorId: b.assessorId, reason: b.reason, temporary: b.temporary }),
  }),
  route({
    action: 'assessment',
    summary: 'Complete the assessment and support plan; complex cases go to the QA panel',
    body: AssessmentDetails.omit({ complexity: true }),
    commandType: 'CompleteAssessment',
    toCommand: (assessment) => ({ type: 'CompleteAssessment', assessment }),
  }),
  route({
    action: 'panel-decision',
    summary:
      'The chair alone records an urgent decision on a crisis case, within 24 hours of its referral to panel; otherwise a member proposes and a second person confirms (POST /tasks/{id}/decision, /confirmation)',
    body: PanelDecisionDetails,
    commandType: 'RecordPanelDecision',
    toCommand: (decision) => ({ type: 'RecordPanelDecision', decision }),
  }),
  route({
    action: 'offers',
    summary:
      'Offer a unit of the approved model from the managed catalogue (the unit is reserved; a unit held for someone else, void or retired is refused, and so is a person who holds a place on another pathway). An offer to anyone but the first suitable person on the waiting list needs outOfOrderReason',
    body: z.strictObject({ model: PlacementModel, unit: UnitRef, outOfOrderReason: OutOfOrderReason.optional() }),
    commandType: 'OfferUnit',
    toCommand: (b) => ({
      type: 'OfferUnit',
      offerId: randomUUID(),
      model: b.model,
      unit: b.unit,
      outOfOrderReason: b.outOfOrderReason ?? null,
    }),
  }),
  route({
    action: 'offer-response',
    summary: "Record the person's answer to an offer (a decline needs a reason; the unit is released)",
    body: z.strictObject({ offerId: z.string().min(1).max(100), accepted: z.boolean(), reason: Reason.optional() }),
    commandType: 'RespondToOffer',
    toCommand: (b) => ({ type: 'RespondToOffer', offerId: b.offerId, accepted: b.accepted, reason: b.reason ?? null }),
  }),
  route({
    action: 'placement',
    summary: 'Start the placement of an accepted offer (sets review, annual review and stay-limit deadlines)',
    body: z.strictObject({ offerId: z.string().min(1).max(100) }),
    commandType: 'StartPlacement',
    toCommand: (b) => ({ type: 'StartPlacement', offerId: b.offerId }),
  }),
  route({
    action: 'reviews',
    summary:
      'Complete a support plan review (a new plan version; restarts the 4-week target and 12-week limit; since policy 3 also before a placement). A copy of the new version is owed to the person until recorded (plan-copy)',
    body: z.strictObject({ kind: z.enum(['routine', 'annual']), supportPlan: SupportPlan, notes: Narrative.optional() }),
    commandType: 'CompleteReview',
    toCommand: (b) => ({ type: 'CompleteReview', kind: b.kind, supportPlan: b.supportPlan, notes: b.notes ?? null }),
  }),
  route({
    action: 'plan-copy',
    summary:
      'Record whether the person was given a copy of a support plan version (seed 003): the day and how, or why not. Names the version, or takes the latest; a version without a copy shows as outstanding',
    body: z.strictObject({
      planVersion: z.number().int().min(1).optional(),
      given: z.boolean(),
      givenOn: z.iso.date().optional(),
      how: PlanCopyMethod.optional(),
      reasonNotGiven: Reason.optional(),
    }),
    commandType: 'RecordPlanCopy',
    toCommand: (b) => ({
      type: 'RecordPlanCopy',
      planVersion: b.planVersion ?? null,
      given: b.given,
      givenOn: b.givenOn ?? null,
      how: b.how ?? null,
      reasonNotGiven: b.reasonNotGiven ?? null,
    }),
  }),
  route({
    action: 'step-down',
    summary: 'Plan the step-down to the next model (intensive → transitional → independent)',
    body: z.strictObject({ toModel: PlacementModel }),
    commandType: 'PlanStepDown',
    toCommand: (b) => ({ type: 'PlanStepDown', toModel: b.toModel }),
  }),
  route({
    action: 'move-on',
    summary: 'Plan the move-on out of supported accommodation',
    body: z.strictObject({ destination: MoveOnDestination, notes: Narrative.optional() }),
    commandType: 'PlanMoveOn',
    toCommand: (b) => ({ type: 'PlanMoveOn', destination: b.destination, notes: b.notes ?? null }),
  }),
  route({
    action: 'move-on-completion',
    summary: 'Record that the person has moved on; closes the pathway',
    body: empty,
    commandType: 'CompleteMoveOn',
    toCommand: () => ({ type: 'CompleteMoveOn' }),
  }),
  route({
    action: 'withdrawal',
    summary: 'Withdraw the referral (before placement), with a reason; closes the pathway',
    body: z.strictObject({ reason: Reason }),
    commandType: 'WithdrawReferral',
    toCommand: (b) => ({ type: 'WithdrawReferral', reason: b.reason }),
  }),
  route({
    action: 'leaving-request',
    summary:
      'Record a request to leave (written confirmation is due within 7 working days). Since policy 3, for a unit of a sheltered or specialist tenancy, say that the effect of leaving on the tenancy was explained (tenancyEffectExplained: true)',
    body: z.strictObject({ reason: Narrative.optional(), tenancyEffectExplained: z.boolean().optional() }),
    commandType: 'RequestLeaving',
    toCommand: (b) => ({ type: 'RequestLeaving', reason: b.reason ?? null, tenancyEffectExplained: b.tenancyEffectExplained }),
  }),
  route({
    action: 'leaving-confirmation',
    summary:
      'Record the written confirmation of a request to leave: since policy 3 with the arrangements agreed and how the person can come back to the service (wayBack)',
    body: z.strictObject({
      letterRef: z.string().trim().min(1).max(200),
      arrangements: Narrative.optional(),
      wayBack: Narrative.optional(),
    }),
    commandType: 'ConfirmLeaving',
    toCommand: (b) => ({
      type: 'ConfirmLeaving',
      letterRef: b.letterRef,
      arrangements: b.arrangements ?? null,
      wayBack: b.wayBack ?? null,
    }),
  }),
  route({
    action: 'exit',
    summary: 'Complete the planned exit after a confirmed request to leave; closes the pathway',
    body: z.strictObject({ reason: Reason.optional() }),
    commandType: 'CompleteExit',
    toCommand: (b) => ({ type: 'CompleteExit', reason: b.reason ?? null }),
  }),
]);

/**
 * The actions a caller of this role may send the pathway now: the stage opens the command (openCommands, from
 * the domain) and the permission matrix lets the role send it. The pathway page offers a form for each.
 */
export function actionsOpenTo(role: Role, state: PathwayState): string[] {
  const open: readonly string[] = openCommands(state);
  return COMMAND_ROUTES.filter((candidate) => open.includes(candidate.commandType) && (candidate.roles as readonly Role[]).includes(role)).map(
    (candidate) => candidate.action,
  );
}

export function findCommandRoute(action: string): CommandRoute | undefined {
  return COMMAND_ROUTES.find((candidate) => candidate.action === action);
}

/**
 * Command endpoints let every signed-in role through the guard: each action
 * then checks its own roles inside, where a refusal is recorded for auditors
 * (a refusal by the guard would leave no trace).
 */
export const ANY_SIGNED_IN_ROLE = SIGNED_IN_ROLES;
