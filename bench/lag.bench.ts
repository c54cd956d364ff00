/**
 * Event → read-model lag against its floor (issue 15): how long after a pathway event is sent to Kafka it is
 * in the read model, against bare kafkajs produce → consume plus a one-row commit.
 *
 * - **SARP**: a new pathway's ReferralReceived event (made with the domain's decide/stamp) sent to the
 *   pathway-events topic with the worker's producer settings, until its row is in `event_log`: the stack's
 *   API process projects it (the batched projector: its partitions' batches at once, one transaction a batch).
 * - **floor**: a message of the same size sent the same way to a topic of the bench's own, consumed in this
 *   process by a bare kafkajs consumer that inserts one row per message (autocommit) in the same database,
 *   until that row is there.
 * Both sides are watched the same way (a query for the row every few milliseconds), so the watching costs
 * each alike. Several rounds, alternating, the order swapped each round; p50 and p99 of each side, and the
 * ratio of rates, in bench/results/lag.json and docs/benchmarks.md. Nothing is asserted about speed.
 *
 * SARP_LAG_ROUNDS (default 5), SARP_LAG_BATCH (default 40), SARP_LAG_CONCURRENCY (default 4) size it.
 */
import { randomUUID } from 'node:crypto';
import { createSql, type Sql } from '@sarp/db';
import { createEventProducer, createKafka, toKafkaMessage } from '@sarp/kafka';
import type { Consumer, Producer } from 'kafkajs';
import { startFaultStack, type FaultStack } from '../test/support/fault-stack';
import { PathwayScript } from '../test/support/pathway-script';
import { waitFor } from '../test/support/wait-for';
import { measurePaired, type PairedResult } from './floors';
import { machine, writeBenchmark } from './report';

const ROUNDS = Number(process.env.SARP_LAG_ROUNDS ?? 5);
const BATCH = Number(process.env.SARP_LAG_BATCH ?? 40);
const CONCURRENCY = Number(process.env.SARP_LAG_CONCURRENCY ?? 4);
const FLOOR_TOPIC = `bench-lag-floor-${randomUUID().slice(0, 8)}`;
/** How often each side looks for its row. */
const WATCH_EVERY_MS = 5;

jest.setTimeout(30 * 60_000);

let sarp: FaultStack;
let sql: Sql;
let producer: Producer;
let floorConsumer: Consumer;

beforeAll(async () => {
  sarp = await startFaultStack();
  sql = createSql({ url: sarp.config.database.url, maxConnections: CONCURRENCY + 2 });
  // Made by the tables' owner, as a migration would (the app login may not create tables); the floor then
  // writes it as the app login, as the projector writes the read model.
  const owner = createSql({ url: sarp.config.database.migrationUrl ?? sarp.config.database.url, maxConnections: 1 });
  await owner`CREATE TABLE IF NOT EXISTS bench_lag_floor (id text PRIMARY KEY, body text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`;
  await owner.end();
  const kafka = createKafka({ ...sarp.config.kafka, clientId: 'bench-lag' });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: FLOOR_TOPIC, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  producer = createEventProducer(kafka);
  await producer.connect();
  // A topic just made can refuse a moment longer than its leaders take to be elected: send until it takes one.
  await waitFor(
    async () => {
      await producer.send({ topic: FLOOR_TOPIC, acks: -1, messages: [{ key: 'warm-up', value: '{}' }] });
      return true;
    },
    { what: 'the floor topic to take a message' },
  );
  floorConsumer = kafka.consumer({ groupId: `bench-lag-floor-${randomUUID()}` });
  await floorConsumer.connect();
  await floorConsumer.subscribe({ topics: [FLOOR_TOPIC], fromBeginning: true });
  await floorConsumer.run({
    eachMessage: async ({ message }) => {
      await sql`INSERT INTO bench_lag_floor (id, body) VALUES (${String(message.key)}, ${String(message.value)}) ON CONFLICT DO NOTHING`;
    },
  });
}, 300_000);

afterAll(async () => {
  await floorConsumer?.disconnect();
  await producer?.disconnect();
  await sql?.end();
  await sarp?.close();
});

/** Looks for a row every few milliseconds until it is there (a minute at most). */
async function untilThere(find: () => Promise<readonly unknown[]>, what: string): Promise<void> {
  const giveUpAt = Date.now() + 60_000;
  while ((await find()).length === 0) {
    if (Date.now() > giveUpAt) throw new Error(`${what} did not arrive within a minute`);
    await new Promise((resume) => setTimeout(resume, WATCH_EVERY_MS));
  }
}

it('reports how long an event takes to reach the read model against bare produce → consume → one-row commit', async () => {
  const result: PairedResult = await measurePaired(
    {
      name: 'event-to-read-model',
      measures: 'a pathway event sent to Kafka → in the read model',
      floor: 'kafkajs produce → consume → one-row INSERT',
      async run() {
        const [event] = new PathwayScript(`P-LAG-${randomUUID().slice(0, 8)}`).referral(new Date(), 'standard', 'localities').events;
        await producer.send({ topic: sarp.config.kafka.pathwayEventsTopic, acks: -1, messages: [toKafkaMessage(event!)] });
        await untilThere(() => sql`SELECT 1 FROM event_log WHERE event_id = ${event!.eventId}`, `event ${event!.eventId}`);
      },
      async runFloor() {
        const [event] = new PathwayScript(`P-LAG-${randomUUID().slice(0, 8)}`).referral(new Date(), 'standard', 'localities').events;
        const id = randomUUID();
        await producer.send({ topic: FLOOR_TOPIC, acks: -1, messages: [{ key: id, value: JSON.stringify(event) }] });
        await untilThere(() => sql`SELECT 1 FROM bench_lag_floor WHERE id = ${id}`, `floor message ${id}`);
      },
    },
    { rounds: ROUNDS, batch: BATCH, concurrency: CONCURRENCY, warmUp: 10 },
  );
  const fixed = (value: number, digits = 0) => value.toFixed(digits);
  writeBenchmark(
    'lag',
    { machine: machine(), ...result },
    [
      '| measures | floor | lag p50 / floor p50 (ms) | lag p99 / floor p99 (ms) | rate ratio (median) | spread |',
      '|---|---|---|---|---|---|',
      `| ${result.measures} | ${result.floor} | ${fixed(result.medianMs)} / ${fixed(result.floorMedianMs)} | ${fixed(result.p99Ms)} / ${fixed(result.floorP99Ms)} | **${fixed(result.medianRatio, 2)}×** | ${fixed(result.minRatio, 2)}–${fixed(result.maxRatio, 2)} |`,
      '',
      `${ROUNDS} rounds of ${BATCH} events, ${CONCURRENCY} at a time, alternating with the floor (the order swapped each round), after a warm-up. Both sides send with the worker's producer settings (idempotent, \`acks: -1\`) and look for their row every ${WATCH_EVERY_MS} ms.`,
    ].join('\n'),
  );
  expect(result.ratePerRound).toHaveLength(ROUNDS);
});
