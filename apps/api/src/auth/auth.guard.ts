import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Caller } from '@sarp/domain';
import type { Actor, Role } from '@sarp/events';
import type { SarpConfig } from '@sarp/config';
import type { FastifyReply } from 'fastify';
import { SARP_CONFIG } from '../infrastructure/tokens';
import { ForbiddenProblem, TooManyRequestsProblem, UnauthorizedProblem } from '../problems/problem-details';
import { RateLimiter } from './rate-limiter';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/**
 * Checks who is calling on every route (a global guard: deny by default).
 * A route is reachable only if it is marked @Public() or names the roles
 * allowed to call it; a route that forgets both is refused for everyone.
 * Each signed-in user may make so many requests a minute (429 beyond).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(SARP_CONFIG) config: SarpConfig,
  ) {
    this.limiter = new RateLimiter(config.api.rateLimitPerMinute);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined>; actor?: Actor; caller?: Caller }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1])
      throw new UnauthorizedProblem('send "Authorization: Bearer <token>"; `npm run token` prints one for the embedded default');

    let caller: Caller;
    try {
      caller = await this.verifier.verify(match[1]);
    } catch (error) {
      throw new UnauthorizedProblem(error instanceof InvalidTokenError ? `invalid token: ${error.message}` : 'invalid token');
    }
    const retryAfter = this.limiter.take(caller.userId);
    if (retryAfter > 0) {
      void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
      throw new TooManyRequestsProblem(retryAfter);
    }
    request.caller = caller;
    // The actor stamped on events: who and in which role (the team is for need-to-know, not part of the record).
    request.actor = { userId: caller.userId, role: caller.role };

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets) ?? [];
    if (!allowed.includes(caller.role)) {
      throw new ForbiddenProblem(`the ${caller.role} role may not do this`);
    }
    return true;
  }
}
