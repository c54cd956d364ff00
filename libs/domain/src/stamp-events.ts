import type { Actor, PathwayDomainEvent, PathwayEventEnvelope } from '@sarp/events';
import { CURRENT_SCHEMA_VERSIONS, pathwayEventId } from '@sarp/events/plain';
import type { PathwayState } from './pathway-state';

/** Everything an event's envelope needs besides the event itself. */
export interface EventMetadata {
  pathwayId: string;
  personId: string;
  /** Workflow time. */
  now: Date;
  actor: Actor;
  correlationId: string;
  causationId: string;
}

/**
 * Puts decided events in their envelopes, numbering them on from the
 * state's last sequence. Not checked against the event contract here (see
 * below): a malformed event is refused by the publishing activity before it
 * reaches Kafka, which fails the workflow for good (a bug to fix).
 */
export function stampEvents(state: PathwayState, events: PathwayDomainEvent[], meta: EventMetadata): PathwayEventEnvelope[] {
  return events.map((event, index) => {
    const sequence = state.lastSequence + index + 1;
    // Not parsed with the event schemas: the domain, and so every workflow's bundle, stays free of zod (see
    // @sarp/events/plain). The projector checks every event again as it reads it, and the domain's tests
    // check every event they make.
    return {
      eventId: pathwayEventId(meta.pathwayId, sequence),
      pathwayId: meta.pathwayId,
      personId: meta.personId,
      sequence,
      type: event.type,
      schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type] ?? 1,
      occurredAt: meta.now.toISOString(),
      actor: meta.actor,
      policyVersion: event.policyVersion ?? null,
      correlationId: meta.correlationId,
      causationId: index === 0 ? meta.causationId : pathwayEventId(meta.pathwayId, sequence - 1),
      data: event.data,
    } as PathwayEventEnvelope;
  });
}
