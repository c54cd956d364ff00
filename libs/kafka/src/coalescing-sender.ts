import type { Message, Producer } from 'kafkajs';

/** At most this much goes into one produce request (Kafka's default request limit is 1 MiB). */
const MAX_MESSAGES_PER_SEND = 1000;
const MAX_BYTES_PER_SEND = 768 * 1024;

interface Waiting {
  messages: Message[];
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Sends to one topic through an idempotent producer, coalescing: while one
 * produce request is in flight, the messages of every send asked for
 * meanwhile wait, and go together in the next request. The idempotent
 * producer allows one request in flight, so without this N pathways
 * publishing at once wait for N round trips one after the other; with it,
 * about two. Each send's promise settles with the request that carried its
 * messages. Order is kept: a send's messages stay together and after those
 * of the sends asked for before it.
 */
export class CoalescingSender {
  private readonly waiting: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly producer: Pick<Producer, 'send'>,
    private readonly topic: string,
  ) {}

  send(messages: Message[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ messages, bytes: messages.reduce((sum, message) => sum + sizeOf(message), 0), resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.nextBatch();
        try {
          await this.producer.send({ topic: this.topic, acks: -1, messages: batch.flatMap((waiting) => waiting.messages) });
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          // Every send in the request fails with it; each caller (an activity) retries its own.
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /** The sends waiting longest, as many as fit one request (always at least one). */
  private nextBatch(): Waiting[] {
    let count = 0;
    let bytes = 0;
    let taken = 0;
    for (const waiting of this.waiting) {
      if (taken > 0 && (count + waiting.messages.length > MAX_MESSAGES_PER_SEND || bytes + waiting.bytes > MAX_BYTES_PER_SEND)) break;
      count += waiting.messages.length;
      bytes += waiting.bytes;
      taken++;
    }
    return this.waiting.splice(0, taken);
  }
}

function sizeOf(message: Message): number {
  const length = (value: Message['value'] | Message['key']) => (value == null ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length);
  return length(message.value) + length(message.key) + 64;
}
