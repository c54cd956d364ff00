import { z } from 'zod';
import { envelopeOf } from './envelope';
import { ReferringAgency, Urgency } from './vocabulary';

/**
 * What a coordinator records when a referral comes in. Presenting needs are
 * free text written about a person: personal data, kept out of logs.
 */
export const ReferralDetails = z.strictObject({
  /** The referrer's own reference, when they gave one. */
  referralId: z.string().min(1).max(100).nullable(),
  referringAgency: ReferringAgency,
  presentingNeeds: z.array(z.string().trim().min(1).max(2000)).min(1).max(20),
  urgency: Urgency,
});
export type ReferralDetails = z.infer<typeof ReferralDetails>;

export const ReferralReceivedV1 = envelopeOf('ReferralReceived', 1, ReferralDetails);
export type ReferralReceivedV1 = z.infer<typeof ReferralReceivedV1>;

/**
 * Every pathway event type and version the system has ever published.
 * Old versions stay here and are upcast on read ({@link parsePathwayEvent}).
 */
export const PathwayEventEnvelope = z.discriminatedUnion('type', [ReferralReceivedV1]);
export type PathwayEventEnvelope = z.infer<typeof PathwayEventEnvelope>;
export type PathwayEventType = PathwayEventEnvelope['type'];

/** A domain event before it is put in its envelope: what `decide` returns. */
export type PathwayDomainEvent = {
  [T in PathwayEventEnvelope as T['type']]: { type: T['type']; data: T['data']; policyVersion?: string | null };
}[PathwayEventType];
