import type { Sql } from './connection';
import { accessSealText, type AuditKeyring } from './tamper-evidence';

export interface AccessRecord {
  userId: string;
  role: string;
  /** What was read, e.g. `GET /pathways/:id`. */
  action: string;
  pathwayId: string | null;
  personId: string | null;
  /** Why, as the reader gave it (`X-Access-Reason`), when they did. */
  reason: string | null;
}

/**
 * Records a read of a person's data, sealed (an HMAC of the row under the audit key, which the database
 * never holds: docs/audit.md). When only the pathway is known, the person is looked up from the read model
 * first, so that the seal covers who was read.
 */
export async function recordAccess(sql: Sql, keyring: AuditKeyring, access: AccessRecord): Promise<void> {
  let personId = access.personId;
  if (personId === null && access.pathwayId !== null) {
    const [pathway] = await sql<{ person_id: string }[]>`SELECT person_id FROM pathways WHERE pathway_id = ${access.pathwayId}`;
    personId = pathway?.person_id ?? null;
  }
  await recordAccesses(sql, keyring, [{ ...access, personId }]);
}

/** Records one read that showed several people's data (a list), one sealed row per person, in one statement. */
export async function recordAccesses(sql: Sql, keyring: AuditKeyring, accesses: AccessRecord[]): Promise<void> {
  if (accesses.length === 0) return;
  const accessedAt = new Date();
  const rows = accesses.map((access) => {
    const { keyId, mac } = keyring.sign(accessSealText({ ...access, accessedAt }));
    return {
      user_id: access.userId,
      role: access.role,
      action: access.action,
      pathway_id: access.pathwayId,
      person_id: access.personId,
      reason: access.reason,
      accessed_at: accessedAt,
      seal: mac,
      seal_key_id: keyId,
    };
  });
  await sql`INSERT INTO access_log ${sql(rows, 'user_id', 'role', 'action', 'pathway_id', 'person_id', 'reason', 'accessed_at', 'seal', 'seal_key_id')}`;
}

export interface AccessLogEntry extends AccessRecord {
  accessedAt: string;
}

interface AccessLogRow {
  user_id: string;
  role: string;
  action: string;
  pathway_id: string | null;
  person_id: string | null;
  reason: string | null;
  accessed_at: Date;
}

const toAccessRecord = (row: AccessLogRow): AccessRecord => ({
  userId: row.user_id,
  role: row.role,
  action: row.action,
  pathwayId: row.pathway_id,
  personId: row.person_id,
  reason: row.reason,
});

/** Who read a person's data, newest first. */
export async function accessLogForPerson(sql: Sql, personId: string, limit = 500): Promise<AccessLogEntry[]> {
  const rows = await sql<AccessLogRow[]>`SELECT user_id, role, action, pathway_id, person_id, reason, accessed_at FROM access_log
    WHERE person_id = ${personId} ORDER BY accessed_at DESC, id DESC LIMIT ${limit}`;
  return rows.map((row) => ({ ...toAccessRecord(row), accessedAt: row.accessed_at.toISOString() }));
}

/** An access-log row with its seal, as `verify` checks it. */
export interface SealedAccessRow {
  id: string;
  record: AccessRecord & { accessedAt: Date };
  seal: string | null;
  sealKeyId: string | null;
}

/** Every access-log row in id order, with its seal: what the access log's verification reads. */
export async function sealedAccessRows(sql: Sql): Promise<SealedAccessRow[]> {
  const rows = await sql<(AccessLogRow & { id: string; seal: string | null; seal_key_id: string | null })[]>`
    SELECT id::text AS id, user_id, role, action, pathway_id, person_id, reason, accessed_at, seal, seal_key_id
    FROM access_log ORDER BY access_log.id`;
  return rows.map((row) => ({
    id: row.id,
    record: { ...toAccessRecord(row), accessedAt: row.accessed_at },
    seal: row.seal,
    sealKeyId: row.seal_key_id,
  }));
}

/**
 * A listing that shows each listed person's data (a worklist, a list of
 * referrals) is a read of each of them: one access record per listed case.
 */
export async function recordListingReads(
  sql: Sql,
  keyring: AuditKeyring,
  reader: { userId: string; role: string },
  action: string,
  listed: readonly { pathwayId: string; personId: string }[],
): Promise<void> {
  await recordAccesses(
    sql,
    keyring,
    listed.map((item) => ({
      userId: reader.userId,
      role: reader.role,
      action,
      pathwayId: item.pathwayId,
      personId: item.personId,
      reason: null,
    })),
  );
}
