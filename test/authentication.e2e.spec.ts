/**
 * Authentication against a real identity provider's keys: SARP configured
 * with a JWKS URL (served here by a small HTTP server, as an OIDC issuer
 * publishes its keys) accepts tokens that provider signed, for its issuer
 * and SARP's audience, within their lifetime (give or take the configured
 * clock skew), and refuses every other token with 401.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { startSarp, testConfig, type SarpHarness } from './support/sarp-harness';

const ISSUER = 'https://idp.council.example/realms/sarp';
const AUDIENCE = 'sarp-api';
let sarp: SarpHarness;
let jwksServer: Server;
let signingKey: KeyLike;
let strangerKey: KeyLike;

beforeAll(async () => {
  const provider = await generateKeyPair('RS256', { extractable: true });
  signingKey = provider.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'provider-key-1', alg: 'RS256', use: 'sig' }] });
  jwksServer = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const { port } = jwksServer.address() as AddressInfo;
  sarp = await startSarp({
    worker: false,
    config: testConfig({
      SARP_JWT_JWKS_URL: `http://127.0.0.1:${port}/realms/sarp/protocol/openid-connect/certs`,
      SARP_JWT_ISSUER: ISSUER,
      SARP_JWT_AUDIENCE: AUDIENCE,
      SARP_JWT_CLOCK_SKEW_SECONDS: '60',
      SARP_RUN_PROJECTOR: 'false',
      SARP_LOCAL_LOGIN: 'false',
    }),
  });
});

afterAll(async () => {
  await sarp?.close();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

const now = () => Math.floor(Date.now() / 1000);

/** A token as the provider would issue it, with any claim or the key changed. */
async function token(overrides: JWTPayload = {}, key: KeyLike = signingKey): Promise<string> {
  const claims: JWTPayload = {
    sub: 'coordinator-ann',
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now(),
    exp: now() + 300,
    sarp_role: 'coordinator',
    sarp_team: 'localities',
    ...overrides,
  };
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1', typ: 'JWT' }).sign(key);
}

async function statusWith(bearer: string): Promise<{ status: number; detail: string }> {
  const response = await fetch(`${sarp.baseUrl}/pathways`, { headers: { authorization: `Bearer ${bearer}` } });
  const body = (await response.json()) as { detail?: string };
  return { status: response.status, detail: body.detail ?? '' };
}

describe('authentication with an identity provider', () => {
  it("accepts the provider's tokens, and a token that expired within the allowed clock skew", async () => {
    expect((await statusWith(await token())).status).toBe(200);
    expect((await statusWith(await token({ exp: now() - 30 }))).status).toBe(200);
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    ['an expired token', () => token({ exp: now() - 120 }), /exp/],
    ['a token not valid yet', () => token({ nbf: now() + 600 }), /nbf/],
    ['a token signed by someone else with the same key id (forged)', () => token({}, strangerKey), /signature/],
    ['a token for another audience', () => token({ aud: 'another-service' }), /aud/],
    ['a token from another issuer', () => token({ iss: 'https://elsewhere.example' }), /iss/],
    ['a token without a SARP role', () => token({ sarp_role: undefined }), /sarp_role/],
    ['a token naming a team SARP does not have', () => token({ sarp_team: 'finance' }), /sarp_team/],
    [
      'a token signed with a shared secret (HS256) instead of the provider key',
      () =>
        new SignJWT({ sarp_role: 'auditor' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('mallory')
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime(now() + 300)
          .sign(new TextEncoder().encode('x'.repeat(32))),
      /alg|key/i,
    ],
    ['not a token at all', () => Promise.resolve('not-a-jwt'), /invalid token/],
  ])('refuses %s with 401', async (_what, make, reason) => {
    const answer = await statusWith(await make());
    expect(answer.status).toBe(401);
    expect(answer.detail).toMatch(reason);
  });
});
