import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@sarp/events';

export const PUBLIC_ROUTE = 'sarp:public-route';
export const ALLOWED_ROLES = 'sarp:allowed-roles';

/**
 * Marks a route that answers without a token. Only for routes that reveal no
 * personal data and must work for machines without credentials (health
 * probes of a load balancer, the API description).
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The roles that may call a route; every non-public route must say. */
export const AllowedRoles = (...roles: Exclude<Role, 'system'>[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);

/** The verified caller, put on the request by the AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on a route the AuthGuard did not authenticate');
  return request.actor;
});
