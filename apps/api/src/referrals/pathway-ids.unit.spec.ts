import { pathwayIdFor, requestDigest, uuidV5 } from './pathway-ids';

describe('pathway ids', () => {
  it('computes RFC 9562 version 5 UUIDs', () => {
    // Test vector: the DNS namespace and "www.example.com" (Python's uuid.uuid5 gives the same).
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives a referral the same id whoever posts it, and keys scoped to their caller', () => {
    const random = () => 'random-id';
    const byAnn = pathwayIdFor({ referralId: 'REF-1', referringAgency: 'nhs', userId: 'ann' }, random);
    const byBo = pathwayIdFor({ referralId: 'REF-1', referringAgency: 'nhs', userId: 'bo', idempotencyKey: 'whatever' }, random);
    expect(byAnn).toBe(byBo);
    expect(pathwayIdFor({ referralId: 'REF-1', referringAgency: 'police', userId: 'ann' }, random)).not.toBe(byAnn);

    const keyAnn = pathwayIdFor({ referringAgency: 'nhs', userId: 'ann', idempotencyKey: 'key-12345' }, random);
    expect(pathwayIdFor({ referringAgency: 'nhs', userId: 'ann', idempotencyKey: 'key-12345' }, random)).toBe(keyAnn);
    expect(pathwayIdFor({ referringAgency: 'nhs', userId: 'bo', idempotencyKey: 'key-12345' }, random)).not.toBe(keyAnn);
    expect(pathwayIdFor({ referringAgency: 'nhs', userId: 'ann' }, random)).toBe('random-id');
  });

  it('digests a request regardless of key order', () => {
    expect(requestDigest({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(requestDigest({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(requestDigest({ a: 1 })).not.toBe(requestDigest({ a: 2 }));
  });
});
