import { NOT_YOUR_CASE } from '@sarp/workflows';
import { ApiProblem, ConflictProblem, ForbiddenProblem } from './problem-details';

/**
 * How the API answers a refusal, by its type: a domain error's name, or the
 * type of the ApplicationFailure a workflow or activity refused with. The one
 * table the error filter, the pathway commands and the subject access
 * requests all read (STYLE 8: one translation).
 */
const REFUSAL_PROBLEMS: Readonly<Record<string, (message: string) => ApiProblem>> = {
  InvalidTransitionError: (message) => new ApiProblem(409, 'invalid-transition', 'Not allowed in the current stage', message),
  RuleViolationError: (message) => new ApiProblem(422, 'rule-violation', 'A rule was broken', message),
  UnitUnavailable: (message) => new ConflictProblem(message),
  PersonHoldsPlace: (message) => new ConflictProblem(message),
  UnitNotOfferable: (message) => new ApiProblem(422, 'rule-violation', 'A rule was broken', message),
  IdempotencyKeyReused: (message) => new ConflictProblem(message),
  [NOT_YOUR_CASE]: (message) => new ForbiddenProblem(message),
};

/** The problem for a refusal of this type, or undefined when the type is not a refusal. */
export function refusalProblem(type: string | undefined, message: string): ApiProblem | undefined {
  const problem = type === undefined ? undefined : REFUSAL_PROBLEMS[type];
  return problem?.(message);
}
