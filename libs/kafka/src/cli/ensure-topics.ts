/** `node libs/kafka/dist/cli/ensure-topics.js`: creates SARP's topics on KAFKA_BROKERS if missing (docker-compose runs it once). */
import { loadConfig } from '@sarp/config';
import { ensurePathwayTopics } from '../topics';

const { kafka } = loadConfig();
const replicationFactor = Number(process.env.SARP_KAFKA_REPLICATION_FACTOR ?? '1');
ensurePathwayTopics(kafka.brokers, kafka, replicationFactor).then(
  (created) => console.log(`[kafka-topics] ${created.length > 0 ? `created ${created.join(', ')}` : 'topics already exist'}`),
  (error: unknown) => {
    console.error(`[kafka-topics] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
