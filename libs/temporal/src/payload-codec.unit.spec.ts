import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, PayloadDecryptionError } from './payload-codec';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const referral = defaultPayloadConverter.toPayload({ personId: 'P-000123', presentingNeeds: ['Support after a hospital stay'] });

describe('the payload codec', () => {
  it('seals a payload so neither its value nor its encoding shows, and opens it again', async () => {
    const [sealed] = await new AesGcmPayloadCodec([k1]).encode([referral]);
    expect(Buffer.from(sealed!.data!).includes('P-000123')).toBe(false);
    expect(Buffer.from(sealed!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed!.metadata!['encryption-key-id']!).toString()).toBe('k1');
    const [opened] = await new AesGcmPayloadCodec([k1]).decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({
      personId: 'P-000123',
      presentingNeeds: ['Support after a hospital stay'],
    });
  });

  it('reads payloads sealed under an older key after rotation, and seals new ones under the first', async () => {
    const [old] = await new AesGcmPayloadCodec([k1]).encode([referral]);
    const rotated = new AesGcmPayloadCodec([k2, k1]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old!]))[0]!)).toMatchObject({ personId: 'P-000123' });
    const [fresh] = await rotated.encode([referral]);
    expect(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString()).toBe('k2');
  });

  it('refuses a payload whose key is not configured, or that was altered, and passes a clear one through', async () => {
    const [sealed] = await new AesGcmPayloadCodec([k1]).encode([referral]);
    await expect(new AesGcmPayloadCodec([k2]).decode([sealed!])).rejects.toThrow(/key "k1", which is not configured/);
    const altered = { ...sealed!, data: Buffer.from(sealed!.data!).map((byte, index) => (index === 20 ? byte ^ 1 : byte)) };
    await expect(new AesGcmPayloadCodec([k1]).decode([altered])).rejects.toBeInstanceOf(PayloadDecryptionError);
    // Moved under another key id (the id is authenticated with the data): refused too.
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-key-id': Buffer.from('k2') } };
    await expect(new AesGcmPayloadCodec([k2, { id: 'k2-copy', key: k1.key }]).decode([relabelled])).rejects.toBeInstanceOf(
      PayloadDecryptionError,
    );
    expect(await new AesGcmPayloadCodec([k1]).decode([referral])).toEqual([referral]);
  });
});
