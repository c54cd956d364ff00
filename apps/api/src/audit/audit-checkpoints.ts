import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { SarpConfig } from '@sarp/config';
import { accessSealText, sealedAccessRows, type AuditKeyring, type CheckpointedHead, type Sql } from '@sarp/db';
import { createKafka } from '@sarp/kafka';
import type { Admin, Consumer, Producer } from 'kafkajs';
import { DependencyUnavailableProblem } from '../problems/problem-details';
import { AUDIT_KEYRING, SARP_CONFIG, SQL } from '../infrastructure/tokens';
import {
  accessSegmentDigest,
  CHECKPOINT_TYPE,
  checkpointParts,
  partSignatureHolds,
  rootOf,
  type AccessLogSegment,
  type CheckpointPart,
} from './checkpoint-format';

/** How long a verify waits to have read every checkpoint published so far. */
const READ_THROUGH_TIMEOUT_MS = 15_000;
/**
 * Access-log rows younger than this are left to the next checkpoint: a row numbered before the newest one may
 * still be committing (ids are handed out at insert), and a segment must never skip a row it will later hold.
 */
const ACCESS_LOG_SETTLE_MS = 30_000;

export interface CheckpointTaken {
  checkpointId: string | null;
  pathwaysMoved: number;
  accessLogRows: number;
  /** Pathways whose stored head is behind, or differs from, its checkpoint: not checkpointed again (see verify). */
  headsNotFollowing: number;
}

export interface AccessLogVerification {
  verified: boolean;
  rowsChecked: number;
  /** Rows from before sealing (issue 16), which prove nothing about themselves. */
  unsealedRows: number;
  segmentsChecked: number;
  firstBroken: { id: string | null; reason: string } | null;
}

/**
 * Tamper evidence anchored outside the database (issue 16; docs/audit.md). Publishes, every
 * SARP_AUDIT_CHECKPOINT_INTERVAL_MS, a signed checkpoint of every pathway's head and of the access log to a
 * Kafka topic kept forever, where the database's roles cannot reach; and reads that topic back, so that
 * `verify` compares what the database holds with what it held when each checkpoint was taken. Whoever can
 * write the database can rewrite a history and even its links (if they stole the key), but not the
 * checkpoints already published: a rewritten or shortened history no longer meets them.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private readonly kafka;
  private readonly heads = new Map<string, CheckpointedHead>();
  private readonly segments: (AccessLogSegment & { takenAt: string })[] = [];
  private latestRoot?: { checkpointId: string; takenAt: string; root: string };
  /** Parts read whose signature did not hold (forged, or signed with a key this server lacks): ignored. */
  rejectedParts = 0;
  private nextOffset = 0n;
  private consumer?: Consumer;
  private admin?: Admin;
  private producer?: Producer;
  private reading?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private taking: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(SARP_CONFIG) private readonly config: SarpConfig,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(AUDIT_KEYRING) private readonly keyring: AuditKeyring,
  ) {
    this.kafka = createKafka({ ...config.kafka, clientId: `${config.kafka.clientId}-audit-checkpoints` });
  }

  onApplicationBootstrap(): void {
    const every = this.config.audit.checkpointIntervalMs;
    if (every > 0) {
      this.timer = setInterval(() => {
        this.takeCheckpoint().catch((error: unknown) =>
          this.logger.warn(`checkpoint not taken: ${error instanceof Error ? error.message : 'unknown error'}`),
        );
      }, every);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.taking.catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** The latest checkpoint of a pathway's head, once every checkpoint published so far has been read. */
  async checkpointedHead(pathwayId: string): Promise<CheckpointedHead | undefined> {
    await this.readThrough();
    return this.heads.get(pathwayId);
  }

  /**
   * Takes a checkpoint now: the heads of the pathways that moved since the last one, the access log's rows
   * since the last segment (those older than `accessLogSettleMs`), and the root. Nothing is published when
   * nothing moved. One at a time per process.
   */
  takeCheckpoint(options: { accessLogSettleMs?: number } = {}): Promise<CheckpointTaken> {
    const next = this.taking.catch(() => undefined).then(() => this.checkpointNow(options.accessLogSettleMs ?? ACCESS_LOG_SETTLE_MS));
    this.taking = next;
    return next;
  }

  private async checkpointNow(settleMs: number): Promise<CheckpointTaken> {
    await this.readThrough();
    const stored = await this.sql<{ pathway_id: string; sequence: number; chain_hash: string }[]>`
      SELECT p.pathway_id, p.last_sequence AS sequence, e.chain_hash
      FROM pathways p JOIN event_log e ON e.pathway_id = p.pathway_id AND e.sequence = p.last_sequence`;
    const moved: [string, number, string][] = [];
    let headsNotFollowing = 0;
    for (const row of stored) {
      const known = this.heads.get(row.pathway_id);
      if (!known || row.sequence > known.sequence) moved.push([row.pathway_id, row.sequence, row.chain_hash]);
      else if (row.sequence < known.sequence || row.chain_hash !== known.chainHash) headsNotFollowing++;
    }
    // Pathway ids only, never who they are about: the count goes to the log, the ids to `verify`.
    if (headsNotFollowing > 0) this.logger.warn(`${headsNotFollowing} pathway(s) no longer follow their checkpoint: run verify on them`);

    const previous = this.segments.at(-1);
    const afterId = previous?.throughId ?? '0';
    const accessRows = await this.sql<{ id: string; seal: string | null }[]>`
      SELECT id::text AS id, seal FROM access_log
      WHERE id > ${afterId}::bigint AND accessed_at < ${new Date(Date.now() - settleMs)}
      ORDER BY access_log.id`;
    const accessLog: AccessLogSegment | undefined = accessRows.length
      ? {
          afterId,
          throughId: accessRows.at(-1)!.id,
          rows: accessRows.length,
          digest: accessSegmentDigest(this.keyring, previous?.digest ?? '', accessRows),
        }
      : undefined;
    if (moved.length === 0 && !accessLog) return { checkpointId: null, pathwaysMoved: 0, accessLogRows: 0, headsNotFollowing };

    const checkpoint = { checkpointId: randomUUID(), takenAt: new Date().toISOString() };
    const after = new Map(this.heads);
    for (const [pathwayId, sequence, chainHash] of moved) after.set(pathwayId, { ...checkpoint, sequence, chainHash });
    const parts = checkpointParts(this.keyring, checkpoint, moved, accessLog, rootOf(this.keyring, after));
    const producer = await this.connectedProducer();
    await producer.send({
      topic: this.config.audit.checkpointsTopic,
      acks: -1,
      messages: parts.map((part) => ({ key: 'checkpoint', value: JSON.stringify(part) })),
    });
    await this.readThrough();
    return { checkpointId: checkpoint.checkpointId, pathwaysMoved: moved.length, accessLogRows: accessRows.length, headsNotFollowing };
  }

  /**
   * Checks every access-log row's seal, and every checkpointed segment's digest against the rows stored in
   * its range: a row changed is caught by its seal, a row removed (or added) in a checkpointed range by the
   * segment's digest.
   */
  async verifyAccessLog(): Promise<AccessLogVerification> {
    await this.readThrough();
    const rows = await sealedAccessRows(this.sql);
    const outcome = (firstBroken: AccessLogVerification['firstBroken'], unsealedRows: number, segmentsChecked: number) => ({
      verified: firstBroken === null,
      rowsChecked: rows.length,
      unsealedRows,
      segmentsChecked,
      firstBroken,
    });
    let unsealed = 0;
    for (const row of rows) {
      if (row.seal === null || row.sealKeyId === null) {
        unsealed++;
        continue;
      }
      const check = this.keyring.check(row.sealKeyId, accessSealText(row.record), row.seal);
      if (check !== 'valid') {
        const reason =
          check === 'unknown-key'
            ? `sealed with audit key "${row.sealKeyId}", which this server does not hold`
            : 'the row does not match its seal: it was changed after it was written';
        return outcome({ id: row.id, reason }, unsealed, 0);
      }
    }
    let previousDigest = '';
    for (const [index, segment] of this.segments.entries()) {
      const inRange = rows.filter((row) => BigInt(row.id) > BigInt(segment.afterId) && BigInt(row.id) <= BigInt(segment.throughId));
      if (accessSegmentDigest(this.keyring, previousDigest, inRange) !== segment.digest) {
        return outcome(
          {
            id: null,
            reason: `rows ${segment.afterId}–${segment.throughId} are not what the checkpoint of ${segment.takenAt} holds (${segment.rows} rows then, ${inRange.length} now): rows were removed, added or renumbered`,
          },
          unsealed,
          index,
        );
      }
      previousDigest = segment.digest;
    }
    return outcome(null, unsealed, this.segments.length);
  }

  /** Whether the latest root matches every head read (false: a part of a checkpoint is missing). */
  async rootHolds(): Promise<boolean | null> {
    await this.readThrough();
    return this.latestRoot ? rootOf(this.keyring, this.heads) === this.latestRoot.root : null;
  }

  /** Waits until every checkpoint published before this call has been read (503 when Kafka cannot be read). */
  private async readThrough(): Promise<void> {
    try {
      const admin = await this.connectedAdmin();
      const partitions = await admin.fetchTopicOffsets(this.config.audit.checkpointsTopic);
      const end = BigInt(partitions.find((partition) => partition.partition === 0)?.high ?? '0');
      if (this.nextOffset >= end) return;
      this.reading ??= this.startReading();
      await this.reading;
      const deadline = Date.now() + READ_THROUGH_TIMEOUT_MS;
      while (this.nextOffset < end) {
        if (Date.now() > deadline) throw new Error('the checkpoints could not be read in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } catch (error) {
      if (error instanceof DependencyUnavailableProblem) throw error;
      throw new DependencyUnavailableProblem('kafka', 'the audit checkpoints cannot be read from Kafka: verify needs them; try again');
    }
  }

  private async startReading(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: `${this.config.kafka.clientId}-audit-checkpoints-${randomUUID()}` });
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.config.audit.checkpointsTopic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message, partition }) => {
          if (partition === 0) this.apply(message.value?.toString('utf8'));
          this.nextOffset = BigInt(message.offset) + 1n;
          return Promise.resolve();
        },
      });
    } catch (error) {
      this.reading = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private apply(text: string | undefined): void {
    let part: CheckpointPart;
    try {
      part = JSON.parse(text ?? 'null') as CheckpointPart;
    } catch {
      this.rejectedParts++;
      return;
    }
    if (part?.type !== CHECKPOINT_TYPE || !Array.isArray(part.heads) || !partSignatureHolds(this.keyring, part)) {
      this.rejectedParts++;
      this.logger.warn('a message on the checkpoints topic is not a checkpoint signed with this server\'s audit keys: ignored');
      return;
    }
    for (const [pathwayId, sequence, chainHash] of part.heads) {
      const known = this.heads.get(pathwayId);
      if (!known || sequence > known.sequence) {
        this.heads.set(pathwayId, { checkpointId: part.checkpointId, takenAt: part.takenAt, sequence, chainHash });
      }
    }
    // Two API instances may checkpoint the same rows: only the segment that follows the last one counts.
    if (part.accessLog && part.accessLog.afterId === (this.segments.at(-1)?.throughId ?? '0')) {
      this.segments.push({ ...part.accessLog, takenAt: part.takenAt });
    }
    if (part.root) this.latestRoot = { checkpointId: part.checkpointId, takenAt: part.takenAt, root: part.root };
  }

  private async connectedAdmin(): Promise<Admin> {
    if (this.admin) return this.admin;
    const admin = this.kafka.admin();
    await admin.connect();
    const topic = this.config.audit.checkpointsTopic;
    if (!(await admin.listTopics()).includes(topic)) {
      // One partition keeps every checkpoint in order; kept forever, like the events (the brokers refuse auto-creation).
      await admin
        .createTopics({
          topics: [{ topic, numPartitions: 1, replicationFactor: -1, configEntries: [{ name: 'retention.ms', value: '-1' }] }],
          waitForLeaders: true,
        })
        .catch((error: unknown) => {
          if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
        });
    }
    if (this.stopped) await admin.disconnect();
    else this.admin = admin;
    return admin;
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    this.producer = producer;
    return producer;
  }
}
