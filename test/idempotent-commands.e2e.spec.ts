/**
 * Commands with an Idempotency-Key against the real stack (issue 13): the
 * same key and body answer with the first answer and add no event; the same
 * key with another body is a 409; a key is the caller's own.
 */
import { randomUUID } from 'node:crypto';
import { apiClient } from './support/api-client';
import { referAndWait } from './support/referral';
import { startSarp, type SarpHarness } from './support/sarp-harness';

let sarp: SarpHarness;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);

beforeAll(async () => {
  sarp = await startSarp();
  tokens.ann = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.cal = await sarp.tokenFor('coordinator-cal', 'coordinator', 'localities');
});

afterAll(async () => {
  await sarp?.close();
});

/** A POST with an Idempotency-Key, as a client that retries would send it. */
async function keyed(path: string, as: string, key: string, body: unknown) {
  const response = await fetch(`${sarp.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[as]}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const eventIds = (answer: { body: Record<string, any> }) => (answer.body.events as { eventId: string }[]).map((event) => event.eventId);

describe('a command sent with an Idempotency-Key', () => {
  it('is decided once: a repeat gets the first answer, another body with the key is refused, and the read model holds one event', async () => {
    const id = await referAndWait(client, 'ann', {
      personRef: 'P-IDEM-001',
      referringAgency: 'housing',
      presentingNeeds: ['Rent arrears'],
      urgency: 'standard',
    });
    const key = randomUUID();
    const payment = { fund: 'discretionary_housing_payment', amountPence: 25_000, accessedOn: '2026-11-30' };

    const first = await keyed(`/pathways/${id}/funds`, 'ann', key, payment);
    expect(first.status).toBe(200);
    const again = await keyed(`/pathways/${id}/funds`, 'ann', key, {
      accessedOn: '2026-11-30',
      amountPence: 25_000,
      fund: 'discretionary_housing_payment',
    });
    expect(again.status).toBe(200);
    expect(eventIds(again)).toEqual(eventIds(first));
    expect(again.body.state.lastSequence).toBe(first.body.state.lastSequence);

    const otherBody = await keyed(`/pathways/${id}/funds`, 'ann', key, { ...payment, amountPence: 30_000 });
    expect(otherBody.status).toBe(409);
    expect(otherBody.body.detail).toMatch(/Idempotency-Key was used for a different command/);
    // Another caller's key of the same text is their own.
    const otherCaller = await keyed(`/pathways/${id}/funds`, 'cal', key, payment);
    expect(otherCaller.status).toBe(200);
    expect(eventIds(otherCaller)).not.toEqual(eventIds(first));

    // A key too short to be unique is refused before anything is sent.
    expect((await keyed(`/pathways/${id}/funds`, 'ann', 'short', payment)).status).toBe(400);

    const last = otherCaller.body.state.lastSequence as number;
    const view = await client.call('GET', `/pathways/${id}?atLeastSequence=${last}`, 'ann');
    const funds = (view.body.timeline as { type: string }[]).filter((entry) => entry.type === 'FundsAccessed');
    expect(funds).toHaveLength(2); // ann's one payment, recorded once, and cal's
  });

  it('answers a repeat with the first answer even where deciding again would be refused', async () => {
    const id = await referAndWait(client, 'ann', {
      personRef: 'P-IDEM-002',
      referringAgency: 'housing',
      presentingNeeds: ['Rent arrears'],
      urgency: 'standard',
    });
    const key = randomUUID();
    const triage = { outcome: 'accept', urgency: 'standard' };
    const first = await keyed(`/pathways/${id}/triage`, 'ann', key, triage);
    expect(first.status).toBe(200);
    // A second triage would be a 409 (the pathway is past triage); the retry of the first is answered as it was.
    expect((await client.call('POST', `/pathways/${id}/triage`, 'ann', triage)).status).toBe(409);
    const retry = await keyed(`/pathways/${id}/triage`, 'ann', key, triage);
    expect(retry.status).toBe(200);
    expect(eventIds(retry)).toEqual(eventIds(first));
  });
});
