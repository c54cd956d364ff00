/** Base of every refusal the domain makes; the API maps these to problem details. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** The command is well-formed but not allowed in the pathway's current state (HTTP 409). */
export class InvalidTransitionError extends DomainError {
  override readonly name = 'InvalidTransitionError';
  readonly code = 'invalid-transition';
}

/** The command lacks data the rules need, or the data breaks a rule (HTTP 422). */
export class RuleViolationError extends DomainError {
  override readonly name = 'RuleViolationError';
  readonly code = 'rule-violation';
}
