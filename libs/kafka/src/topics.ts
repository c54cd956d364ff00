import { loadConfig, type KafkaConfig } from '@sarp/config';
import type { ITopicConfig } from 'kafkajs';
import { createKafka } from './client';

type TopicSettings = Pick<KafkaConfig, 'pathwayEventsTopic' | 'pathwayEventsDeadLetterTopic' | 'refusedCommandsTopic' | 'partitions'> &
  Partial<Pick<KafkaConfig, 'ssl' | 'sasl'>>;

/** The topics SARP needs. Created up front: the brokers refuse auto-creation. */
export function pathwayTopicSpecs(settings: TopicSettings, replicationFactor = 1): ITopicConfig[] {
  return [
    {
      topic: settings.pathwayEventsTopic,
      numPartitions: settings.partitions,
      replicationFactor,
      // Events are the system of record on the read side (rebuild from offset 0): never expire them.
      configEntries: [{ name: 'retention.ms', value: '-1' }],
    },
    {
      topic: settings.refusedCommandsTopic,
      numPartitions: settings.partitions,
      replicationFactor,
      configEntries: [{ name: 'retention.ms', value: '-1' }],
    },
    {
      topic: settings.pathwayEventsDeadLetterTopic,
      numPartitions: 1,
      replicationFactor,
      configEntries: [{ name: 'retention.ms', value: '-1' }],
    },
  ];
}

/**
 * Creates the pathway topics if they are missing; harmless when they exist.
 * Settings default to the configuration defaults so the local stack can call
 * it with brokers alone.
 */
export async function ensurePathwayTopics(
  brokers: string[],
  settings: TopicSettings = loadConfig({}).kafka,
  replicationFactor = 1,
): Promise<string[]> {
  const admin = createKafka({ brokers, clientId: 'sarp-topic-setup', ssl: settings.ssl, sasl: settings.sasl }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = pathwayTopicSpecs(settings, replicationFactor).filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    }
    return missing.map((spec) => spec.topic);
  } finally {
    await admin.disconnect();
  }
}
