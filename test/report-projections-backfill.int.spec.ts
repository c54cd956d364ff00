/**
 * The figures' projections added by issue 15 (when each deadline was set; one row per placement stay) are
 * filled for a database that already holds events by their migrations' own SQL. That backfill must give
 * exactly the rows the projector writes for the same events, or a council upgrading would get different
 * figures for past periods than a fresh rebuild.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSql, projectPathwayEvents, type Sql } from '@sarp/db';
import { generatePathways } from './support/pathway-script';
import { isolatedTestConfig } from './support/sarp-harness';

let sql: Sql;

beforeAll(async () => {
  sql = createSql((await isolatedTestConfig('report_backfill')).database);
}, 120_000);

afterAll(async () => {
  await sql?.end();
});

/** The Up part of a migration file. */
function upMigration(file: string): string {
  const text = readFileSync(resolve(__dirname, '../libs/db/migrations', file), 'utf8');
  return text.slice(0, text.indexOf('-- Down Migration'));
}

const stays = () => sql`SELECT * FROM placement_stays ORDER BY event_id`;
const deadlines = () => sql`SELECT pathway_id, deadline_id, set_at FROM pathway_deadlines ORDER BY pathway_id, deadline_id`;

it('gives the rows the projector writes, when run on events already projected', async () => {
  const scripts = generatePathways(60, { from: '2026-01-05T09:00:00Z', days: 60, idPrefix: 'P-BACKFILL' });
  // Placements that end by a move-on (closing the pathway) and by a step-down's next placement, and some still open.
  const events = scripts.flatMap((script) => script.events);
  for (let start = 0; start < events.length; start += 200) {
    await projectPathwayEvents(
      sql,
      events.slice(start, start + 200).map((event, index) => ({
        event,
        position: { consumerGroup: 'backfill-spec', topic: 'sarp.pathway-events.v1', partition: 0, offset: String(start + index) },
      })),
    );
  }
  const projectedStays = await stays();
  const projectedDeadlines = await deadlines();
  expect(projectedStays.length).toBeGreaterThan(10);
  expect(projectedStays.some((stay) => stay.weekly_funding !== null)).toBe(true);
  expect(projectedStays.some((stay) => stay.ended_at !== null)).toBe(true);
  expect(projectedStays.some((stay) => stay.ended_at === null)).toBe(true);

  // As the database stood before the two migrations, then the migrations' own SQL.
  await sql.begin(async (tx) => {
    await tx`DROP TABLE placement_stays`;
    await tx`ALTER TABLE pathway_deadlines DROP COLUMN set_at`;
    await tx`DROP INDEX pathway_deadlines_due_idx`;
    await tx.unsafe(upMigration('1764129600000_deadline-set-at.sql'));
    await tx.unsafe(upMigration('1764133200000_placement-stays.sql'));
  });
  expect(await stays()).toEqual(projectedStays);
  expect(await deadlines()).toEqual(projectedDeadlines);
});
