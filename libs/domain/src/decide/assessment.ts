import type { PathwayDomainEvent } from '@sarp/events';
import type { CommandOf, DecisionContext } from '../commands';
import { assessComplexity } from '../complexity';
import { checkEligibilityForNewAssessment } from '../eligibility';
import { meetDeadlines, setDeadline } from '../deadlines';
import { InvalidTransitionError, RuleViolationError } from '../errors';
import { followsPolicy, type StartedPathway } from '../pathway-state';
import { panelDeadline } from './panel';
import { close, REVIEW_RULES, requireStage, withoutMet } from './shared';

export function assignAssessor(command: CommandOf<'AssignAssessor'>, state: StartedPathway): PathwayDomainEvent[] {
  requireStage(state, 'assessment');
  return [{ type: 'AssessorAssigned', data: { assessorId: command.assessorId } }];
}

/** Seed 003: someone else covers the case in an emergency. Any open stage; the previous worker is recorded. */
export function reassignWorker(command: CommandOf<'ReassignWorker'>, state: StartedPathway): PathwayDomainEvent[] {
  if (!state.assessorId && state.stage === 'referral') throw new InvalidTransitionError('triage the referral and assign an assessor first');
  if (command.assessorId === state.assessorId) throw new InvalidTransitionError(`${command.assessorId} is already the case's worker`);
  return [
    {
      type: 'WorkerReassigned',
      data: { assessorId: command.assessorId, previousAssessorId: state.assessorId, reason: command.reason, temporary: command.temporary },
    },
  ];
}

export function completeAssessment(
  command: CommandOf<'CompleteAssessment'>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  requireStage(state, 'assessment');
  if (!state.assessorId) throw new InvalidTransitionError('assign an assessor first');
  if (context.actor.role === 'assessor' && context.actor.userId !== state.assessorId) {
    throw new RuleViolationError('only the assigned assessor can complete the assessment');
  }
  // Since policy 3: new assessments use a current criteria set (the Care Act 2014's), consistently applied.
  if (followsPolicy(state, '3')) checkEligibilityForNewAssessment(command.assessment.eligibility);
  const complexity = assessComplexity(command.assessment);
  const completed: PathwayDomainEvent[] = [
    { type: 'AssessmentCompleted', data: { ...command.assessment, complexity }, policyVersion: complexity.policyVersion },
    ...meetDeadlines(state, 'assessment-and-support-plan', 'panel-information-request'),
  ];
  const eligible = command.assessment.eligibility.outcome !== 'not_eligible';
  if (eligible && followsPolicy(state, '3')) {
    // Since policy 3 the review clocks run from the plan the assessment agrees (a re-assessment's plan is the latest).
    completed.push(
      ...meetDeadlines(state, ...REVIEW_RULES),
      ...REVIEW_RULES.map((rule) => setDeadline(rule, context.now, state.policyVersion)),
    );
  }
  if (!eligible) {
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
