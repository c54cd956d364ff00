import type { Client } from '@temporalio/client';
import { TemporalUnreachableError } from './dependency-errors';

/** The part of grpc-js's Client this gateway uses. */
interface GrpcClient {
  waitForReady(deadline: number, callback: (error?: Error) => void): void;
}

/** How long a request waits for the channel to Temporal to connect before answering 503. */
const CONNECT_TIMEOUT_MS = 5_000;

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
    const call = this.connected(Math.min(timeoutMs, CONNECT_TIMEOUT_MS)).then(() =>
      this.client.connection.withDeadline(Date.now() + timeoutMs, () => work(this.client)),
    );
    this.inFlight.add(call);
    const forget = () => this.inFlight.delete(call);
    call.then(forget, forget);
    return call;
  }

  /**
   * Resolves once the channel is connected (at once when it is), or fails with TemporalUnreachableError:
   * a request that never left changed nothing, which is what lets the API answer 503 "nothing was changed"
   * honestly. (Once sent, a failure may come after Temporal took the request.)
   */
  private connected(timeoutMs: number): Promise<void> {
    // The SDK keeps its gRPC client protected; waitForReady is grpc-js's public API on it.
    const channel = (this.client.connection as unknown as { client: GrpcClient }).client;
    return new Promise((resolve, reject) =>
      channel.waitForReady(Date.now() + timeoutMs, (error) =>
        error ? reject(new TemporalUnreachableError(`could not connect to Temporal within ${timeoutMs} ms`)) : resolve(),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.client.connection.close();
  }
}
