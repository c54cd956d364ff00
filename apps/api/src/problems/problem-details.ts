/**
 * RFC 7807 problem details: the one shape every error of the API takes.
 * Errors thrown anywhere are translated in one place ({@link ProblemDetailsFilter}).
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** For 400: each wrong field and what is wrong with it. */
  errors?: { field: string; message: string }[];
  /** For 503 (and a 202 whose outcome is unknown): which dependency is unavailable or did not answer. */
  dependency?: string;
  /**
   * For 503 and a 202 whose outcome is unknown: what a client may do next.
   * `send-again`: nothing was changed, sending the same request again is safe;
   * `same-key`: it may have been recorded: send it again with the same Idempotency-Key to get its answer
   * (it is never recorded twice); `read-first`: it may have been recorded and carried no key: read the
   * pathway before deciding to send it again.
   */
  retry?: RetryAdvice;
}

export type RetryAdvice = 'send-again' | 'same-key' | 'read-first';

const PROBLEM_BASE = 'https://sarp.example/problems/';

/** An error the API means to show to its caller, as a problem. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail?: string,
    readonly extra: Pick<ProblemDetails, 'errors' | 'dependency' | 'retry'> = {},
  ) {
    super(detail ?? title);
  }

  toProblem(instance: string): ProblemDetails {
    return { type: `${PROBLEM_BASE}${this.slug}`, title: this.title, status: this.status, detail: this.message, instance, ...this.extra };
  }
}

export class ValidationProblem extends ApiProblem {
  constructor(errors: { field: string; message: string }[]) {
    super(400, 'validation', 'The request is not valid', `${errors.length} field(s) are wrong: ${errors.map((e) => e.field).join(', ')}`, {
      errors,
    });
  }
}

export class UnauthorizedProblem extends ApiProblem {
  constructor(detail: string) {
    super(401, 'unauthorized', 'Authentication required', detail);
  }
}

export class ForbiddenProblem extends ApiProblem {
  constructor(detail: string) {
    super(403, 'forbidden', 'Not allowed', detail);
  }
}

export class NotFoundProblem extends ApiProblem {
  constructor(detail: string) {
    super(404, 'not-found', 'Not found', detail);
  }
}

export class ConflictProblem extends ApiProblem {
  constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail);
  }
}

/** Too many requests from one user: the Retry-After header says when to try again. */
export class TooManyRequestsProblem extends ApiProblem {
  constructor(retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Too many requests', `slow down: try again in ${retryAfterSeconds} s`);
  }
}

export type Dependency = 'temporal' | 'kafka' | 'postgresql';

/**
 * A dependency (temporal, kafka, postgresql) cannot be reached and nothing was changed: a 5xx is only ever
 * this (the retry advice is always `send-again`).
 */
export class DependencyUnavailableProblem extends ApiProblem {
  constructor(dependency: Dependency, detail: string) {
    super(503, 'dependency-unavailable', `${dependency} is unavailable`, detail, { dependency, retry: 'send-again' });
  }
}

/**
 * A command was handed to Temporal and no answer came: it may be recorded (now or when the worker is back),
 * so this is not an error of "nothing changed". 202 Accepted, with what to do to learn the outcome.
 */
export class OutcomeUnknownProblem extends ApiProblem {
  constructor(dependency: Dependency, detail: string, keyed: boolean) {
    super(
      202,
      'outcome-unknown',
      'Sent, not confirmed',
      `${detail}; ${
        keyed
          ? 'send it again with the same Idempotency-Key to get its answer: it is never recorded twice'
          : 'it carried no Idempotency-Key, so read the pathway to see whether it was recorded before sending it again'
      }`,
      { dependency, retry: keyed ? 'same-key' : 'read-first' },
    );
  }
}
