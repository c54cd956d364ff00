import type { PathwayCommand } from './commands';
import { followsPolicy, type PathwayState } from './pathway-state';

/** The commands people send to a pathway through its page (the panel's own work happens in the worklist). */
export type CaseworkCommandType = Exclude<
  PathwayCommand['type'],
  | 'ReceiveReferral'
  | 'MarkDeadlineBreached'
  | 'RecordPanelDecision'
  | 'ClaimPanelTask'
  | 'UnclaimPanelTask'
  | 'AssignPanelTask'
  | 'CommentOnPanelTask'
  | 'ProposePanelDecision'
  | 'ConfirmPanelDecision'
>;

const STEPS_DOWN: Readonly<Record<string, string>> = { intensive: 'transitional', transitional: 'independent' };

/**
 * Which casework commands the pathway's state opens now: what its page offers as forms. Each line mirrors the
 * stage check of the command's rule in decide/ (decide stays the authority: a command it refuses for its data
 * is still refused with the reason); open-commands.unit.spec.ts checks that every command left out here is
 * one decide refuses as a wrong-stage transition.
 */
export function openCommands(state: PathwayState): CaseworkCommandType[] {
  if (state.status === 'empty' || state.stage === 'closed') return [];
  const open: CaseworkCommandType[] = ['RecordConsent', 'MakeSafeguardingReferral', 'RecordFundsAccessed', 'RecordFoodVoucher', 'RecordFeedback'];
  const offerOpen = state.offer?.status === 'offered' || (state.offer?.status === 'accepted' && state.offer.offerId !== state.placement?.offerId);
  const add = (condition: boolean, command: CaseworkCommandType) => {
    if (condition) open.push(command);
  };
  add((state.safeguardingNoticesOwed ?? []).length > 0, 'RecordSafeguardingNotice');
  add(state.stage === 'referral', 'TriageReferral');
  add(state.urgency === 'crisis' && !state.crisisSupportArranged, 'ArrangeCrisisSupport');
  add(state.stage === 'assessment', 'AssignAssessor');
  add(Boolean(state.assessorId) || state.stage !== 'referral', 'ReassignWorker');
  add(state.stage === 'assessment' && Boolean(state.assessorId), 'CompleteAssessment');
  add((state.stage === 'placement' && !state.placement && !offerOpen) || (state.stage === 'step_down' && !offerOpen), 'OfferUnit');
  add(state.offer?.status === 'offered', 'RespondToOffer');
  add(state.offer?.status === 'accepted' && state.placement?.offerId !== state.offer.offerId, 'StartPlacement');
  add(followsPolicy(state, '3') ? state.planVersion >= 1 : state.placement !== null, 'CompleteReview');
  add(state.planVersion >= 1, 'RecordPlanCopy');
  add(state.stage === 'placement' && state.placement !== null && STEPS_DOWN[state.placement.model] !== undefined, 'PlanStepDown');
  add(state.stage === 'placement', 'PlanMoveOn');
  add(state.stage === 'move_on', 'CompleteMoveOn');
  add(state.placement === null, 'WithdrawReferral');
  add(state.leaving === null, 'RequestLeaving');
  add(state.leaving !== null && state.leaving.confirmedAt === null, 'ConfirmLeaving');
  add(Boolean(state.leaving?.confirmedAt), 'CompleteExit');
  return open;
}
