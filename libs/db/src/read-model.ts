import type { Sql } from './connection';

/**
 * The tables the projector derives from Kafka and nothing else writes: they
 * can be thrown away and rebuilt from offset 0. Parents before children
 * (foreign keys). A new migration that adds a table must list it here or in
 * {@link NOT_DERIVED_TABLES}; a test checks that every table is in one of them.
 */
export const READ_MODEL_TABLES = [
  'event_log',
  'pathways',
  'pathway_timeline',
  'stage_changes',
  'placement_stays',
  'pathway_cases',
  'pathway_holders',
  // The figures' facts (figure-facts.ts).
  'panel_decisions',
  'panel_referral_rules',
  'pathway_outcomes',
  'funds_and_vouchers',
  'plan_versions_agreed',
  'plan_copies_given',
  'unit_offers',
  'pathway_feedback',
  'pathway_deadlines',
  'escalations',
  'panel_tasks',
  'panel_task_comments',
  'safeguarding_referrals',
  'refused_attempts',
  'dead_letters',
  'projector_positions',
] as const;

/**
 * Tables that are not derived from the event topics, and so are never rebuilt:
 * unit reservations are the write side's own guard (written by activities),
 * the access log records reads as they happen, and the migrations table is
 * node-pg-migrate's.
 */
export const NOT_DERIVED_TABLES = [
  'unit_allocations',
  'access_log',
  'schema_migrations',
  // The accommodation catalogue's write side: its events are the record, not derived from Kafka (docs/architecture.md).
  'accommodation_events',
  'accommodation_schemes',
  'accommodation_units',
  'waiting_list_entries',
  // Feedback about the service tied to no pathway: recorded by the API, the record itself (issue 12).
  'service_feedback',
  // Subject access requests: written by their workflows, their events are the record (docs/architecture.md).
  'subject_access_events',
  'subject_access_requests',
] as const;

/**
 * Columns that say when a row was written rather than what it says: they
 * differ between a live table and its rebuild and stay out of the digest.
 * (`dead_letters.id` is a serial number in arrival order.)
 */
const UNDERIVED_COLUMNS: Partial<Record<(typeof READ_MODEL_TABLES)[number], string[]>> = {
  event_log: ['recorded_at'],
  dead_letters: ['id', 'recorded_at'],
  projector_positions: ['updated_at'],
};

export interface TableDigest {
  rows: number;
  /**
   * The rows' content as a multiset (without the columns above): the sums of the first and second 64 bits of each
   * row's sha256, so equal tables give equal digests whatever the rows' order, and no sort is needed.
   */
  hash: string;
}

export type ReadModelDigest = Record<(typeof READ_MODEL_TABLES)[number], TableDigest>;

/**
 * A digest of every read-model table in `schema`: equal digests mean equal
 * content. Positions count only for `consumerGroup`, the group whose read
 * model this is (other groups may have written theirs to the same table).
 *
 * Each row is read as its record's text, its columns in name order (so a column added by a later migration
 * sits where it would in a fresh table), and hashed; the hashes are added up rather than sorted and chained:
 * to_jsonb and a sort of every row's text took most of a rebuild's comparison (issue 15). Compare digests
 * taken by connections with the same settings (time zone, date style), as the rebuild and the tests do.
 */
export async function readModelDigest(sql: Sql, schema: string, consumerGroup: string): Promise<ReadModelDigest> {
  const columnRows = await sql<{ table_name: string; columns: string[] }[]>`
    SELECT table_name, array_agg(column_name::text ORDER BY column_name) AS columns FROM information_schema.columns
    WHERE table_schema = ${schema} AND table_name IN ${sql(READ_MODEL_TABLES as unknown as string[])}
    GROUP BY table_name`;
  const columnsOf = new Map(columnRows.map((row) => [row.table_name, row.columns]));
  const digest = {} as ReadModelDigest;
  for (const table of READ_MODEL_TABLES) {
    const underived = UNDERIVED_COLUMNS[table] ?? [];
    const columns = (columnsOf.get(table) ?? []).filter((column) => !underived.includes(column));
    if (columns.length === 0) throw new Error(`no table ${schema}.${table} to digest`);
    const onlyThisGroup = table === 'projector_positions' ? sql`WHERE t.consumer_group = ${consumerGroup}` : sql``;
    const [row] = await sql<{ rows: number; first: string; second: string }[]>`
      SELECT count(*)::int AS rows,
        coalesce(sum(('x' || encode(substring(h FROM 1 FOR 8), 'hex'))::bit(64)::bigint::numeric), 0)::text AS first,
        coalesce(sum(('x' || encode(substring(h FROM 9 FOR 8), 'hex'))::bit(64)::bigint::numeric), 0)::text AS second
      FROM (SELECT sha256(convert_to(ROW(${sql(columns.map((column) => `t.${column}`))})::text, 'UTF8')) AS h
            FROM ${sql(schema)}.${sql(table)} t ${onlyThisGroup}) r`;
    digest[table] = { rows: row?.rows ?? 0, hash: `${row?.first ?? 0}:${row?.second ?? 0}` };
  }
  return digest;
}

/** The tables whose digests differ, in table order. */
export function differingTables(a: ReadModelDigest, b: ReadModelDigest): string[] {
  return READ_MODEL_TABLES.filter((table) => a[table].hash !== b[table].hash || a[table].rows !== b[table].rows);
}

/** Where a consumer group has got to in each partition: `topic/partition` → next offset. */
export async function projectorPositions(sql: Sql, schema: string, consumerGroup: string): Promise<Map<string, bigint>> {
  const rows = await sql<{ topic: string; partition: number; next_offset: string }[]>`
    SELECT topic, partition, next_offset FROM ${sql(schema)}.projector_positions WHERE consumer_group = ${consumerGroup}`;
  return new Map(rows.map((row) => [`${row.topic}/${row.partition}`, BigInt(row.next_offset)]));
}

/**
 * Inside `tx`: blocks writes to the live read-model tables (reads go on), so
 * that their content holds still until the transaction ends. Call it first.
 */
export async function holdLiveReadModel(tx: Sql): Promise<void> {
  await tx.unsafe(`LOCK TABLE ${READ_MODEL_TABLES.map((table) => `public.${table}`).join(', ')} IN EXCLUSIVE MODE`);
}

/**
 * Inside `tx` (after {@link holdLiveReadModel}): moves the live read-model
 * tables into `retiredSchema` and the rebuilt ones from `rebuiltSchema` into
 * `public`. Indexes, constraints and owned sequences move with their tables;
 * queries waiting on the old tables find the new ones when the transaction
 * commits (PostgreSQL looks names up again after waiting for a lock, and
 * re-plans prepared statements when a table they use changes).
 */
export async function swapReadModel(tx: Sql, rebuiltSchema: string, retiredSchema: string): Promise<void> {
  await tx`CREATE SCHEMA ${tx(retiredSchema)}`;
  for (const table of READ_MODEL_TABLES) await tx`ALTER TABLE public.${tx(table)} SET SCHEMA ${tx(retiredSchema)}`;
  for (const table of READ_MODEL_TABLES) await tx`ALTER TABLE ${tx(rebuiltSchema)}.${tx(table)} SET SCHEMA public`;
}
