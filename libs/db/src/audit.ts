import type { PathwayEventEnvelope } from '@sarp/events';
import type { Caller } from '@sarp/domain';
import type { Sql } from './connection';
import { caseScopeCondition } from './queries';
import { AuditKeyring, eventLinkText } from './tamper-evidence';

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

/** A pathway's head as the latest signed checkpoint holds it (published to Kafka, out of the database's reach). */
export interface CheckpointedHead {
  checkpointId: string;
  takenAt: string;
  sequence: number;
  chainHash: string;
}

export interface ChainVerification {
  pathwayId: string;
  verified: boolean;
  eventsChecked: number;
  /**
   * Whether every link is an HMAC under one of this server's audit keys. False for links made before keyed
   * chaining or without SARP_AUDIT_KEYS: whoever can write the database could have recomputed those.
   */
  keyed: boolean;
  /** The latest signed checkpoint of this pathway's head, and whether the stored history still holds it. */
  checkpoint: (CheckpointedHead & { held: boolean }) | null;
  /** The first event whose link does not hold, that breaks the sequence, or where the history parts from its checkpoint. */
  firstBrokenLink: { eventId: string | null; sequence: number; reason: string } | null;
}

/**
 * Checks a pathway's hash chain link by link (each against the link stored before it: if every one holds,
 * the chain does), and against the latest checkpoint of its head, which catches what no chain in the
 * database alone can: a history rewritten together with its links, or cut short.
 */
export async function verifyPathwayChain(
  sql: Sql,
  pathwayId: string,
  trust: { keyring: AuditKeyring; checkpointed?: CheckpointedHead } = { keyring: new AuditKeyring(undefined) },
): Promise<ChainVerification> {
  const rows = await sql<
    {
      event_id: string;
      sequence: number;
      chain_hash: string;
      chain_key_id: string | null;
      previous_hash: string | null;
      legacy_hash: string;
      envelope: PathwayEventEnvelope;
    }[]
  >`
    SELECT event_id, sequence, chain_hash, chain_key_id, envelope,
           lag(chain_hash) OVER (ORDER BY sequence) AS previous_hash,
           sarp_event_chain_hash(lag(chain_hash) OVER (ORDER BY sequence), event_id, envelope) AS legacy_hash
    FROM event_log WHERE pathway_id = ${pathwayId} ORDER BY sequence`;
  const { keyring, checkpointed } = trust;
  let keyed = rows.length > 0;
  const brokenAt = (eventId: string | null, sequence: number, reason: string): ChainVerification => ({
    pathwayId,
    verified: false,
    eventsChecked: rows.length,
    keyed,
    checkpoint: checkpointed ? { ...checkpointed, held: false } : null,
    firstBrokenLink: { eventId, sequence, reason },
  });
  for (const [index, row] of rows.entries()) {
    const expectedSequence = index + 1;
    if (row.sequence !== expectedSequence) return brokenAt(row.event_id, row.sequence, `sequence ${expectedSequence} is missing`);
    if (row.envelope.sequence !== row.sequence || row.envelope.eventId !== row.event_id) {
      return brokenAt(row.event_id, row.sequence, 'the envelope does not match its row');
    }
    const previous = index === 0 ? null : row.previous_hash;
    const link =
      row.chain_key_id === null
        ? row.legacy_hash === row.chain_hash
          ? 'valid'
          : 'invalid'
        : keyring.check(row.chain_key_id, eventLinkText(previous, row.event_id, row.envelope), row.chain_hash);
    if (link === 'unknown-key') {
      return brokenAt(row.event_id, row.sequence, `the link was made with audit key "${row.chain_key_id}", which this server does not hold`);
    }
    if (link === 'invalid') {
      return brokenAt(row.event_id, row.sequence, 'the stored hash does not match the chain recomputed from the stored events');
    }
    keyed &&= keyring.isKeyed(row.chain_key_id);
  }
  if (checkpointed) {
    const held = rows[checkpointed.sequence - 1];
    if (!held) {
      return brokenAt(
        null,
        checkpointed.sequence,
        `the checkpoint of ${checkpointed.takenAt} holds events up to ${checkpointed.sequence}, the stored history only ${rows.length}: events were removed`,
      );
    }
    if (held.chain_hash !== checkpointed.chainHash) {
      return brokenAt(held.event_id, held.sequence, `event ${held.sequence} is not the one checkpointed at ${checkpointed.takenAt}: the history was rewritten`);
    }
  }
  return {
    pathwayId,
    verified: true,
    eventsChecked: rows.length,
    keyed,
    checkpoint: checkpointed ? { ...checkpointed, held: true } : null,
    firstBrokenLink: null,
  };
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

/** The pathways of a person, by id: whose need-to-know a read about the person answers to. */
export async function pathwaysOfPerson(sql: Sql, personId: string): Promise<string[]> {
  const rows = await sql<{ pathway_id: string }[]>`SELECT pathway_id FROM pathways WHERE person_id = ${personId}`;
  return rows.map((row) => row.pathway_id);
}
