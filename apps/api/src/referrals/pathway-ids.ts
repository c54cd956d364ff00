import { createHash } from 'node:crypto';

/** Namespace of SARP's name-based pathway ids (a random UUID, fixed forever). */
const PATHWAY_ID_NAMESPACE = '3c6a7d3e-0b0a-4f63-9a2c-6f1f8f7f2b51';

/** RFC 9562 version 5 UUID (SHA-1, name-based): the same name always gives the same id. */
export function uuidV5(name: string, namespace: string = PATHWAY_ID_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The pathway id (= workflow id) of a referral. A repeat must land on the
 * same workflow, so the id is derived from what identifies the referral: the
 * referrer's own reference when given (a business id, whoever posts it), else
 * the caller's Idempotency-Key (scoped to that caller). With neither, every
 * post is a new referral.
 */
export function pathwayIdFor(
  input: { referralId?: string; referringAgency: string; idempotencyKey?: string; userId: string },
  randomId: () => string,
): string {
  if (input.referralId) return uuidV5(`referral:${input.referringAgency}:${input.referralId}`);
  if (input.idempotencyKey) return uuidV5(`idempotency-key:${input.userId}:${input.idempotencyKey}`);
  return randomId();
}

/** A digest of what was asked, to tell a true repeat from a reused key with a different body. */
export function requestDigest(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
