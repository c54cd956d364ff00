import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { caseTiesOf, mayWorkOnCase, type Caller, type PathwayState } from '@sarp/domain';
import type { Actor } from '@sarp/events';
import { pathwayCommandUpdate, pathwayStateQuery, type PathwayCommandRequest, type PathwayCommandResult } from '@sarp/workflows';
import { isTemporalUnavailable } from '../infrastructure/dependency-errors';
import { TemporalGateway } from '../infrastructure/temporal-gateway';
import { RefusalRecorder } from '../infrastructure/refusal-recorder';
import { ApiProblem, ConflictProblem, DependencyUnavailableProblem, ForbiddenProblem, NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import type { CommandRoute } from './pathway-commands';

const COMMAND_TIMEOUT_MS = 30_000;

/** Failure types the workflow refuses a command with, and how the API answers them. */
const REFUSALS: Record<string, (message: string) => ApiProblem> = {
  InvalidTransitionError: (message) => new ApiProblem(409, 'invalid-transition', 'Not allowed in the current stage', message),
  RuleViolationError: (message) => new ApiProblem(422, 'rule-violation', 'A rule was broken', message),
  UnitUnavailable: (message) => new ConflictProblem(message),
  PersonHoldsPlace: (message) => new ConflictProblem(message),
  UnitNotOfferable: (message) => new ApiProblem(422, 'rule-violation', 'A rule was broken', message),
};

/** Sends commands to running pathways (Temporal Updates) and reads their live state (Queries). */
@Injectable()
export class PathwayCommandsService {
  constructor(
    @Inject(TemporalGateway) private readonly temporal: TemporalGateway,
    @Inject(RefusalRecorder) private readonly refusals: RefusalRecorder,
  ) {}

  /**
   * Sends a command that arrived over HTTP through one of the command
   * registries: checks the caller's role for it and that they work on the
   * case (need-to-know), validates the body against
   * the route's schema, and executes it. Every refusal (role, stage, rule) is
   * recorded for auditors on the way out.
   */
  async send(
    pathwayId: string,
    route: CommandRoute | undefined,
    action: string,
    body: unknown,
    caller: Caller,
    correlationId: string,
  ): Promise<PathwayCommandResult> {
    if (!route) throw new NotFoundProblem(`no action "${action}"; see /docs for the commands it takes`);
    const actor: Actor = { userId: caller.userId, role: caller.role };
    return this.refusals.refusable({ pathwayId, command: action, actor, correlationId }, async () => {
      if (!(route.roles as string[]).includes(actor.role)) throw new ForbiddenProblem(`the ${actor.role} role may not send ${action}`);
      // Need-to-know, against the workflow's own state (the read model may not have the case yet).
      const ties = caseTiesOf(await this.liveState(pathwayId));
      if (ties && !mayWorkOnCase(caller, ties)) throw new ForbiddenProblem('this is not a case you work on (need to know)');
      // No body at all is an empty command; a JSON `null` is a body, and a wrong one.
      const command = route.toCommand(new ZodValidationPipe(route.body).transform(body === undefined ? {} : body));
      return this.execute(pathwayId, command, actor, correlationId);
    });
  }

  async execute(
    pathwayId: string,
    command: PathwayCommandRequest['command'],
    actor: Actor,
    correlationId: string,
  ): Promise<PathwayCommandResult> {
    const request: PathwayCommandRequest = { command, actor, correlationId, commandId: randomUUID() };
    try {
      return await this.temporal.call(COMMAND_TIMEOUT_MS, (client) =>
        client.workflow.getHandle(pathwayId).executeUpdate(pathwayCommandUpdate, { args: [request], updateId: request.commandId }),
      );
    } catch (error) {
      throw this.translate(error, pathwayId);
    }
  }

  async liveState(pathwayId: string): Promise<PathwayState> {
    try {
      return await this.temporal.call(COMMAND_TIMEOUT_MS, (client) => client.workflow.getHandle(pathwayId).query(pathwayStateQuery));
    } catch (error) {
      throw this.translate(error, pathwayId);
    }
  }

  private translate(error: unknown, pathwayId: string): unknown {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const refusal = REFUSALS[error.cause.type ?? ''];
      if (refusal) return refusal(error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError || /workflow execution already completed|not found/i.test((error as Error)?.message ?? '')) {
      return new NotFoundProblem(`no open pathway ${pathwayId} (it may be closed; the read model keeps its history)`);
    }
    if (isTemporalUnavailable(error)) {
      return new DependencyUnavailableProblem(
        'temporal',
        'the workflow service cannot be reached; nothing was changed, send the command again',
      );
    }
    return error;
  }
}
