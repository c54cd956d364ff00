import type { Producer, ProducerRecord, RecordMetadata } from 'kafkajs';

/**
 * An idempotent producer that is replaced by a fresh one after any failed
 * send.
 *
 * Why: when a produce request fails (the broker was killed, the connection
 * dropped), kafkajs rolls its sequence numbers back, even if the broker had
 * already written the batch. The next request carries other messages under
 * the same sequence numbers, and the broker then takes it for a duplicate of
 * the batch it wrote (answers success and drops the new messages: events
 * lost) or refuses it as out of order, which kafkajs does not retry, for
 * every send after it (publishing stalls for good). A fresh producer gets a
 * new producer id from the broker and starts its sequences afresh; what the
 * failed request did write is then sent again, which the projector's unique
 * event id makes harmless.
 */
export class RenewingProducer implements Pick<Producer, 'send'> {
  private current?: Promise<Producer>;

  constructor(private readonly createProducer: () => Producer) {}

  /** Connects now, so a broker that is not there is reported at start-up. */
  async connect(): Promise<void> {
    await this.connected();
  }

  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    const producer = this.connected();
    try {
      return await (await producer).send(record);
    } catch (error) {
      this.discard(producer);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    const producer = this.current;
    this.current = undefined;
    await (await producer?.catch(() => undefined))?.disconnect();
  }

  private connected(): Promise<Producer> {
    this.current ??= (async () => {
      const producer = this.createProducer();
      await producer.connect();
      return producer;
    })();
    return this.current;
  }

  /** Forgets the producer (the next send connects another) and closes it in the background. */
  private discard(producer: Promise<Producer>): void {
    if (this.current === producer) this.current = undefined;
    void producer.then((stale) => stale.disconnect()).catch(() => undefined);
  }
}
