import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { SarpConfig } from '@sarp/config';
import { listSubjectAccessRequests, subjectAccessEvents, type SubjectAccessRequestView, type Sql } from '@sarp/db';
import type { SubjectAccessRequestState } from '@sarp/domain';
import { PersonRef, SubjectAccessAwaiting, SubjectAccessChannel, type Actor } from '@sarp/events';
import {
  subjectAccessCommandUpdate,
  subjectAccessStateQuery,
  subjectAccessWorkflowId,
  SUBJECT_ACCESS_WORKFLOW_TYPE,
  type StartSubjectAccessInput,
  type SubjectAccessCommandRequest,
  type SubjectAccessCommandResult,
} from '@sarp/workflows';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { CurrentActor, Permission } from '../auth/auth.decorators';
import { CorrelationId } from '../correlation';
import { withDatabase } from '../infrastructure/dependency-errors';
import { TemporalGateway } from '../infrastructure/temporal-gateway';
import { workflowCallProblem, type WorkflowCall } from '../infrastructure/workflow-errors';
import { SARP_CONFIG, SQL } from '../infrastructure/tokens';
import { ApiProblem, NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';

const TEMPORAL_CALL_TIMEOUT_MS = 30_000;

export const ReceiveSubjectAccessRequestBody = z.strictObject({
  personRef: PersonRef,
  requestedBy: z.enum(['the_person', 'representative']),
  channel: SubjectAccessChannel,
  /** When it was received, if before it is recorded (default: now). */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});
export const StopClockBody = z.strictObject({ awaiting: SubjectAccessAwaiting });
export const RestartClockBody = z.strictObject({ arrivedOn: z.iso.date() });
export const ExtendBody = z.strictObject({ months: z.union([z.literal(1), z.literal(2)]), reason: z.string().trim().min(1).max(1000) });
export const AnswerBody = z.strictObject({
  exportProducedOn: z.iso.date(),
  sentOn: z.iso.date(),
  sentBy: z.enum(['email', 'post', 'in_person', 'secure_portal']),
});
const RequestIdParam = z.uuid();
const ListQuery = z.strictObject({ personRef: PersonRef.optional(), open: z.enum(['true', 'false']).optional() });

/**
 * Subject access requests (seed 003; UK GDPR): the information governance
 * team records each request, stops and restarts its one-month clock while
 * identity or clarification is awaited, extends a complex one, and records
 * the answer (the export of `GET /audit/persons/{personId}/export`, sent).
 * Auditors see them. Each request is a workflow whose clock is a durable timer.
 */
@Controller('subject-access-requests')
export class SubjectAccessController {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(TemporalGateway) private readonly temporal: TemporalGateway,
    @Inject(SARP_CONFIG) private readonly config: SarpConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @Permission('POST /subject-access-requests')
  async receive(
    @Body(new ZodValidationPipe(ReceiveSubjectAccessRequestBody)) body: z.infer<typeof ReceiveSubjectAccessRequestBody>,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string | undefined,
  ): Promise<{ requestId: string; state: SubjectAccessRequestState }> {
    const receivedAt = body.receivedAt ? new Date(body.receivedAt).toISOString() : new Date().toISOString();
    if (Date.parse(receivedAt) > Date.now())
      throw new ApiProblem(422, 'rule-violation', 'A rule was broken', 'a request cannot be received in the future');
    const requestId = randomUUID();
    const input: StartSubjectAccessInput = {
      command: {
        type: 'ReceiveSubjectAccessRequest',
        requestId,
        personId: body.personRef,
        requestedBy: body.requestedBy,
        channel: body.channel,
        receivedAt,
      },
      actor,
      correlationId: correlationId ?? requestId,
      commandId: randomUUID(),
    };
    const state = await this.temporalCall(requestId, { kind: 'change', keyed: false }, async (client) => {
      const handle = await client.workflow.start(SUBJECT_ACCESS_WORKFLOW_TYPE, {
        workflowId: subjectAccessWorkflowId(requestId),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
      });
      // The workflow folds the receipt in its first task: ask until it has.
      for (let attempt = 0; attempt < 100; attempt++) {
        const folded = await handle.query(subjectAccessStateQuery);
        if (folded) return folded;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Started, so recorded: not a 5xx (a 5xx always means nothing was changed).
      throw new ApiProblem(
        202,
        'not-yet-visible',
        'Recorded, not yet visible',
        `subject access request ${requestId} was recorded but its workflow has not folded it yet; GET it shortly`,
        { dependency: 'temporal' },
      );
    });
    return { requestId, state };
  }

  @Get()
  @Permission('GET /subject-access-requests')
  async list(@Query(new ZodValidationPipe(ListQuery)) query: z.infer<typeof ListQuery>): Promise<{ items: SubjectAccessRequestView[] }> {
    const open = query.open === undefined ? undefined : query.open === 'true';
    return { items: await withDatabase(() => listSubjectAccessRequests(this.sql, { personId: query.personRef, open })) };
  }

  @Get(':requestId')
  @Permission('GET /subject-access-requests/:requestId')
  async one(@Param('requestId', new ZodValidationPipe(RequestIdParam, 'requestId')) requestId: string) {
    const [request] = await withDatabase(() => listSubjectAccessRequests(this.sql, { requestId }));
    if (!request) throw new NotFoundProblem(`no subject access request ${requestId}`);
    return { ...request, events: await withDatabase(() => subjectAccessEvents(this.sql, requestId)) };
  }

  @Post(':requestId/clock-stop')
  @HttpCode(200)
  @Permission('POST /subject-access-requests/:requestId/clock-stop')
  stopClock(
    @Param('requestId', new ZodValidationPipe(RequestIdParam, 'requestId')) requestId: string,
    @Body(new ZodValidationPipe(StopClockBody)) body: z.infer<typeof StopClockBody>,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string | undefined,
  ) {
    return this.send(requestId, { type: 'StopSubjectAccessClock', awaiting: body.awaiting }, actor, correlationId);
  }

  @Post(':requestId/clock-restart')
  @HttpCode(200)
  @Permission('POST /subject-access-requests/:requestId/clock-restart')
  restartClock(
    @Param('requestId', new ZodValidationPipe(RequestIdParam, 'requestId')) requestId: string,
    @Body(new ZodValidationPipe(RestartClockBody)) body: z.infer<typeof RestartClockBody>,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string | undefined,
  ) {
    return this.send(requestId, { type: 'RestartSubjectAccessClock', arrivedOn: body.arrivedOn }, actor, correlationId);
  }

  @Post(':requestId/extension')
  @HttpCode(200)
  @Permission('POST /subject-access-requests/:requestId/extension')
  extend(
    @Param('requestId', new ZodValidationPipe(RequestIdParam, 'requestId')) requestId: string,
    @Body(new ZodValidationPipe(ExtendBody)) body: z.infer<typeof ExtendBody>,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string | undefined,
  ) {
    return this.send(requestId, { type: 'ExtendSubjectAccessRequest', months: body.months, reason: body.reason }, actor, correlationId);
  }

  @Post(':requestId/answer')
  @HttpCode(200)
  @Permission('POST /subject-access-requests/:requestId/answer')
  answer(
    @Param('requestId', new ZodValidationPipe(RequestIdParam, 'requestId')) requestId: string,
    @Body(new ZodValidationPipe(AnswerBody)) body: z.infer<typeof AnswerBody>,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string | undefined,
  ) {
    return this.send(requestId, { type: 'AnswerSubjectAccessRequest', ...body }, actor, correlationId);
  }

  private send(
    requestId: string,
    command: SubjectAccessCommandRequest['command'],
    actor: Actor,
    correlationId: string | undefined,
  ): Promise<SubjectAccessCommandResult> {
    const request: SubjectAccessCommandRequest = { command, actor, correlationId: correlationId ?? requestId, commandId: randomUUID() };
    return this.temporalCall(requestId, { kind: 'change', keyed: false }, (client) =>
      client.workflow
        .getHandle(subjectAccessWorkflowId(requestId))
        .executeUpdate(subjectAccessCommandUpdate, { args: [request], updateId: request.commandId }),
    );
  }

  private async temporalCall<T>(requestId: string, call: WorkflowCall, work: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await this.temporal.call(TEMPORAL_CALL_TIMEOUT_MS, work);
    } catch (error) {
      if (error instanceof ApiProblem) throw error;
      throw workflowCallProblem(
        error,
        call,
        () =>
          new ApiProblem(
            409,
            'invalid-transition',
            'Not allowed in the current state',
            `subject access request ${requestId} is not open (answered, or unknown)`,
          ),
      );
    }
  }
}
