/**
 * At-least-once delivery, exactly-once effect: the same event delivered to
 * the projector again changes nothing, and an event that can never be
 * applied goes to the dead-letter topic without stopping the others.
 */
import { randomUUID } from 'node:crypto';
import { createSql, type Sql } from '@sarp/db';
import { parsePathwayEvent, type PathwayEventEnvelope } from '@sarp/events';
import { createEventProducer, createKafka, EVENT_HEADERS, toKafkaMessage } from '@sarp/kafka';
import type { Producer } from 'kafkajs';
import { startSarp, testConfig, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let sql: Sql;
let producer: Producer;

beforeAll(async () => {
  // Topics of its own: the projector's counts must not include other test files' events on the shared topic.
  const unique = randomUUID().slice(0, 8);
  sarp = await startSarp({
    config: testConfig({ SARP_PATHWAY_EVENTS_TOPIC: `test-events-${unique}`, SARP_PATHWAY_EVENTS_DLQ_TOPIC: `test-events-dlq-${unique}` }),
  });
  sql = createSql(sarp.config.database);
  producer = createEventProducer(createKafka(sarp.config.kafka));
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await sarp?.close();
  await sql?.end();
});

async function referAndProject(): Promise<PathwayEventEnvelope> {
  const token = await sarp.tokenFor('coordinator-cy', 'coordinator');
  const response = await fetch(`${sarp.baseUrl}/referrals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      personRef: `P-${randomUUID().slice(0, 8)}`,
      referringAgency: 'housing',
      presentingNeeds: ['At risk of losing tenancy'],
      urgency: 'standard',
    }),
  });
  const { pathwayId } = (await response.json()) as { pathwayId: string };
  return waitFor(
    async () => {
      const [row] = await sql<{ envelope: unknown }[]>`SELECT envelope FROM event_log WHERE pathway_id = ${pathwayId}`;
      return row ? parsePathwayEvent(row.envelope) : undefined;
    },
    { what: 'the referral to be projected' },
  );
}

/** A message the projector must refuse, sent after the others so that its dead letter proves they were read. */
async function sendPoisonMarker(): Promise<string> {
  const marker = `poison-${randomUUID()}`;
  await producer.send({
    topic: sarp.config.kafka.pathwayEventsTopic,
    acks: -1,
    messages: [
      {
        key: marker,
        value: JSON.stringify({ type: 'ReferralReceived', note: 'not a valid envelope' }),
        headers: { [EVENT_HEADERS.eventId]: marker },
      },
    ],
  });
  return marker;
}

async function deadLetterOf(eventId: string) {
  return waitFor(
    async () => {
      const [row] = await sql<{ reason: string }[]>`SELECT reason FROM dead_letters WHERE event_id = ${eventId}`;
      return row;
    },
    { what: `${eventId} to be dead-lettered` },
  );
}

describe('the projector', () => {
  it('applies an event delivered twice only once', async () => {
    const event = await referAndProject();
    const appliedBefore = sarp.projector.stats.applied;

    // Deliver the very same event again, twice, as a producer retry or a redelivery would.
    await producer.send({
      topic: sarp.config.kafka.pathwayEventsTopic,
      acks: -1,
      messages: [toKafkaMessage(event), toKafkaMessage(event)],
    });
    await deadLetterOf(await sendPoisonMarker());

    const [counts] = await sql<{ events: number; timeline: number; last_sequence: number }[]>`
      SELECT (SELECT count(*)::int FROM event_log WHERE pathway_id = ${event.pathwayId}) AS events,
             (SELECT count(*)::int FROM pathway_timeline WHERE pathway_id = ${event.pathwayId}) AS timeline,
             (SELECT last_sequence FROM pathways WHERE pathway_id = ${event.pathwayId}) AS last_sequence`;
    expect(counts).toEqual({ events: 1, timeline: 1, last_sequence: 1 });
    expect(sarp.projector.stats.applied).toBe(appliedBefore);
    expect(sarp.projector.stats.duplicates).toBeGreaterThanOrEqual(2);
  });

  it('dead-letters an event that does not match its schema, with the reason, and goes on', async () => {
    const marker = await sendPoisonMarker();
    const deadLetter = await deadLetterOf(marker);
    expect(deadLetter.reason).toMatch(/does not match its schema/);

    // The dead-letter topic has the message with its reason.
    const consumer = createKafka(sarp.config.kafka).consumer({ groupId: `dlq-reader-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: sarp.config.kafka.pathwayEventsDeadLetterTopic, fromBeginning: true });
    const reasons: string[] = [];
    await consumer.run({
      eachMessage: ({ message }) => {
        if (message.headers?.[EVENT_HEADERS.eventId]?.toString() === marker) {
          reasons.push(message.headers[EVENT_HEADERS.deadLetterReason]?.toString() ?? '');
        }
        return Promise.resolve();
      },
    });
    await waitFor(() => Promise.resolve(reasons.length > 0 ? true : undefined), { what: 'the dead letter on its topic' });
    await consumer.disconnect();
    expect(reasons[0]).toMatch(/does not match its schema/);

    // And the projector still applies events that come after it.
    const next = await referAndProject();
    expect(next.sequence).toBe(1);
  });
});
