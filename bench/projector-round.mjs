// One round of the projector benchmark, run as a plain Node process because that is how the API runs its
// projector: inside Jest's sandbox the same code checks each event's schema (zod) about six times slower
// (measured: ~160 µs an event there, ~26 µs in Node), which would be the sandbox's cost, not SARP's.
// The projector's own writer (`ReadModelWriter`) on a consumer group of its own reads the topic from offset 0
// into the database given, with the API's partition concurrency, until it has taken <events> events; prints
// {"eventsPerSecond", "applied", "duplicates", "deadLettered"} as JSON, timed from its first message to its
// last applied (the group's join is not counted).
//
// usage: node bench/projector-round.mjs <database url> <brokers> <pathway-events topic> <refused topic> <events>
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { PARTITIONS_AT_ONCE, ReadModelWriter } = require('../apps/api/dist');
const { createSql } = require('../libs/db/dist');
const { createKafka } = require('../libs/kafka/dist');

const [url, brokers, pathwayEventsTopic, refusedCommandsTopic, expected] = process.argv.slice(2);
if (!url || !brokers || !pathwayEventsTopic || !refusedCommandsTopic || !expected) {
  console.error('usage: node bench/projector-round.mjs <database url> <brokers> <pathway-events topic> <refused topic> <events>');
  process.exit(2);
}
const events = Number(expected);
const sql = createSql({ url, maxConnections: 4 });
const kafka = createKafka({ brokers: brokers.split(','), clientId: 'bench-projector' });
const consumer = kafka.consumer({ groupId: `bench-projector-${randomUUID()}`, allowAutoTopicCreation: false });
const writer = new ReadModelWriter(sql, { pathwayEventsTopic, refusedCommandsTopic, consumerGroup: `bench-projector-${randomUUID()}` });
let first;
let last = 0;
let finished;
const allTaken = new Promise((resolve) => (finished = resolve));
const giveUp = setTimeout(() => {
  console.error(`the projector took ${writer.stats.applied + writer.stats.duplicates} of ${events} events in 30 minutes`);
  process.exit(1);
}, 30 * 60_000);
await consumer.connect();
await consumer.subscribe({ topics: [pathwayEventsTopic], fromBeginning: true });
await consumer.run({
  autoCommit: false,
  eachBatchAutoResolve: false,
  partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
  eachBatch: async (payload) => {
    first ??= performance.now();
    await writer.projectBatch(payload);
    last = performance.now();
    if (writer.stats.applied + writer.stats.duplicates + writer.stats.deadLettered >= events) finished();
  },
});
await allTaken;
clearTimeout(giveUp);
await consumer.disconnect();
await sql.end();
const { applied, duplicates, deadLettered } = writer.stats;
console.log(JSON.stringify({ eventsPerSecond: events / ((last - first) / 1000), applied, duplicates, deadLettered }));
