import type { Producer, ProducerRecord } from 'kafkajs';
import { RenewingProducer } from './renewing-producer';

/** Fake producers, numbered as created; each send fails while `failing` holds. */
function producers() {
  const created: { id: number; sent: string[]; connected: boolean }[] = [];
  let failing = false;
  const create = () => {
    const made = { id: created.length + 1, sent: [] as string[], connected: false };
    created.push(made);
    return {
      connect: () => {
        if (failing) return Promise.reject(new Error('connection refused'));
        made.connected = true;
        return Promise.resolve();
      },
      disconnect: () => {
        made.connected = false;
        return Promise.resolve();
      },
      send: (record: ProducerRecord) => {
        if (failing) return Promise.reject(new Error('connection closed'));
        made.sent.push(...record.messages.map((message) => String(message.value)));
        return Promise.resolve([]);
      },
    } as unknown as Producer;
  };
  return { created, create, fail: (value: boolean) => (failing = value) };
}

const record = (...values: string[]): ProducerRecord => ({ topic: 't', messages: values.map((value) => ({ value })) });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a producer replaced after a failed send', () => {
  it('keeps one producer while sends succeed', async () => {
    const { created, create } = producers();
    const producer = new RenewingProducer(create);
    await producer.connect();
    await producer.send(record('a'));
    await producer.send(record('b'));
    expect(created).toEqual([{ id: 1, sent: ['a', 'b'], connected: true }]);
  });

  it('sends after a failure through a fresh producer, and closes the one that failed', async () => {
    const { created, create, fail } = producers();
    const producer = new RenewingProducer(create);
    await producer.send(record('a'));
    fail(true);
    await expect(producer.send(record('b'))).rejects.toThrow('connection closed');
    // Connecting fails too while the broker is away; that producer is not kept either.
    await expect(producer.send(record('b'))).rejects.toThrow('connection refused');
    fail(false);
    await producer.send(record('b', 'c'));
    await settle();
    expect(created.map(({ id, sent, connected }) => ({ id, sent, connected }))).toEqual([
      { id: 1, sent: ['a'], connected: false },
      { id: 2, sent: [], connected: false },
      { id: 3, sent: ['b', 'c'], connected: true },
    ]);
  });

  it('disconnects the producer it holds', async () => {
    const { created, create } = producers();
    const producer = new RenewingProducer(create);
    await producer.send(record('a'));
    await producer.disconnect();
    expect(created[0]!.connected).toBe(false);
  });
});
