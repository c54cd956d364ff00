import { z } from 'zod';
import { OUT_OF_ORDER_REASONS } from './plain';
import { Actor, CatalogueId, PlacementModel, Reason } from './vocabulary';

/**
 * The accommodation catalogue's events: schemes and their units as the
 * council's admins manage them (seed 001: the SARP "coordinates, manages and
 * controls the movement of people into and out of all types of
 * accommodation"). One stream per scheme, numbered like a pathway's.
 */

/** Tenancy types (seed 003): a specialist tenancy may limit the right to leave. */
export const TenancyType = z.enum(['general', 'sheltered', 'specialist']);
export type TenancyType = z.infer<typeof TenancyType>;

/** How an independent scheme's housing is arranged (seed 001: a cluster of 3-4 units, a shared tenancy, units near each other). */
export const HousingForm = z.enum(['cluster', 'shared', 'self_contained']);
export type HousingForm = z.infer<typeof HousingForm>;

/** Assistive technology a transitional scheme offers (seed 001: sensor lamp, calendar clock, telecare). */
export const AssistiveTechnology = z.enum(['sensor_lamp', 'calendar_clock', 'telecare', 'other']);
export type AssistiveTechnology = z.infer<typeof AssistiveTechnology>;

/** A short name or place written by an admin: not personal data. */
const Label = z.string().trim().min(1).max(200);

export const SchemeRegisteredDetails = z.strictObject({
  name: Label,
  model: PlacementModel,
  provider: Label,
  area: Label,
  tenancyType: TenancyType,
  /** Transitional schemes only (empty otherwise). */
  assistiveTechnology: z.array(AssistiveTechnology).max(10),
  /** Independent schemes only (null otherwise). */
  housingForm: HousingForm.nullable(),
});
export type SchemeRegisteredDetails = z.infer<typeof SchemeRegisteredDetails>;

export const UnitAddedDetails = z.strictObject({ unitId: CatalogueId });
export const UnitRetiredDetails = z.strictObject({ unitId: CatalogueId, reason: Reason });
export const UnitVoidedDetails = z.strictObject({
  unitId: CatalogueId,
  /** Why the unit is out of use (repairs, adaptation, a safety check). */
  reason: Reason,
  /** When it is expected back in use (London date), if known. */
  expectedReturnOn: z.iso.date().nullable(),
});
export const UnitReturnedToUseDetails = z.strictObject({ unitId: CatalogueId });

/** Fields every catalogue event carries: like a pathway event's envelope, keyed by scheme. */
function catalogueEnvelopeOf<TType extends string, TData extends z.ZodType>(type: TType, data: TData) {
  return z.strictObject({
    /** `scheme:<schemeId>:<sequence>`: deterministic, unique. */
    eventId: z.string().min(3),
    schemeId: CatalogueId,
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

export const SchemeRegisteredV1 = catalogueEnvelopeOf('SchemeRegistered', SchemeRegisteredDetails);
export const UnitAddedV1 = catalogueEnvelopeOf('UnitAdded', UnitAddedDetails);
export const UnitRetiredV1 = catalogueEnvelopeOf('UnitRetired', UnitRetiredDetails);
export const UnitVoidedV1 = catalogueEnvelopeOf('UnitVoided', UnitVoidedDetails);
export const UnitReturnedToUseV1 = catalogueEnvelopeOf('UnitReturnedToUse', UnitReturnedToUseDetails);

export const CatalogueEventEnvelope = z.discriminatedUnion('type', [
  SchemeRegisteredV1,
  UnitAddedV1,
  UnitRetiredV1,
  UnitVoidedV1,
  UnitReturnedToUseV1,
]);
export type CatalogueEventEnvelope = z.infer<typeof CatalogueEventEnvelope>;
export type CatalogueEventType = CatalogueEventEnvelope['type'];

/** A catalogue event before its envelope: what `decideCatalogue` returns. */
export type CatalogueDomainEvent = {
  [T in CatalogueEventEnvelope as T['type']]: { type: T['type']; data: T['data'] };
}[CatalogueEventType];

/** Why an offer went to someone other than the first suitable person on the waiting list (OUT_OF_ORDER_REASONS). */
export const OutOfOrderReason = z.enum(OUT_OF_ORDER_REASONS);
export type OutOfOrderReason = z.infer<typeof OutOfOrderReason>;
