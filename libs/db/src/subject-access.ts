import { evolveSubjectAccess, type SubjectAccessRequestState } from '@sarp/domain';
import { SubjectAccessEventEnvelope } from '@sarp/events';
import type { Sql } from './connection';

/** A subject access request as the information governance team and auditors see it. */
export interface SubjectAccessRequestView extends SubjectAccessRequestState {
  status: 'open' | 'clock_stopped' | 'overdue' | 'answered';
  requestedBy: string;
  channel: string;
}

/**
 * Appends a request's events and stores the request as they fold, in one
 * transaction. Idempotent: events already stored (a retried activity) are
 * skipped, so the fold never counts one twice.
 */
export async function recordSubjectAccessEvents(sql: Sql, events: readonly unknown[]): Promise<void> {
  const parsed = events.map((event) => SubjectAccessEventEnvelope.parse(event));
  if (parsed.length === 0) return;
  const requestId = parsed[0]!.requestId;
  await sql.begin(async (tx) => {
    const [current] = await tx<{ state: SubjectAccessRequestState }[]>`
      SELECT state FROM subject_access_requests WHERE request_id = ${requestId} FOR UPDATE`;
    let state = current?.state ?? null;
    for (const event of parsed) {
      if (state && event.sequence <= state.lastSequence) continue;
      if (event.sequence !== (state?.lastSequence ?? 0) + 1) throw new Error(`subject access event ${event.eventId} is out of sequence`);
      await tx`
        INSERT INTO subject_access_events (event_id, request_id, person_id, sequence, type, occurred_at, envelope)
        VALUES (${event.eventId}, ${event.requestId}, ${event.personId}, ${event.sequence}, ${event.type}, ${event.occurredAt},
          ${tx.json(event)})`;
      state = evolveSubjectAccess(state, event);
    }
    if (!state) return;
    await tx`
      INSERT INTO subject_access_requests (request_id, person_id, received_at, due_at, awaiting, extension_months, overdue,
        answered_at, last_sequence, state)
      VALUES (${state.requestId}, ${state.personId}, ${state.receivedAt}, ${state.dueAt}, ${state.stopped?.awaiting ?? null},
        ${state.extensionMonths}, ${state.overdue}, ${state.answeredAt}, ${state.lastSequence}, ${tx.json(state as never)})
      ON CONFLICT (request_id) DO UPDATE SET due_at = EXCLUDED.due_at, awaiting = EXCLUDED.awaiting,
        extension_months = EXCLUDED.extension_months, overdue = EXCLUDED.overdue, answered_at = EXCLUDED.answered_at,
        last_sequence = EXCLUDED.last_sequence, state = EXCLUDED.state`;
  });
}

/** Requests, oldest due first; by person and/or those still to answer. */
export async function listSubjectAccessRequests(
  sql: Sql,
  filter: { requestId?: string; personId?: string; open?: boolean } = {},
): Promise<SubjectAccessRequestView[]> {
  const rows = await sql<{ state: SubjectAccessRequestState; received: { data: { requestedBy: string; channel: string } } }[]>`
    SELECT r.state, e.envelope AS received
    FROM subject_access_requests r
    JOIN subject_access_events e ON e.request_id = r.request_id AND e.sequence = 1
    WHERE (${filter.requestId ?? null}::uuid IS NULL OR r.request_id = ${filter.requestId ?? null}::uuid)
      AND (${filter.personId ?? null}::text IS NULL OR r.person_id = ${filter.personId ?? null})
      AND (${filter.open ?? null}::boolean IS NULL OR (r.answered_at IS NULL) = ${filter.open ?? null})
    ORDER BY r.due_at NULLS LAST, r.received_at
    LIMIT 500`;
  return rows.map(({ state, received }) => ({
    ...state,
    requestedBy: received.data.requestedBy,
    channel: received.data.channel,
    status: state.answeredAt ? 'answered' : state.stopped ? 'clock_stopped' : state.overdue ? 'overdue' : 'open',
  }));
}

/** A request's events, oldest first (auditors). */
export async function subjectAccessEvents(sql: Sql, requestId: string): Promise<unknown[]> {
  const rows = await sql<{ envelope: unknown }[]>`
    SELECT envelope FROM subject_access_events WHERE request_id = ${requestId} ORDER BY sequence`;
  return rows.map((row) => row.envelope);
}
