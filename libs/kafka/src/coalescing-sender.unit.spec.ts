import type { Message } from 'kafkajs';
import { CoalescingSender } from './coalescing-sender';

/** A producer whose sends finish only when the test says so, recording what each request carried. */
function heldProducer() {
  const requests: { messages: string[]; finish: (error?: Error) => void }[] = [];
  return {
    requests,
    producer: {
      send: ({ messages }: { messages: Message[] }) =>
        new Promise((resolve, reject) => {
          requests.push({
            messages: messages.map((message) => String(message.value)),
            finish: (error?: Error) => (error ? reject(error) : resolve([])),
          });
        }),
    },
  };
}

const messages = (...values: string[]): Message[] => values.map((value) => ({ key: value.slice(0, 1), value }));
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('coalescing sends through one idempotent producer', () => {
  it('sends at once when idle, and everything asked for meanwhile in one next request, in order', async () => {
    const { producer, requests } = heldProducer();
    const sender = new CoalescingSender(producer as never, 'topic');
    const first = sender.send(messages('a1', 'a2'));
    const second = sender.send(messages('b1'));
    const third = sender.send(messages('c1', 'c2'));
    await settle();
    expect(requests.map((request) => request.messages)).toEqual([['a1', 'a2']]);

    requests[0]!.finish();
    await first;
    await settle();
    expect(requests.map((request) => request.messages)).toEqual([['a1', 'a2'], ['b1', 'c1', 'c2']]);
    requests[1]!.finish();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
  });

  it('fails every send a failed request carried, and carries on with the next', async () => {
    const { producer, requests } = heldProducer();
    const sender = new CoalescingSender(producer as never, 'topic');
    const first = sender.send(messages('a1'));
    const second = sender.send(messages('b1'));
    const third = sender.send(messages('c1'));
    await settle();
    requests[0]!.finish();
    await first;
    await settle();
    requests[1]!.finish(new Error('broker down'));
    await expect(second).rejects.toThrow('broker down');
    await expect(third).rejects.toThrow('broker down');

    const fourth = sender.send(messages('d1'));
    await settle();
    expect(requests[2]!.messages).toEqual(['d1']);
    requests[2]!.finish();
    await expect(fourth).resolves.toBeUndefined();
  });

  it('splits what waits into requests of at most a thousand messages, never splitting one send', async () => {
    const { producer, requests } = heldProducer();
    const sender = new CoalescingSender(producer as never, 'topic');
    void sender.send(messages('first'));
    const many = (prefix: string) => messages(...Array.from({ length: 600 }, (_, index) => `${prefix}${index}`));
    const sends = [sender.send(many('x')), sender.send(many('y')), sender.send(many('z'))];
    await settle();
    requests[0]!.finish();
    await settle();
    expect(requests[1]!.messages).toHaveLength(600);
    requests[1]!.finish();
    await settle();
    expect(requests[2]!.messages).toHaveLength(600);
    requests[2]!.finish();
    await settle();
    requests[3]!.finish();
    await Promise.all(sends);
    expect(requests.slice(1).map((request) => request.messages[0])).toEqual(['x0', 'y0', 'z0']);
  });
});
