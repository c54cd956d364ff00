import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { SarpConfig } from '@sarp/config';
import {
  projectPathwayEvent,
  projectRefusedCommand,
  ProjectionConflictError,
  recordDeadLetter,
  type KafkaPosition,
  type Sql,
} from '@sarp/db';
import { CommandRefusedV1, EventSchemaError, parsePathwayEvent } from '@sarp/events';
import { createEventProducer, createKafka, EVENT_HEADERS } from '@sarp/kafka';
import type { Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import { SARP_CONFIG, SQL } from '../infrastructure/tokens';

/** Counts of what the projector did since it started: for tests and diagnostics, no personal data. */
export interface ProjectorStats {
  applied: number;
  duplicates: number;
  deadLettered: number;
}

/**
 * Folds the pathway-events topic into the PostgreSQL read model.
 *
 * A consumer group with auto-commit off: each event's read-model change and
 * the group's position are written in one transaction, and event ids are
 * unique, so at-least-once delivery has exactly-once effect. An event that
 * can never be applied (bad JSON, wrong schema, out of order) goes to the
 * dead-letter topic with its reason and does not stop the others; a
 * transient failure (database down) is thrown, and kafkajs redelivers.
 */
@Injectable()
export class PathwayProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private consumer?: Consumer;
  private deadLetterProducer?: Producer;
  private starting?: Promise<void>;
  private stopped = false;
  readonly stats: ProjectorStats = { applied: 0, duplicates: 0, deadLettered: 0 };

  constructor(
    @Inject(SARP_CONFIG) private readonly config: SarpConfig,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.api.runProjector) return;
    // Not awaited: the API serves (and /health reports Kafka down) while the projector keeps trying to connect.
    this.starting = this.startWithRetry();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    await this.consumer?.disconnect();
    await this.deadLetterProducer?.disconnect();
  }

  private async startWithRetry(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.start();
        return;
      } catch (error) {
        this.logger.warn(`cannot start yet (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}`);
        await this.consumer?.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** Math.min(attempt, 6))));
      }
    }
  }

  private async start(): Promise<void> {
    const kafka = createKafka(this.config.kafka);
    this.deadLetterProducer = createEventProducer(kafka);
    await this.deadLetterProducer.connect();
    this.consumer = kafka.consumer({ groupId: this.config.kafka.projectorGroupId, allowAutoTopicCreation: false });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [this.config.kafka.pathwayEventsTopic, this.config.kafka.refusedCommandsTopic],
      fromBeginning: true,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.projectBatch(payload),
    });
    this.logger.log(`projecting ${this.config.kafka.pathwayEventsTopic} as group ${this.config.kafka.projectorGroupId}`);
  }

  /** Long batches heartbeat as they go: kafkajs has no background heartbeat. */
  private async projectBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    let lastDone: string | undefined;
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) break;
      const position: KafkaPosition = {
        consumerGroup: this.config.kafka.projectorGroupId,
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
      };
      await this.projectMessage(message, position);
      payload.resolveOffset(message.offset);
      lastDone = message.offset;
      await payload.heartbeat();
    }
    if (lastDone !== undefined) {
      await this.consumer?.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(lastDone) + 1n).toString() }]);
    }
  }

  private async projectMessage(message: KafkaMessage, position: KafkaPosition): Promise<void> {
    if (position.topic === this.config.kafka.refusedCommandsTopic) return this.projectRefusal(message, position);
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
      const outcome = await projectPathwayEvent(this.sql, event, position);
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
    // The reason names fields and rules, never values, so it is safe to log.
    this.logger.warn(`dead-lettering ${position.topic}/${position.partition}@${position.offset} (${eventId ?? 'no event id'}): ${reason}`);
    await this.deadLetterProducer?.send({
      topic: this.config.kafka.pathwayEventsDeadLetterTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [EVENT_HEADERS.deadLetterReason]: reason,
            'sarp-source': `${position.topic}/${position.partition}@${position.offset}`,
          },
        },
      ],
    });
    await recordDeadLetter(this.sql, position, eventId, reason);
    this.stats.deadLettered++;
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return undefined;
  }
}
