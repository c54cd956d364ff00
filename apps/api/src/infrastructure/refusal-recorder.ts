import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { SarpConfig } from '@sarp/config';
import { CommandRefusedV1, type Actor, type CommandRefused } from '@sarp/events';
import { createEventProducer, createKafka, RenewingProducer } from '@sarp/kafka';
import { ApiProblem } from '../problems/problem-details';
import { SARP_CONFIG } from './tokens';

/** The refusals auditors must see: not allowed for the role, not allowed now, or against a rule. */
const RECORDED_STATUSES = new Set([403, 409, 422]);

/**
 * Publishes every refused command to the refused-commands topic, because
 * Temporal keeps no trace of a rejected update. The refusal is answered at
 * once and recorded beside it: a stalled broker never holds up an answer
 * (issue 13), and shutdown waits for the records still on their way. A
 * failure to record is logged (without the command's content) so
 * operations can see it.
 */
@Injectable()
export class RefusalRecorder implements OnApplicationShutdown {
  private readonly logger = new Logger('Refusals');
  /** Connected on the first refusal; replaced after a failed send. */
  private readonly producer = new RenewingProducer(() => createEventProducer(createKafka(this.config.kafka)));
  private readonly recording = new Set<Promise<void>>();

  constructor(@Inject(SARP_CONFIG) private readonly config: SarpConfig) {}

  /** Runs a command; if it is refused, records the refusal and passes it on unchanged. */
  async refusable<T>(
    attempt: { pathwayId: string | null; command: string; actor: Actor; correlationId: string },
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ApiProblem && RECORDED_STATUSES.has(error.status)) {
        this.recordInBackground({
          eventId: randomUUID(),
          type: 'CommandRefused',
          schemaVersion: 1,
          pathwayId: attempt.pathwayId,
          command: attempt.command,
          actor: attempt.actor,
          refusal: { status: error.status as 403 | 409 | 422, code: error.slug, reason: error.message.slice(0, 1000) },
          occurredAt: new Date().toISOString(),
          correlationId: attempt.correlationId,
        });
      }
      throw error;
    }
  }

  private recordInBackground(refused: CommandRefused): void {
    const recorded = this.record(refused);
    this.recording.add(recorded);
    void recorded.finally(() => this.recording.delete(recorded));
  }

  private async record(refused: CommandRefused): Promise<void> {
    try {
      await this.producer.send({
        topic: this.config.kafka.refusedCommandsTopic,
        acks: -1,
        messages: [{ key: refused.pathwayId ?? refused.actor.userId, value: JSON.stringify(CommandRefusedV1.parse(refused)) }],
      });
    } catch (error) {
      this.logger.warn(
        `could not record a refused ${refused.command} (${refused.eventId}): ${error instanceof Error ? error.message : 'unknown error'}`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.recording]);
    await this.producer.disconnect();
  }
}
