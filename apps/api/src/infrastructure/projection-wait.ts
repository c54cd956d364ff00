import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { PROJECTED_CHANNEL, pathwaysInNotice, projectedSequence, type Sql } from '@sarp/db';
import { SQL } from './tokens';

/**
 * `?atLeastSequence=N` on a read: the caller has just had a command accepted
 * whose last event has sequence N, and wants the read model to show it. The
 * read waits (at most a few seconds) until the pathway's projection has
 * reached N, so a page can show the new state without a refresh dance. If the
 * projector is slower than that, the read answers with what it has and says
 * so in the `Sarp-Projection-Behind` header.
 */
export const AtLeastSequenceQuery = z.strictObject({
  atLeastSequence: z.coerce.number().int().min(1).optional(),
});

export const PROJECTION_WAIT_MS = 10_000;

/**
 * The projector's notices that pathways were projected (PostgreSQL `NOTIFY` on `PROJECTED_CHANNEL`, sent
 * when the projecting transaction commits, from whichever API process projected the event). A reader
 * waiting for its command to show wakes on its pathway's notice, moments after the projection, instead of
 * polling the database. The listening connection closes with the others (`sql.end`).
 */
export class ProjectionNotices {
  private readonly logger = new Logger(ProjectionNotices.name);
  /** Wake-ups of the readers waiting on each pathway. */
  private readonly waiting = new Map<string, Set<() => void>>();
  private listening: Promise<boolean> | undefined;
  /** Whether notices are arriving (the listening connection is up). */
  private notified = false;

  /** While notices arrive, a waiting reader checks the read model this often anyway (for a notice lost in a reconnect). */
  checkWhileNotifiedMs = 1_000;

  constructor(private readonly sql: Sql) {}

  /** Starts listening (once); true when listening. On failure (PostgreSQL down) the next call tries again. */
  startListening(): Promise<boolean> {
    this.listening ??= this.sql
      .listen(
        PROJECTED_CHANNEL,
        (payload) => {
          for (const pathwayId of pathwaysInNotice(payload)) for (const wake of this.waiting.get(pathwayId) ?? []) wake();
        },
        () => (this.notified = true),
      )
      .then(
        () => true,
        (error: unknown) => {
          this.logger.warn(`not listening for projection notices, checking with backoff: ${error instanceof Error ? error.message : String(error)}`);
          this.listening = undefined;
          this.notified = false;
          return false;
        },
      );
    return this.listening;
  }

  /** How long a reader waits before checking again when no notice comes: long while notices arrive, the backoff while not. */
  recheckAfterMs(backoffMs: number): number {
    return this.notified ? this.checkWhileNotifiedMs : backoffMs;
  }

  /** Resolves on the next notice for the pathway or after `ms`, whichever comes first. */
  wakeOn(pathwayId: string, ms: number): { woken: Promise<void>; cancel(): void } {
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const timer = setTimeout(wake, ms);
    const readers = this.waiting.get(pathwayId) ?? new Set();
    readers.add(wake);
    this.waiting.set(pathwayId, readers);
    return {
      woken,
      cancel: () => {
        clearTimeout(timer);
        readers.delete(wake);
        if (readers.size === 0 && this.waiting.get(pathwayId) === readers) this.waiting.delete(pathwayId);
      },
    };
  }
}

/**
 * Waits until `lastSequence()` reaches `atLeast` (true), or PROJECTION_WAIT_MS passed (false); at once when no
 * sequence is asked for. Checks again on the pathway's projection notice, or after a backoff without one.
 */
export async function waitUntilProjected(
  pathwayId: string,
  lastSequence: () => Promise<number | undefined>,
  atLeast: number | undefined,
  notices: ProjectionNotices,
): Promise<boolean> {
  if (atLeast === undefined) return true;
  void notices.startListening();
  const deadline = Date.now() + PROJECTION_WAIT_MS;
  for (let backoff = 20; ; backoff = Math.min(backoff * 2, 250)) {
    // Registered before the check, so a notice sent between the check and the wait is not missed.
    const wake = notices.wakeOn(pathwayId, Math.min(notices.recheckAfterMs(backoff), Math.max(0, deadline - Date.now())));
    try {
      if (((await lastSequence()) ?? 0) >= atLeast) return true;
      if (Date.now() >= deadline) return false;
      await wake.woken;
    } finally {
      wake.cancel();
    }
  }
}

/** The API's projection waits: one listening connection per process, started with the app. */
@Injectable()
export class ProjectionWaits implements OnModuleInit {
  readonly notices: ProjectionNotices;

  constructor(@Inject(SQL) private readonly sql: Sql) {
    this.notices = new ProjectionNotices(sql);
  }

  onModuleInit(): void {
    void this.notices.startListening();
  }

  /** True once the read model has the pathway at `atLeast` (see `waitUntilProjected`). */
  caughtUp(pathwayId: string, atLeast: number | undefined): Promise<boolean> {
    return waitUntilProjected(pathwayId, () => projectedSequence(this.sql, pathwayId), atLeast, this.notices);
  }
}
