import { canonicalJson, type AuditKeyring, type CheckpointedHead } from '@sarp/db';

/**
 * The signed checkpoints of the audit trail (issue 16; docs/audit.md), as published to Kafka: pure functions,
 * so the format is tested without a broker.
 *
 * A checkpoint is one or more parts. Each part holds the heads (last sequence and chain link) of the pathways
 * that moved since the checkpoint before, and is signed on its own (HMAC-SHA256 under the audit key, which the
 * database never holds). The last part also holds the access log's segment since the checkpoint before, and
 * the root: an HMAC over every pathway's head as of this checkpoint, so a part that went missing is noticed.
 */
export const CHECKPOINT_TYPE = 'sarp.audit-checkpoint.v1';
/** Heads per part: about 100 bytes each, so a part stays far below Kafka's 1 MB message limit. */
export const HEADS_PER_PART = 2_000;

/** The access log's rows since the checkpoint before, through `throughId`, chained: each segment's digest covers the one before. */
export interface AccessLogSegment {
  afterId: string;
  throughId: string;
  rows: number;
  digest: string;
}

export interface CheckpointPart {
  type: typeof CHECKPOINT_TYPE;
  checkpointId: string;
  takenAt: string;
  part: number;
  parts: number;
  /** [pathway id, sequence, chain link] */
  heads: [string, number, string][];
  accessLog?: AccessLogSegment;
  root?: string;
  keyId: string;
  mac: string;
}

type Unsigned = Omit<CheckpointPart, 'keyId' | 'mac'>;

export function signPart(keyring: AuditKeyring, part: Unsigned): CheckpointPart {
  const { keyId, mac } = keyring.sign(canonicalJson(part));
  return { ...part, keyId, mac };
}

/** Whether a part read back is one this server's keys signed, unchanged. */
export function partSignatureHolds(keyring: AuditKeyring, part: CheckpointPart): boolean {
  const { keyId, mac, ...unsigned } = part;
  return typeof keyId === 'string' && typeof mac === 'string' && keyring.check(keyId, canonicalJson(unsigned), mac) === 'valid';
}

/** The root over every pathway's checkpointed head: an HMAC over them in pathway order. */
export function rootOf(keyring: AuditKeyring, heads: ReadonlyMap<string, CheckpointedHead>): string {
  const lines = [...heads.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([pathwayId, head]) => `${pathwayId}:${head.sequence}:${head.chainHash}`);
  return keyring.sign(lines.join('\n')).mac;
}

/** The digest of an access-log segment: its rows' ids and seals, in id order, after the segment before. */
export function accessSegmentDigest(
  keyring: AuditKeyring,
  previousDigest: string,
  rows: readonly { id: string; seal: string | null }[],
): string {
  return keyring.sign(`${previousDigest}\n${rows.map((row) => `${row.id}:${row.seal ?? 'unsealed'}`).join('\n')}`).mac;
}

/** The parts of a checkpoint of `moved` heads, the last with the access-log segment and the root. */
export function checkpointParts(
  keyring: AuditKeyring,
  checkpoint: { checkpointId: string; takenAt: string },
  moved: readonly [string, number, string][],
  accessLog: AccessLogSegment | undefined,
  root: string,
): CheckpointPart[] {
  const parts = Math.max(1, Math.ceil(moved.length / HEADS_PER_PART));
  return Array.from({ length: parts }, (_, index) =>
    signPart(keyring, {
      type: CHECKPOINT_TYPE,
      ...checkpoint,
      part: index + 1,
      parts,
      heads: moved.slice(index * HEADS_PER_PART, (index + 1) * HEADS_PER_PART),
      ...(index === parts - 1 ? { ...(accessLog ? { accessLog } : {}), root } : {}),
    }),
  );
}
