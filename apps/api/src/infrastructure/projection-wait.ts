import { z } from 'zod';

/**
 * `?atLeastSequence=N` on a read: the caller has just had a command accepted
 * whose last event has sequence N, and wants the read model to show it. The
 * read waits (checking again with backoff, at most a few seconds) until the
 * pathway's projection has reached N, so a page can show the new state
 * without a refresh dance. If the projector is slower than that, the read
 * answers with what it has and says so in the `Sarp-Projection-Behind` header.
 */
export const AtLeastSequenceQuery = z.strictObject({
  atLeastSequence: z.coerce.number().int().min(1).optional(),
});

export const PROJECTION_WAIT_MS = 10_000;

export async function waitUntilProjected(lastSequence: () => Promise<number | undefined>, atLeast: number | undefined): Promise<boolean> {
  if (atLeast === undefined) return true;
  const deadline = Date.now() + PROJECTION_WAIT_MS;
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    if (((await lastSequence()) ?? 0) >= atLeast) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
