/**
 * SARP's side of talking to Temporal that is not workflow code: the payload codec that keeps personal data
 * out of Temporal's histories, and the data converter the client, the worker and replay share.
 */
import type { DataConverter } from '@temporalio/common';
import type { TemporalConfig } from '@sarp/config';
import { AesGcmPayloadCodec } from './payload-codec';

export { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadDecryptionError, type PayloadKey } from './payload-codec';

/** The codec for the configured keys (SARP_PAYLOAD_KEYS), or undefined when payloads are not encrypted. */
export function payloadCodecFor(config: Pick<TemporalConfig, 'payloadKeys'>): AesGcmPayloadCodec | undefined {
  const keys = config.payloadKeys;
  if (!keys || keys.length === 0) return undefined;
  return new AesGcmPayloadCodec(keys.map(({ id, keyBase64 }) => ({ id, key: Buffer.from(keyBase64, 'base64') })));
}

/** The data converter of every SARP client, worker and replay of this configuration: encrypting, when keys are set. */
export function dataConverterFor(config: Pick<TemporalConfig, 'payloadKeys'>): DataConverter | undefined {
  const codec = payloadCodecFor(config);
  return codec ? { payloadCodecs: [codec] } : undefined;
}
