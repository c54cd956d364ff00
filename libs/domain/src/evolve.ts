import type { PathwayEventEnvelope } from '@sarp/events';
import { EMPTY_PATHWAY, FIRST_POLICY_VERSION, type PanelTask, type PathwayState, type StartedPathway } from './pathway-state';

/**
 * Folds one event into the state. Pure and total: the projector and the
 * auditor call it with events read back from storage, so it must accept
 * every event type and version that `parsePathwayEvent` returns.
 */
export function evolve(state: PathwayState, event: PathwayEventEnvelope): PathwayState {
  if (event.type === 'ReferralReceived') {
    return {
      status: 'started',
      pathwayId: event.pathwayId,
      personId: event.personId,
      policyVersion: event.policyVersion ?? FIRST_POLICY_VERSION,
      stage: 'referral',
      urgency: event.data.urgency,
      referringAgency: event.data.referringAgency,
      referralId: event.data.referralId,
      referredBy: event.actor.userId,
      team: event.data.team ?? null,
      openedAt: event.occurredAt,
      updatedAt: event.occurredAt,
      lastSequence: event.sequence,
      consent: null,
      crisisSupportArranged: false,
      assessorId: null,
      assessment: null,
      approvedModel: null,
      panelDecisions: 0,
      panelTask: null,
      offer: null,
      placement: null,
      planVersion: 0,
      moveOnDestination: null,
      leaving: null,
      closure: null,
      deadlines: [],
      breaches: 0,
    };
  }
  if (state.status === 'empty') throw new Error(`event ${event.eventId} (${event.type}) cannot come before the referral`);
  const next = apply(state, event);
  return { ...next, updatedAt: event.occurredAt, lastSequence: event.sequence };
}

function apply(state: StartedPathway, event: Exclude<PathwayEventEnvelope, { type: 'ReferralReceived' }>): StartedPathway {
  switch (event.type) {
    case 'ConsentRecorded':
      return { ...state, consent: event.data };
    // Counted in the service's figures from the events themselves; nothing in the pathway's state turns on them.
    case 'FundsAccessed':
    case 'FoodVoucherIssued':
    case 'FeedbackRecorded':
      return state;
    case 'SafeguardingReferralMade':
      return {
        ...state,
        safeguardingReferrals: (state.safeguardingReferrals ?? 0) + 1,
        safeguardingNoticesOwed: [...(state.safeguardingNoticesOwed ?? []), event.eventId],
      };
    case 'PersonToldOfSafeguardingReferral':
      return { ...state, safeguardingNoticesOwed: (state.safeguardingNoticesOwed ?? []).filter((id) => id !== event.data.referralEventId) };
    case 'ReferralTriaged':
      return { ...state, urgency: event.data.urgency, stage: event.data.outcome === 'accepted' ? 'assessment' : state.stage };
    case 'CrisisSupportArranged':
      return { ...state, crisisSupportArranged: true };
    case 'WorkerReassigned':
    case 'AssessorAssigned':
      return { ...state, assessorId: event.data.assessorId };
    case 'AssessmentCompleted': {
      const eligible = event.data.eligibility.outcome === 'eligible';
      const complex = event.data.complexity.complex;
      return {
        ...state,
        assessment: { complex, requestedModel: event.data.requestedModel, eligible },
        team: event.data.team ?? state.team ?? null,
        planVersion: Math.max(state.planVersion, 1),
        // The assessment says whether a copy of its plan (version 1) was given; when not, it is owed.
        planCopiesOwed: event.data.copyGivenToPerson
          ? (state.planCopiesOwed ?? []).filter((version) => version !== 1)
          : [...new Set([...(state.planCopiesOwed ?? []), 1])].sort((x, y) => x - y),
        approvedModel: eligible && !complex ? event.data.requestedModel : null,
        approvedAt: eligible && !complex ? event.occurredAt : null,
        weeklyFunding: event.data.requestedWeeklyFunding,
        stage: eligible && !complex ? 'placement' : state.stage,
      };
    }
    case 'CaseReferredToPanel':
      return { ...state, stage: 'panel', panelTask: { referredAt: event.occurredAt, claimedBy: null, proposal: null, comments: 0 } };
    case 'PanelDecisionRecorded': {
      const decided = {
        ...state,
        panelDecisions: state.panelDecisions + 1,
        panelTask: state.panelTask && { ...state.panelTask, proposal: null },
      };
      switch (event.data.decision) {
        case 'approved':
          return {
            ...decided,
            stage: 'placement',
            approvedModel: event.data.model,
            approvedAt: event.occurredAt,
            weeklyFunding: event.data.weeklyFunding,
            panelTask: null,
          };
        case 'more_information_requested':
          return { ...decided, stage: 'assessment', panelTask: null };
        case 'rejected':
        case 'deferred':
          return decided;
        default:
          return assertNever(event.data);
      }
    }
    case 'UnitOffered':
      return {
        ...state,
        offer: {
          offerId: event.data.offerId,
          model: event.data.model,
          unit: event.data.unit,
          status: 'offered',
          offeredAt: event.occurredAt,
        },
      };
    case 'OfferAccepted':
      return state.offer ? { ...state, offer: { ...state.offer, status: 'accepted' } } : state;
    case 'OfferDeclined':
      return { ...state, offer: null };
    case 'PlacementStarted':
      return {
        ...state,
        stage: 'placement',
        approvedModel: event.data.model,
        placement: { offerId: event.data.offerId, model: event.data.model, unit: event.data.unit, startedAt: event.occurredAt },
      };
    case 'ReviewCompleted':
      return { ...state, planVersion: event.data.planVersion, planCopiesOwed: [...(state.planCopiesOwed ?? []), event.data.planVersion] };
    case 'SupportPlanCopyRecorded':
      return event.data.given
        ? { ...state, planCopiesOwed: (state.planCopiesOwed ?? []).filter((version) => version !== event.data.planVersion) }
        : state;
    case 'StepDownPlanned':
      return { ...state, stage: 'step_down', approvedModel: event.data.toModel, approvedAt: event.occurredAt };
    case 'MoveOnPlanned':
      return { ...state, stage: 'move_on', moveOnDestination: event.data.destination };
    case 'MovedOn':
      return { ...state, moveOnDestination: event.data.destination };
    case 'LeavingRequested':
      return { ...state, leaving: { requestedAt: event.occurredAt, confirmedAt: null } };
    case 'LeavingConfirmed':
      return state.leaving ? { ...state, leaving: { ...state.leaving, confirmedAt: event.occurredAt } } : state;
    case 'PathwayClosed':
      return { ...state, stage: 'closed', panelTask: null, closure: { outcome: event.data.outcome, at: event.occurredAt } };
    case 'DeadlineSet':
      return {
        ...state,
        deadlines: [
          ...state.deadlines,
          {
            deadlineId: event.data.deadlineId,
            ruleId: event.data.ruleId,
            dueAt: event.data.dueAt,
            policyVersion: event.policyVersion ?? state.policyVersion,
          },
        ],
      };
    case 'DeadlineMet':
    case 'DeadlineCancelled':
      return { ...state, deadlines: state.deadlines.filter((deadline) => deadline.deadlineId !== event.data.deadlineId) };
    case 'DeadlineBreached':
      return {
        ...state,
        breaches: state.breaches + 1,
        deadlines: state.deadlines.filter((deadline) => deadline.deadlineId !== event.data.deadlineId),
      };
    case 'EscalationRaised':
      return { ...state, escalations: (state.escalations ?? 0) + 1 };
    case 'PanelTaskClaimed':
      return withPanelTask(state, (task) => ({ ...task, claimedBy: event.data.claimedBy }));
    case 'PanelTaskAssigned':
      return withPanelTask(state, (task) => ({ ...task, claimedBy: event.data.assignee }));
    case 'PanelTaskUnclaimed':
      return withPanelTask(state, (task) => ({ ...task, claimedBy: null }));
    case 'PanelTaskCommented':
      return withPanelTask(state, (task) => ({ ...task, comments: task.comments + 1 }));
    case 'PanelCaseScheduled':
      return withPanelTask(state, (task) => ({ ...task, sittingAt: event.data.sittingAt }));
    case 'PanelCaseCarriedOver':
      return withPanelTask(state, (task) => ({ ...task, carryOvers: event.data.carryOvers }));
    case 'PanelDecisionProposed':
      return withPanelTask(state, (task) => ({
        ...task,
        proposal: { decision: event.data.proposal, proposedBy: event.actor.userId, proposedAt: event.occurredAt },
      }));
    default:
      return assertNever(event);
  }
}

/** The state after a whole stream of events, oldest first. */
export function foldPathway(events: Iterable<PathwayEventEnvelope>, initial: PathwayState = EMPTY_PATHWAY): PathwayState {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
}

function withPanelTask(state: StartedPathway, change: (task: PanelTask) => PanelTask): StartedPathway {
  return state.panelTask ? { ...state, panelTask: change(state.panelTask) } : state;
}

function assertNever(value: never): never {
  throw new Error(`unhandled event: ${JSON.stringify(value)}`);
}
