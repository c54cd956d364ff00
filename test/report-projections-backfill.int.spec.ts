/**
 * The figures' projections added by issue 15 (when each deadline was set; one row per placement stay; each
 * case's acceptance and closure, and who held it when; when each stage was left; the figure facts of
 * libs/db/src/figure-facts.ts) are
 * filled for a database that already holds events by their migrations' own SQL. That backfill must give
 * exactly the rows the projector writes for the same events, or a council upgrading would get different
 * figures for past periods than a fresh rebuild.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSql, FIGURE_FACT_TABLES, projectPathwayEvents, type Sql } from '@sarp/db';
import { assessmentCommand, generatePathways, PathwayScript } from './support/pathway-script';
import { isolatedTestConfig } from './support/sarp-harness';

let sql: Sql;

beforeAll(async () => {
  // The tables' owner: the test drops and re-creates the projections as a migration does.
  const { database } = await isolatedTestConfig('report_backfill');
  sql = createSql({ ...database, url: database.migrationUrl! });
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
const cases = () => sql`SELECT * FROM pathway_cases ORDER BY pathway_id`;
const holders = () => sql`SELECT * FROM pathway_holders ORDER BY event_id`;
const stageChanges = () => sql`SELECT * FROM stage_changes ORDER BY event_id`;
/** Every figure-fact table's rows, in a fixed order. */
const figureFacts = async () =>
  Object.fromEntries(
    await Promise.all(
      Object.keys(FIGURE_FACT_TABLES).map(
        async (table) => [table, await sql`SELECT * FROM ${sql(table)} ORDER BY event_id, 1, 2`] as const,
      ),
    ),
  );

/** A case whose worker is covered and whose assessment moves it to another team. */
function handedOver(): PathwayScript {
  const assessment = assessmentCommand('transitional', 'low', 300) as Extract<
    ReturnType<typeof assessmentCommand>,
    { type: 'CompleteAssessment' }
  >;
  return new PathwayScript('P-BACKFILL-HANDED-OVER')
    .referral('2026-01-05T09:00:00Z', 'standard', 'localities')
    .at('2026-01-05T10:00:00Z', { type: 'TriageReferral', outcome: 'accept', urgency: 'standard', reason: null, redirectedTo: null })
    .at('2026-01-06T09:00:00Z', { type: 'AssignAssessor', assessorId: 'assessor-first' })
    .at('2026-01-07T09:00:00Z', { type: 'ReassignWorker', assessorId: 'assessor-cover', reason: 'leave', temporary: true })
    .at(
      '2026-01-09T09:00:00Z',
      { ...assessment, assessment: { ...assessment.assessment, team: 'adult_mental_health' } },
      { userId: 'assessor-cover', role: 'assessor' },
    );
}

/** A placed case given food vouchers and a copy of its plan, that complains and later compliments. */
function withFeedbackAndCopies(): PathwayScript {
  const worker = { userId: 'assessor-kit', role: 'assessor' } as const;
  return new PathwayScript('P-BACKFILL-FEEDBACK')
    .referral('2026-01-05T09:00:00Z', 'standard', 'localities')
    .at('2026-01-05T10:00:00Z', { type: 'TriageReferral', outcome: 'accept', urgency: 'standard', reason: null, redirectedTo: null })
    .at('2026-01-06T09:00:00Z', { type: 'AssignAssessor', assessorId: worker.userId })
    .at('2026-01-08T09:00:00Z', assessmentCommand('transitional', 'low', 300), worker)
    .at('2026-01-09T09:00:00Z', {
      type: 'RecordPlanCopy',
      planVersion: 1,
      given: true,
      givenOn: '2026-01-09',
      how: 'in_person',
      reasonNotGiven: null,
    })
    .at('2026-01-10T09:00:00Z', {
      type: 'RecordFoodVoucher',
      voucher: { approximateValuePence: 2_500, issuedOn: '2026-01-10', workerId: null },
    })
    .at('2026-01-11T09:00:00Z', {
      type: 'RecordFeedback',
      feedback: { kind: 'complaint', receivedOn: '2026-01-11', about: 'waiting_time', summary: 'Slow to hear back', channel: 'phone' },
    })
    .at('2026-01-12T09:00:00Z', {
      type: 'RecordFeedback',
      feedback: { kind: 'compliment', receivedOn: '2026-01-12', about: 'staff', summary: 'Kind and clear' },
    });
}

it('gives the rows the projector writes, when run on events already projected', async () => {
  const handedOverCase = handedOver();
  const scripts = [
    ...generatePathways(60, { from: '2026-01-05T09:00:00Z', days: 60, idPrefix: 'P-BACKFILL' }),
    handedOverCase,
    withFeedbackAndCopies(),
  ];
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
  expect(projectedStays.every((stay) => stay.approved_at !== null && stay.urgency !== null)).toBe(true);
  expect(projectedStays.some((stay) => stay.team !== null)).toBe(true);
  const projectedCases = await cases();
  const projectedHolders = await holders();
  const projectedStageChanges = await stageChanges();
  expect(projectedStageChanges.some((row) => row.left_at !== null)).toBe(true);
  expect(projectedCases.some((row) => row.accepted_at !== null && row.closed_at !== null)).toBe(true);
  expect(projectedCases.some((row) => row.accepted_at === null && row.closed_outcome === 'declined')).toBe(true);
  expect(projectedCases.every((row) => row.referred_at !== null && row.referral_urgency !== null)).toBe(true);
  expect(projectedCases).toHaveLength(scripts.length);
  const projectedFacts = await figureFacts();
  // Every kind of fact is there to compare, and every panel decision knows when its case was referred.
  for (const [table, rows] of Object.entries(projectedFacts)) expect({ table, some: rows.length > 0 }).toEqual({ table, some: true });
  expect(projectedFacts.panel_decisions!.every((row) => row.referred_at !== null)).toBe(true);
  expect(new Set(projectedFacts.pathway_outcomes!.map((row) => row.kind))).toEqual(new Set(['step-down planned', 'moved on', 'closed']));
  expect(new Set(projectedFacts.funds_and_vouchers!.map((row) => row.type))).toEqual(
    new Set(['discretionary_housing_payment', 'food_vouchers']),
  );
  expect(projectedFacts.pathway_feedback!.map((row) => [row.kind, row.channel])).toEqual(
    expect.arrayContaining([
      ['complaint', 'phone'],
      ['compliment', null],
    ]),
  );
  // The handed-over case: two workers and two teams, each but the last ended by the next.
  const ofHandedOver = projectedHolders.filter((row) => row.pathway_id === handedOverCase.pathwayId);
  expect(ofHandedOver.map((row) => [row.holds, row.holder, row.held_until === null])).toEqual(
    expect.arrayContaining([
      ['team', 'localities', false],
      ['team', 'adult_mental_health', true],
      ['worker', 'assessor-first', false],
      ['worker', 'assessor-cover', true],
    ]),
  );
  expect(ofHandedOver).toHaveLength(4);

  // As the database stood before the migrations, then the migrations' own SQL.
  await sql.begin(async (tx) => {
    for (const table of Object.keys(FIGURE_FACT_TABLES)) await tx`DROP TABLE ${tx(table)}`;
    await tx`DROP TABLE pathway_holders`;
    await tx`ALTER TABLE stage_changes DROP COLUMN left_at`;
    await tx`DROP TABLE pathway_cases`;
    await tx`DROP TABLE placement_stays`;
    // Its index on due_at (pathway_deadlines_compliance_idx) includes set_at, and goes with it.
    await tx`ALTER TABLE pathway_deadlines DROP COLUMN set_at`;
    await tx.unsafe(upMigration('1764129600000_deadline-set-at.sql'));
    await tx.unsafe(upMigration('1764133200000_placement-stays.sql'));
    await tx.unsafe(upMigration('1764136800000_cases-holders-and-stage-exits.sql'));
    await tx.unsafe(upMigration('1764140400000_placement-waits.sql'));
    await tx.unsafe(upMigration('1764144000000_referrals-on-cases.sql'));
    await tx.unsafe(upMigration('1764151200000_figure-facts.sql'));
    await tx.unsafe(upMigration('1764154800000_placement-stay-ends.sql'));
    await tx.unsafe(upMigration('1764158400000_deadline-compliance-index.sql'));
  });
  expect(await figureFacts()).toEqual(projectedFacts);
  expect(await stays()).toEqual(projectedStays);
  expect(await deadlines()).toEqual(projectedDeadlines);
  expect(await cases()).toEqual(projectedCases);
  expect(await holders()).toEqual(projectedHolders);
  expect(await stageChanges()).toEqual(projectedStageChanges);
});
