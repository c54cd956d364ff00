import { CatalogueId, PlacementModel, Reason, SchemeRegisteredDetails } from '@sarp/events';
import { z } from 'zod';

/** An admin registers a scheme, with the units it starts with (more can be added later). */
export const RegisterSchemeRequest = z.strictObject({
  schemeId: CatalogueId,
  ...SchemeRegisteredDetails.shape,
  assistiveTechnology: SchemeRegisteredDetails.shape.assistiveTechnology.default([]),
  housingForm: SchemeRegisteredDetails.shape.housingForm.default(null),
  unitIds: z.array(CatalogueId).max(500).default([]),
});
export type RegisterSchemeRequest = z.infer<typeof RegisterSchemeRequest>;

export const AddUnitRequest = z.strictObject({ unitId: CatalogueId });
export const RetireUnitRequest = z.strictObject({ reason: Reason });
export const VoidUnitRequest = z.strictObject({
  reason: Reason,
  /** When the unit is expected back in use (London date). */
  expectedReturnOn: z.iso.date().optional(),
});
export const ReturnUnitRequest = z.strictObject({});

export const SchemeIdParam = CatalogueId;
export const UnitIdParam = CatalogueId;

export const VacanciesQuery = z.strictObject({
  model: PlacementModel.optional(),
  schemeId: CatalogueId.optional(),
  area: z.string().trim().min(1).max(200).optional(),
  /** Auditors: the vacancies as they stood at this instant. */
  asOf: z.iso.datetime({ offset: true }).optional(),
});

export const WaitingListQuery = z.strictObject({
  /** One model's list; all three without it. */
  model: PlacementModel.optional(),
});

export const CatalogueEventsQuery = z.strictObject({
  schemeId: CatalogueId.optional(),
  asOf: z.iso.datetime({ offset: true }).optional(),
});
