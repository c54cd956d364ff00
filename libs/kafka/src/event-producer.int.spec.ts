/**
 * The event producer against the real broker: many sends at once (as the
 * activities of many pathways do on one worker, sharing one producer) all
 * land. kafkajs's idempotent producer has been reported to acknowledge
 * concurrent sends whose batches the broker then dropped as duplicates
 * (kafkajs issues 353 and 1005); with `maxInFlightRequests: 1`, as
 * createEventProducer sets it, every message must arrive.
 */
import { randomUUID } from 'node:crypto';
import { createEventProducer, createKafka } from '@sarp/kafka';
import type { Admin, Producer } from 'kafkajs';

let admin: Admin;
let producer: Producer;
const brokers = () => (process.env.SARP_TEST_KAFKA_BROKERS ?? '').split(',');

beforeAll(async () => {
  const kafka = createKafka({ brokers: brokers(), clientId: 'event-producer-test' });
  admin = kafka.admin();
  await admin.connect();
  producer = createEventProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
});

describe('the event producer', () => {
  it('lands every message of many concurrent sends', async () => {
    const topic = `producer-test-${randomUUID().slice(0, 8)}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    const sends = Array.from({ length: 300 }, (_, i) =>
      producer.send({
        topic,
        acks: -1,
        messages: [
          { key: `pathway-${i % 5}`, value: `message ${i}` },
          { key: `pathway-${i % 7}`, value: `second ${i}` },
        ],
      }),
    );
    const acknowledged = await Promise.all(sends);
    expect(acknowledged).toHaveLength(300);
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(600);
  });
});
