import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { SarpConfig } from '@sarp/config';
import { FIGURES, findFigure, listSchemes, toCsv, type ReportFilter, type Sql } from '@sarp/db';
import { PlacementModel, Team } from '@sarp/events';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Permission } from '../auth/auth.decorators';
import { withDatabase } from '../infrastructure/dependency-errors';
import { SARP_CONFIG, SQL } from '../infrastructure/tokens';
import { NotFoundProblem, ValidationProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';

export const ReportQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  team: Team.optional(),
  model: PlacementModel.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/** The first instant of the London month `instant` falls in. */
export function startOfLondonMonth(instant: Date): Date {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' })
    .format(instant)
    .split('-')
    .map(Number) as [number, number];
  // Midnight London time on the 1st: try both offsets London can have and keep the one that is the 1st at 00:00 there.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(Date.UTC(year, month - 1, 1, -offsetHours));
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).format(
      candidate,
    );
    if (local === '01, 00') return candidate;
  }
  return new Date(Date.UTC(year, month - 1, 1));
}

/**
 * The service's figures (docs/reporting.md): each computed from the events by
 * event time, for a period (`from`, `to`; by default the London month so far),
 * filtered by team and placement model, as JSON or CSV. Aggregates only: no
 * person is named in them.
 */
@Controller('reports')
export class ReportsController {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(SARP_CONFIG) private readonly config: SarpConfig,
  ) {}

  @Get()
  @Permission('GET /reports')
  list() {
    return {
      figures: FIGURES.map((figure) => ({
        id: figure.id,
        title: figure.title,
        definition: figure.definition,
        columns: figure.columns,
        links: { json: `/reports/${figure.id}`, csv: `/reports/${figure.id}?format=csv` },
      })),
    };
  }

  @Get(':figure')
  @Permission('GET /reports/:figure')
  async figure(
    @Param('figure') id: string,
    @Query(new ZodValidationPipe(ReportQuery, '(query)')) query: z.infer<typeof ReportQuery>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const figure = findFigure(id);
    if (!figure) throw new NotFoundProblem(`no figure "${id}"; GET /reports lists them`);
    const now = new Date();
    const filter: ReportFilter = {
      from: query.from ? new Date(query.from).toISOString() : startOfLondonMonth(now).toISOString(),
      to: query.to ? new Date(query.to).toISOString() : now.toISOString(),
      ...(query.team ? { team: query.team } : {}),
      ...(query.model ? { model: query.model } : {}),
    };
    if (filter.from >= filter.to) throw new ValidationProblem([{ field: 'from', message: 'the period must start before it ends' }]);
    const rows = await withDatabase(async () => {
      // Occupancy is measured against the units in use now in the managed catalogue.
      const schemes = await listSchemes(this.sql);
      const settings = {
        residentialCareWeeklyPence: this.config.reporting.residentialCareWeeklyPence,
        schemeUnits: Object.fromEntries(
          schemes.map((scheme) => [scheme.schemeId, scheme.units.filter((unit) => unit.status !== 'retired').length]),
        ),
      };
      return figure.compute(this.sql, filter, settings);
    });
    if (query.format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${figure.id}.csv"`);
      return toCsv(figure.columns, rows);
    }
    return {
      figure: figure.id,
      title: figure.title,
      definition: figure.definition,
      period: { from: filter.from, to: filter.to },
      filter: { team: filter.team ?? null, model: filter.model ?? null },
      columns: figure.columns,
      rows,
    };
  }
}
