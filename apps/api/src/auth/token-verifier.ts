import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { AuthConfig } from '@sarp/config';
import type { Caller } from '@sarp/domain';
import { Role, Team } from '@sarp/events';

/** The claim that carries a user's SARP role. */
export const ROLE_CLAIM = 'sarp_role';
/** The claim that carries the user's team (need-to-know); absent for users who belong to none. */
export const TEAM_CLAIM = 'sarp_team';

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/**
 * Verifies bearer tokens: against a real identity provider's JWKS when
 * `SARP_JWT_JWKS_URL` is set, else with the local HS256 secret of the
 * embedded default. Checks the signature, issuer, audience and expiry
 * (with the configured clock skew). The verified subject and role become the
 * actor of everything the request causes; the team decides which cases the
 * caller may see.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly config: AuthConfig) {
    if (config.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(config.jwksUrl));
      this.algorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'];
    } else if (config.jwtSecret) {
      this.key = new TextEncoder().encode(config.jwtSecret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error(
        'no way to verify tokens: set SARP_JWT_SECRET (or SARP_JWT_SECRET_FILE) or SARP_JWT_JWKS_URL; `npm run token` creates a local secret',
      );
    }
  }

  async verify(token: string): Promise<Caller> {
    const options: JWTVerifyOptions = {
      issuer: this.config.issuer,
      audience: this.config.audience,
      algorithms: this.algorithms,
      requiredClaims: ['sub', 'exp'],
      clockTolerance: this.config.clockSkewSeconds,
    };
    let payload: JWTPayload;
    try {
      const verified =
        this.key instanceof Uint8Array ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options);
      payload = verified.payload;
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'token could not be verified');
    }
    const role = Role.safeParse(payload[ROLE_CLAIM]);
    if (!role.success || role.data === 'system') {
      throw new InvalidTokenError(`the token has no valid "${ROLE_CLAIM}" claim`);
    }
    const team = payload[TEAM_CLAIM] === undefined ? { success: true as const, data: null } : Team.safeParse(payload[TEAM_CLAIM]);
    if (!team.success) throw new InvalidTokenError(`the token's "${TEAM_CLAIM}" claim is not a known team`);
    return { userId: String(payload.sub), role: role.data, team: team.data };
  }
}
