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
  /** For 503: which dependency is unavailable. */
  dependency?: string;
}

const PROBLEM_BASE = 'https://sarp.example/problems/';

/** An error the API means to show to its caller, as a problem. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail?: string,
    readonly extra: Pick<ProblemDetails, 'errors' | 'dependency'> = {},
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

/** A dependency (temporal, kafka, postgresql) cannot be reached: try again later. */
export class DependencyUnavailableProblem extends ApiProblem {
  constructor(dependency: 'temporal' | 'kafka' | 'postgresql', detail: string) {
    super(503, 'dependency-unavailable', `${dependency} is unavailable`, detail, { dependency });
  }
}
