/**
 * /login and /login/callback. On a developer machine (the embedded default) the local sign-in form: who you
 * are, your role and team, exchanged at POST /auth/local-token. Where the deployment has an identity provider:
 * its sign-in (authorization code flow with PKCE), and back at /login/callback the code is exchanged for the
 * access token the API takes. The token is kept in this tab's session storage only.
 */
import { announce, byId } from '../shared/dom';
import { hideErrorSummary, showErrorSummary, showSessionIfSignedIn } from '../shared/layout';
import { homePageOf, sessionUser, signIn } from '../shared/session';
import { base64Url, claimsOf } from './login-model';

/** The PKCE verifier and state of a sign-in at the identity provider, between leaving and coming back. */
const OIDC_KEY = 'sarp.oidc';

interface OidcConfig {
  authorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  scope: string;
  redirectPath: string;
}

class SignInFailed extends Error {}

document.addEventListener('DOMContentLoaded', () => {
  showSessionIfSignedIn();
  if (document.getElementById('oidc-sign-in')) void startIdentityProviderSignIn();
  else startLocalSignIn();
});

function fail(error: unknown): void {
  showErrorSummary([{ text: error instanceof SignInFailed ? error.message : 'SARP could not be reached: check your connection and try again.' }]);
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  return ((await response.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
}

function startLocalSignIn(): void {
  const form = byId<HTMLFormElement>('login-form');
  const userInput = byId<HTMLInputElement>('user-id');
  const previous = sessionUser();
  if (previous) userInput.value = previous.userId;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void signInLocally();
  });
}

async function signInLocally(): Promise<void> {
  hideErrorSummary();
  const button = byId<HTMLButtonElement>('sign-in');
  button.disabled = true;
  try {
    const userId = byId<HTMLInputElement>('user-id').value.trim();
    const role = byId<HTMLSelectElement>('role').value;
    const team = byId<HTMLSelectElement>('team').value;
    const response = await fetch('/auth/local-token', {
      method: 'POST',
      headers: { accept: 'application/json, application/problem+json', 'content-type': 'application/json' },
      body: JSON.stringify(team ? { userId, role, team } : { userId, role }),
      cache: 'no-store',
      credentials: 'omit',
    });
    const answer = await readJson(response);
    if (!response.ok || typeof answer.token !== 'string') {
      const errors = Array.isArray(answer.errors) ? (answer.errors as { field: string; message: string }[]) : [];
      throw new SignInFailed(
        [textOf(answer, 'detail', 'title') ?? 'The sign-in failed', ...errors.map((error) => `${error.field}: ${error.message}`)].join('. '),
      );
    }
    signIn(answer.token, { userId, role });
    const home = homePageOf(role);
    announce(`Signed in as ${userId}. Opening ${home.name}.`);
    window.location.assign(home.path);
  } catch (error) {
    fail(error);
    button.disabled = false;
  }
}

async function startIdentityProviderSignIn(): Promise<void> {
  let config: OidcConfig;
  try {
    const response = await fetch('/auth/oidc-config', { headers: { accept: 'application/json' }, credentials: 'omit' });
    if (!response.ok) throw new SignInFailed('This deployment has no identity provider sign-in.');
    config = (await response.json()) as OidcConfig;
  } catch (error) {
    return fail(error);
  }
  if (window.location.pathname === config.redirectPath) return finishIdentityProviderSignIn(config);
  byId('oidc-sign-in').addEventListener('click', () => void goToIdentityProvider(config));
}

async function goToIdentityProvider(config: OidcConfig): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(OIDC_KEY, JSON.stringify({ verifier, state }));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: window.location.origin + config.redirectPath,
    scope: config.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  announce("Opening your organisation's sign-in.");
  window.location.assign(`${config.authorizationUrl}${config.authorizationUrl.includes('?') ? '&' : '?'}${params.toString()}`);
}

function pendingSignIn(): { verifier: string; state: string } | null {
  try {
    return JSON.parse(sessionStorage.getItem(OIDC_KEY) ?? 'null') as { verifier: string; state: string } | null;
  } catch {
    return null;
  }
}

/** A text field of a JSON answer, or the fallback. */
function textOf(answer: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = answer[name];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

async function finishIdentityProviderSignIn(config: OidcConfig): Promise<void> {
  const query = new URLSearchParams(window.location.search);
  const pending = pendingSignIn();
  sessionStorage.removeItem(OIDC_KEY);
  try {
    if (query.get('error')) {
      throw new SignInFailed(`Your organisation did not sign you in: ${query.get('error_description') ?? query.get('error') ?? ''}`);
    }
    const code = query.get('code');
    if (!pending || !code || query.get('state') !== pending.state) {
      throw new SignInFailed('Sign-in could not be completed: the answer that came back does not belong to a sign-in started here. Start again.');
    }
    const response = await fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: window.location.origin + config.redirectPath,
        client_id: config.clientId,
        code_verifier: pending.verifier,
      }).toString(),
      credentials: 'omit',
    });
    const answer = await readJson(response);
    if (!response.ok || typeof answer.access_token !== 'string') {
      throw new SignInFailed(`Your organisation refused the sign-in: ${textOf(answer, 'error_description', 'error') ?? `status ${response.status}`}`);
    }
    const claims = claimsOf(answer.access_token);
    signIn(answer.access_token, { userId: claims.sub, role: claims.sarp_role });
    const home = homePageOf(claims.sarp_role);
    announce(`Signed in as ${claims.sub}. Opening ${home.name}.`);
    window.location.replace(home.path);
  } catch (error) {
    fail(error);
  }
}
