import { Inject, Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { recordAccess, type Sql, type AuditKeyring } from '@sarp/db';
import type { Actor } from '@sarp/events';
import { from, switchMap, type Observable } from 'rxjs';
import { AUDIT_KEYRING, SQL } from '../infrastructure/tokens';

export const READS_PERSONAL_DATA = 'sarp:reads-personal-data';

/**
 * Marks a route that shows a person's data: every call is recorded in the
 * access log (seed 003: every view of personal data is recorded) before the
 * answer leaves. The route's `:id` (a pathway id, or `<pathwayId>:panel:<n>`)
 * or `:personId` says whose data it is.
 */
export const ReadsPersonalData = (): MethodDecorator => SetMetadata(READS_PERSONAL_DATA, true);

@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(AUDIT_KEYRING) private readonly keyring: AuditKeyring,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(READS_PERSONAL_DATA, context.getHandler())) return next.handle();
    const request = context.switchToHttp().getRequest<{
      actor?: Actor;
      method: string;
      routeOptions?: { url?: string };
      params: Record<string, string | undefined>;
      headers: Record<string, unknown>;
    }>();
    const { actor } = request;
    if (!actor) return next.handle();
    const pathwayId = /^[0-9a-f-]{36}/.exec(request.params.id ?? '')?.[0] ?? null;
    const reason = typeof request.headers['x-access-reason'] === 'string' ? request.headers['x-access-reason'].slice(0, 500) : null;
    // Recorded after the read succeeds, and before the answer is sent: a view that is not logged is not shown.
    return next.handle().pipe(
      switchMap((result: unknown) =>
        from(
          recordAccess(this.sql, this.keyring, {
            userId: actor.userId,
            role: actor.role,
            action: `${request.method} ${request.routeOptions?.url ?? ''}`,
            pathwayId,
            personId: request.params.personId ?? null,
            reason,
          }).then(() => result),
        ),
      ),
    );
  }
}
