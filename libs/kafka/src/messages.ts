import type { Message } from 'kafkajs';
import type { PathwayEventEnvelope } from '@sarp/events';

/** Headers carried beside the JSON body so consumers can route without parsing it. */
export const EVENT_HEADERS = {
  eventId: 'sarp-event-id',
  eventType: 'sarp-event-type',
  schemaVersion: 'sarp-schema-version',
  deadLetterReason: 'sarp-dead-letter-reason',
} as const;

/** Keyed by pathway id: one partition holds one pathway's events, in order. */
export function toKafkaMessage(event: PathwayEventEnvelope): Message {
  return {
    key: event.pathwayId,
    value: JSON.stringify(event),
    headers: {
      [EVENT_HEADERS.eventId]: event.eventId,
      [EVENT_HEADERS.eventType]: event.type,
      [EVENT_HEADERS.schemaVersion]: String(event.schemaVersion),
    },
  };
}
