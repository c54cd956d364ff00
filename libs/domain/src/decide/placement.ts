import type { PathwayDomainEvent, PlacementModel } from '@sarp/events';
import { OUT_OF_ORDER_REASONS } from '@sarp/events/plain';
import type { CommandOf, DecisionContext } from '../commands';
import { cancelDeadlines, meetDeadlines, openDeadlines, setDeadline } from '../deadlines';
import { InvalidTransitionError, RuleViolationError } from '../errors';
import { followsPolicy, type StartedPathway } from '../pathway-state';
import { close, requireStage, REVIEW_RULES, STAY_RULES } from './shared';

/** The next model down the ladder (seed 001: intensive → transitional → independent). */
const STEP_DOWN: Partial<Record<PlacementModel, PlacementModel>> = { intensive: 'transitional', transitional: 'independent' };

/**
 * An offer of a unit of the approved model. The unit itself (known, of that
 * model, in use, free) and "one person, one place" are checked against the
 * managed catalogue when it is reserved; the waiting list's order here, when
 * the workflow has read it (`context.offerOrder`).
 */
export function offerUnit(command: CommandOf<'OfferUnit'>, state: StartedPathway, context: DecisionContext): PathwayDomainEvent[] {
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

export function respondToOffer(command: CommandOf<'RespondToOffer'>, state: StartedPathway): PathwayDomainEvent[] {
  if (!state.offer || state.offer.offerId !== command.offerId || state.offer.status !== 'offered') {
    throw new InvalidTransitionError(`offer ${command.offerId} is not waiting for an answer`);
  }
  if (command.accepted) return [{ type: 'OfferAccepted', data: { offerId: command.offerId, reason: null } }];
  if (!command.reason) throw new RuleViolationError('declining an offer needs a reason');
  return [{ type: 'OfferDeclined', data: { offerId: command.offerId, reason: command.reason } }];
}

export function startPlacement(
  command: CommandOf<'StartPlacement'>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
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
    // Policies 1 and 2 restarted the review clocks at every placement; since policy 3 they run from the
    // latest plan version (set at the assessment), and a move is not a review.
    ...(followsPolicy(state, '3')
      ? []
      : [
          ...cancelDeadlines(state, 'a new placement started', ...REVIEW_RULES),
          ...REVIEW_RULES.map((rule) => setDeadline(rule, from, state.policyVersion)),
        ]),
    ...(openDeadlines(state, 'annual-review').length === 0 ? [setDeadline('annual-review', from, state.policyVersion)] : []),
    ...stayLimit.map((rule) => setDeadline(rule, from, state.policyVersion)),
  ];
}

export function completeReview(
  command: CommandOf<'CompleteReview'>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  // Since policy 3 the plan is reviewed from its first version (the assessment's), placed or not yet.
  if (followsPolicy(state, '3')) {
    if (state.planVersion < 1) throw new InvalidTransitionError('a support plan is reviewed once the assessment has agreed it');
  } else if (!state.placement) {
    throw new InvalidTransitionError('reviews happen during a placement');
  }
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

export function planStepDown(command: CommandOf<'PlanStepDown'>, state: StartedPathway): PathwayDomainEvent[] {
  requireStage(state, 'placement');
  const next = state.placement && STEP_DOWN[state.placement.model];
  if (!next) throw new InvalidTransitionError('there is no step down from the current placement');
  if (command.toModel !== next) throw new RuleViolationError(`from ${state.placement?.model} the step down is to ${next}`);
  return [{ type: 'StepDownPlanned', data: { toModel: command.toModel } }, ...meetDeadlines(state, 'step-down-planning')];
}

export function planMoveOn(command: CommandOf<'PlanMoveOn'>, state: StartedPathway): PathwayDomainEvent[] {
  requireStage(state, 'placement');
  return [
    { type: 'MoveOnPlanned', data: { destination: command.destination, notes: command.notes } },
    ...meetDeadlines(state, 'move-on-planning', 'step-down-planning'),
  ];
}

export function completeMoveOn(state: StartedPathway): PathwayDomainEvent[] {
  requireStage(state, 'move_on');
  return [
    { type: 'MovedOn', data: { destination: state.moveOnDestination ?? 'other' } },
    ...close(state, 'moved_on', null, 'the person moved on'),
  ];
}
