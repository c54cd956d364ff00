import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * The caller's `X-Correlation-Id`, when it sent a sensible one: it ties
 * together everything one request causes, across services and events.
 */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['x-correlation-id'];
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,200}$/.test(value) ? value : undefined;
});
