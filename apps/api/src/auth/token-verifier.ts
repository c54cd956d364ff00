import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { AuthConfig } from '@sarp/config';
import { Role, type Actor } from '@sarp/events';

/** The claim that carries a user's SARP role. */
export const ROLE_CLAIM = 'sarp_role';

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/**
 * Verifies bearer tokens: against a real identity provider's JWKS when
 * `SARP_JWT_JWKS_URL` is set, else with the local HS256 secret of the
 * embedded default. The verified subject and role become the actor of
 * everything the request causes.
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

  async verify(token: string): Promise<Actor> {
    const options: JWTVerifyOptions = {
      issuer: this.config.issuer,
      audience: this.config.audience,
      algorithms: this.algorithms,
      requiredClaims: ['sub', 'exp'],
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
    return { userId: String(payload.sub), role: role.data };
  }
}
