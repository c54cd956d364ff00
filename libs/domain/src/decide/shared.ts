import type { PathwayDomainEvent } from '@sarp/events';
import { cancelDeadlines, meetDeadlines } from '../deadlines';
import { InvalidTransitionError } from '../errors';
import type { OpenDeadline, StartedPathway } from '../pathway-state';
import { deadlineKind } from '../policy';

/** The review clocks (seed 003: every 4 weeks as a target, never later than 12): restarted by each new plan version. */
export const REVIEW_RULES = ['support-plan-review-target', 'support-plan-review-limit'] as const;

/** Deadlines that belong to being placed somewhere; they end when the person leaves or moves on. */
export const STAY_RULES = ['intensive-stay-limit', 'transitional-stay-limit'] as const;

/** Closing ends every open deadline: stay limits were kept (met); the others can no longer happen (cancelled). */
export function close(
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

/** An escalation about a deadline: it shows in the read model for someone to act on, saying whether a target or a limit was missed. */
export function escalation(deadline: OpenDeadline, message: string): PathwayDomainEvent {
  return {
    type: 'EscalationRaised',
    policyVersion: deadline.policyVersion,
    data: { deadlineId: deadline.deadlineId, ruleId: deadline.ruleId, dueAt: deadline.dueAt, message, kind: deadlineKind(deadline.ruleId) },
  };
}

export function withoutMet(state: StartedPathway, ...ruleIds: string[]) {
  return state.deadlines.filter((deadline) => !ruleIds.includes(deadline.ruleId));
}

export function requireStage(state: StartedPathway, stage: StartedPathway['stage']): void {
  if (state.stage !== stage) throw new InvalidTransitionError(`this needs the ${stage} stage; the pathway is at ${state.stage}`);
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
