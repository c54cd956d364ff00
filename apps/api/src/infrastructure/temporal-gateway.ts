import type { Client } from '@temporalio/client';

/**
 * The API's one door to Temporal. Every call gets a deadline, so a request
 * fails with a 503 in bounded time when Temporal is down; and every call is
 * tracked, because the client retries failed calls on timers: closing the
 * connection under a pending retry would throw from that timer and crash
 * the process. Shutdown therefore drains the calls first, then closes.
 */
export class TemporalGateway {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(readonly client: Client) {}

  call<T>(timeoutMs: number, work: (client: Client) => Promise<T>): Promise<T> {
    const call = this.client.connection.withDeadline(Date.now() + timeoutMs, () => work(this.client));
    this.inFlight.add(call);
    const forget = () => this.inFlight.delete(call);
    call.then(forget, forget);
    return call;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.client.connection.close();
  }
}
