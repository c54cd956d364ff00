/**
 * Kafka plumbing shared by the worker (producer) and the API (projector):
 * one way to build a client, the topics SARP needs, and the message shape of
 * a pathway event on the wire.
 */
export { createKafka, createEventProducer, kafkaLogCreator } from './client';
export { ensurePathwayTopics, pathwayTopicSpecs } from './topics';
export { toKafkaMessage, EVENT_HEADERS } from './messages';
export { CoalescingSender } from './coalescing-sender';
export { RenewingProducer } from './renewing-producer';
