import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  catalogueCommandName,
  catalogueEvents,
  caseTiesOfPathways,
  findRefusedCatalogueCommands,
  currentUnitHoldings,
  executeCatalogueCommand,
  findSchemeState,
  listSchemes,
  rankedWaitingList,
  recordListingReads,
  SchemeNotFoundError,
  unitHoldingsAsOf,
  type CatalogueCommandResult,
  type Sql, type AuditKeyring } from '@sarp/db';
import {
  CURRENT_PRIORITY_RULE_VERSION,
  DomainError,
  foldCatalogue,
  InvalidTransitionError,
  mayWorkOnCase,
  PRIORITY_RULES,
  vacanciesOf,
  type Caller,
  type CatalogueCommand,
  type SchemeState,
  type Vacancy,
} from '@sarp/domain';
import { PlacementModel, type Actor } from '@sarp/events';
import type { z } from 'zod';
import { CurrentActor, CurrentCaller, Permission } from '../auth/auth.decorators';
import { CorrelationId } from '../correlation';
import { withDatabase } from '../infrastructure/dependency-errors';
import { AUDIT_KEYRING, SQL } from '../infrastructure/tokens';
import { RefusalRecorder } from '../infrastructure/refusal-recorder';
import { ApiProblem, ConflictProblem, ForbiddenProblem, NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import {
  AddUnitRequest,
  CatalogueEventsQuery,
  RegisterSchemeRequest,
  RetireUnitRequest,
  ReturnUnitRequest,
  SchemeIdParam,
  UnitIdParam,
  VacanciesQuery,
  VoidUnitRequest,
  WaitingListQuery,
} from './accommodation-requests';

/** A waiting-list position as a caller sees it: who it is only on need-to-know. */
export interface WaitingListPosition {
  position: number;
  /** Null when the caller does not work on the case: the position and its reasons still show, so the order can be checked. */
  pathwayId: string | null;
  personId: string | null;
  team: string | null;
  urgency: string;
  approvedAt: string;
  stayLimitAt: string | null;
  holdsOffer: boolean;
  why: string[];
}

/**
 * The accommodation side of the SARP (issue 11): the catalogue of schemes
 * and units admins keep, the vacancies, and the waiting lists that decide
 * who is offered the next unit.
 */
@Controller()
export class AccommodationController {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(AUDIT_KEYRING) private readonly keyring: AuditKeyring,
    @Inject(RefusalRecorder) private readonly refusals: RefusalRecorder,
  ) {}

  @Get('schemes')
  @Permission('GET /schemes')
  async schemes(): Promise<{ schemes: SchemeState[] }> {
    return { schemes: await withDatabase(() => listSchemes(this.sql)) };
  }

  @Get('schemes/:schemeId')
  @Permission('GET /schemes/:schemeId')
  async scheme(@Param('schemeId', new ZodValidationPipe(SchemeIdParam, 'schemeId')) schemeId: string): Promise<SchemeState> {
    const scheme = await withDatabase(() => findSchemeState(this.sql, schemeId));
    if (!scheme) throw new NotFoundProblem(`no scheme ${schemeId}; GET /schemes lists them`);
    return scheme;
  }

  @Post('schemes')
  @HttpCode(201)
  @Permission('POST /schemes')
  register(
    @Body(new ZodValidationPipe(RegisterSchemeRequest)) body: z.infer<typeof RegisterSchemeRequest>,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string | undefined,
  ): Promise<CatalogueCommandResult> {
    const { schemeId, unitIds, ...scheme } = body;
    return this.execute(schemeId, { type: 'RegisterScheme', schemeId, scheme, unitIds }, actor, correlationId);
  }

  @Post('schemes/:schemeId/units')
  @HttpCode(201)
  @Permission('POST /schemes/:schemeId/units')
  addUnit(
    @Param('schemeId', new ZodValidationPipe(SchemeIdParam, 'schemeId')) schemeId: string,
    @Body(new ZodValidationPipe(AddUnitRequest)) body: z.infer<typeof AddUnitRequest>,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string | undefined,
  ): Promise<CatalogueCommandResult> {
    return this.execute(schemeId, { type: 'AddUnit', unitId: body.unitId }, actor, correlationId);
  }

  @Post('schemes/:schemeId/units/:unitId/retirement')
  @HttpCode(200)
  @Permission('POST /schemes/:schemeId/units/:unitId/retirement')
  retire(
    @Param('schemeId', new ZodValidationPipe(SchemeIdParam, 'schemeId')) schemeId: string,
    @Param('unitId', new ZodValidationPipe(UnitIdParam, 'unitId')) unitId: string,
    @Body(new ZodValidationPipe(RetireUnitRequest)) body: z.infer<typeof RetireUnitRequest>,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string | undefined,
  ): Promise<CatalogueCommandResult> {
    return this.execute(schemeId, { type: 'RetireUnit', unitId, reason: body.reason }, actor, correlationId);
  }

  @Post('schemes/:schemeId/units/:unitId/void')
  @HttpCode(200)
  @Permission('POST /schemes/:schemeId/units/:unitId/void')
  voidUnit(
    @Param('schemeId', new ZodValidationPipe(SchemeIdParam, 'schemeId')) schemeId: string,
    @Param('unitId', new ZodValidationPipe(UnitIdParam, 'unitId')) unitId: string,
    @Body(new ZodValidationPipe(VoidUnitRequest)) body: z.infer<typeof VoidUnitRequest>,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string | undefined,
  ): Promise<CatalogueCommandResult> {
    return this.execute(
      schemeId,
      { type: 'VoidUnit', unitId, reason: body.reason, expectedReturnOn: body.expectedReturnOn ?? null },
      actor,
      correlationId,
    );
  }

  @Post('schemes/:schemeId/units/:unitId/return')
  @HttpCode(200)
  @Permission('POST /schemes/:schemeId/units/:unitId/return')
  returnToUse(
    @Param('schemeId', new ZodValidationPipe(SchemeIdParam, 'schemeId')) schemeId: string,
    @Param('unitId', new ZodValidationPipe(UnitIdParam, 'unitId')) unitId: string,
    @Body(new ZodValidationPipe(ReturnUnitRequest)) _body: z.infer<typeof ReturnUnitRequest>,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string | undefined,
  ): Promise<CatalogueCommandResult> {
    return this.execute(schemeId, { type: 'ReturnUnitToUse', unitId }, actor, correlationId);
  }

  /**
   * Every unit in use or void with its state (free, offered, accepted,
   * occupied and until when it is expected to be, void and until when), now
   * or, for auditors, as it stood at `asOf`. Which pathway holds a unit is
   * shown to those who work on that case.
   */
  @Get('vacancies')
  @Permission('GET /vacancies')
  async vacancies(
    @Query(new ZodValidationPipe(VacanciesQuery, '(query)')) query: z.infer<typeof VacanciesQuery>,
    @CurrentCaller() caller: Caller,
  ): Promise<{ asOf: string; counts: Record<string, number>; units: Vacancy[] }> {
    if (query.asOf && caller.role !== 'auditor') throw new ForbiddenProblem('vacancies as of a past instant are for auditors');
    const asOf = query.asOf ? new Date(query.asOf).toISOString() : null;
    const filter = {
      ...(query.model ? { model: query.model } : {}),
      ...(query.schemeId ? { schemeId: query.schemeId } : {}),
      ...(query.area ? { area: query.area } : {}),
    };
    const units = await withDatabase(async () => {
      const [schemes, holdings] = asOf
        ? [foldCatalogue(await catalogueEvents(this.sql, { asOf })), await unitHoldingsAsOf(this.sql, asOf)]
        : [await listSchemes(this.sql), await currentUnitHoldings(this.sql)];
      const all = vacanciesOf(schemes, holdings, filter);
      const ties = await caseTiesOfPathways(
        this.sql,
        all.flatMap((unit) => (unit.pathwayId ? [unit.pathwayId] : [])),
      );
      return all.map((unit) => {
        const caseTies = unit.pathwayId ? ties.get(unit.pathwayId) : undefined;
        return unit.pathwayId && !(caseTies && mayWorkOnCase(caller, caseTies)) ? { ...unit, pathwayId: null } : unit;
      });
    });
    const counts: Record<string, number> = { free: 0, offered: 0, accepted: 0, occupied: 0, void: 0 };
    for (const unit of units) counts[unit.state] = (counts[unit.state] ?? 0) + 1;
    return { asOf: asOf ?? new Date().toISOString(), counts, units };
  }

  /**
   * Each model's waiting list in the order of the priority rule in force,
   * every position with the terms of the rule that put it there. Who is
   * waiting is shown on need-to-know; each person shown is an access logged.
   */
  @Get('waiting-list')
  @Permission('GET /waiting-list')
  async waitingList(
    @Query(new ZodValidationPipe(WaitingListQuery, '(query)')) query: z.infer<typeof WaitingListQuery>,
    @CurrentCaller() caller: Caller,
    @CurrentActor() actor: Actor,
  ) {
    const models = query.model ? [query.model] : PlacementModel.options;
    const rule = PRIORITY_RULES[CURRENT_PRIORITY_RULE_VERSION];
    const lists = await withDatabase(() => Promise.all(models.map((model) => rankedWaitingList(this.sql, model))));
    const shown: { pathwayId: string; personId: string }[] = [];
    const result = models.map((model, index) => ({
      model,
      entries: (lists[index] ?? []).map((entry): WaitingListPosition => {
        const visible = mayWorkOnCase(caller, entry.ties);
        if (visible) shown.push({ pathwayId: entry.pathwayId, personId: entry.personId });
        return {
          position: entry.position,
          pathwayId: visible ? entry.pathwayId : null,
          personId: visible ? entry.personId : null,
          team: entry.team,
          urgency: entry.urgency,
          approvedAt: entry.approvedAt,
          stayLimitAt: entry.stayLimitAt,
          holdsOffer: entry.holdsOffer,
          why: entry.why,
        };
      }),
    }));
    await withDatabase(() => recordListingReads(this.sql, this.keyring, actor, 'GET /waiting-list', shown));
    return { priorityRule: rule, lists: result };
  }

  /** Auditors replay the catalogue: every scheme event, oldest first, optionally of one scheme and up to an instant. */
  @Get('audit/accommodation-events')
  @Permission('GET /audit/accommodation-events')
  async events(@Query(new ZodValidationPipe(CatalogueEventsQuery, '(query)')) query: z.infer<typeof CatalogueEventsQuery>) {
    const events = await withDatabase(() =>
      catalogueEvents(this.sql, {
        ...(query.schemeId ? { schemeId: query.schemeId } : {}),
        ...(query.asOf ? { asOf: new Date(query.asOf).toISOString() } : {}),
      }),
    );
    const refusedAttempts = await withDatabase(() => findRefusedCatalogueCommands(this.sql, query.schemeId));
    return { events, schemes: foldCatalogue(events), refusedAttempts };
  }

  /** Runs an admin's command; a refusal (409, 422) is recorded for auditors, like a refused pathway command. */
  private execute(
    schemeId: string,
    command: CatalogueCommand,
    actor: Actor,
    correlationId: string | undefined,
  ): Promise<CatalogueCommandResult> {
    const correlation = correlationId ?? randomUUID();
    return this.refusals.refusable(
      { pathwayId: null, command: catalogueCommandName(schemeId, command.type), actor, correlationId: correlation },
      async () => {
        try {
          return await withDatabase(() =>
            executeCatalogueCommand(this.sql, schemeId, command, {
              now: new Date(),
              actor,
              correlationId: correlation,
              causationId: randomUUID(),
            }),
          );
        } catch (error) {
          if (error instanceof SchemeNotFoundError) throw new NotFoundProblem(`${error.message}; GET /schemes lists them`);
          if (error instanceof InvalidTransitionError) throw new ConflictProblem(error.message);
          if (error instanceof DomainError) throw new ApiProblem(422, error.code, 'A rule was broken', error.message);
          throw error;
        }
      },
    );
  }
}
