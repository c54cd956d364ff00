import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@sarp/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, temporalFailureOf } from '../infrastructure/dependency-errors';
import { ApiProblem, DependencyUnavailableProblem, type ProblemDetails } from './problem-details';
import { refusalProblem } from './refusals';

const RETRY_AFTER_SECONDS = 5;
const DATABASE_UNAVAILABLE = new DependencyUnavailableProblem('postgresql', 'the read model database cannot be reached; nothing was changed, try again shortly');
const TEMPORAL_UNAVAILABLE = new DependencyUnavailableProblem('temporal', 'the workflow service cannot be reached; nothing was changed, send the request again');

/** Maps every error to RFC 7807 problem details (STYLE 8: one translation). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const instance = request.url.split('?')[0] ?? request.url;
    const problem = this.toProblem(error, instance);
    if (problem.status >= 500 && problem.status !== 503) {
      // Log the kind of failure, never request bodies (they carry personal data).
      this.logger.error(
        `${request.method} ${instance} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`,
      );
    }
    // A client told to send again (503, or a 202 whose outcome is unknown) is told when, too.
    if (problem.retry) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }

  private toProblem(error: unknown, instance: string): ProblemDetails {
    if (error instanceof ApiProblem) return error.toProblem(instance);
    // A dependency that failed where no service translated it: still named, never a bare 500.
    if (isDatabaseUnavailable(error)) return DATABASE_UNAVAILABLE.toProblem(instance);
    if (temporalFailureOf(error) === 'unreachable') return TEMPORAL_UNAVAILABLE.toProblem(instance);
    if (error instanceof DomainError) {
      const refusal = refusalProblem(error.name, error.message);
      if (refusal) return refusal.toProblem(instance);
      // Every other refusal of the domain: a rule broken, an unknown policy version, a date beyond the calendar's data.
      return {
        type: `https://sarp.example/problems/${error.code}`,
        title: 'A rule was broken',
        status: 422,
        detail: error.message,
        instance,
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return { type: 'about:blank', title: error.message, status, instance };
    }
    const status = statusOfFrameworkError(error);
    if (status) {
      return {
        type: 'about:blank',
        title: status === 415 ? 'Unsupported media type' : 'Bad request',
        status,
        detail: (error as Error).message,
        instance,
      };
    }
    return { type: 'about:blank', title: 'Internal server error', status: 500, instance };
  }
}

/** Fastify reports body-parsing failures (bad JSON, wrong content type) as errors carrying a 4xx statusCode. */
function statusOfFrameworkError(error: unknown): number | undefined {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : undefined;
}
