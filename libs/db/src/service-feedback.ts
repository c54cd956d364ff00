import type { Actor, FeedbackChannel, FeedbackDetails } from '@sarp/events';
import type { Sql } from './connection';

/** A complaint or compliment about the service tied to no person's pathway (seed 003). */
export interface ServiceFeedback extends Required<Omit<FeedbackDetails, 'channel' | 'officer'>> {
  feedbackId: string;
  channel: FeedbackChannel;
  officer: string | null;
  recordedBy: string;
  recordedAt: string;
}

/** Appends one record; the id is the caller's, so a retried request with the same id changes nothing. */
export async function recordServiceFeedback(
  sql: Sql,
  feedbackId: string,
  feedback: FeedbackDetails & { channel: FeedbackChannel },
  actor: Actor,
  now: Date,
): Promise<ServiceFeedback> {
  await sql`
    INSERT INTO service_feedback (feedback_id, kind, received_on, about, channel, officer, summary, recorded_by, recorded_role, recorded_at)
    VALUES (${feedbackId}, ${feedback.kind}, ${feedback.receivedOn}, ${feedback.about}, ${feedback.channel}, ${feedback.officer ?? null},
      ${feedback.summary}, ${actor.userId}, ${actor.role}, ${now})
    ON CONFLICT (feedback_id) DO NOTHING`;
  const [recorded] = await listServiceFeedback(sql, { feedbackId });
  if (!recorded) throw new Error(`service feedback ${feedbackId} was not recorded`);
  return recorded;
}

/** Service feedback, newest received first; by London dates received (inclusive), or one record by id. */
export async function listServiceFeedback(
  sql: Sql,
  filter: { feedbackId?: string; from?: string; to?: string; limit?: number },
): Promise<ServiceFeedback[]> {
  const rows = await sql<
    {
      feedback_id: string;
      kind: 'complaint' | 'compliment';
      received_on: string;
      about: FeedbackDetails['about'];
      channel: FeedbackChannel;
      officer: string | null;
      summary: string;
      recorded_by: string;
      recorded_at: Date;
    }[]
  >`
    SELECT feedback_id, kind, to_char(received_on, 'YYYY-MM-DD') AS received_on, about, channel, officer, summary, recorded_by, recorded_at
    FROM service_feedback
    WHERE (${filter.feedbackId ?? null}::uuid IS NULL OR feedback_id = ${filter.feedbackId ?? null}::uuid)
      AND (${filter.from ?? null}::date IS NULL OR received_on >= ${filter.from ?? null}::date)
      AND (${filter.to ?? null}::date IS NULL OR received_on <= ${filter.to ?? null}::date)
    ORDER BY received_on DESC, recorded_at DESC
    LIMIT ${filter.limit ?? 200}`;
  return rows.map((row) => ({
    feedbackId: row.feedback_id,
    kind: row.kind,
    receivedOn: row.received_on,
    about: row.about,
    channel: row.channel,
    officer: row.officer,
    summary: row.summary,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
  }));
}
