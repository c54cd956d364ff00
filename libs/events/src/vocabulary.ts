import { z } from 'zod';

/** Who acts in SARP (../shared/DOMAIN.md "Who uses it"); `system` is the workflow itself, e.g. a timer firing. */
/** information_governance: records and answers subject access requests (UK GDPR), and may run the export. */
export const Role = z.enum(['coordinator', 'assessor', 'panel_member', 'panel_chair', 'auditor', 'admin', 'information_governance', 'system']);
export type Role = z.infer<typeof Role>;

/** Triage outcome of a referral: crisis referrals must have support in place within 24 hours (seed 003). */
export const Urgency = z.enum(['crisis', 'standard']);
export type Urgency = z.infer<typeof Urgency>;

/** Agencies that refer people to the SARP (seed 001: social work, NHS, police, housing, self). */
export const ReferringAgency = z.enum(['social_work', 'nhs', 'police', 'housing', 'self', 'other']);
export type ReferringAgency = z.infer<typeof ReferringAgency>;

/** Stages of a pathway, in the order a person normally moves through them. */
export const PathwayStage = z.enum(['referral', 'assessment', 'panel', 'placement', 'step_down', 'move_on', 'closed']);
export type PathwayStage = z.infer<typeof PathwayStage>;

/**
 * A person is referred to by the service's own pseudonymous reference (for
 * example `P-000123`), never by name or NHS number: the reference travels in
 * events, keys and URLs, so it must not itself be personal data.
 */
export const PersonRef = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$/, 'a person reference is 2-64 letters, digits, "-" or "_" (not a name)');
export type PersonRef = z.infer<typeof PersonRef>;

export const Actor = z.strictObject({
  userId: z.string().min(1).max(200),
  role: Role,
});
export type Actor = z.infer<typeof Actor>;

/** Placement models (seed 001): intensive (24/7, at most 3 months), transitional (e.g. Orchard House, at most 3 years), independent (any housing with floating support). */
export const PlacementModel = z.enum(['intensive', 'transitional', 'independent']);
export type PlacementModel = z.infer<typeof PlacementModel>;

/** The teams whose managers sit on the QA panel (seed 001); a case belongs to the team that assessed it. */
export const Team = z.enum(['localities', 'contact_and_prevention', 'learning_disability', 'adult_mental_health']);
export type Team = z.infer<typeof Team>;

/** Where a person goes when supported accommodation ends (seed 001). */
export const MoveOnDestination = z.enum(['independent_tenancy_with_floating_support', 'living_support_network', 'other']);
export type MoveOnDestination = z.infer<typeof MoveOnDestination>;

/** Free text written about a person: personal data, never logged, never in timeline summaries. */
export const Narrative = z.string().trim().min(1).max(4000);

/** A short reason given for a decision (a refusal, a decline, a withdrawal). */
export const Reason = z.string().trim().min(3).max(1000);

/** Identifier of a thing in SARP's own catalogues (schemes, units, care bundles, policies). */
export const CatalogueId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and "-"');
