import { z } from 'zod';
import { Actor, PersonRef, Reason } from './vocabulary';

/**
 * Subject access requests (seed 003; UK GDPR Art. 15 and 12(3)): a person's
 * request for the information held about them, and its one-month clock. One
 * stream per request, numbered like a pathway's; a request belongs to a
 * person, not to any one pathway (a person may ask long after leaving).
 */

/** How a request arrived; the same channels as feedback (seed 003). */
export const SubjectAccessChannel = z.enum(['letter', 'email', 'phone', 'in_person', 'online']);
export type SubjectAccessChannel = z.infer<typeof SubjectAccessChannel>;
/** Who made it: the person, or someone acting for them with their authority. */
export const SubjectAccessRequester = z.enum(['the_person', 'representative']);
/** What the clock waits for when it is stopped (ICO: proof of identity, or clarification of what is asked for). */
export const SubjectAccessAwaiting = z.enum(['identity', 'clarification']);
export type SubjectAccessAwaiting = z.infer<typeof SubjectAccessAwaiting>;

export const SubjectAccessRequestReceivedDetails = z.strictObject({
  requestedBy: SubjectAccessRequester,
  channel: SubjectAccessChannel,
  /** When it was received (it may be recorded later): the clock runs from its London day. */
  receivedAt: z.iso.datetime(),
});
/** The response is due by this instant: set at receipt and whenever a stop, a restart or an extension moves it. */
export const SubjectAccessDueSetDetails = z.strictObject({ dueAt: z.iso.datetime(), why: z.string().min(1).max(300) });
export const SubjectAccessClockStoppedDetails = z.strictObject({ awaiting: SubjectAccessAwaiting });
export const SubjectAccessClockRestartedDetails = z.strictObject({ awaiting: SubjectAccessAwaiting, arrivedOn: z.iso.date() });
export const SubjectAccessExtendedDetails = z.strictObject({ months: z.union([z.literal(1), z.literal(2)]), reason: Reason });
export const SubjectAccessAnsweredDetails = z.strictObject({
  /** The day the export of everything held was produced, and the day and way it was sent. */
  exportProducedOn: z.iso.date(),
  sentOn: z.iso.date(),
  sentBy: z.enum(['email', 'post', 'in_person', 'secure_portal']),
});
export const SubjectAccessDeadlinePassedDetails = z.strictObject({ dueAt: z.iso.datetime() });

function subjectAccessEnvelopeOf<TType extends string, TData extends z.ZodType>(type: TType, data: TData) {
  return z.strictObject({
    eventId: z.string().min(3),
    requestId: z.uuid(),
    personId: PersonRef,
    sequence: z.number().int().positive(),
    type: z.literal(type),
    schemaVersion: z.literal(1),
    occurredAt: z.iso.datetime(),
    actor: Actor,
    correlationId: z.string().min(1).max(200),
    causationId: z.string().min(1).max(200),
    data,
  });
}

export const SubjectAccessEventEnvelope = z.discriminatedUnion('type', [
  subjectAccessEnvelopeOf('SubjectAccessRequestReceived', SubjectAccessRequestReceivedDetails),
  subjectAccessEnvelopeOf('SubjectAccessDueSet', SubjectAccessDueSetDetails),
  subjectAccessEnvelopeOf('SubjectAccessClockStopped', SubjectAccessClockStoppedDetails),
  subjectAccessEnvelopeOf('SubjectAccessClockRestarted', SubjectAccessClockRestartedDetails),
  subjectAccessEnvelopeOf('SubjectAccessExtended', SubjectAccessExtendedDetails),
  subjectAccessEnvelopeOf('SubjectAccessAnswered', SubjectAccessAnsweredDetails),
  subjectAccessEnvelopeOf('SubjectAccessDeadlinePassed', SubjectAccessDeadlinePassedDetails),
]);
export type SubjectAccessEventEnvelope = z.infer<typeof SubjectAccessEventEnvelope>;

/** A subject access event before its envelope: what the decision returns. */
export type SubjectAccessDomainEvent = {
  [T in SubjectAccessEventEnvelope as T['type']]: { type: T['type']; data: T['data'] };
}[SubjectAccessEventEnvelope['type']];
