import { z } from 'zod';
import { PersonRef, ReferringAgency, Team, Urgency } from './vocabulary';

/**
 * Body of `POST /referrals`: the API validates it with this schema, OpenAPI describes it from it, and the
 * referral page checks a form with it before sending, so all three say the same about a wrong field.
 */
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
