import { z } from 'zod';
import { Actor } from './vocabulary';

/**
 * A command that was refused: by the API (the caller's role may not send
 * it) or by the pathway (wrong stage, a rule such as four eyes). Temporal
 * keeps no trace of a rejected update, so the API publishes one of these for
 * every refusal, and auditors see attempts, not only successes. Not part of
 * a pathway's numbered stream: its id is its own.
 */
export const CommandRefusedV1 = z.strictObject({
  eventId: z.uuid(),
  type: z.literal('CommandRefused'),
  schemaVersion: z.literal(1),
  /** The pathway the command was for, when it named one. */
  pathwayId: z.uuid().nullable(),
  /** e.g. `ProposePanelDecision`, or the API action when the command was never built. */
  command: z.string().min(1).max(100),
  actor: Actor,
  refusal: z.strictObject({
    status: z.union([z.literal(403), z.literal(409), z.literal(422)]),
    code: z.string().min(1).max(100),
    reason: z.string().min(1).max(1000),
  }),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1).max(200),
});
export type CommandRefused = z.infer<typeof CommandRefusedV1>;
