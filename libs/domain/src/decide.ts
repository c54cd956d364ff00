import { OutOfOrderReason, SharingWithoutConsentReason, type PathwayDomainEvent, type PlacementModel } from '@sarp/events';
import type { CommandOf, DecisionContext, PathwayCommand } from './commands';
import { assessComplexity } from './complexity';
import { cancelDeadlines, meetDeadlines, numberDeadlines, openDeadlines, setDeadline, setDeadlineDueAt } from './deadlines';
import { endOfSittingDay, nextSittingAfter, type PanelSchedule } from './panel-schedule';
import { InvalidTransitionError, RuleViolationError } from './errors';
import { CURRENT_POLICY_VERSION, FIRST_POLICY_VERSION, type OpenDeadline, type PathwayState, type StartedPathway } from './pathway-state';

/** Review deadlines restart at every placement and every review (seed 003: every 4 weeks, never later than 12). */
const REVIEW_RULES = ['support-plan-review-target', 'support-plan-review-limit'] as const;
/** Deadlines that belong to being placed somewhere; they end when the person leaves or moves on. */
const STAY_RULES = ['intensive-stay-limit', 'transitional-stay-limit'] as const;

const OUT_OF_ORDER_REASONS = OutOfOrderReason.options;
/** Seed 003: why information may be shared without the person's consent (the safeguarding referral's list). */
const SHARING_REASONS: readonly string[] = SharingWithoutConsentReason.options;

/** The next model down the ladder (seed 001: intensive → transitional → independent). */
const STEP_DOWN: Partial<Record<PlacementModel, PlacementModel>> = { intensive: 'transitional', transitional: 'independent' };

/**
 * Which events a command causes in the given state, deadlines included;
 * throws an InvalidTransitionError (wrong stage) or a RuleViolationError
 * (missing or wrong data) to refuse it. Pure: the same inputs give the same
 * events, which is what lets the workflow use it as an Update validator.
 */
export function decide(command: PathwayCommand, state: PathwayState, context: DecisionContext): PathwayDomainEvent[] {
  if (command.type === 'ReceiveReferral') {
    if (state.status !== 'empty') throw new InvalidTransitionError('this pathway has already received its referral');
    const policyVersion = context.newPathwayPolicyVersion ?? CURRENT_POLICY_VERSION;
    const events: PathwayDomainEvent[] = [{ type: 'ReferralReceived', data: command.referral, policyVersion }];
    if (command.referral.urgency === 'crisis') events.push(setDeadline('crisis-response', context.now, policyVersion));
    return numberDeadlines(0, events);
  }
  if (state.status === 'empty') throw new InvalidTransitionError('this pathway has not received its referral yet');
  if (state.stage === 'closed') throw new InvalidTransitionError('this pathway is closed');
  return numberDeadlines(state.lastSequence, decideOnStarted(command, state, context));
}

function decideOnStarted(
  command: Exclude<PathwayCommand, { type: 'ReceiveReferral' }>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  switch (command.type) {
    case 'RecordConsent':
      return recordConsent(command, state);
    case 'MakeSafeguardingReferral':
      return makeSafeguardingReferral(command);
    case 'RecordSafeguardingNotice':
      return recordSafeguardingNotice(command, state, context);
    case 'RecordFundsAccessed':
      return [{ type: 'FundsAccessed', data: { ...command.funds, workerId: command.funds.workerId ?? context.actor.userId } }];
    case 'RecordFoodVoucher':
      return [{ type: 'FoodVoucherIssued', data: { ...command.voucher, workerId: command.voucher.workerId ?? context.actor.userId } }];
    case 'RecordFeedback':
      return [{ type: 'FeedbackRecorded', data: command.feedback }];
    case 'TriageReferral':
      return triage(command, state, context);
    case 'ArrangeCrisisSupport':
      if (state.urgency !== 'crisis') throw new InvalidTransitionError('crisis support is arranged only for a crisis referral');
      if (state.crisisSupportArranged) throw new InvalidTransitionError('crisis support is already arranged');
      return [{ type: 'CrisisSupportArranged', data: { arrangement: command.arrangement } }, ...meetDeadlines(state, 'crisis-response')];
    case 'AssignAssessor':
      requireStage(state, 'assessment');
      return [{ type: 'AssessorAssigned', data: { assessorId: command.assessorId } }];
    case 'ReassignWorker':
      // Seed 003: someone else covers the case in an emergency. Any open stage; the previous worker is recorded.
      if (!state.assessorId && state.stage === 'referral') throw new InvalidTransitionError('triage the referral and assign an assessor first');
      if (command.assessorId === state.assessorId) throw new InvalidTransitionError(`${command.assessorId} is already the case's worker`);
      return [
        {
          type: 'WorkerReassigned',
          data: { assessorId: command.assessorId, previousAssessorId: state.assessorId, reason: command.reason, temporary: command.temporary },
        },
      ];
    case 'CompleteAssessment':
      return completeAssessment(command, state, context);
    case 'RecordPanelDecision':
      return recordPanelDecision(command, state, context);
    case 'ClaimPanelTask':
    case 'UnclaimPanelTask':
    case 'AssignPanelTask':
    case 'CommentOnPanelTask':
    case 'ProposePanelDecision':
    case 'ConfirmPanelDecision':
      return panelWork(command, state, context);
    case 'OfferUnit':
      return offerUnit(command, state, context);
    case 'RespondToOffer':
      if (!state.offer || state.offer.offerId !== command.offerId || state.offer.status !== 'offered') {
        throw new InvalidTransitionError(`offer ${command.offerId} is not waiting for an answer`);
      }
      if (command.accepted) return [{ type: 'OfferAccepted', data: { offerId: command.offerId, reason: null } }];
      if (!command.reason) throw new RuleViolationError('declining an offer needs a reason');
      return [{ type: 'OfferDeclined', data: { offerId: command.offerId, reason: command.reason } }];
    case 'StartPlacement':
      return startPlacement(command, state, context);
    case 'CompleteReview':
      return completeReview(command, state, context);
    case 'PlanStepDown': {
      requireStage(state, 'placement');
      const next = state.placement && STEP_DOWN[state.placement.model];
      if (!next) throw new InvalidTransitionError('there is no step down from the current placement');
      if (command.toModel !== next) throw new RuleViolationError(`from ${state.placement?.model} the step down is to ${next}`);
      return [{ type: 'StepDownPlanned', data: { toModel: command.toModel } }, ...meetDeadlines(state, 'step-down-planning')];
    }
    case 'PlanMoveOn':
      requireStage(state, 'placement');
      return [
        { type: 'MoveOnPlanned', data: { destination: command.destination, notes: command.notes } },
        ...meetDeadlines(state, 'move-on-planning', 'step-down-planning'),
      ];
    case 'CompleteMoveOn':
      requireStage(state, 'move_on');
      return [
        { type: 'MovedOn', data: { destination: state.moveOnDestination ?? 'other' } },
        ...close(state, 'moved_on', null, 'the person moved on'),
      ];
    case 'WithdrawReferral':
      if (state.placement) throw new InvalidTransitionError('a placed person leaves through a leaving request, not a withdrawal');
      return close(state, 'withdrawn', command.reason, 'the referral was withdrawn');
    case 'RequestLeaving':
      if (state.leaving) throw new InvalidTransitionError('a request to leave is already recorded');
      return [
        { type: 'LeavingRequested', data: { reason: command.reason } },
        setDeadline('leaving-confirmation', context.now, state.policyVersion),
      ];
    case 'ConfirmLeaving':
      if (!state.leaving) throw new InvalidTransitionError('there is no request to leave to confirm');
      if (state.leaving.confirmedAt) throw new InvalidTransitionError('the request to leave is already confirmed');
      return [
        { type: 'LeavingConfirmed', data: { letterRef: command.letterRef, arrangements: command.arrangements } },
        ...meetDeadlines(state, 'leaving-confirmation'),
      ];
    case 'CompleteExit':
      if (!state.leaving?.confirmedAt) throw new InvalidTransitionError('a planned exit follows a confirmed request to leave');
      return close(state, 'left', command.reason, 'the person left the service');
    case 'MarkDeadlineBreached': {
      const deadline = state.deadlines.find((open) => open.deadlineId === command.deadlineId);
      if (!deadline) throw new InvalidTransitionError(`deadline ${command.deadlineId} is not open`);
      if (Date.parse(deadline.dueAt) > context.now.getTime())
        throw new InvalidTransitionError(`deadline ${command.deadlineId} is not due yet`);
      if (deadline.ruleId === 'panel-decision' && context.panelSchedule && state.stage === 'panel') {
        return carryOver(state, deadline, context, context.panelSchedule);
      }
      return [
        {
          type: 'DeadlineBreached',
          policyVersion: deadline.policyVersion,
          data: { deadlineId: deadline.deadlineId, ruleId: deadline.ruleId, reason: null },
        },
        escalation(deadline, `${deadline.ruleId} deadline passed`),
      ];
    }
    default:
      return assertNever(command);
  }
}

/**
 * Seed 003: a safeguarding referral asks the person's consent first; without
 * it (refused, or not asked because it could not wait), it goes ahead only for
 * a reason from the allowed list, and is flagged for auditors.
 */
function makeSafeguardingReferral(command: CommandOf<'MakeSafeguardingReferral'>): PathwayDomainEvent[] {
  const withConsent = command.consent === 'given';
  if (!withConsent && !command.withoutConsentReason) {
    throw new RuleViolationError(
      'a safeguarding referral without consent needs its reason: danger to the person, a risk to an adult or a child, or a crime',
    );
  }
  if (withConsent && command.withoutConsentReason) {
    throw new RuleViolationError('a reason for going ahead without consent is only for a referral made without it');
  }
  return [
    {
      type: 'SafeguardingReferralMade',
      data: {
        agency: command.agency,
        concern: command.concern,
        consent: command.consent,
        withoutConsentReason: command.withoutConsentReason,
        flaggedForAudit: !withConsent,
      },
    },
  ];
}

/** Seed 003: the person is advised of a safeguarding referral made about them, or why not is recorded. */
function recordSafeguardingNotice(
  command: CommandOf<'RecordSafeguardingNotice'>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  const owed = state.safeguardingNoticesOwed ?? [];
  const referralEventId = command.referralEventId ?? owed[0];
  if (!referralEventId) throw new InvalidTransitionError('there is no safeguarding referral whose notice to the person is still to be recorded');
  if (!owed.includes(referralEventId)) {
    throw new InvalidTransitionError(`${referralEventId} is not a safeguarding referral of this pathway still waiting for its notice`);
  }
  if (command.told) {
    if (!command.toldOn || command.reasonNotTold) throw new RuleViolationError('a person who was told needs the day they were told (toldOn), and no reason');
    if (Date.parse(`${command.toldOn}T00:00:00Z`) > context.now.getTime()) throw new RuleViolationError('the day they were told is in the future');
  } else if (!command.reasonNotTold || command.toldOn) {
    throw new RuleViolationError('a person who was not told needs the reason why not (reasonNotTold), and no day');
  }
  return [
    {
      type: 'PersonToldOfSafeguardingReferral',
      data: { referralEventId, told: command.told, toldOn: command.toldOn, reasonNotTold: command.reasonNotTold },
    },
  ];
}

function recordConsent(command: CommandOf<'RecordConsent'>, state: StartedPathway): PathwayDomainEvent[] {
  const { consent } = command;
  if (!consent.granted && consent.agencies.length > 0 && !consent.overrideReason) {
    // Seed 003: sharing without consent only where someone is in danger or a crime was committed, with the reason recorded.
    throw new RuleViolationError('sharing without consent needs the reason (someone in danger, or a crime committed)');
  }
  if (consent.granted && consent.overrideReason) throw new RuleViolationError('an override reason is only for sharing without consent');
  // Since policy 2 the reason must be one from the same fixed list as a safeguarding referral's (issue 12);
  // pathways under policy 1 keep the free-text reason they began with.
  if (consent.overrideReason && state.policyVersion !== FIRST_POLICY_VERSION && !SHARING_REASONS.includes(consent.overrideReason)) {
    throw new RuleViolationError(`sharing without consent is only for one of these reasons: ${SHARING_REASONS.join(', ')}`);
  }
  return [{ type: 'ConsentRecorded', data: consent }];
}

function triage(command: CommandOf<'TriageReferral'>, state: StartedPathway, context: DecisionContext): PathwayDomainEvent[] {
  requireStage(state, 'referral');
  const outcome = ({ accept: 'accepted', decline: 'declined', redirect: 'redirected' } as const)[command.outcome];
  if (outcome === 'declined' && !command.reason) throw new RuleViolationError('declining a referral needs a reason');
  if (outcome === 'redirected' && !command.redirectedTo) throw new RuleViolationError('redirecting a referral needs where to');
  const triaged: PathwayDomainEvent = {
    type: 'ReferralTriaged',
    data: {
      outcome,
      urgency: command.urgency,
      reason: command.reason,
      redirectedTo: outcome === 'redirected' ? command.redirectedTo : null,
    },
  };
  if (outcome !== 'accepted')
    return [triaged, ...close(state, outcome, command.reason ?? command.redirectedTo, `the referral was ${outcome}`)];

  const urgencyChanges: PathwayDomainEvent[] = [];
  if (command.urgency === 'crisis' && state.urgency === 'standard') {
    urgencyChanges.push(...crisisFoundAtTriage(state, context));
  } else if (command.urgency === 'standard' && state.urgency === 'crisis') {
    urgencyChanges.push(...cancelDeadlines(state, 'triaged as standard', 'crisis-response'));
  }
  // Seed 003: assessment and support plan within seven days of the person entering the service.
  return [triaged, ...urgencyChanges, setDeadline('assessment-and-support-plan', context.now, state.policyVersion)];
}

/**
 * A standard referral that triage finds to be a crisis. Policy 1 started the
 * 24 hours at the triage; since policy 2 they run from the referral's receipt
 * (seed 003: support "within 24 hours of a referral"), and when they have
 * already passed the breach is recorded at once, with its escalation.
 */
function crisisFoundAtTriage(state: StartedPathway, context: DecisionContext): PathwayDomainEvent[] {
  if (state.policyVersion === FIRST_POLICY_VERSION) return [setDeadline('crisis-response', context.now, state.policyVersion)];
  const set = setDeadline('crisis-response', new Date(state.openedAt), state.policyVersion);
  if (set.type !== 'DeadlineSet' || Date.parse(set.data.dueAt) > context.now.getTime()) return [set];
  // The ids are filled in by numberDeadlines: '' names the deadline set just before, in the same decision.
  const overdue: OpenDeadline = { deadlineId: '', ruleId: 'crisis-response', dueAt: set.data.dueAt, policyVersion: state.policyVersion };
  return [
    set,
    {
      type: 'DeadlineBreached',
      policyVersion: state.policyVersion,
      data: { deadlineId: '', ruleId: 'crisis-response', reason: 'the 24 hours from the referral had passed when triage found the crisis' },
    },
    escalation(overdue, 'crisis-response deadline passed before triage found the crisis'),
  ];
}

function completeAssessment(
  command: CommandOf<'CompleteAssessment'>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  requireStage(state, 'assessment');
  if (!state.assessorId) throw new InvalidTransitionError('assign an assessor first');
  if (context.actor.role === 'assessor' && context.actor.userId !== state.assessorId) {
    throw new RuleViolationError('only the assigned assessor can complete the assessment');
  }
  const complexity = assessComplexity(command.assessment);
  const completed: PathwayDomainEvent[] = [
    { type: 'AssessmentCompleted', data: { ...command.assessment, complexity }, policyVersion: complexity.policyVersion },
    ...meetDeadlines(state, 'assessment-and-support-plan', 'panel-information-request'),
  ];
  if (command.assessment.eligibility.outcome === 'not_eligible') {
    return [
      ...completed,
      ...close(
        { ...state, deadlines: withoutMet(state, 'assessment-and-support-plan', 'panel-information-request') },
        'not_eligible',
        null,
        'not eligible',
      ),
    ];
  }
  if (complexity.complex) {
    return [
      ...completed,
      { type: 'CaseReferredToPanel', data: { rulesFired: complexity.rulesFired } },
      ...panelDeadline(state, context, 'on its first sitting'),
    ];
  }
  return completed;
}

/**
 * The panel's work on a case before its decision is recorded: claiming,
 * assigning, commenting, and the two-person rule (seed 001; issue 4): one
 * member proposes, a second person (the chair or another member) confirms.
 * Whoever referred or assessed the case takes no part in deciding it.
 */
function panelWork(
  command: CommandOf<
    'ClaimPanelTask' | 'UnclaimPanelTask' | 'AssignPanelTask' | 'CommentOnPanelTask' | 'ProposePanelDecision' | 'ConfirmPanelDecision'
  >,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  requireStage(state, 'panel');
  const task = state.panelTask ?? { claimedBy: null, proposal: null, comments: 0 };
  const { userId, role } = context.actor;
  const conflicted = (person: string) => person === state.referredBy || person === state.assessorId;
  switch (command.type) {
    case 'CommentOnPanelTask':
      return [{ type: 'PanelTaskCommented', data: { comment: command.comment } }];
    case 'ClaimPanelTask':
      if (conflicted(userId)) throw new RuleViolationError('the person who referred or assessed a case cannot take it at panel');
      if (task.claimedBy === userId) throw new InvalidTransitionError('you have already claimed this case');
      if (task.claimedBy) throw new InvalidTransitionError(`this case is claimed by ${task.claimedBy}`);
      return [{ type: 'PanelTaskClaimed', data: { claimedBy: userId } }];
    case 'UnclaimPanelTask':
      if (!task.claimedBy) throw new InvalidTransitionError('this case is not claimed');
      if (task.claimedBy !== userId && role !== 'panel_chair')
        throw new RuleViolationError('only the member who claimed a case, or the chair, can release it');
      return [{ type: 'PanelTaskUnclaimed', data: { previouslyClaimedBy: task.claimedBy } }];
    case 'AssignPanelTask':
      if (role !== 'panel_chair') throw new RuleViolationError('only the chair assigns cases');
      if (conflicted(command.assignee)) throw new RuleViolationError('the person who referred or assessed a case cannot take it at panel');
      return [{ type: 'PanelTaskAssigned', data: { assignee: command.assignee } }];
    case 'ProposePanelDecision':
      if (conflicted(userId)) throw new RuleViolationError('the person who referred or assessed a case cannot decide it');
      if (task.proposal && task.proposal.proposedBy !== userId) {
        throw new InvalidTransitionError(`${task.proposal.proposedBy} has proposed a decision: confirm it, or ask them to withdraw it`);
      }
      return [{ type: 'PanelDecisionProposed', data: { proposal: command.decision } }];
    case 'ConfirmPanelDecision':
      if (!task.proposal) throw new InvalidTransitionError('there is no proposed decision to confirm');
      if (task.proposal.proposedBy === userId)
        throw new RuleViolationError('a decision needs a second person: the proposer cannot confirm it');
      return recordPanelDecision({ type: 'RecordPanelDecision', decision: task.proposal.decision }, state, context, { confirmed: true });
    default:
      return assertNever(command);
  }
}

function recordPanelDecision(
  command: CommandOf<'RecordPanelDecision'>,
  state: StartedPathway,
  context: DecisionContext,
  how: { confirmed: boolean } = { confirmed: false },
): PathwayDomainEvent[] {
  requireStage(state, 'panel');
  // Four eyes (seed 001): whoever referred or assessed the case does not decide it.
  if (context.actor.userId === state.referredBy || context.actor.userId === state.assessorId) {
    throw new RuleViolationError('the person who referred or assessed a case cannot decide it');
  }
  if (context.panelSchedule && !how.confirmed) requireUrgentChairDecision(state, context, context.panelSchedule);
  const recorded: PathwayDomainEvent = { type: 'PanelDecisionRecorded', data: command.decision };
  switch (command.decision.decision) {
    case 'approved':
      return [recorded, ...meetDeadlines(state, 'panel-decision')];
    case 'rejected':
      return [
        recorded,
        ...meetDeadlines(state, 'panel-decision'),
        ...close(
          { ...state, deadlines: withoutMet(state, 'panel-decision') },
          'panel_rejected',
          command.decision.reason,
          'rejected at panel',
        ),
      ];
    case 'deferred':
      return [
        recorded,
        ...cancelDeadlines(state, 'deferred to the next sitting', 'panel-decision'),
        ...panelDeadline(state, context, 'after a deferral'),
      ];
    case 'more_information_requested':
      return [
        recorded,
        ...cancelDeadlines(state, 'more information requested', 'panel-decision'),
        // With sittings (pathways since that change): the information is due back by the panel's date.
        ...(context.panelSchedule
          ? [
              setDeadlineDueAt(
                'panel-information-request',
                new Date(command.decision.dueBy),
                state.policyVersion,
                'Due back by the date the panel gave.',
              ),
            ]
          : []),
      ];
    default:
      return assertNever(command.decision);
  }
}

/**
 * The panel deadline: with a sitting schedule, the end of the day of the next
 * sitting (the case is on its agenda); without one, the policy's 2 weeks.
 */
function panelDeadline(state: StartedPathway, context: DecisionContext, why: string): PathwayDomainEvent[] {
  if (!context.panelSchedule) return [setDeadline('panel-decision', context.now, state.policyVersion)];
  const sittingAt = nextSittingAfter(context.now, context.panelSchedule);
  return [
    { type: 'PanelCaseScheduled', data: { sittingAt: sittingAt.toISOString() } },
    setDeadlineDueAt(
      'panel-decision',
      endOfSittingDay(sittingAt),
      state.policyVersion,
      `Due by the end of the sitting of ${sittingAt.toISOString()} (${why}).`,
    ),
  ];
}

/** Not decided at its sitting: on to the next sitting, escalated once it has been carried over too often. */
function carryOver(state: StartedPathway, deadline: OpenDeadline, context: DecisionContext, schedule: PanelSchedule): PathwayDomainEvent[] {
  const fromSittingAt = state.panelTask?.sittingAt ?? deadline.dueAt;
  const toSittingAt = nextSittingAfter(context.now, schedule);
  const carryOvers = (state.panelTask?.carryOvers ?? 0) + 1;
  const events: PathwayDomainEvent[] = [
    { type: 'PanelCaseCarriedOver', data: { fromSittingAt, toSittingAt: toSittingAt.toISOString(), carryOvers } },
    ...cancelDeadlines(state, 'not decided at its sitting: carried over', 'panel-decision'),
    { type: 'PanelCaseScheduled', data: { sittingAt: toSittingAt.toISOString() } },
    setDeadlineDueAt('panel-decision', endOfSittingDay(toSittingAt), state.policyVersion, `Carried over ${carryOvers} time(s).`),
  ];
  if (carryOvers >= schedule.carryOverLimit) {
    events.push(escalation(deadline, `panel case carried over ${carryOvers} times without a decision`));
  }
  return events;
}

/** An escalation about a deadline: it shows in the read model for someone to act on. */
function escalation(deadline: OpenDeadline, message: string): PathwayDomainEvent {
  return {
    type: 'EscalationRaised',
    policyVersion: deadline.policyVersion,
    data: { deadlineId: deadline.deadlineId, ruleId: deadline.ruleId, dueAt: deadline.dueAt, message },
  };
}

/** With sittings, one person records a decision alone only as the chair, for a crisis case, soon after its referral to panel. */
function requireUrgentChairDecision(state: StartedPathway, context: DecisionContext, schedule: PanelSchedule): void {
  const referredAt = Date.parse(state.panelTask?.referredAt ?? '');
  const withinWindow = context.now.getTime() - referredAt <= schedule.urgentDecisionHours * 3_600_000;
  if (context.actor.role !== 'panel_chair' || state.urgency !== 'crisis' || !withinWindow) {
    throw new RuleViolationError(
      `a decision by one person alone is for the chair, on a crisis case, within ${schedule.urgentDecisionHours} hours of its referral to panel; otherwise one member proposes and a second confirms`,
    );
  }
}

/**
 * An offer of a unit of the approved model. The unit itself (known, of that
 * model, in use, free) and "one person, one place" are checked against the
 * managed catalogue when it is reserved; the waiting list's order here, when
 * the workflow has read it (`context.offerOrder`).
 */
function offerUnit(command: CommandOf<'OfferUnit'>, state: StartedPathway, context: DecisionContext): PathwayDomainEvent[] {
  if (state.stage !== 'placement' && state.stage !== 'step_down')
    throw new InvalidTransitionError(`a unit is offered at placement or step-down, not at ${state.stage}`);
  if (state.offer?.status === 'offered' || (state.offer?.status === 'accepted' && state.offer.offerId !== state.placement?.offerId)) {
    throw new InvalidTransitionError(`offer ${state.offer.offerId} is still open`);
  }
  if (state.stage === 'placement' && state.placement) throw new InvalidTransitionError('the person is already placed');
  if (command.model !== state.approvedModel)
    throw new RuleViolationError(`the approved model is ${state.approvedModel ?? 'not yet decided'}, not ${command.model}`);
  const order = context.offerOrder;
  const reason = command.outOfOrderReason ?? null;
  if (order && order.passedOver.length > 0 && !reason) {
    throw new RuleViolationError(
      `this person is number ${order.position} of ${order.listLength} on the ${command.model} waiting list (priority rule ${order.priorityRuleVersion}), ` +
        `with ${order.passedOver.length} suitable ${order.passedOver.length === 1 ? 'person' : 'people'} ahead: an offer out of list order needs outOfOrderReason ` +
        `(${OUT_OF_ORDER_REASONS.join(', ')})`,
    );
  }
  const allocation = order
    ? {
        priorityRuleVersion: order.priorityRuleVersion,
        position: order.position,
        passedOver: order.passedOver,
        outOfOrderReason: order.passedOver.length > 0 ? reason : null,
      }
    : null;
  return [{ type: 'UnitOffered', data: { offerId: command.offerId, model: command.model, unit: command.unit, allocation } }];
}

function startPlacement(command: CommandOf<'StartPlacement'>, state: StartedPathway, context: DecisionContext): PathwayDomainEvent[] {
  if (
    !state.offer ||
    state.offer.offerId !== command.offerId ||
    state.offer.status !== 'accepted' ||
    state.placement?.offerId === command.offerId
  ) {
    throw new InvalidTransitionError(`offer ${command.offerId} has not been accepted`);
  }
  const { model, unit } = state.offer;
  const from = context.now;
  const stayLimit =
    model === 'intensive'
      ? ['intensive-stay-limit', 'step-down-planning']
      : model === 'transitional'
        ? ['transitional-stay-limit', 'move-on-planning']
        : [];
  return [
    { type: 'PlacementStarted', data: { offerId: command.offerId, model, unit } },
    // A step-down ends the previous placement within its limit.
    ...meetDeadlines(state, ...STAY_RULES, 'step-down-planning', 'move-on-planning'),
    ...cancelDeadlines(state, 'a new placement started', ...REVIEW_RULES),
    ...REVIEW_RULES.map((rule) => setDeadline(rule, from, state.policyVersion)),
    ...(openDeadlines(state, 'annual-review').length === 0 ? [setDeadline('annual-review', from, state.policyVersion)] : []),
    ...stayLimit.map((rule) => setDeadline(rule, from, state.policyVersion)),
  ];
}

function completeReview(command: CommandOf<'CompleteReview'>, state: StartedPathway, context: DecisionContext): PathwayDomainEvent[] {
  if (!state.placement) throw new InvalidTransitionError('reviews happen during a placement');
  const rules = command.kind === 'annual' ? [...REVIEW_RULES, 'annual-review'] : [...REVIEW_RULES];
  return [
    {
      type: 'ReviewCompleted',
      data: { kind: command.kind, planVersion: state.planVersion + 1, supportPlan: command.supportPlan, notes: command.notes },
    },
    ...meetDeadlines(state, ...rules),
    ...rules.map((rule) => setDeadline(rule, context.now, state.policyVersion)),
  ];
}

/** Closing ends every open deadline: stay limits were kept (met); the others can no longer happen (cancelled). */
function close(
  state: StartedPathway,
  outcome: 'declined' | 'redirected' | 'withdrawn' | 'not_eligible' | 'panel_rejected' | 'left' | 'moved_on',
  reason: string | null,
  why: string,
): PathwayDomainEvent[] {
  const stayRules = [...STAY_RULES];
  return [
    ...meetDeadlines(state, ...stayRules),
    ...cancelDeadlines(
      { ...state, deadlines: state.deadlines.filter((d) => !stayRules.includes(d.ruleId as (typeof STAY_RULES)[number])) },
      why,
    ),
    { type: 'PathwayClosed', data: { outcome, reason, fromStage: state.stage } },
  ];
}

function withoutMet(state: StartedPathway, ...ruleIds: string[]) {
  return state.deadlines.filter((deadline) => !ruleIds.includes(deadline.ruleId));
}

function requireStage(state: StartedPathway, stage: StartedPathway['stage']): void {
  if (state.stage !== stage) throw new InvalidTransitionError(`this needs the ${stage} stage; the pathway is at ${state.stage}`);
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
