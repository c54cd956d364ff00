import type { PathwayEventEnvelope } from '@sarp/events';

const words = (value: string) => value.replace(/_/g, ' ');

/**
 * One line for the timeline, about what happened rather than to whom: no
 * free text from the event (it may hold personal data) goes into it, only
 * enumerations, catalogue ids, numbers and times.
 */
export function summarizeEvent(event: PathwayEventEnvelope): string {
  switch (event.type) {
    case 'ReferralReceived':
      return `${event.data.urgency === 'crisis' ? 'Crisis' : 'Standard'} referral received from ${words(event.data.referringAgency)}`;
    case 'ConsentRecorded':
      return event.data.granted
        ? `Consent to share recorded (${event.data.agencies.map(words).join(', ') || 'no agencies'})`
        : event.data.overrideReason
          ? 'Sharing without consent recorded, with the reason'
          : 'Consent to share refused';
    case 'FundsAccessed':
      return `Funds accessed: ${words(event.data.fund)}, £${(event.data.amountPence / 100).toFixed(2)}`;
    case 'FoodVoucherIssued':
      return `Food vouchers issued, about £${(event.data.approximateValuePence / 100).toFixed(2)}`;
    case 'FeedbackRecorded':
      return `${event.data.kind === 'complaint' ? 'Complaint' : 'Compliment'} recorded (${words(event.data.about)})`;
    case 'SafeguardingReferralMade':
      return event.data.consent === 'given'
        ? `Safeguarding referral to ${words(event.data.agency)}, with consent`
        : `Safeguarding referral to ${words(event.data.agency)} without consent (${words(event.data.withoutConsentReason ?? 'no reason')}): flagged for audit`;
    case 'PersonToldOfSafeguardingReferral':
      return event.data.told
        ? `The person was told of the safeguarding referral, on ${event.data.toldOn ?? 'an unrecorded day'}`
        : 'The person was not told of the safeguarding referral: the reason is recorded';
    case 'ReferralTriaged':
      return `Referral ${event.data.outcome} at triage (${event.data.urgency})`;
    case 'CrisisSupportArranged':
      return 'Crisis support in place';
    case 'WorkerReassigned':
      return `Case moved to ${event.data.assessorId}${event.data.temporary ? ' (cover)' : ''}: ${words(event.data.reason)}`;
    case 'AssessorAssigned':
      return `Assessor ${event.data.assessorId} assigned`;
    case 'AssessmentCompleted':
      return `Assessment completed: ${words(event.data.eligibility.outcome)} (${event.data.eligibility.criteriaSet} v${event.data.eligibility.criteriaVersion}), ${event.data.complexity.complex ? 'complex' : 'not complex'}, ${event.data.requestedModel} requested`;
    case 'CaseReferredToPanel':
      return `Referred to the QA panel (${event.data.rulesFired.map((fired) => fired.rule).join(', ')})`;
    case 'PanelDecisionRecorded':
      return event.data.decision === 'approved'
        ? `Panel approved ${event.data.model}${event.data.conditions.length > 0 ? ' with conditions' : ''}`
        : `Panel decision: ${words(event.data.decision)}`;
    case 'UnitOffered':
      return `Offered ${event.data.unit.unitId} at ${event.data.unit.schemeId} (${event.data.model})`;
    case 'OfferAccepted':
      return 'Offer accepted';
    case 'OfferDeclined':
      return 'Offer declined';
    case 'PlacementStarted':
      return `${event.data.model[0]?.toUpperCase()}${event.data.model.slice(1)} placement started at ${event.data.unit.schemeId}`;
    case 'ReviewCompleted':
      return `${event.data.kind === 'annual' ? 'Annual review' : 'Review'} completed: support plan version ${event.data.planVersion}`;
    case 'SupportPlanCopyRecorded':
      return event.data.given
        ? `Copy of support plan version ${event.data.planVersion} given to the person on ${event.data.givenOn ?? 'an unrecorded day'} (${words(event.data.how ?? 'unrecorded')})`
        : `No copy of support plan version ${event.data.planVersion} given to the person: the reason is recorded`;
    case 'StepDownPlanned':
      return `Step-down to ${event.data.toModel} planned`;
    case 'MoveOnPlanned':
      return `Move-on planned: ${words(event.data.destination)}`;
    case 'MovedOn':
      return `Moved on: ${words(event.data.destination)}`;
    case 'LeavingRequested':
      return event.data.tenancyType && event.data.tenancyType !== 'general'
        ? `Request to leave recorded (${event.data.tenancyType} tenancy: effect ${event.data.tenancyEffectExplained ? '' : 'not '}explained)`
        : 'Request to leave recorded';
    case 'LeavingConfirmed':
      return 'Request to leave confirmed in writing';
    case 'PathwayClosed':
      return `Pathway closed: ${words(event.data.outcome)}`;
    case 'DeadlineSet':
      return `Deadline set: ${event.data.ruleId}, due ${event.data.dueAt}`;
    case 'DeadlineMet':
      return `Deadline met: ${event.data.ruleId}`;
    case 'DeadlineBreached':
      return `Deadline breached: ${event.data.ruleId}`;
    case 'DeadlineCancelled':
      return `Deadline cancelled: ${event.data.ruleId}`;
    case 'EscalationRaised':
      return `Escalation: ${event.data.message}`;
    case 'PanelTaskClaimed':
      return `Panel case claimed by ${event.data.claimedBy}`;
    case 'PanelTaskUnclaimed':
      return `Panel case released by ${event.data.previouslyClaimedBy}`;
    case 'PanelTaskAssigned':
      return `Panel case assigned to ${event.data.assignee}`;
    case 'PanelTaskCommented':
      return 'Comment added to the panel case';
    case 'PanelCaseScheduled':
      return `On the agenda of the panel sitting of ${event.data.sittingAt}`;
    case 'PanelCaseCarriedOver':
      return `Not decided at its sitting: carried over to ${event.data.toSittingAt} (${event.data.carryOvers} time(s))`;
    case 'PanelDecisionProposed':
      return `Panel decision proposed: ${words(event.data.proposal.decision)}, awaiting confirmation`;
    default:
      return assertNever(event);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled event: ${JSON.stringify(value)}`);
}
