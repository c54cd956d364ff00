import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT } from 'jose';
import type { Actor, Team } from '@sarp/events';
import { ROLE_CLAIM, TEAM_CLAIM } from './token-verifier';

/**
 * The embedded default's signing secret: created once, readable only by its
 * owner, and kept beside the dev stack's data so tokens survive restarts.
 * A real deployment uses its identity provider (SARP_JWT_JWKS_URL) instead.
 */
export function ensureLocalSigningSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export interface IssueTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  /** e.g. '8h', '30m'. */
  expiresIn: string;
}

/** Signs a token for a local user in a role (and team, if they have one), as `npm run token` and the tests do. */
export async function issueLocalToken(actor: Actor & { team?: Team | null }, options: IssueTokenOptions): Promise<string> {
  return new SignJWT({ [ROLE_CLAIM]: actor.role, ...(actor.team ? { [TEAM_CLAIM]: actor.team } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(actor.userId)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn)
    .sign(new TextEncoder().encode(options.secret));
}
