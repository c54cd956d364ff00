import type { SarpConfig } from '@sarp/config';
import {
  AuditKeyring,
  createSql,
  differingTables,
  holdLiveReadModel,
  migrateDatabase,
  projectorPositions,
  readModelDigest,
  swapReadModel,
  type ReadModelDigest,
  type Sql,
} from '@sarp/db';
import { createKafka } from '@sarp/kafka';
import type { Admin, Consumer } from 'kafkajs';
import { PARTITIONS_AT_ONCE, ReadModelWriter, type ProjectorStats } from './read-model-writer';

export interface RebuildOptions {
  /** Build and compare only; the live read model stays as it is. */
  checkOnly?: boolean;
  /** Drop the old tables after the switch instead of keeping them in the retired schema. */
  dropRetired?: boolean;
  /** Give up when the rebuild has not caught up by then (default 30 minutes). */
  timeoutMs?: number;
  /** How long to wait for the live projector to reach the rebuild's position before switching anyway (default 60 s). */
  liveCatchUpMs?: number;
  log?: (message: string) => void;
}

export interface RebuildReport {
  rebuiltSchema: string;
  /** Where the old tables went (absent when dropped, or when nothing was switched). */
  retiredSchema?: string;
  switched: boolean;
  /** Where the rebuild stopped reading, per `topic/partition`: the next offset. */
  positions: Record<string, string>;
  stats: ProjectorStats;
  /** The live projector had not reached the rebuild's position when the digests were taken (it was stopped or lagging). */
  liveWasBehind: boolean;
  live: ReadModelDigest;
  rebuilt: ReadModelDigest;
  /** Tables whose content differs; empty when the rebuild reproduces the live read model exactly. */
  differingTables: string[];
  durationMs: number;
  /** Where that time went: making the fresh tables, applying the events (first batch to last), and the rest (joining the group, catching up with the live projector, the digests, the switch). */
  phasesMs: { creatingTables: number; applying: number; other: number };
}

/**
 * Events per transaction in a rebuild: four times the live projector's, as nobody waits on a rebuild's events
 * one by one; fewer, larger transactions spend less on statements and commits per event.
 */
const REBUILD_EVENTS_PER_TRANSACTION = 2_000;

/** Only one rebuild at a time per database. */
const REBUILD_LOCK = 'sarp-read-model-rebuild';
const REBUILD_SCHEMA_PREFIX = 'read_model_rebuild_';

class LiveMovedOn extends Error {}

/**
 * Rebuilds the whole read model from offset 0 of the event topics into fresh
 * tables and switches over without downtime.
 *
 * 1. The same migrations that made `public` make a new schema.
 * 2. A consumer group of its own reads both event topics from the beginning
 *    and folds them with the live projector's own code into the new tables,
 *    recording positions under the live group's name.
 * 3. Once it has reached what the topics held when it began and what the
 *    live projector has applied, it holds still, and the live projector (if
 *    running) is given time to reach the same position.
 * 4. In one transaction: the live tables are locked against writes (reads go
 *    on), both models' digests are taken, and the new tables replace the old.
 *    The API keeps answering throughout; a read during the swap waits a
 *    moment and then sees the new tables. The live projector carries on from
 *    its own Kafka offsets; events the rebuild already applied are duplicates.
 */
export async function rebuildReadModel(config: SarpConfig, options: RebuildOptions = {}): Promise<RebuildReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const stamp = new Date(started).toISOString().replace(/\D/g, '').slice(0, 17);
  const rebuiltSchema = `${REBUILD_SCHEMA_PREFIX}${stamp}`;
  const retiredSchema = `read_model_retired_${stamp}`;
  const group = config.kafka.projectorGroupId;
  const topics = [config.kafka.pathwayEventsTopic, config.kafka.refusedCommandsTopic];

  // As the tables' owner (it creates a schema and moves tables): the app's own role may not (issue 16).
  const database = { ...config.database, url: config.database.migrationUrl ?? config.database.url };
  // No statement timeout: a rebuild copies and indexes whole tables, which may rightly take longer than any read.
  const sql = createSql({ ...database, maxConnections: 3, statementTimeoutMs: 0 });
  const lockHolder = await sql.reserve();
  let rebuildSql: Sql | undefined;
  let consumer: Consumer | undefined;
  const kafka = createKafka({ ...config.kafka, clientId: `${config.kafka.clientId}-rebuild` });
  const admin = kafka.admin();
  const rebuildGroup = `${group}-rebuild-${stamp}`;
  try {
    const [lock] = await lockHolder<{ locked: boolean }[]>`SELECT pg_try_advisory_lock(hashtext(${REBUILD_LOCK})) AS locked`;
    if (!lock?.locked) throw new Error('another read-model rebuild is running on this database');
    await dropSchemasLike(sql, REBUILD_SCHEMA_PREFIX); // left by a rebuild that died

    log(`creating fresh tables in schema ${rebuiltSchema}`);
    const creatingStarted = Date.now();
    await migrateDatabase(database.url, () => undefined, { schema: rebuiltSchema });
    const creatingTablesMs = Date.now() - creatingStarted;
    rebuildSql = createSql({ ...database, maxConnections: PARTITIONS_AT_ONCE, statementTimeoutMs: 0 }, { searchPath: rebuiltSchema });
    const writer = new ReadModelWriter(rebuildSql, {
      pathwayEventsTopic: config.kafka.pathwayEventsTopic,
      refusedCommandsTopic: config.kafka.refusedCommandsTopic,
      consumerGroup: group,
      keyring: new AuditKeyring(config.audit.keys),
      eventsPerTransaction: REBUILD_EVENTS_PER_TRANSACTION,
    });

    await admin.connect();
    const endsAtStart = await topicEnds(admin, topics);
    log(`reading ${topics.join(' and ')} from offset 0 as group ${rebuildGroup}`);
    let holding = false;
    /** The batches being applied (several partitions at once): holding waits for every one. */
    const inFlight = new Set<Promise<unknown>>();
    const applying = { firstBatchAt: 0, lastBatchAt: 0 };
    // Fetches large enough to fill a rebuild's transactions (kafkajs's default is 1 MB a partition).
    const runner = kafka.consumer({
      groupId: rebuildGroup,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 16 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
    });
    consumer = runner;
    await runner.connect();
    await runner.subscribe({ topics, fromBeginning: true });
    await runner.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      eachBatch: async (payload) => {
        applying.firstBatchAt ||= Date.now();
        const batch = writer.projectBatch(payload, () => holding);
        inFlight.add(batch);
        try {
          await batch;
        } finally {
          inFlight.delete(batch);
          applying.lastBatchAt = Date.now();
        }
      },
    });
    const hold = async () => {
      holding = true;
      runner.pause(topics.map((topic) => ({ topic })));
      await Promise.all([...inFlight].map((batch) => batch.catch(() => undefined)));
    };
    const release = () => {
      holding = false;
      runner.resume(topics.map((topic) => ({ topic })));
    };

    const deadline = started + (options.timeoutMs ?? 30 * 60_000);
    const rebuiltPositions = () => projectorPositions(rebuildSql!, rebuiltSchema, group);
    const livePositions = (db: Sql = sql) => projectorPositions(db, 'public', group);
    for (let attempt = 1; ; attempt++) {
      await waitUntil(deadline, 'the rebuild to catch up with the event topics', async () =>
        reached(await rebuiltPositions(), mergeMax(endsAtStart, await livePositions())),
      );
      await hold();
      const rebuilt = await rebuiltPositions();
      const liveCaughtUp = await waitUntil(Math.min(deadline, Date.now() + (options.liveCatchUpMs ?? 60_000)), null, async () =>
        reached(await livePositions(), rebuilt),
      );
      if (!liveCaughtUp) log('the live projector has not reached the rebuild (stopped or lagging): comparing anyway');
      try {
        const outcome = await sql.begin(async (tx) => {
          await tx`SET LOCAL lock_timeout = '5s'`;
          await holdLiveReadModel(tx as unknown as Sql);
          const live = await livePositions(tx as unknown as Sql);
          if (!reached(rebuilt, live)) throw new LiveMovedOn();
          // Side by side: the rebuilt tables hold still too (the rebuild is held), so their digest need not wait
          // for the live one inside this transaction.
          const [liveDigest, rebuiltDigest] = await Promise.all([
            readModelDigest(tx as unknown as Sql, 'public', group),
            readModelDigest(rebuildSql!, rebuiltSchema, group),
          ]);
          if (!options.checkOnly) await swapReadModel(tx as unknown as Sql, rebuiltSchema, retiredSchema);
          return { liveDigest, rebuiltDigest, liveWasBehind: !reached(live, rebuilt) };
        });
        const differing = differingTables(outcome.liveDigest, outcome.rebuiltDigest);
        log(
          options.checkOnly
            ? `compared without switching: ${differing.length === 0 ? 'identical' : `differs in ${differing.join(', ')}`}`
            : `switched to the rebuilt read model (${differing.length === 0 ? 'identical to the live one' : `differs in ${differing.join(', ')}`})`,
        );
        if (!options.checkOnly && options.dropRetired) await sql`DROP SCHEMA ${sql(retiredSchema)} CASCADE`;
        return {
          rebuiltSchema,
          ...(!options.checkOnly && !options.dropRetired ? { retiredSchema } : {}),
          switched: !options.checkOnly,
          positions: Object.fromEntries([...rebuilt].map(([key, offset]) => [key, offset.toString()])),
          stats: { ...writer.stats },
          liveWasBehind: outcome.liveWasBehind,
          live: outcome.liveDigest,
          rebuilt: outcome.rebuiltDigest,
          differingTables: differing,
          durationMs: Date.now() - started,
          phasesMs: {
            creatingTables: creatingTablesMs,
            applying: applying.lastBatchAt - applying.firstBatchAt,
            other: Date.now() - started - creatingTablesMs - (applying.lastBatchAt - applying.firstBatchAt),
          },
        };
      } catch (error) {
        const retryable = error instanceof LiveMovedOn || isLockContention(error);
        if (!retryable || attempt >= 20) throw error;
        log(`the live projector moved on while switching (attempt ${attempt}): catching up again`);
        release();
      }
    }
  } finally {
    await consumer?.disconnect().catch(() => undefined);
    await admin.deleteGroups([rebuildGroup]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await rebuildSql?.end();
    // What is left of the rebuild schema: after a switch, only the migration bookkeeping and write-side tables it made.
    await sql`DROP SCHEMA IF EXISTS ${sql(rebuiltSchema)} CASCADE`.catch(() => undefined);
    await lockHolder`SELECT pg_advisory_unlock(hashtext(${REBUILD_LOCK}))`.catch(() => undefined);
    lockHolder.release();
    await sql.end();
  }
}

/** For each partition of the topics, the offset the next message will get (partitions with no messages left out). */
async function topicEnds(admin: Admin, topics: string[]): Promise<Map<string, bigint>> {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    for (const partition of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(partition.high) > BigInt(partition.low)) ends.set(`${topic}/${partition.partition}`, BigInt(partition.high));
    }
  }
  return ends;
}

/** Whether `positions` is at or past `target` in every partition the target names. */
function reached(positions: Map<string, bigint>, target: Map<string, bigint>): boolean {
  return [...target].every(([key, offset]) => (positions.get(key) ?? 0n) >= offset);
}

function mergeMax(a: Map<string, bigint>, b: Map<string, bigint>): Map<string, bigint> {
  const merged = new Map(a);
  for (const [key, offset] of b) if (offset > (merged.get(key) ?? -1n)) merged.set(key, offset);
  return merged;
}

/**
 * Checks `condition` with backoff until it holds or `deadline` passes. With
 * `what`, running out of time is an error naming it; without, it is `false`.
 */
async function waitUntil(deadline: number, what: string | null, condition: () => Promise<boolean>): Promise<boolean> {
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    if (await condition()) return true;
    if (Date.now() >= deadline) {
      if (what) throw new Error(`gave up waiting for ${what}`);
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** lock_timeout (55P03) or a deadlock (40P01) while taking the live tables: try again. */
function isLockContention(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '55P03' || code === '40P01';
}

async function dropSchemasLike(sql: Sql, prefix: string): Promise<void> {
  const stale = await sql<{ name: string }[]>`SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, ${prefix})`;
  for (const { name } of stale) await sql`DROP SCHEMA ${sql(name)} CASCADE`;
}
