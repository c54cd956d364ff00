import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor, Role } from '@sarp/events';
import { ForbiddenProblem, UnauthorizedProblem } from '../problems/problem-details';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/**
 * Checks who is calling on every route (a global guard: deny by default).
 * A route is reachable only if it is marked @Public() or names the roles
 * allowed to call it; a route that forgets both is refused for everyone.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; actor?: Actor }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1])
      throw new UnauthorizedProblem('send "Authorization: Bearer <token>"; `npm run token` prints one for the embedded default');

    try {
      request.actor = await this.verifier.verify(match[1]);
    } catch (error) {
      throw new UnauthorizedProblem(error instanceof InvalidTokenError ? `invalid token: ${error.message}` : 'invalid token');
    }

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets) ?? [];
    if (!allowed.includes(request.actor.role)) {
      throw new ForbiddenProblem(`the ${request.actor.role} role may not do this`);
    }
    return true;
  }
}
