import { z } from 'zod';
import { PersonRef, ReferringAgency, Team, Urgency } from '@sarp/events';

/** Body of `POST /referrals`: validated here and described in OpenAPI from the same schema. */
export const CreateReferralRequest = z
  .strictObject({
    personRef: PersonRef.describe('The service\'s pseudonymous reference for the person (e.g. "P-000123"); never a name or NHS number.'),
    referralId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("The referrer's own reference. When given, posting the same referral again is harmless: it answers with the same pathway."),
    referringAgency: ReferringAgency.describe('Who referred the person.'),
    presentingNeeds: z
      .array(z.string().trim().min(1).max(2000))
      .min(1)
      .max(20)
      .describe('What the person needs help with, as the referrer described it (one item per need).'),
    urgency: Urgency.describe('crisis: support must be in place within 24 hours; standard otherwise.'),
    team: Team.optional().describe(
      "The team that will hold the case (its coordinators and assessors may see it). Defaults to the referring coordinator's team.",
    ),
  })
  .describe('A referral to the SARP, which opens a pathway for the person.');
export type CreateReferralRequest = z.infer<typeof CreateReferralRequest>;

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
