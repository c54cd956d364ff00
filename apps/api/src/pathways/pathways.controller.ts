import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { addCalendarDays, caseTiesOf, fromLondonWallClock, mayWorkOnCase, type Caller, type PathwayState, type UnitOffer } from '@sarp/domain';
import {
  findPathway,
  findPathwayState,
  findRefusedAttempts,
  listPathways,
  recordListingReads,
  type RefusedAttemptView,
  type PathwayFilter,
  type PathwayListItem,
  type PathwayView,
  type Sql, type AuditKeyring } from '@sarp/db';
import { PathwayClosedDetails, PathwayStage, PersonRef, Team, Urgency, type PlacementModel } from '@sarp/events';
import type { PathwayCommandResult } from '@sarp/workflows';
import { z } from 'zod';
import { ReadsPersonalData } from '../audit/access-log.interceptor';
import { AllowedRoles, CurrentCaller, Permission } from '../auth/auth.decorators';
import { CaseAccess } from '../auth/case-access';
import { CorrelationId } from '../correlation';
import { withDatabase } from '../infrastructure/dependency-errors';
import { AtLeastSequenceQuery, ProjectionWaits } from '../infrastructure/projection-wait';
import { AUDIT_KEYRING, SQL } from '../infrastructure/tokens';
import { NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import { IdempotencyKey } from '../referrals/referral-request';
import { actionsOpenTo, ANY_SIGNED_IN_ROLE, findCommandRoute } from './pathway-commands';
import { PathwayCommandsService } from './pathway-commands.service';

export const PathwayIdParam = z.uuid({ message: 'a pathway id is a UUID' });

export const PathwayListQuery = z.strictObject({
  stage: PathwayStage.optional(),
  urgency: Urgency.optional(),
  breached: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  personRef: PersonRef.optional(),
  team: Team.optional(),
  outcome: PathwayClosedDetails.shape.outcome.optional(),
  /** Opened on or after this date (London), and on or before `openedTo`. */
  openedFrom: z.iso.date().optional(),
  openedTo: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The read model's filter for a listing: dates are whole London days. */
function listFilter(query: z.infer<typeof PathwayListQuery>): PathwayFilter {
  const { openedFrom, openedTo, ...rest } = query;
  return {
    ...rest,
    ...(openedFrom ? { openedFrom: fromLondonWallClock(openedFrom, 0).toISOString() } : {}),
    ...(openedTo ? { openedBefore: fromLondonWallClock(addCalendarDays(openedTo, 1), 0).toISOString() } : {}),
  };
}

/** A pathway as its page shows it: the read model's view, what the caller may do now, and the offer those actions name. */
export interface PathwayPage extends PathwayView {
  actions: string[];
  approvedModel: PlacementModel | null;
  offer: UnitOffer | null;
}

@Controller('pathways')
export class PathwaysController {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(AUDIT_KEYRING) private readonly keyring: AuditKeyring,
    @Inject(PathwayCommandsService) private readonly commands: PathwayCommandsService,
    @Inject(CaseAccess) private readonly access: CaseAccess,
    @Inject(ProjectionWaits) private readonly projection: ProjectionWaits,
  ) {}

  /** The pathways the caller works on (need-to-know), filtered by stage, urgency and whether a deadline was breached. */
  @Get()
  @Permission('GET /pathways')
  async list(
    @Query(new ZodValidationPipe(PathwayListQuery, '(query)')) query: z.infer<typeof PathwayListQuery>,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: PathwayListItem[]; total: number }> {
    const page = await withDatabase(() => listPathways(this.sql, listFilter(query), caller));
    // A listing shows people's references and their cases' state: each case shown is a read of personal data.
    await withDatabase(() => recordListingReads(this.sql, this.keyring, caller, 'GET /pathways', page.items));
    return page;
  }

  /** The projected pathway: stage, urgency, deadlines with due times, breaches and timeline, as the read model has it. */
  @Get(':id')
  @Permission('GET /pathways/:id')
  @ReadsPersonalData()
  async get(
    @Param('id', new ZodValidationPipe(PathwayIdParam, 'id')) pathwayId: string,
    @Query(new ZodValidationPipe(AtLeastSequenceQuery, '(query)')) query: z.infer<typeof AtLeastSequenceQuery>,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentCaller() caller: Caller,
    @CorrelationId() correlationId: string | undefined,
  ): Promise<PathwayPage> {
    // Need-to-know before any wait, so how long the answer takes says nothing about a case the caller may not
    // see. A caller waiting for a sequence may be waiting for the very command that gave them the case (an
    // assessor just assigned): the read model may not show it yet, so the workflow's own state decides. A case
    // the read model did not have at all is checked again once the wait is over.
    let verdict = await this.access.verdict(caller, pathwayId);
    if (verdict === 'refused' && query.atLeastSequence !== undefined) verdict = await this.liveVerdict(caller, pathwayId);
    if (verdict === 'refused') await this.access.refuse(caller, pathwayId, 'GET /pathways/:id', correlationId);
    const caughtUp = await withDatabase(() => this.projection.caughtUp(pathwayId, query.atLeastSequence));
    if (!caughtUp) void reply.header('sarp-projection-behind', 'true');
    if (verdict === 'unknown') await this.access.assertWorksOn(caller, pathwayId, 'GET /pathways/:id', correlationId);
    // The view and the folded state (for the page's actions) are read together, not one after the other.
    const [pathway, state] = await withDatabase(() => Promise.all([findPathway(this.sql, pathwayId), findPathwayState(this.sql, pathwayId)]));
    if (!pathway) throw new NotFoundProblem(`no pathway ${pathwayId} in the read model (a pathway just referred appears within moments)`);
    return {
      ...pathway,
      actions: state ? actionsOpenTo(caller.role, state) : [],
      approvedModel: state?.approvedModel ?? null,
      offer: state?.offer ?? null,
    };
  }

  /** Need-to-know by the workflow's own state (ahead of the read model); a pathway it cannot answer for is refused. */
  private async liveVerdict(caller: Caller, pathwayId: string): Promise<'allowed' | 'refused'> {
    try {
      const ties = caseTiesOf(await this.commands.liveState(pathwayId));
      return ties && mayWorkOnCase(caller, ties) ? 'allowed' : 'refused';
    } catch (error) {
      // No such workflow (any more): nothing says the caller works on it. Temporal being down is a 503, as it is.
      if (error instanceof NotFoundProblem) return 'refused';
      throw error;
    }
  }

  /** Commands refused for this pathway (wrong role, wrong stage, four eyes): attempts, not only successes. */
  @Get(':id/refused-attempts')
  @Permission('GET /pathways/:id/refused-attempts')
  @ReadsPersonalData()
  async refusedAttempts(@Param('id', new ZodValidationPipe(PathwayIdParam, 'id')) pathwayId: string): Promise<RefusedAttemptView[]> {
    return withDatabase(() => findRefusedAttempts(this.sql, pathwayId));
  }

  /** The workflow's own current state (the read model may lag it by moments). */
  @Get(':id/live')
  @Permission('GET /pathways/:id/live')
  @ReadsPersonalData()
  async live(
    @Param('id', new ZodValidationPipe(PathwayIdParam, 'id')) pathwayId: string,
    @CurrentCaller() caller: Caller,
    @CorrelationId() correlationId: string | undefined,
  ): Promise<PathwayState> {
    const state = await this.commands.liveState(pathwayId);
    await this.access.assertWorksOn(caller, pathwayId, 'GET /pathways/:id/live', correlationId, caseTiesOf(state));
    return state;
  }

  /**
   * Sends a command to the pathway: `POST /pathways/{id}/{action}` (see
   * COMMAND_ROUTES). Answers with the new state and the events it caused,
   * or refuses with 409 (wrong stage) or 422 (a rule broken).
   */
  @Post(':id/:action')
  @HttpCode(200)
  @AllowedRoles(...ANY_SIGNED_IN_ROLE)
  async command(
    @Param('id', new ZodValidationPipe(PathwayIdParam, 'id')) pathwayId: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
    @CorrelationId() correlationId: string | undefined,
    @Headers('idempotency-key') idempotencyKeyHeader: unknown,
  ): Promise<PathwayCommandResult> {
    // The same key and body answer as the first time and add nothing; the same key with another body is a 409.
    const idempotencyKey = new ZodValidationPipe(IdempotencyKey, 'Idempotency-Key').transform(idempotencyKeyHeader);
    return this.commands.send(pathwayId, findCommandRoute(action), action, body, caller, correlationId ?? randomUUID(), idempotencyKey);
  }
}
