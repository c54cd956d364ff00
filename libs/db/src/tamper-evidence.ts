import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AccessRecord } from './access-log';

/**
 * The keys of the audit trail's tamper evidence (issue 16; docs/audit.md): HMAC-SHA256 under a key the
 * database never holds. Each link of a pathway's hash chain, each access-log row's seal and each checkpoint
 * names the key it was made with, so keys can rotate: the first configured key makes new ones, the others
 * still check what they made.
 */
export interface AuditKey {
  id: string;
  keyBase64: string;
}

/**
 * The key id of links made without configured keys (development only): a key everyone knows, so they are
 * chained as usual but prove nothing, and `verify` says they are not keyed.
 */
export const UNKEYED = 'unkeyed';
const UNKEYED_SECRET = createHash('sha256').update('sarp: no audit key configured').digest();

export class AuditKeyring {
  private readonly secrets = new Map<string, Buffer>();
  /** The key that makes new links, seals and checkpoints. */
  readonly signingKeyId: string;

  constructor(keys: readonly AuditKey[] | undefined) {
    for (const key of keys ?? []) this.secrets.set(key.id, Buffer.from(key.keyBase64, 'base64'));
    this.signingKeyId = keys?.[0]?.id ?? UNKEYED;
    this.secrets.set(UNKEYED, UNKEYED_SECRET);
  }

  /** Whether a key id is one of the configured (secret) keys. */
  isKeyed(keyId: string | null): boolean {
    return keyId !== null && keyId !== UNKEYED && this.secrets.has(keyId);
  }

  /** HMAC-SHA256 (hex) of `text` under the signing key. */
  sign(text: string): { keyId: string; mac: string } {
    return { keyId: this.signingKeyId, mac: this.macUnder(this.signingKeyId, text)! };
  }

  /** Whether `mac` is the HMAC of `text` under the key `keyId`; `unknown-key` when this keyring lacks it. */
  check(keyId: string, text: string, mac: string): 'valid' | 'invalid' | 'unknown-key' {
    const expected = this.macUnder(keyId, text);
    if (expected === undefined) return 'unknown-key';
    const a = Buffer.from(expected, 'hex');
    const b = Buffer.from(mac, 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? 'valid' : 'invalid';
  }

  private macUnder(keyId: string, text: string): string | undefined {
    const secret = this.secrets.get(keyId);
    return secret && createHmac('sha256', secret).update(text, 'utf8').digest('hex');
  }
}

/**
 * JSON with every object's keys in code-point order: the same text for the same value however it was built
 * or parsed (an envelope as the projector received it, and as PostgreSQL's jsonb gives it back).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(JSON.parse(JSON.stringify(value ?? null))));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortedKeys(record[key])]),
    );
  }
  return value;
}

/** What an event's chain link is the HMAC of: the link before it, its id and its envelope. */
export function eventLinkText(previousHash: string | null, eventId: string, envelope: unknown): string {
  return `${previousHash ?? ''}|${eventId}|${canonicalJson(envelope)}`;
}

/** The chain link of an event, after the one before it in its pathway (null for the first). */
export function chainLink(keyring: AuditKeyring, previousHash: string | null, eventId: string, envelope: unknown) {
  const { keyId, mac } = keyring.sign(eventLinkText(previousHash, eventId, envelope));
  return { chainHash: mac, chainKeyId: keyId };
}

/** What an access-log row's seal is the HMAC of: everything it records, the instant to the millisecond. */
export function accessSealText(row: AccessRecord & { accessedAt: Date }): string {
  return canonicalJson({
    userId: row.userId,
    role: row.role,
    action: row.action,
    pathwayId: row.pathwayId,
    personId: row.personId,
    reason: row.reason,
    accessedAt: row.accessedAt.toISOString(),
  });
}
