import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Caller } from '@sarp/domain';
import type { Actor } from '@sarp/events';
import { rolesFor, type Endpoint, type SignedInRole } from './permissions';

export const PUBLIC_ROUTE = 'sarp:public-route';
export const ALLOWED_ROLES = 'sarp:allowed-roles';

/**
 * Marks a route that answers without a token. Only for routes that reveal no
 * personal data and must work for machines without credentials (health
 * probes of a load balancer, the API description).
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The roles that may call a route; every non-public route must say. Routes
 * that are one endpoint take their roles from the permission matrix with
 * {@link Permission}; this is for the command routes, which let every
 * signed-in role through and check each action's roles inside.
 */
export const AllowedRoles = (...roles: readonly SignedInRole[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);

/** The roles the permission matrix gives this endpoint. */
export const Permission = (endpoint: Endpoint): MethodDecorator & ClassDecorator => AllowedRoles(...rolesFor(endpoint));

/** The verified caller with their team (for need-to-know checks), put on the request by the AuthGuard. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<{ caller?: Caller }>();
  if (!request.caller) throw new Error('CurrentCaller used on a route the AuthGuard did not authenticate');
  return request.caller;
});

/** The verified caller as the actor of the events the request causes, put on the request by the AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on a route the AuthGuard did not authenticate');
  return request.actor;
});
