/**
 * The pages sign in with the identity provider's own tokens: a small OpenID
 * Connect provider runs here (authorization endpoint, token endpoint with
 * PKCE, JWKS), SARP is configured with it, and headless Chromium signs a
 * panel member in through it (authorization code flow with PKCE, in the
 * browser) and opens the worklist with the token the provider issued. A
 * sign-in answer that does not belong to a sign-in started here is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import type { Browser } from 'playwright-core';
import { launchChromium, showingFailures } from './support/browser';
import { startSarp, testConfig, type SarpHarness } from './support/sarp-harness';

const AUDIENCE = 'sarp-api';
let sarp: SarpHarness;
let browser: Browser;
let provider: Server;
let issuer: string;
/** Codes handed out by the provider, with what the exchange must match. */
const codes = new Map<string, { challenge: string; redirectUri: string; clientId: string }>();
const exchanges: { verified: boolean }[] = [];

/** The provider signs in whoever asks as this user (there is no password form to fill in here). */
const USER = { sub: 'panel-lee', sarp_role: 'panel_member' };

async function startProvider(): Promise<void> {
  const keys = await generateKeyPair('RS256', { extractable: true });
  const signingKey: KeyLike = keys.privateKey;
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
  provider = createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    if (url.pathname === '/jwks') return void response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    if (url.pathname === '/authorize') {
      const code = randomUUID();
      codes.set(code, {
        challenge: url.searchParams.get('code_challenge') ?? '',
        redirectUri: url.searchParams.get('redirect_uri') ?? '',
        clientId: url.searchParams.get('client_id') ?? '',
      });
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      return void response.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        void (async () => {
          const form = new URLSearchParams(body);
          const issued = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          const challenge = createHash('sha256')
            .update(form.get('code_verifier') ?? '')
            .digest('base64url');
          const verified =
            issued !== undefined &&
            issued.challenge === challenge &&
            issued.redirectUri === form.get('redirect_uri') &&
            issued.clientId === form.get('client_id') &&
            form.get('grant_type') === 'authorization_code';
          exchanges.push({ verified });
          const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
          if (!verified) return void response.writeHead(400, headers).end(JSON.stringify({ error: 'invalid_grant' }));
          const accessToken = await new SignJWT({ ...USER })
            .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
            .setIssuer(issuer)
            .setAudience(AUDIENCE)
            .setIssuedAt()
            .setExpirationTime('10m')
            .sign(signingKey);
          response.writeHead(200, headers).end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 600 }));
        })();
      });
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  await startProvider();
  sarp = await startSarp({
    worker: false,
    config: testConfig({
      SARP_LOCAL_LOGIN: 'false',
      SARP_JWT_JWKS_URL: `${issuer}/jwks`,
      SARP_JWT_ISSUER: issuer,
      SARP_JWT_AUDIENCE: AUDIENCE,
      SARP_OIDC_AUTHORIZATION_URL: `${issuer}/authorize`,
      SARP_OIDC_TOKEN_URL: `${issuer}/token`,
      SARP_OIDC_CLIENT_ID: 'sarp-web',
    }),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sarp?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

describe('signing in to the pages through the identity provider', () => {
  it('signs a panel member in with the authorization code flow and PKCE, and the worklist opens with the provider’s token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await showingFailures(page, 'oidc-sign-in', async () => {
        await page.goto(`${sarp.baseUrl}/login`);
        // Local sign-in is off: no user-id form, only the provider.
        expect(await page.locator('#user-id').count()).toBe(0);
        await page.getByRole('button', { name: 'Sign in with your organisation' }).click();
        await page.waitForURL(`${sarp.baseUrl}/panel`);
        await page.getByRole('heading', { name: 'QA panel worklist' }).waitFor();
        await page.locator('#session-user', { hasText: 'panel-lee' }).waitFor();
        expect(await page.getByRole('heading', { name: 'You are not signed in' }).isVisible()).toBe(false);
      });
      expect(exchanges).toEqual([{ verified: true }]);
      // The token the page holds is the provider's, and the API takes it.
      const token = await page.evaluate(() => sessionStorage.getItem('sarp.token'));
      const worklist = await fetch(`${sarp.baseUrl}/worklist`, { headers: { authorization: `Bearer ${token}` } });
      expect(worklist.status).toBe(200);
    } finally {
      await context.close();
    }
  });

  it('refuses an answer that does not belong to a sign-in started in this browser', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${sarp.baseUrl}/login/callback?code=stolen-code&state=someone-elses`);
      await page.getByRole('alert').getByText('does not belong to a sign-in started here').waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('sarp.token'))).toBeNull();
    } finally {
      await context.close();
    }
  });
});
