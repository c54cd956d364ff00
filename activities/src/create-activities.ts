import { ApplicationFailure } from '@temporalio/activity';
import { EventSchemaError, parsePathwayEvent, type PathwayEventEnvelope } from '@sarp/events';
import { toKafkaMessage } from '@sarp/kafka';
import type { Producer } from 'kafkajs';

export interface ActivityDependencies {
  /** A connected idempotent producer (see `createEventProducer`). */
  producer: Pick<Producer, 'send'>;
  pathwayEventsTopic: string;
}

export function createActivities({ producer, pathwayEventsTopic }: ActivityDependencies) {
  return {
    /**
     * Publishes a pathway's events, in order, to the pathway-events topic.
     *
     * Idempotency key: each event's deterministic id. A retried activity may
     * publish an event again; the projector's unique event id makes that
     * harmless. A schema violation is permanent, so it is not retried.
     */
    async publishPathwayEvents(events: PathwayEventEnvelope[]): Promise<void> {
      let validated: PathwayEventEnvelope[];
      try {
        validated = events.map((event) => parsePathwayEvent(event));
      } catch (error) {
        if (error instanceof EventSchemaError) {
          throw ApplicationFailure.nonRetryable(error.message, 'EventSchemaError');
        }
        throw error;
      }
      await producer.send({ topic: pathwayEventsTopic, acks: -1, messages: validated.map(toKafkaMessage) });
    },
  };
}

export type PathwayActivities = ReturnType<typeof createActivities>;
