import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Caller, PathwayState } from '@sarp/domain';
import type { Actor } from '@sarp/events';
import {
  pathwayCommandUpdate,
  pathwayStateQuery,
  type CommandIdempotency,
  type PathwayCommandRequest,
  type PathwayCommandResult,
} from '@sarp/workflows';
import { uuidV5 } from '../referrals/pathway-ids';
import { TemporalGateway } from '../infrastructure/temporal-gateway';
import { workflowCallProblem, type WorkflowCall } from '../infrastructure/workflow-errors';
import { RefusalRecorder } from '../infrastructure/refusal-recorder';
import { ForbiddenProblem, NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import type { CommandRoute } from './pathway-commands';

const COMMAND_TIMEOUT_MS = 30_000;

/** A body's canonical JSON (keys sorted), so the same command sent again digests the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What the workflow needs to recognise a retry: the caller's key (scoped to the caller and the pathway)
 * and a digest of the action and its body.
 */
export function commandIdempotency(
  key: string,
  caller: { userId: string },
  pathwayId: string,
  action: string,
  body: unknown,
): CommandIdempotency {
  return {
    key: `${caller.userId}:${key}`,
    digest: createHash('sha256')
      .update(`${pathwayId}\n${action}\n${canonicalJson(body ?? {})}`)
      .digest('hex'),
  };
}

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
    idempotencyKey?: string,
  ): Promise<PathwayCommandResult> {
    if (!route) throw new NotFoundProblem(`no action "${action}"; see /docs for the commands it takes`);
    const actor: Actor = { userId: caller.userId, role: caller.role };
    return this.refusals.refusable({ pathwayId, command: action, actor, correlationId }, async () => {
      if (!(route.roles as string[]).includes(actor.role)) throw new ForbiddenProblem(`the ${actor.role} role may not send ${action}`);
      // No body at all is an empty command; a JSON `null` is a body, and a wrong one.
      const command = route.toCommand(new ZodValidationPipe(route.body).transform(body === undefined ? {} : body));
      const idempotency = idempotencyKey ? commandIdempotency(idempotencyKey, caller, pathwayId, action, body) : undefined;
      // Need-to-know is checked by the update's validator against the workflow's own state (the read model may
      // not have the case yet): one call to Temporal, and a refusal (NotYourCase, a 403) writes nothing.
      return this.execute(pathwayId, command, actor, correlationId, idempotency, { team: caller.team });
    });
  }

  async execute(
    pathwayId: string,
    command: PathwayCommandRequest['command'],
    actor: Actor,
    correlationId: string,
    idempotency?: CommandIdempotency,
    needToKnow?: PathwayCommandRequest['needToKnow'],
  ): Promise<PathwayCommandResult> {
    // A keyed command has a stable id (key and digest): Temporal answers a repeated Update id with its first
    // outcome, and the workflow itself recognises the key after it continued as new, and refuses the key
    // reused for another command (its id differs, so Temporal does not answer that one from the first).
    const commandId = idempotency ? uuidV5(`command:${pathwayId}:${idempotency.key}:${idempotency.digest}`) : randomUUID();
    const request: PathwayCommandRequest = {
      command,
      actor,
      correlationId,
      commandId,
      ...(idempotency ? { idempotency } : {}),
      ...(needToKnow ? { needToKnow } : {}),
    };
    try {
      return await this.temporal.call(COMMAND_TIMEOUT_MS, (client) =>
        client.workflow.getHandle(pathwayId).executeUpdate(pathwayCommandUpdate, { args: [request], updateId: request.commandId }),
      );
    } catch (error) {
      throw this.translate(error, pathwayId, { kind: 'change', keyed: idempotency !== undefined });
    }
  }

  async liveState(pathwayId: string): Promise<PathwayState> {
    try {
      return await this.temporal.call(COMMAND_TIMEOUT_MS, (client) => client.workflow.getHandle(pathwayId).query(pathwayStateQuery));
    } catch (error) {
      throw this.translate(error, pathwayId, { kind: 'read' });
    }
  }

  private translate(error: unknown, pathwayId: string, call: WorkflowCall): unknown {
    return workflowCallProblem(
      error,
      call,
      () => new NotFoundProblem(`no open pathway ${pathwayId} (it may be closed; the read model keeps its history)`),
    );
  }
}
