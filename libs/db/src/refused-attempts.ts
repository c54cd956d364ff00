import type postgres from 'postgres';
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
  return refusedWhere(sql, sql`pathway_id = ${pathwayId}`);
}

/** How a refused change to the accommodation catalogue is named: it belongs to a scheme, not a pathway. */
export function catalogueCommandName(schemeId: string, commandType: string): string {
  return `catalogue:${schemeId}:${commandType}`;
}

/** Refused changes to the accommodation catalogue, of one scheme or all. */
export async function findRefusedCatalogueCommands(sql: Sql, schemeId?: string): Promise<RefusedAttemptView[]> {
  // Scheme ids are lower-case letters, digits and "-": nothing in them is a LIKE wildcard.
  return refusedWhere(sql, sql`pathway_id IS NULL AND command LIKE ${schemeId ? `catalogue:${schemeId}:%` : 'catalogue:%'}`);
}

async function refusedWhere(sql: Sql, condition: postgres.PendingQuery<postgres.Row[]>): Promise<RefusedAttemptView[]> {
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
    FROM refused_attempts WHERE ${condition} ORDER BY occurred_at, event_id`;
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
