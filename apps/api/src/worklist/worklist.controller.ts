import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Caller } from '@sarp/domain';
import { Narrative, PanelDecisionDetails, Team, type Actor } from '@sarp/events';
import type { PathwayCommandResult } from '@sarp/workflows';
import { findPanelTask, listPanelTasks, recordListingReads, type PanelTaskView, type Sql, type AuditKeyring } from '@sarp/db';
import { z } from 'zod';
import { ReadsPersonalData } from '../audit/access-log.interceptor';
import { AllowedRoles, CurrentActor, CurrentCaller, Permission } from '../auth/auth.decorators';
import { CorrelationId } from '../correlation';
import { ANY_SIGNED_IN_ROLE, route, withPermissions, type CommandRoute } from '../pathways/pathway-commands';
import { PathwayCommandsService } from '../pathways/pathway-commands.service';
import { withDatabase } from '../infrastructure/dependency-errors';
import { AtLeastSequenceQuery, ProjectionWaits } from '../infrastructure/projection-wait';
import { AUDIT_KEYRING, SQL } from '../infrastructure/tokens';
import { NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import { IdempotencyKey } from '../referrals/referral-request';

export const WorklistQuery = z.strictObject({
  status: z.enum(['pending', 'decided', 'returned', 'withdrawn']).optional(),
  priority: z.enum(['crisis', 'standard']).optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  team: Team.optional(),
  /** The agenda of one sitting: its London date. */
  sitting: z.iso.date().optional(),
  assignedToMe: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  sort: z.enum(['priority', 'due', 'referred']).default('priority'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A task id is `<pathwayId>:panel:<sequence>`: the pathway it belongs to is part of it. */
export const TaskIdParam = z
  .string()
  .regex(/^[0-9a-f-]{36}:panel:\d+$/, 'a task id looks like <pathway id>:panel:<number>')
  .transform((taskId) => ({ taskId, pathwayId: taskId.split(':')[0] ?? '' }));

/** The panel's actions on a task (`POST /tasks/{id}/{action}`), each a command to the case's pathway workflow. */
export const TASK_ROUTES: readonly CommandRoute[] = withPermissions('/tasks', [
  route({
    action: 'claim',
    summary: 'Claim the case',
    body: z.strictObject({}),
    commandType: 'ClaimPanelTask',
    toCommand: () => ({ type: 'ClaimPanelTask' }),
  }),
  route({
    action: 'unclaim',
    summary: 'Release a claimed case (the claimer, or the chair)',
    body: z.strictObject({}),
    commandType: 'UnclaimPanelTask',
    toCommand: () => ({ type: 'UnclaimPanelTask' }),
  }),
  route({
    action: 'assign',
    summary: 'Assign the case to a panel member (chair)',
    body: z.strictObject({ assignee: z.string().min(1).max(200) }),
    commandType: 'AssignPanelTask',
    toCommand: (b) => ({ type: 'AssignPanelTask', assignee: b.assignee }),
  }),
  route({
    action: 'comments',
    summary: 'Comment on the case',
    body: z.strictObject({ text: Narrative }),
    commandType: 'CommentOnPanelTask',
    toCommand: (b) => ({ type: 'CommentOnPanelTask', comment: b.text }),
  }),
  route({
    action: 'decision',
    summary: 'Propose the decision; a second person (the chair or another member) confirms it',
    body: PanelDecisionDetails,
    commandType: 'ProposePanelDecision',
    toCommand: (decision) => ({ type: 'ProposePanelDecision', decision }),
  }),
  route({
    action: 'confirmation',
    summary: 'Confirm the decision another member proposed: it is then recorded',
    body: z.strictObject({}),
    commandType: 'ConfirmPanelDecision',
    toCommand: () => ({ type: 'ConfirmPanelDecision' }),
  }),
]);

/** The QA panel's worklist: complex cases waiting for a decision, with their case summaries. */
@Controller()
export class WorklistController {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(AUDIT_KEYRING) private readonly keyring: AuditKeyring,
    @Inject(PathwayCommandsService) private readonly commands: PathwayCommandsService,
    @Inject(ProjectionWaits) private readonly projection: ProjectionWaits,
  ) {}

  @Get('worklist')
  @Permission('GET /worklist')
  async list(
    @Query(new ZodValidationPipe(WorklistQuery, '(query)')) query: z.infer<typeof WorklistQuery>,
    @CurrentActor() actor: Actor,
  ): Promise<{ items: PanelTaskView[]; total: number }> {
    // "Assigned to me": cases the caller claimed or the chair assigned to them.
    const page = await withDatabase(() =>
      listPanelTasks(this.sql, { ...query, ...(query.assignedToMe ? { claimedBy: actor.userId } : {}) }),
    );
    // The worklist shows case summaries: a read of each listed person's data, recorded like any other.
    await withDatabase(() => recordListingReads(this.sql, this.keyring, actor, 'GET /worklist', page.items));
    return page;
  }

  @Get('tasks/:id')
  @Permission('GET /tasks/:id')
  @ReadsPersonalData()
  async get(
    @Param('id', new ZodValidationPipe(TaskIdParam, 'id')) id: z.infer<typeof TaskIdParam>,
    @Query(new ZodValidationPipe(AtLeastSequenceQuery, '(query)')) query: z.infer<typeof AtLeastSequenceQuery>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PanelTaskView> {
    const caughtUp = await withDatabase(() => this.projection.caughtUp(id.pathwayId, query.atLeastSequence));
    if (!caughtUp) void reply.header('sarp-projection-behind', 'true');
    const task = await withDatabase(() => findPanelTask(this.sql, id.taskId));
    if (!task) throw new NotFoundProblem(`no panel task ${id.taskId}`);
    return task;
  }

  /**
   * The panel's actions on a case: `claim`, `unclaim`, `assign` (chair),
   * `comments`, `decision` (proposes; a second person confirms with
   * `confirmation`). Answers the pathway's new state and the events caused.
   */
  @Post('tasks/:id/:action')
  @HttpCode(200)
  @AllowedRoles(...ANY_SIGNED_IN_ROLE)
  async act(
    @Param('id', new ZodValidationPipe(TaskIdParam, 'id')) id: z.infer<typeof TaskIdParam>,
    @Param('action') action: string,
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
    @CorrelationId() correlationId: string | undefined,
    @Headers('idempotency-key') idempotencyKeyHeader: unknown,
  ): Promise<PathwayCommandResult> {
    // The same key and body answer as the first time and add nothing; the same key with another body is a 409.
    const idempotencyKey = new ZodValidationPipe(IdempotencyKey, 'Idempotency-Key').transform(idempotencyKeyHeader);
    const taskRoute = TASK_ROUTES.find((candidate) => candidate.action === action);
    return this.commands.send(id.pathwayId, taskRoute, action, body, caller, correlationId ?? randomUUID(), idempotencyKey);
  }
}
