import { z } from 'zod';

/** Body of `POST /referrals`: the schema lives in libs/events, where the referral page reads it too. */
export { CreateReferralRequest } from '@sarp/events';

export const ReferralAccepted = z
  .strictObject({
    pathwayId: z.uuid(),
    status: z.enum(['accepted', 'already-accepted']),
    links: z.strictObject({ pathway: z.string().describe('Where to read the pathway once it is projected.') }),
    linkedPathways: z
      .array(z.uuid())
      .describe(
        "The person's other open pathways (from the read model): a new referral of someone already on a pathway is linked to it, and the person still holds at most one offer or unit across them.",
      ),
  })
  .describe('The referral was accepted and its pathway started (or had been, for a repeat).');
export type ReferralAccepted = z.infer<typeof ReferralAccepted>;

/** `Idempotency-Key` header: any client-chosen string, reused to retry the same request. */
export const IdempotencyKey = z.string().trim().min(8).max(200).optional();
