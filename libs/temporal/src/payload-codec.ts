import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** The encoding SARP's encrypted payloads carry in their metadata (Temporal's convention for an encrypted payload). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Which key encrypted the payload: keys can rotate, and old histories stay readable while their key is kept. */
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKey {
  /** Named in every payload it encrypts. */
  id: string;
  /** 32 bytes: AES-256. */
  key: Buffer;
}

/** A payload that cannot be decrypted (its key is not configured, or it was altered). */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

/**
 * Encrypts every Temporal payload SARP's client and worker send (workflow inputs, update arguments and
 * answers, activity inputs and results, queries, the state carried over by continue-as-new), with AES-256-GCM
 * under the first configured key; decrypts with whichever key a payload names. Temporal's server, its
 * database and its Web UI then hold only ciphertext: a person's reference, needs and narratives are read
 * through SARP (need-to-know, access log) or its codec endpoint, not straight from the histories.
 *
 * The whole payload (metadata and data) is encrypted, with the key id as additional authenticated data, so
 * neither the value nor its type shows, and a payload moved under another key id fails to decrypt. A payload
 * that is not encrypted passes through decode unchanged (histories written before encryption was turned on).
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly current: PayloadKey;
  private readonly byId: Map<string, Buffer>;

  constructor(keys: readonly PayloadKey[]) {
    const [current] = keys;
    if (!current) throw new Error('AesGcmPayloadCodec needs at least one key');
    for (const { id, key } of keys)
      if (key.length !== 32) throw new Error(`payload key ${id} must be 32 bytes (AES-256), got ${key.length}`);
    this.current = current;
    this.byId = new Map(keys.map(({ id, key }) => [id, key]));
  }

  // async: a payload that fails to decrypt rejects the promise (the SDK's contract), not the caller's stack.
  // eslint-disable-next-line @typescript-eslint/require-await
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: Buffer.from(id),
        [CIPHER_METADATA]: Buffer.from(CIPHER),
      },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    const id = idBytes ? Buffer.from(idBytes).toString() : '';
    const key = this.byId.get(id);
    if (!key) throw new PayloadDecryptionError(`payload encrypted with key "${id}", which is not configured (SARP_PAYLOAD_KEYS)`);
    const sealed = Buffer.from(payload.data ?? new Uint8Array());
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is too short to be one');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    } catch {
      throw new PayloadDecryptionError(
        `payload under key "${id}" does not decrypt: it was altered, or the key is not the one it was sealed with`,
      );
    }
  }
}
