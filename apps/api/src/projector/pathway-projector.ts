import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { faultPoint, type SarpConfig } from '@sarp/config';
import { AuditKeyring, type KafkaPosition, type Sql } from '@sarp/db';
import { createEventProducer, createKafka, EVENT_HEADERS } from '@sarp/kafka';
import type { Consumer, KafkaMessage, Producer } from 'kafkajs';
import { SARP_CONFIG, SQL } from '../infrastructure/tokens';
import { PARTITIONS_AT_ONCE, ReadModelWriter, type ProjectorStats } from './read-model-writer';

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
  private readonly writer: ReadModelWriter;
  private consumer?: Consumer;
  private deadLetterProducer?: Producer;
  private starting?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(SARP_CONFIG) private readonly config: SarpConfig,
    @Inject(SQL) sql: Sql,
  ) {
    this.writer = new ReadModelWriter(sql, {
      pathwayEventsTopic: config.kafka.pathwayEventsTopic,
      refusedCommandsTopic: config.kafka.refusedCommandsTopic,
      consumerGroup: config.kafka.projectorGroupId,
      keyring: new AuditKeyring(config.audit.keys),
      publishDeadLetter: (message, position, reason) => this.publishDeadLetter(message, position, reason),
    });
  }

  get stats(): ProjectorStats {
    return this.writer.stats;
  }

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
    const consumer = kafka.consumer({ groupId: this.config.kafka.projectorGroupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({
      topics: [this.config.kafka.pathwayEventsTopic, this.config.kafka.refusedCommandsTopic],
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      eachBatch: async (payload) => {
        const next = await this.writer.projectBatch(payload);
        // The fault-injection suite kills the process here: projected, offset not yet committed.
        if (next !== undefined) faultPoint('after-projection-commit', this.config.faultPoint);
        if (next !== undefined)
          await consumer.commitOffsets([{ topic: payload.batch.topic, partition: payload.batch.partition, offset: next }]);
      },
    });
    this.logger.log(`projecting ${this.config.kafka.pathwayEventsTopic} as group ${this.config.kafka.projectorGroupId}`);
  }

  private async publishDeadLetter(message: KafkaMessage, position: KafkaPosition, reason: string): Promise<void> {
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
  }
}
