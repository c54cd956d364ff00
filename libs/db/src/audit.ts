import type { PathwayEventEnvelope } from '@sarp/events';
import type { Caller } from '@sarp/domain';
import type { Sql } from './connection';
import { caseScopeCondition } from './queries';

/** An event as the audit log holds it: the envelope as received, and its link in the pathway's hash chain. */
export interface AuditedEvent {
  envelope: PathwayEventEnvelope;
  chainHash: string;
  recordedAt: string;
}

interface AuditRow {
  envelope: PathwayEventEnvelope;
  chain_hash: string;
  recorded_at: Date;
}

const toAudited = (row: AuditRow): AuditedEvent => ({
  envelope: row.envelope,
  chainHash: row.chain_hash,
  recordedAt: row.recorded_at.toISOString(),
});

/** A pathway's events in order, paged. */
export async function pathwayEventHistory(
  sql: Sql,
  pathwayId: string,
  page: { limit: number; offset: number },
): Promise<{ items: AuditedEvent[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    sql<AuditRow[]>`SELECT envelope, chain_hash, recorded_at FROM event_log WHERE pathway_id = ${pathwayId}
      ORDER BY sequence LIMIT ${page.limit} OFFSET ${page.offset}`,
    sql<{ total: number }[]>`SELECT count(*)::int AS total FROM event_log WHERE pathway_id = ${pathwayId}`,
  ]);
  return { items: rows.map(toAudited), total: count?.total ?? 0 };
}

/** Every event about one person, across all their pathways, oldest first, paged. */
export async function personEventHistory(
  sql: Sql,
  personId: string,
  page: { limit: number; offset: number },
): Promise<{ items: AuditedEvent[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    sql<AuditRow[]>`SELECT envelope, chain_hash, recorded_at FROM event_log WHERE person_id = ${personId}
      ORDER BY occurred_at, pathway_id, sequence LIMIT ${page.limit} OFFSET ${page.offset}`,
    sql<{ total: number }[]>`SELECT count(*)::int AS total FROM event_log WHERE person_id = ${personId}`,
  ]);
  return { items: rows.map(toAudited), total: count?.total ?? 0 };
}

/** The events of a pathway that had happened at an instant (by workflow time), in order: what time travel folds. */
export async function pathwayEventsUpTo(sql: Sql, pathwayId: string, asOf: string): Promise<PathwayEventEnvelope[]> {
  const rows = await sql<{ envelope: PathwayEventEnvelope }[]>`
    SELECT envelope FROM event_log WHERE pathway_id = ${pathwayId} AND occurred_at <= ${asOf} ORDER BY sequence`;
  return rows.map((row) => row.envelope);
}

/**
 * Every event, up to an instant, of the pathways that had been referred to
 * the QA panel by then, grouped by pathway in order: what the worklist as it
 * stood is folded from.
 */
export async function panelPathwayEventsUpTo(sql: Sql, asOf: string): Promise<PathwayEventEnvelope[][]> {
  const rows = await sql<{ pathway_id: string; envelope: PathwayEventEnvelope }[]>`
    SELECT pathway_id, envelope FROM event_log
    WHERE occurred_at <= ${asOf}
      AND pathway_id IN (SELECT pathway_id FROM event_log WHERE type = 'CaseReferredToPanel' AND occurred_at <= ${asOf})
    ORDER BY pathway_id, sequence`;
  const byPathway = new Map<string, PathwayEventEnvelope[]>();
  for (const row of rows) byPathway.set(row.pathway_id, [...(byPathway.get(row.pathway_id) ?? []), row.envelope]);
  return [...byPathway.values()];
}

export interface ChainVerification {
  pathwayId: string;
  verified: boolean;
  eventsChecked: number;
  /** The first event whose stored hash does not match the chain recomputed from the stored envelopes, or that breaks the sequence. */
  firstBrokenLink: { eventId: string; sequence: number; reason: string } | null;
}

/** Recomputes a pathway's hash chain from the stored envelopes and names the first link that does not hold. */
export async function verifyPathwayChain(sql: Sql, pathwayId: string): Promise<ChainVerification> {
  const rows = await sql<
    { event_id: string; sequence: number; chain_hash: string; recomputed: string; envelope_sequence: number; envelope_event_id: string }[]
  >`
    WITH RECURSIVE ordered AS (
      SELECT event_id, sequence, chain_hash, envelope, row_number() OVER (ORDER BY sequence) AS position
      FROM event_log WHERE pathway_id = ${pathwayId}
    ), chain AS (
      SELECT o.position, o.event_id, o.sequence, o.chain_hash, o.envelope,
             sarp_event_chain_hash(NULL, o.event_id, o.envelope) AS recomputed
      FROM ordered o WHERE o.position = 1
      UNION ALL
      SELECT o.position, o.event_id, o.sequence, o.chain_hash, o.envelope,
             sarp_event_chain_hash(c.recomputed, o.event_id, o.envelope)
      FROM ordered o JOIN chain c ON o.position = c.position + 1
    )
    SELECT event_id, sequence, chain_hash, recomputed,
           (envelope->>'sequence')::int AS envelope_sequence, envelope->>'eventId' AS envelope_event_id
    FROM chain ORDER BY position`;
  let expectedSequence = 1;
  for (const row of rows) {
    const broken =
      row.sequence !== expectedSequence
        ? `sequence ${expectedSequence} is missing`
        : row.envelope_sequence !== row.sequence || row.envelope_event_id !== row.event_id
          ? 'the envelope does not match its row'
          : row.recomputed !== row.chain_hash
            ? 'the stored hash does not match the chain recomputed from the stored events'
            : undefined;
    if (broken) {
      return {
        pathwayId,
        verified: false,
        eventsChecked: rows.length,
        firstBrokenLink: { eventId: row.event_id, sequence: row.sequence, reason: broken },
      };
    }
    expectedSequence += 1;
  }
  return { pathwayId, verified: true, eventsChecked: rows.length, firstBrokenLink: null };
}

export interface SafeguardingReferralView {
  eventId: string;
  pathwayId: string;
  personId: string;
  agency: string;
  consent: 'given' | 'refused' | 'not_asked';
  withoutConsentReason: string | null;
  flaggedForAudit: boolean;
  madeBy: { userId: string; role: string };
  madeAt: string;
  /** Seed 003: whether the person was told of it, and when (null until that is recorded). */
  personTold: { told: boolean; on: string | null; recordedAt: string } | null;
}

/** Safeguarding referrals, newest first; `flagged` keeps only those made without consent. */
export async function safeguardingReferrals(
  sql: Sql,
  filter: { flagged?: boolean; limit: number; offset: number },
): Promise<{ items: SafeguardingReferralView[]; total: number }> {
  const where = sql`WHERE (${filter.flagged ?? null}::boolean IS NULL OR flagged_for_audit = ${filter.flagged ?? null})`;
  const [rows, [count]] = await Promise.all([
    sql<
      {
        event_id: string;
        pathway_id: string;
        person_id: string;
        agency: string;
        consent: SafeguardingReferralView['consent'];
        without_consent_reason: string | null;
        flagged_for_audit: boolean;
        made_by: string;
        made_by_role: string;
        made_at: Date;
        person_told: boolean | null;
        person_told_on: string | null;
        notice_recorded_at: Date | null;
      }[]
    >`SELECT * FROM safeguarding_referrals ${where} ORDER BY made_at DESC, event_id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
    sql<{ total: number }[]>`SELECT count(*)::int AS total FROM safeguarding_referrals ${where}`,
  ]);
  return {
    items: rows.map((row) => ({
      eventId: row.event_id,
      pathwayId: row.pathway_id,
      personId: row.person_id,
      agency: row.agency,
      consent: row.consent,
      withoutConsentReason: row.without_consent_reason,
      flaggedForAudit: row.flagged_for_audit,
      madeBy: { userId: row.made_by, role: row.made_by_role },
      madeAt: row.made_at.toISOString(),
      personTold:
        row.person_told === null || !row.notice_recorded_at
          ? null
          : { told: row.person_told, on: row.person_told_on, recordedAt: row.notice_recorded_at.toISOString() },
    })),
    total: count?.total ?? 0,
  };
}

export interface ConsentRecord {
  pathwayId: string;
  granted: boolean;
  agencies: string[];
  overrideReason: string | null;
  recordedAt: string;
  recordedBy: { userId: string; role: string };
}

/** Every consent to share recorded for a person, across their pathways, newest first. */
export async function consentsOfPerson(sql: Sql, personId: string, caller: Caller): Promise<ConsentRecord[]> {
  // Need-to-know: only what was recorded on the pathways of theirs the caller works on.
  const rows = await sql<{ pathway_id: string; envelope: PathwayEventEnvelope }[]>`
    SELECT pathway_id, envelope FROM event_log
    WHERE person_id = ${personId} AND type = 'ConsentRecorded'
      AND pathway_id IN (SELECT pathway_id FROM pathways WHERE person_id = ${personId} AND ${caseScopeCondition(sql, caller)})
    ORDER BY occurred_at DESC, pathway_id, sequence DESC`;
  return rows.flatMap(({ pathway_id: pathwayId, envelope }) =>
    envelope.type === 'ConsentRecorded'
      ? [{ pathwayId, ...envelope.data, recordedAt: envelope.occurredAt, recordedBy: envelope.actor }]
      : [],
  );
}

/** The pathways of a person, by id: whose need-to-know a read about the person answers to. */
/**
 * A person's pathways that are not closed, oldest first: what a new referral of theirs is linked to. With a
 * caller, only those the caller works on (need-to-know: a referrer learns of no other team's case).
 */
export async function openPathwaysOfPerson(sql: Sql, personId: string, caller?: Caller): Promise<string[]> {
  const rows = await sql<{ pathway_id: string }[]>`
    SELECT pathway_id FROM pathways WHERE person_id = ${personId} AND stage <> 'closed'
      AND ${caller ? caseScopeCondition(sql, caller) : sql`true`}
    ORDER BY opened_at, pathway_id`;
  return rows.map((row) => row.pathway_id);
}

export async function pathwaysOfPerson(sql: Sql, personId: string): Promise<string[]> {
  const rows = await sql<{ pathway_id: string }[]>`SELECT pathway_id FROM pathways WHERE person_id = ${personId}`;
  return rows.map((row) => row.pathway_id);
}
