import { Kafka, logLevel, Partitioners, type KafkaConfig as KafkaJsConfig, type logCreator, type Producer, type SASLOptions } from 'kafkajs';
import type { KafkaConfig } from '@sarp/config';

/**
 * kafkajs logs every reconnect attempt at ERROR and writes to stdout on its
 * own; route it through one small logger that keeps warnings and errors and
 * never prints message payloads (they carry personal data).
 */
const TRANSIENT_BROKER_ERRORS = ['coordinator is loading', 'coordinator is not available', 'no leader for this topic-partition'];

export const kafkaLogCreator: logCreator =
  () =>
  ({ level, log }) => {
    if (level > logLevel.WARN) return;
    const { message, broker, topic, error } = log as { message?: string; broker?: string; topic?: string; error?: string };
    // Our producers retry a bounded number of times (an activity retry takes over after that); duplicates
    // this may cause are harmless because the projector de-duplicates by event id. Not worth a warning.
    if (message?.startsWith('Limiting retries for the idempotent producer')) return;
    // Right after a broker starts, its coordinators load for a moment; kafkajs logs each such
    // response as an error, then retries it itself (and fails loudly if it persists).
    if (message?.startsWith('Response ') && error && TRANSIENT_BROKER_ERRORS.some((text) => error.includes(text))) return;
    const parts = [
      `[kafka] ${level === logLevel.ERROR ? 'ERROR' : 'WARN'} ${message ?? ''}`,
      broker && `broker=${broker}`,
      topic && `topic=${topic}`,
      error && `error=${error}`,
    ];
    process.stderr.write(`${parts.filter(Boolean).join(' ')}\n`);
  };

export function createKafka(config: Pick<KafkaConfig, 'brokers' | 'clientId' | 'ssl' | 'sasl'>, options: { quiet?: boolean } = {}): Kafka {
  return new Kafka({
    ...kafkaClientOptions(config),
    logLevel: options.quiet ? logLevel.NOTHING : logLevel.WARN,
    logCreator: kafkaLogCreator,
    retry: { retries: 8, initialRetryTime: 200 },
  });
}

/** The brokers and how to reach them: TLS (with a CA of its own, if given) and SASL, as configured (KAFKA_SSL, KAFKA_SASL_*). */
export function kafkaClientOptions(config: Pick<KafkaConfig, 'brokers' | 'clientId' | 'ssl' | 'sasl'>): Pick<KafkaJsConfig, 'clientId' | 'brokers' | 'ssl' | 'sasl'> {
  const { ssl, sasl } = config;
  return {
    clientId: config.clientId,
    brokers: config.brokers,
    ...(ssl ? { ssl: ssl.caPem ? { ca: [ssl.caPem], rejectUnauthorized: true } : true } : {}),
    ...(sasl ? { sasl: saslOptions(sasl) } : {}),
  };
}

function saslOptions(sasl: NonNullable<KafkaConfig['sasl']>): SASLOptions {
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/**
 * An idempotent producer: the broker drops duplicates of a retried send, and
 * `acks: -1` (required for idempotence) waits for every in-sync replica.
 * `maxInFlightRequests: 1` keeps one pathway's events in order on retry.
 */
export function createEventProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
