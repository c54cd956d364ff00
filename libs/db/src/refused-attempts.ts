import type { CommandRefused } from '@sarp/events';
import type { Sql } from './connection';
import { savePosition, type KafkaPosition } from './projection';

/** Records a refused command and moves the consumer position, in one transaction; a redelivery changes nothing. */
export async function projectRefusedCommand(sql: Sql, refused: CommandRefused, position: KafkaPosition): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO refused_attempts (event_id, pathway_id, command, actor_user_id, actor_role, status, code, reason,
        occurred_at, correlation_id, kafka_topic, kafka_partition, kafka_offset)
      VALUES (${refused.eventId}, ${refused.pathwayId}, ${refused.command}, ${refused.actor.userId}, ${refused.actor.role},
        ${refused.refusal.status}, ${refused.refusal.code}, ${refused.refusal.reason}, ${refused.occurredAt},
        ${refused.correlationId}, ${position.topic}, ${position.partition}, ${position.offset})
      ON CONFLICT (event_id) DO NOTHING`;
    await savePosition(tx as unknown as Sql, position);
  });
}

export interface RefusedAttemptView {
  eventId: string;
  command: string;
  actor: { userId: string; role: string };
  status: number;
  code: string;
  reason: string;
  occurredAt: string;
}

export async function findRefusedAttempts(sql: Sql, pathwayId: string): Promise<RefusedAttemptView[]> {
  const rows = await sql<
    {
      event_id: string;
      command: string;
      actor_user_id: string;
      actor_role: string;
      status: number;
      code: string;
      reason: string;
      occurred_at: Date;
    }[]
  >`SELECT event_id, command, actor_user_id, actor_role, status, code, reason, occurred_at
    FROM refused_attempts WHERE pathway_id = ${pathwayId} ORDER BY occurred_at, event_id`;
  return rows.map((row) => ({
    eventId: row.event_id,
    command: row.command,
    actor: { userId: row.actor_user_id, role: row.actor_role },
    status: row.status,
    code: row.code,
    reason: row.reason,
    occurredAt: row.occurred_at.toISOString(),
  }));
}
