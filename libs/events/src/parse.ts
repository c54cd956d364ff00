import type { z } from 'zod';
import { CatalogueEventEnvelope } from './accommodation-events';
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
  return parseWith(PathwayEventEnvelope, upcast(input));
}

/** Validates an accommodation catalogue event (schemes and units). */
export function parseCatalogueEvent(input: unknown): CatalogueEventEnvelope {
  return parseWith(CatalogueEventEnvelope, input);
}

function parseWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
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

/** Older versions of an event, rewritten as the current version of their type. */
function upcast(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const event = input as { type?: unknown; schemaVersion?: unknown; data?: unknown };
  // UnitOffered v1 (before waiting lists): an offer with no allocation record.
  if (event.type === 'UnitOffered' && event.schemaVersion === 1 && typeof event.data === 'object' && event.data !== null) {
    return { ...event, schemaVersion: 2, data: { ...event.data, allocation: null } };
  }
  return input;
}
