import type { PathwayDomainEvent } from '@sarp/events';
import type { DecisionContext, PathwayCommand } from '../commands';
import { numberDeadlines } from '../deadlines';
import { InvalidTransitionError } from '../errors';
import type { PathwayState, StartedPathway } from '../pathway-state';
import { assignAssessor, completeAssessment, reassignWorker } from './assessment';
import { markDeadlineBreached } from './deadline-breach';
import { completeExit, confirmLeaving, requestLeaving } from './leaving';
import { panelWork, recordPanelDecision } from './panel';
import { completeMoveOn, completeReview, offerUnit, planMoveOn, planStepDown, respondToOffer, startPlacement } from './placement';
import { arrangeCrisisSupport, receiveReferral, triage, withdrawReferral } from './referral';
import {
  makeSafeguardingReferral,
  recordConsent,
  recordFoodVoucher,
  recordFundsAccessed,
  recordPlanCopy,
  recordSafeguardingNotice,
} from './records';
import { assertNever } from './shared';

/**
 * Which events a command causes in the given state, deadlines included;
 * throws an InvalidTransitionError (wrong stage) or a RuleViolationError
 * (missing or wrong data) to refuse it. Pure: the same inputs give the same
 * events, which is what lets the workflow use it as an Update validator.
 *
 * Each command's rule lives in the file of its stage: referral.ts (receipt,
 * triage, crisis, withdrawal), assessment.ts, panel.ts, placement.ts (offers,
 * placements, reviews, step-down, move-on), leaving.ts, records.ts (consent,
 * safeguarding and the service's records), deadline-breach.ts.
 */
export function decide(command: PathwayCommand, state: PathwayState, context: DecisionContext): PathwayDomainEvent[] {
  if (command.type === 'ReceiveReferral') return numberDeadlines(0, receiveReferral(command, state, context));
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
    case 'TriageReferral':
      return triage(command, state, context);
    case 'ArrangeCrisisSupport':
      return arrangeCrisisSupport(command, state);
    case 'WithdrawReferral':
      return withdrawReferral(command, state);
    case 'RecordConsent':
      return recordConsent(command, state);
    case 'MakeSafeguardingReferral':
      return makeSafeguardingReferral(command);
    case 'RecordSafeguardingNotice':
      return recordSafeguardingNotice(command, state, context);
    case 'RecordFundsAccessed':
      return recordFundsAccessed(command, context);
    case 'RecordFoodVoucher':
      return recordFoodVoucher(command, context);
    case 'RecordPlanCopy':
      return recordPlanCopy(command, state, context);
    case 'RecordFeedback':
      return [{ type: 'FeedbackRecorded', data: command.feedback }];
    case 'AssignAssessor':
      return assignAssessor(command, state);
    case 'ReassignWorker':
      return reassignWorker(command, state);
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
      return respondToOffer(command, state);
    case 'StartPlacement':
      return startPlacement(command, state, context);
    case 'CompleteReview':
      return completeReview(command, state, context);
    case 'PlanStepDown':
      return planStepDown(command, state);
    case 'PlanMoveOn':
      return planMoveOn(command, state);
    case 'CompleteMoveOn':
      return completeMoveOn(state);
    case 'RequestLeaving':
      return requestLeaving(command, state, context);
    case 'ConfirmLeaving':
      return confirmLeaving(command, state);
    case 'CompleteExit':
      return completeExit(command, state);
    case 'MarkDeadlineBreached':
      return markDeadlineBreached(command, state, context);
    default:
      return assertNever(command);
  }
}
