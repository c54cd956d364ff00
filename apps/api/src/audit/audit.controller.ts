import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { foldPathway } from '@sarp/domain';
import {
  accessLogForPerson,
  findPathway,
  findRefusedAttempts,
  foldDeadlines,
  foldPanelTasks,
  panelTaskView,
  type AccessLogEntry,
  pathwayEventHistory,
  pathwayEventsUpTo,
  panelPathwayEventsUpTo,
  recordListingReads,
  safeguardingReferrals,
  type SafeguardingReferralView,
  personEventHistory,
  verifyPathwayChain,
  type AuditedEvent,
  type ChainVerification,
  type RefusedAttemptView,
  type Sql, type AuditKeyring } from '@sarp/db';
import { PersonRef, type Actor } from '@sarp/events';
import { z } from 'zod';
import { CurrentActor, Permission } from '../auth/auth.decorators';
import { ReadsPersonalData } from './access-log.interceptor';
import { withDatabase } from '../infrastructure/dependency-errors';
import { AUDIT_KEYRING, SQL } from '../infrastructure/tokens';
import { AuditCheckpoints, type AccessLogVerification } from './audit-checkpoints';
import { PathwayIdParam } from '../pathways/pathways.controller';
import { NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';

const Page = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const AsOf = z.strictObject({ asOf: z.iso.datetime({ offset: true }) });
const SafeguardingQuery = Page.extend({
  flagged: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});

/**
 * What auditors read: the complete event history of a pathway or a person,
 * refused attempts included; the state as it stood at any moment, rebuilt
 * with the same `evolve` the workflow and the projector use; and the check
 * that the stored history has not been altered. Read-only, auditor and admin.
 */
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(AUDIT_KEYRING) private readonly keyring: AuditKeyring,
    @Inject(AuditCheckpoints) private readonly checkpoints: AuditCheckpoints,
  ) {}

  @Get('pathways/:id/events')
  @Permission('GET /audit/pathways/:id/events')
  @ReadsPersonalData()
  async pathwayEvents(
    @Param('id', new ZodValidationPipe(PathwayIdParam, 'id')) pathwayId: string,
    @Query(new ZodValidationPipe(Page, '(query)')) page: z.infer<typeof Page>,
  ): Promise<{ items: AuditedEvent[]; total: number; refusedAttempts: RefusedAttemptView[] }> {
    const [history, refusedAttempts] = await withDatabase(() =>
      Promise.all([pathwayEventHistory(this.sql, pathwayId, page), findRefusedAttempts(this.sql, pathwayId)]),
    );
    if (history.total === 0) throw new NotFoundProblem(`no events for pathway ${pathwayId}`);
    return { ...history, refusedAttempts };
  }

  @Get('persons/:personId/events')
  @Permission('GET /audit/persons/:personId/events')
  @ReadsPersonalData()
  async personEvents(
    @Param('personId', new ZodValidationPipe(PersonRef, 'personId')) personId: string,
    @Query(new ZodValidationPipe(Page, '(query)')) page: z.infer<typeof Page>,
  ): Promise<{ items: AuditedEvent[]; total: number }> {
    return withDatabase(() => personEventHistory(this.sql, personId, page));
  }

  /**
   * The pathway as it stood at `asOf`, folded from its events; names the last event included. With every
   * deadline set by then and how it stood (`foldDeadlines`, the derivation the projector writes
   * `pathway_deadlines` with), as `GET /pathways/:id` listed them then.
   */
  @Get('pathways/:id/state')
  @Permission('GET /audit/pathways/:id/state')
  @ReadsPersonalData()
  async stateAsOf(
    @Param('id', new ZodValidationPipe(PathwayIdParam, 'id')) pathwayId: string,
    @Query(new ZodValidationPipe(AsOf, '(query)')) query: z.infer<typeof AsOf>,
  ) {
    const events = await withDatabase(() => pathwayEventsUpTo(this.sql, pathwayId, query.asOf));
    const last = events[events.length - 1];
    return {
      pathwayId,
      asOf: query.asOf,
      state: foldPathway(events),
      deadlines: foldDeadlines(events).map(({ pathwayId: _pathwayId, setAt: _setAt, ...view }) => view),
      lastEventIncluded: last ? { eventId: last.eventId, sequence: last.sequence, type: last.type, occurredAt: last.occurredAt } : null,
    };
  }

  /**
   * The QA panel's worklist as it stood at `asOf`: every task that was pending then, as the worklist showed it
   * (claim, proposal, sitting, carry-overs, deferrals, comments), folded from the events by the very fold the
   * projector keeps the live worklist with (`foldPanelTasks`). Listing cases reads each listed person's data:
   * recorded in the access log.
   */
  @Get('worklist')
  @Permission('GET /audit/worklist')
  async worklistAsOf(@Query(new ZodValidationPipe(AsOf, '(query)')) query: z.infer<typeof AsOf>, @CurrentActor() actor: Actor) {
    const histories = await withDatabase(() => panelPathwayEventsUpTo(this.sql, query.asOf));
    const items = histories.flatMap((events) => {
      const { state, panel } = foldPanelTasks(events);
      const last = events[events.length - 1];
      if (state.status !== 'started' || !last) return [];
      return panel.tasks
        .filter((task) => task.status === 'pending')
        .map((task) => ({
          pathwayId: state.pathwayId,
          personId: state.personId,
          urgency: state.urgency,
          task: panelTaskView(task, panel.comments),
          lastEventIncluded: { eventId: last.eventId, sequence: last.sequence, type: last.type, occurredAt: last.occurredAt },
        }));
    });
    await withDatabase(() => recordListingReads(this.sql, this.keyring, actor, 'GET /audit/worklist', items));
    return { asOf: query.asOf, items };
  }

  /**
   * Safeguarding referrals to other agencies, newest first; `?flagged=true`
   * keeps those made without the person's consent, with the reason from the
   * allowed list. Lists persons: recorded in the access log.
   */
  @Get('safeguarding-referrals')
  @Permission('GET /audit/safeguarding-referrals')
  async safeguardingReferrals(
    @Query(new ZodValidationPipe(SafeguardingQuery, '(query)')) query: z.infer<typeof SafeguardingQuery>,
    @CurrentActor() actor: Actor,
  ): Promise<{ items: SafeguardingReferralView[]; total: number }> {
    const page = await withDatabase(() => safeguardingReferrals(this.sql, query));
    await withDatabase(() => recordListingReads(this.sql, this.keyring, actor, 'GET /audit/safeguarding-referrals', page.items));
    return page;
  }

  /** Who read this person's data: the access log, itself visible to auditors. */
  @Get('persons/:personId/access-log')
  @Permission('GET /audit/persons/:personId/access-log')
  @ReadsPersonalData()
  async accessLog(@Param('personId', new ZodValidationPipe(PersonRef, 'personId')) personId: string): Promise<AccessLogEntry[]> {
    return withDatabase(() => accessLogForPerson(this.sql, personId));
  }

  /**
   * Subject access (UK GDPR): everything held about one person as one JSON
   * document: their pathways as the read model has them, every event, every
   * refused attempt about them, and who has read their data.
   */
  @Get('persons/:personId/export')
  @Permission('GET /audit/persons/:personId/export')
  @ReadsPersonalData()
  async subjectAccessExport(@Param('personId', new ZodValidationPipe(PersonRef, 'personId')) personId: string) {
    return withDatabase(async () => {
      const events = await personEventHistory(this.sql, personId, { limit: 100_000, offset: 0 });
      const pathwayIds = [...new Set(events.items.map((item) => item.envelope.pathwayId))];
      const pathways = await Promise.all(pathwayIds.map((pathwayId) => findPathway(this.sql, pathwayId)));
      const refusedAttempts = (await Promise.all(pathwayIds.map((pathwayId) => findRefusedAttempts(this.sql, pathwayId)))).flat();
      return {
        personId,
        exportedAt: new Date().toISOString(),
        pathways: pathways.filter((pathway) => pathway !== undefined),
        events: events.items,
        refusedAttempts,
        accessLog: await accessLogForPerson(this.sql, personId, 100_000),
      };
    });
  }

  /**
   * Checks the pathway's hash chain link by link (HMACs under the audit key) and against the latest signed
   * checkpoint of its head on Kafka, and names the first broken link, if any: a history rewritten together
   * with its links, or cut short, no longer meets its checkpoint.
   */
  @Get('pathways/:id/verify')
  @Permission('GET /audit/pathways/:id/verify')
  async verify(@Param('id', new ZodValidationPipe(PathwayIdParam, 'id')) pathwayId: string): Promise<ChainVerification> {
    const checkpointed = await this.checkpoints.checkpointedHead(pathwayId);
    const verification = await withDatabase(() =>
      verifyPathwayChain(this.sql, pathwayId, { keyring: this.keyring, ...(checkpointed ? { checkpointed } : {}) }),
    );
    if (verification.eventsChecked === 0 && !checkpointed) throw new NotFoundProblem(`no events for pathway ${pathwayId}`);
    return verification;
  }

  /** Checks every access-log row's seal, and each checkpointed segment of the log against what is stored. */
  @Get('access-log/verify')
  @Permission('GET /audit/access-log/verify')
  async verifyAccessLog(): Promise<AccessLogVerification> {
    return withDatabase(() => this.checkpoints.verifyAccessLog());
  }
}
