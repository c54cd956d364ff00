import { PathwayEventEnvelope } from './pathway-events';

/** An event that does not match its contract: never retried, dead-lettered with its reason. */
export class EventSchemaError extends Error {
  override readonly name = 'EventSchemaError';
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/**
 * Validates an event at either end of the topic. Newer schema versions of a
 * type are read by upcasting older ones here, before validation, so that the
 * rest of the code only ever sees the current version.
 */
export function parsePathwayEvent(input: unknown): PathwayEventEnvelope {
  const result = PathwayEventEnvelope.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(event)',
      message: issue.message,
    }));
    // Issue messages name fields and rules, never the values, so this is safe to log.
    throw new EventSchemaError(`event does not match its schema: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}
