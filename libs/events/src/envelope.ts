import { z } from 'zod';
import { Actor, PersonRef } from './vocabulary';

/**
 * Fields every pathway event carries, whatever its type
 * (../shared/DESIGN.md "Events").
 */
export function envelopeOf<TType extends string, TVersion extends number, TData extends z.ZodType>(
  type: TType,
  schemaVersion: TVersion,
  data: TData,
) {
  return z.strictObject({
    eventId: z.string().min(3),
    pathwayId: z.uuid(),
    personId: PersonRef,
    sequence: z.number().int().positive(),
    type: z.literal(type),
    schemaVersion: z.literal(schemaVersion),
    /** Workflow time (deterministic), ISO 8601 UTC. */
    occurredAt: z.iso.datetime(),
    actor: Actor,
    /** The policy version whose rule applied, when one did (deadlines, eligibility). */
    policyVersion: z.string().min(1).nullable(),
    /** Ties together everything one request caused, across services. */
    correlationId: z.string().min(1).max(200),
    /** The command or event that directly caused this event. */
    causationId: z.string().min(1).max(200),
    data,
  });
}
