import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { AuthConfig, SarpConfig } from '@sarp/config';
import { Role, Team } from '@sarp/events';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { SARP_CONFIG } from '../infrastructure/tokens';
import { NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import { asWebResource } from '../web/http-headers';
import { IDENTITY_PROVIDER_LOGIN_PAGE, LOGIN_PAGE } from '../web/login-page';
import { Public } from './auth.decorators';
import { issueLocalToken } from './local-signing-key';

/** How long a locally issued token lasts: a working day. */
export const LOCAL_TOKEN_LIFETIME = '8h';

export const LocalTokenRequest = z.strictObject({
  userId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/, 'a user id is 1-100 letters, digits, ".", "_", "@" or "-"'),
  role: Role.exclude(['system']),
  team: Team.optional(),
});

/**
 * Local sign-in is the embedded default's only: switched on explicitly
 * (it lets anyone who reaches the API pick any role), with the local secret,
 * and never when a real identity provider (JWKS) is configured.
 */
export function localLoginEnabled(auth: AuthConfig): boolean {
  return auth.localLogin && Boolean(auth.jwtSecret) && !auth.jwksUrl;
}

/**
 * Sign-in to the pages. On a developer machine (local sign-in on): anyone
 * who can reach the API chooses a user id, a role and a team and gets a token
 * signed with the local secret, exactly as `npm run token` prints one. With
 * an identity provider (SARP_JWT_JWKS_URL, which turns local sign-in off,
 * and SARP_OIDC_* for its endpoints), /login sends people there instead and
 * /login/callback takes the provider's token: the same token the API checks.
 */
@Controller()
export class LocalLoginController {
  constructor(@Inject(SARP_CONFIG) private readonly config: SarpConfig) {}

  /**
   * Public because it is how a developer machine gets a token at all (there
   * is no token before signing in); the form is static and shows no data.
   */
  @Get('login')
  @Public()
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    if (!localLoginEnabled(this.config.auth) && this.config.auth.oidc) return this.identityProviderPage(reply);
    this.assertEnabled();
    asWebResource(reply, 'text/html; charset=utf-8');
    return LOGIN_PAGE;
  }

  /** Where the identity provider sends the browser back with its code; the script finishes the sign-in. */
  @Get('login/callback')
  @Public()
  callback(@Res({ passthrough: true }) reply: FastifyReply): string {
    if (!this.config.auth.oidc) throw new NotFoundProblem('this deployment has no identity provider sign-in');
    return this.identityProviderPage(reply);
  }

  /**
   * Public: the sign-in page needs it before anyone is signed in. It holds
   * only the identity provider's public endpoints and SARP's client id.
   */
  @Get('auth/oidc-config')
  @Public()
  oidcConfig(): { authorizationUrl: string; tokenUrl: string; clientId: string; scope: string; redirectPath: string } {
    if (!this.config.auth.oidc) throw new NotFoundProblem('this deployment has no identity provider sign-in');
    return { ...this.config.auth.oidc, redirectPath: '/login/callback' };
  }

  private identityProviderPage(reply: FastifyReply): string {
    // The page's script exchanges the code at the token endpoint: allow exactly that origin.
    asWebResource(reply, 'text/html; charset=utf-8', [new URL(this.config.auth.oidc!.tokenUrl).origin]);
    return IDENTITY_PROVIDER_LOGIN_PAGE;
  }

  /**
   * Public for the same reason: it is the local stand-in for an identity
   * provider's sign-in. The token is returned to the caller only, never logged.
   */
  @Post('auth/local-token')
  @Public()
  @HttpCode(200)
  async token(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ token: string }> {
    this.assertEnabled();
    // Validated here, after the check, so that a disabled route answers 404 whatever the body.
    const actor = new ZodValidationPipe(LocalTokenRequest).transform(body === undefined ? {} : body);
    const { jwtSecret, issuer, audience } = this.config.auth;
    const token = await issueLocalToken(actor, { secret: jwtSecret ?? '', issuer, audience, expiresIn: LOCAL_TOKEN_LIFETIME });
    void reply.header('cache-control', 'no-store');
    return { token };
  }

  private assertEnabled(): void {
    if (!localLoginEnabled(this.config.auth)) {
      throw new NotFoundProblem('local sign-in is off: this deployment signs users in through its identity provider');
    }
  }
}
