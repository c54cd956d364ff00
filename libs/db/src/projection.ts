import { deadlineKind, EMPTY_PATHWAY, evolve, type PathwayState } from '@sarp/domain';
import type { PathwayEventEnvelope } from '@sarp/events';
import type { Sql } from './connection';
import { applyToPanelTasks } from './panel-tasks';
import { summarizeEvent } from './summaries';

/** Where an event was read from; stored with it and as the consumer position. */
export interface KafkaPosition {
  consumerGroup: string;
  topic: string;
  partition: number;
  offset: string;
}

export type ProjectionOutcome = 'applied' | 'duplicate';

/**
 * The event cannot be applied in order (a gap, or another event already holds
 * its sequence). Permanent for this event: the projector dead-letters it.
 */
export class ProjectionConflictError extends Error {
  override readonly name = 'ProjectionConflictError';
}

/**
 * Applies one event to the read model and moves the consumer position, in one
 * transaction (STYLE 7). The unique event id makes a redelivered event a
 * no-op ('duplicate'); the stream-revision guard refuses an event that does
 * not follow the last one applied to its pathway.
 */
export async function projectPathwayEvent(sql: Sql, event: PathwayEventEnvelope, position: KafkaPosition): Promise<ProjectionOutcome> {
  return sql.begin(async (tx) => {
    const inserted = await tx`
      INSERT INTO event_log (event_id, pathway_id, person_id, sequence, type, schema_version, occurred_at,
        actor_user_id, actor_role, policy_version, correlation_id, causation_id, envelope,
        kafka_topic, kafka_partition, kafka_offset, chain_hash)
      VALUES (${event.eventId}, ${event.pathwayId}, ${event.personId}, ${event.sequence}, ${event.type},
        ${event.schemaVersion}, ${event.occurredAt}, ${event.actor.userId}, ${event.actor.role},
        ${event.policyVersion}, ${event.correlationId}, ${event.causationId}, ${tx.json(event)},
        ${position.topic}, ${position.partition}, ${position.offset},
        -- Chained to the previous event of the pathway (tamper evidence; see sarp_event_chain_hash).
        sarp_event_chain_hash(
          (SELECT chain_hash FROM event_log WHERE pathway_id = ${event.pathwayId} AND sequence = ${event.sequence - 1}),
          ${event.eventId}, ${tx.json(event)}::jsonb))
      ON CONFLICT (event_id) DO NOTHING
      RETURNING event_id`;

    const outcome: ProjectionOutcome = inserted.length === 0 ? 'duplicate' : 'applied';
    if (outcome === 'applied') await applyToPathway(tx as unknown as Sql, event);
    await savePosition(tx as unknown as Sql, position);
    return outcome;
  });
}

async function applyToPathway(tx: Sql, event: PathwayEventEnvelope): Promise<void> {
  const [current] = await tx<{ state: PathwayState; last_sequence: number }[]>`
    SELECT state, last_sequence FROM pathways WHERE pathway_id = ${event.pathwayId} FOR UPDATE`;
  const lastSequence = current?.last_sequence ?? 0;
  if (event.sequence !== lastSequence + 1) {
    throw new ProjectionConflictError(
      `event ${event.eventId} has sequence ${event.sequence}, but the pathway's last applied sequence is ${lastSequence}`,
    );
  }
  const next = evolve(current?.state ?? EMPTY_PATHWAY, event);
  if (next.status !== 'started') throw new ProjectionConflictError(`event ${event.eventId} did not start its pathway`);

  await tx`
    INSERT INTO pathways (pathway_id, person_id, stage, urgency, referring_agency, opened_at, updated_at, last_sequence,
      placement_model, breaches, state, team, referred_by, assessor_id, outcome)
    VALUES (${next.pathwayId}, ${next.personId}, ${next.stage}, ${next.urgency}, ${next.referringAgency},
      ${next.openedAt}, ${next.updatedAt}, ${next.lastSequence}, ${next.placement?.model ?? null}, ${next.breaches},
      ${tx.json(next as never)}, ${next.team ?? null}, ${next.referredBy}, ${next.assessorId}, ${next.closure?.outcome ?? null})
    ON CONFLICT (pathway_id) DO UPDATE SET
      stage = EXCLUDED.stage, urgency = EXCLUDED.urgency, updated_at = EXCLUDED.updated_at,
      last_sequence = EXCLUDED.last_sequence, placement_model = EXCLUDED.placement_model,
      breaches = EXCLUDED.breaches, state = EXCLUDED.state, team = EXCLUDED.team, assessor_id = EXCLUDED.assessor_id,
      outcome = EXCLUDED.outcome`;
  await applyToDeadlines(tx, event);
  await applyToPanelTasks(tx, event);
  if (current?.state.status !== 'started' || current.state.stage !== next.stage) {
    await tx`
      INSERT INTO stage_changes (event_id, pathway_id, sequence, stage, entered_at)
      VALUES (${event.eventId}, ${event.pathwayId}, ${event.sequence}, ${next.stage}, ${event.occurredAt})`;
  }

  await tx`
    INSERT INTO pathway_timeline (event_id, pathway_id, sequence, type, occurred_at, actor_user_id, actor_role, summary)
    VALUES (${event.eventId}, ${event.pathwayId}, ${event.sequence}, ${event.type}, ${event.occurredAt},
      ${event.actor.userId}, ${event.actor.role}, ${summarizeEvent(event)})`;
}

/** Keeps the deadline and escalation tables in step: every deadline ever set, and how it ended. */
async function applyToDeadlines(tx: Sql, event: PathwayEventEnvelope): Promise<void> {
  switch (event.type) {
    case 'DeadlineSet':
      await tx`
        INSERT INTO pathway_deadlines (deadline_id, pathway_id, rule_id, kind, policy_version, rule, source, due_at, status)
        VALUES (${event.data.deadlineId}, ${event.pathwayId}, ${event.data.ruleId}, ${event.data.kind ?? deadlineKind(event.data.ruleId)},
          ${event.policyVersion ?? ''}, ${event.data.rule}, ${event.data.source}, ${event.data.dueAt}, 'open')`;
      return;
    case 'DeadlineMet':
    case 'DeadlineBreached':
    case 'DeadlineCancelled': {
      // A target that passes is missed (its limit still runs); a limit that passes is breached.
      const passed = (event.type === 'DeadlineBreached' && event.data.kind) || deadlineKind(event.data.ruleId);
      const status =
        event.type === 'DeadlineMet'
          ? 'met'
          : event.type === 'DeadlineCancelled'
            ? 'cancelled'
            : passed === 'target'
              ? 'missed'
              : 'breached';
      await tx`
        UPDATE pathway_deadlines SET status = ${status}, closed_at = ${event.occurredAt}
        WHERE pathway_id = ${event.pathwayId} AND deadline_id = ${event.data.deadlineId}`;
      return;
    }
    case 'SafeguardingReferralMade':
      // The concern itself (free text about the person) stays in the event log only.
      await tx`
        INSERT INTO safeguarding_referrals (event_id, pathway_id, person_id, agency, consent, without_consent_reason,
          flagged_for_audit, made_by, made_by_role, made_at)
        VALUES (${event.eventId}, ${event.pathwayId}, ${event.personId}, ${event.data.agency}, ${event.data.consent},
          ${event.data.withoutConsentReason}, ${event.data.flaggedForAudit}, ${event.actor.userId}, ${event.actor.role},
          ${event.occurredAt})`;
      return;
    case 'PersonToldOfSafeguardingReferral':
      // Whether and when; the reason for not telling (free text) stays in the event log only.
      await tx`
        UPDATE safeguarding_referrals SET person_told = ${event.data.told}, person_told_on = ${event.data.toldOn},
          notice_recorded_at = ${event.occurredAt}
        WHERE event_id = ${event.data.referralEventId} AND pathway_id = ${event.pathwayId}`;
      return;
    case 'EscalationRaised':
      await tx`
        INSERT INTO escalations (event_id, pathway_id, deadline_id, rule_id, kind, due_at, raised_at, message)
        VALUES (${event.eventId}, ${event.pathwayId}, ${event.data.deadlineId}, ${event.data.ruleId},
          ${event.data.kind ?? deadlineKind(event.data.ruleId)}, ${event.data.dueAt}, ${event.occurredAt}, ${event.data.message})`;
      return;
    default:
      return;
  }
}

/** Moves a consumer group's position past a message; call inside the transaction that applied it. */
export async function savePosition(tx: Sql, position: KafkaPosition): Promise<void> {
  await tx`
    INSERT INTO projector_positions (consumer_group, topic, partition, next_offset)
    VALUES (${position.consumerGroup}, ${position.topic}, ${position.partition}, ${(BigInt(position.offset) + 1n).toString()})
    ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET
      next_offset = GREATEST(projector_positions.next_offset, EXCLUDED.next_offset), updated_at = now()`;
}

/** Records an event the projector gave up on, and moves past it, in one transaction. */
export async function recordDeadLetter(sql: Sql, position: KafkaPosition, eventId: string | null, reason: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO dead_letters (kafka_topic, kafka_partition, kafka_offset, event_id, reason)
      VALUES (${position.topic}, ${position.partition}, ${position.offset}, ${eventId}, ${reason})
      ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO NOTHING`;
    await savePosition(tx as unknown as Sql, position);
  });
}
