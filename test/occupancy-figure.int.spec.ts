/**
 * Occupancy by month counts the stays open at the period's start and the starts and ends within it (issue 15:
 * a year at 100,000 pathways no longer joins every stay to every month it spans). Checked against the plain
 * definition, each stay's overlap with each London month summed in TypeScript, on generated pathways whose
 * stays span months, end within one, stay open, and begin or end on a period's very edge; for periods of a
 * month, a year, odd instants and the whole history, by team and by model.
 */
import { createSql, findFigure, projectPathwayEvents, type Sql } from '@sarp/db';
import type { Team } from '@sarp/events';
import { generatePathways } from './support/pathway-script';
import { isolatedTestConfig } from './support/sarp-harness';

let sql: Sql;
const occupancy = findFigure('occupancy-by-month')!;
const SCHEMES = Array.from({ length: 20 }, (_, index) => `scheme-${index}`);
const settings = { residentialCareWeeklyPence: 0, schemeUnits: Object.fromEntries(SCHEMES.map((scheme) => [scheme, 3])) };

beforeAll(async () => {
  sql = createSql((await isolatedTestConfig('occupancy_figure')).database);
  const scripts = generatePathways(300, { from: '2025-09-01T09:00:00Z', days: 200, idPrefix: 'P-OCC' });
  const events = scripts
    .flatMap((script) => script.events)
    .sort((x, y) => x.occurredAt.localeCompare(y.occurredAt) || x.pathwayId.localeCompare(y.pathwayId) || x.sequence - y.sequence);
  const position = { consumerGroup: 'occupancy-spec', topic: 'sarp.pathway-events.v1', partition: 0 };
  for (let start = 0; start < events.length; start += 500) {
    await projectPathwayEvents(
      sql,
      events.slice(start, start + 500).map((event, index) => ({ event, position: { ...position, offset: String(start + index) } })),
    );
  }
  await sql`
    INSERT INTO accommodation_schemes (scheme_id, model, area, last_sequence, state)
    SELECT scheme, CASE WHEN n % 2 = 0 THEN 'intensive' ELSE 'transitional' END, 'area', 0, '{}'::jsonb
    FROM unnest(${sql.array(SCHEMES)}::text[]) WITH ORDINALITY AS s(scheme, n)`;
}, 300_000);

afterAll(async () => {
  await sql?.end();
});

/** The figure's definition, stay by stay: each stay's overlap with each London month of the period, in days. */
async function plainOccupancy(filter: { from: string; to: string; team?: Team; model?: string }) {
  const stays = await sql<{ scheme_id: string; started_at: Date; ended_at: Date | null; pathway_id: string }[]>`
    SELECT scheme_id, started_at, ended_at, pathway_id FROM placement_stays`;
  const heldByTeam = filter.team
    ? new Set(
        (
          await sql<{ pathway_id: string }[]>`
            SELECT pathway_id FROM pathway_holders WHERE holds = 'team' AND holder = ${filter.team}
              AND held_from < ${filter.to} AND (held_until IS NULL OR held_until >= ${filter.to})`
        ).map((row) => row.pathway_id),
      )
    : undefined;
  const months = await sql<{ month: string; starts: Date; ends: Date }[]>`
    SELECT to_char(m, 'YYYY-MM') AS month, greatest(m AT TIME ZONE 'Europe/London', ${filter.from}::timestamptz) AS starts,
      least((m + interval '1 month') AT TIME ZONE 'Europe/London', ${filter.to}::timestamptz) AS ends
    FROM generate_series(date_trunc('month', ${filter.from}::timestamptz AT TIME ZONE 'Europe/London'),
      (${filter.to}::timestamptz - interval '1 microsecond') AT TIME ZONE 'Europe/London', interval '1 month') AS m`;
  // The catalogue's schemes (the migrations' four, and the generated pathways' twenty), as the figure lists them.
  const schemes = (
    await sql<{ scheme_id: string }[]>`
      SELECT scheme_id FROM accommodation_schemes WHERE ${filter.model ?? null}::text IS NULL OR model = ${filter.model ?? null}
      ORDER BY scheme_id`
  ).map((row) => row.scheme_id);
  return months.flatMap(({ month, starts, ends }) =>
    schemes.map((scheme) => {
      const seconds = stays
        .filter((stay) => stay.scheme_id === scheme && (!heldByTeam || heldByTeam.has(stay.pathway_id)))
        .map((stay) => {
          const from = Math.max(stay.started_at.getTime(), starts.getTime());
          const to = Math.min(stay.ended_at?.getTime() ?? Infinity, ends.getTime());
          return Math.max(0, to - from) / 1000;
        })
        .reduce((sum, value) => sum + value, 0);
      return { month, scheme, occupiedDays: Math.round((seconds / 86_400) * 100) / 100 };
    }),
  );
}

describe('occupancy by month', () => {
  it('equals each stay’s overlap with each month summed, for any period, team and model', async () => {
    const [edge] = await sql<{ started_at: Date; ended_at: Date }[]>`
      SELECT started_at, ended_at FROM placement_stays WHERE ended_at IS NOT NULL ORDER BY started_at LIMIT 1 OFFSET 20`;
    const filters = [
      { from: '2025-11-01T00:00:00Z', to: '2025-12-01T00:00:00Z' },
      { from: '2025-10-01T00:00:00+01:00', to: '2026-10-01T00:00:00+01:00' },
      { from: '2025-09-17T13:17:00Z', to: '2026-02-02T05:00:00Z' },
      { from: '2024-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
      // A period that begins as one stay begins and another as it ends.
      { from: edge!.started_at.toISOString(), to: '2026-03-01T00:00:00Z' },
      { from: edge!.ended_at.toISOString(), to: '2026-03-01T00:00:00Z' },
      { from: '2025-10-01T00:00:00+01:00', to: '2026-10-01T00:00:00+01:00', team: 'localities' as const },
      { from: '2025-10-01T00:00:00+01:00', to: '2026-10-01T00:00:00+01:00', model: 'intensive' as const },
    ];
    let occupied = 0;
    for (const filter of filters) {
      const rows = await occupancy.compute(sql, filter, settings);
      const plain = await plainOccupancy(filter);
      expect(rows.map(({ month, scheme }) => `${month} ${scheme}`)).toEqual(plain.map(({ month, scheme }) => `${month} ${scheme}`));
      // Both rounded to the hundredth, from sums made in different orders.
      rows.forEach((row, index) => expect(Math.abs(Number(row.occupiedDays) - plain[index]!.occupiedDays)).toBeLessThanOrEqual(0.01));
      occupied += rows.reduce((sum, row) => sum + Number(row.occupiedDays), 0);
    }
    expect(occupied).toBeGreaterThan(1_000); // the generated stays are there to be counted
  });
});
