import { Logger } from '@nestjs/common';
import {
  projectPathwayEvent,
  projectPathwayEvents,
  projectRefusedCommand,
  ProjectionConflictError,
  recordDeadLetter,
  type AuditKeyring,
  type EventToProject,
  type KafkaPosition,
  type Sql,
} from '@sarp/db';
import { CommandRefusedV1, EventSchemaError, parsePathwayEvent } from '@sarp/events';
import { EVENT_HEADERS } from '@sarp/kafka';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';

/** Counts of what a writer did since it started: for tests and diagnostics, no personal data. */
export interface ProjectorStats {
  applied: number;
  duplicates: number;
  deadLettered: number;
}

export interface ReadModelWriterOptions {
  pathwayEventsTopic: string;
  refusedCommandsTopic: string;
  /** The consumer group whose read model this is: positions are recorded under it. */
  consumerGroup: string;
  /** Keys the events' chain links (SARP_AUDIT_KEYS); unset, links are not keyed. */
  keyring?: AuditKeyring;
  /**
   * How many events one transaction applies at most (default 500: a live event waits for its whole
   * transaction). A rebuild, which nobody waits on event by event, applies more at once.
   */
  eventsPerTransaction?: number;
  /** Passes a message that can never be applied on to the dead-letter topic (a rebuild does not: it was sent there once already). */
  publishDeadLetter?: (message: KafkaMessage, position: KafkaPosition, reason: string) => Promise<void>;
}

/**
 * Folds Kafka messages of the event topics into the read-model tables that
 * `sql` sees: the live projector's `public` tables, or a rebuild's fresh
 * ones. Each message's change and the position are one transaction, and
 * event ids are unique, so a message delivered again changes nothing.
 */
export class ReadModelWriter {
  private readonly logger = new Logger('Projector');
  readonly stats: ProjectorStats = { applied: 0, duplicates: 0, deadLettered: 0 };

  constructor(
    private readonly sql: Sql,
    private readonly options: ReadModelWriterOptions,
  ) {}

  /**
   * One kafkajs batch. Runs of pathway events are applied together, up to
   * `eventsPerTransaction` at a time, each run in one transaction
   * (`projectPathwayEvents`); a message that is not a readable pathway event
   * (a refused command, or one to dead-letter) is handled on its own. When
   * a run holds an event that cannot be applied, nothing of the run is
   * written and it is applied again message by message, which dead-letters
   * that event and applies the others. Heartbeats after each run (kafkajs
   * has no background heartbeat). Stops early when the consumer stops or
   * `holdBack()` says so; the messages not resolved are fetched again.
   * Returns the offset to commit, if any message was done.
   */
  async projectBatch(payload: EachBatchPayload, holdBack: () => boolean = () => false): Promise<string | undefined> {
    const { batch } = payload;
    let lastDone: string | undefined;
    const positionOf = (message: KafkaMessage): KafkaPosition => ({
      consumerGroup: this.options.consumerGroup,
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
    });
    const done = async (offset: string) => {
      payload.resolveOffset(offset);
      lastDone = offset;
      await payload.heartbeat();
    };
    let run: { message: KafkaMessage; item: EventToProject }[] = [];
    const applyRun = async () => {
      if (run.length === 0) return;
      const current = run;
      run = [];
      await this.projectRun(current);
      await done(current[current.length - 1]!.message.offset);
    };
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale() || holdBack()) break;
      const position = positionOf(message);
      const event = batch.topic === this.options.pathwayEventsTopic ? readPathwayEvent(message) : undefined;
      if (event) {
        run.push({ message, item: { event, position } });
        if (run.length >= (this.options.eventsPerTransaction ?? PROJECTION_CHUNK)) await applyRun();
        continue;
      }
      await applyRun();
      await this.projectMessage(message, position);
      await done(message.offset);
    }
    if (payload.isRunning() && !payload.isStale()) await applyRun();
    return lastDone === undefined ? undefined : (BigInt(lastDone) + 1n).toString();
  }

  /** A run of readable pathway events: in one transaction, or, if one of them cannot be applied, one by one. */
  private async projectRun(run: { message: KafkaMessage; item: EventToProject }[]): Promise<void> {
    let outcomes;
    try {
      outcomes = await projectPathwayEvents(
        this.sql,
        run.map(({ item }) => item),
        this.options.keyring,
      );
    } catch (error) {
      // A database that is down is thrown (kafkajs redelivers); only an event that can never be applied is looked for.
      if (!(error instanceof ProjectionConflictError)) throw error;
      for (const { message, item } of run) await this.projectMessage(message, item.position);
      return;
    }
    for (const outcome of outcomes) {
      if (outcome === 'applied') this.stats.applied++;
      else this.stats.duplicates++;
    }
  }

  async projectMessage(message: KafkaMessage, position: KafkaPosition): Promise<void> {
    if (position.topic === this.options.refusedCommandsTopic) return this.projectRefusal(message, position);
    const eventId = message.headers?.[EVENT_HEADERS.eventId]?.toString() ?? null;
    let event;
    try {
      event = parsePathwayEvent(JSON.parse(message.value?.toString('utf8') ?? 'null'));
    } catch (error) {
      const reason =
        error instanceof EventSchemaError ? error.message : `not JSON: ${error instanceof Error ? error.message : 'unreadable'}`;
      return this.deadLetter(message, position, eventId, reason);
    }
    try {
      const outcome = await projectPathwayEvent(this.sql, event, position, this.options.keyring);
      if (outcome === 'applied') this.stats.applied++;
      else this.stats.duplicates++;
    } catch (error) {
      if (error instanceof ProjectionConflictError) return this.deadLetter(message, position, event.eventId, error.message);
      throw error;
    }
  }

  /** A refused command: recorded for auditors, outside any pathway's numbered stream. */
  private async projectRefusal(message: KafkaMessage, position: KafkaPosition): Promise<void> {
    const parsed = CommandRefusedV1.safeParse(safeJson(message.value?.toString('utf8')));
    if (!parsed.success) {
      return this.deadLetter(
        message,
        position,
        null,
        `refused-command record does not match its schema: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      );
    }
    await projectRefusedCommand(this.sql, parsed.data, position);
  }

  private async deadLetter(message: KafkaMessage, position: KafkaPosition, eventId: string | null, reason: string): Promise<void> {
    if (this.options.publishDeadLetter) {
      // The reason names fields and rules, never values, so it is safe to log.
      this.logger.warn(
        `dead-lettering ${position.topic}/${position.partition}@${position.offset} (${eventId ?? 'no event id'}): ${reason}`,
      );
      await this.options.publishDeadLetter(message, position, reason);
    }
    await recordDeadLetter(this.sql, position, eventId, reason);
    this.stats.deadLettered++;
  }
}

/** How many events one transaction of the live projector applies at most (a Kafka batch can hold thousands). */
const PROJECTION_CHUNK = 500;

/**
 * How many partitions' batches are applied at once (kafkajs `partitionsConsumedConcurrently`). A pathway's
 * events all go to one partition (keyed by pathway id), so batches of different partitions touch different
 * pathways: they can commit side by side, and one batch's parsing overlaps another's database work.
 */
export const PARTITIONS_AT_ONCE = 3;

/** The message's pathway event, or undefined when it is not one (it is then dead-lettered with the reason). */
function readPathwayEvent(message: KafkaMessage) {
  try {
    return parsePathwayEvent(JSON.parse(message.value?.toString('utf8') ?? 'null'));
  } catch {
    return undefined;
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return undefined;
  }
}
