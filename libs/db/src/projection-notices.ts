import type { Sql } from './connection';

/**
 * The channel on which the projector says which pathways a transaction has just projected (PostgreSQL
 * `NOTIFY`, delivered on commit to every listening connection). A read that waits for its caller's command to
 * be projected (`?atLeastSequence=`) wakes on it at once, whichever API process projected the event, instead
 * of polling the database. Payloads carry pathway ids only (no personal data).
 */
export const PROJECTED_CHANNEL = 'sarp_projected';

/** PostgreSQL refuses a notification payload of 8,000 bytes or more; ids are sent in chunks below that. */
const MAX_PAYLOAD_BYTES = 7_000;

/** Queues, inside the projecting transaction, the notices that these pathways were projected (sent on commit). */
export async function noticeProjected(tx: Sql, pathwayIds: readonly string[]): Promise<void> {
  const payloads: string[] = [];
  let chunk = '';
  for (const id of pathwayIds) {
    if (chunk.length > 0 && chunk.length + id.length + 1 > MAX_PAYLOAD_BYTES) {
      payloads.push(chunk);
      chunk = '';
    }
    chunk = chunk.length > 0 ? `${chunk},${id}` : id;
  }
  if (chunk.length > 0) payloads.push(chunk);
  if (payloads.length === 0) return;
  await tx`SELECT pg_notify(${PROJECTED_CHANNEL}, payload) FROM unnest(${payloads}::text[]) AS payload`;
}

/** The pathway ids of one notice. */
export function pathwaysInNotice(payload: string): string[] {
  return payload.length > 0 ? payload.split(',') : [];
}
