import type {
  Actor,
  AssistiveTechnology,
  CatalogueDomainEvent,
  CatalogueEventEnvelope,
  HousingForm,
  PlacementModel,
  SchemeRegisteredDetails,
  TenancyType,
} from '@sarp/events';
import { catalogueEventId } from '@sarp/events/plain';
import { InvalidTransitionError, RuleViolationError } from '../errors';

/**
 * The accommodation catalogue as the council's admins keep it (issue 11):
 * schemes, each of one placement model, and their units, which are added,
 * retired for good, or taken out of use for a while (void) and returned.
 * Decided and folded like a pathway: pure functions, one stream per scheme.
 */

export type UnitStatus = 'in_use' | 'void' | 'retired';

export interface CatalogueUnit {
  unitId: string;
  status: UnitStatus;
  addedAt: string;
  /** While void: since when, why, and when it is expected back (London date), if known. */
  void: { since: string; reason: string; expectedReturnOn: string | null } | null;
  retiredAt: string | null;
}

export interface SchemeState {
  schemeId: string;
  name: string;
  model: PlacementModel;
  provider: string;
  area: string;
  tenancyType: TenancyType;
  assistiveTechnology: AssistiveTechnology[];
  housingForm: HousingForm | null;
  registeredAt: string;
  /** Sequence of the last event applied: the stream revision. */
  lastSequence: number;
  units: CatalogueUnit[];
}

export type CatalogueCommand =
  | { type: 'RegisterScheme'; schemeId: string; scheme: SchemeRegisteredDetails; unitIds: string[] }
  | { type: 'AddUnit'; unitId: string }
  | { type: 'RetireUnit'; unitId: string; reason: string }
  | { type: 'VoidUnit'; unitId: string; reason: string; expectedReturnOn: string | null }
  | { type: 'ReturnUnitToUse'; unitId: string };

export interface CatalogueDecisionContext {
  now: Date;
  /** Units of the scheme that someone holds now (offered or occupied), read under lock by the caller. */
  heldUnitIds: ReadonlySet<string>;
}

/** Which events a catalogue command causes, or a refusal (409 wrong state, 422 wrong data). Pure. */
export function decideCatalogue(
  command: CatalogueCommand,
  scheme: SchemeState | null,
  context: CatalogueDecisionContext,
): CatalogueDomainEvent[] {
  if (command.type === 'RegisterScheme') {
    if (scheme) throw new InvalidTransitionError(`scheme ${command.schemeId} is already registered`);
    checkSchemeDetails(command.scheme);
    if (new Set(command.unitIds).size !== command.unitIds.length) throw new RuleViolationError('a unit id is listed twice');
    return [
      { type: 'SchemeRegistered', data: command.scheme },
      ...command.unitIds.map((unitId): CatalogueDomainEvent => ({ type: 'UnitAdded', data: { unitId } })),
    ];
  }
  if (!scheme) throw new InvalidTransitionError('this scheme is not registered');
  const unit = scheme.units.find((candidate) => candidate.unitId === command.unitId);
  if (command.type === 'AddUnit') {
    if (unit)
      throw new InvalidTransitionError(
        `unit ${command.unitId} is already in ${scheme.schemeId}${unit.status === 'retired' ? ' (retired)' : ''}`,
      );
    return [{ type: 'UnitAdded', data: { unitId: command.unitId } }];
  }
  if (!unit) throw new RuleViolationError(`unit ${command.unitId} is not in ${scheme.schemeId}`);
  if (unit.status === 'retired') throw new InvalidTransitionError(`unit ${command.unitId} is retired`);
  const held = context.heldUnitIds.has(unit.unitId);
  switch (command.type) {
    case 'RetireUnit':
      if (held) throw new InvalidTransitionError(`unit ${unit.unitId} is offered or occupied: it can be retired once it is free`);
      return [{ type: 'UnitRetired', data: { unitId: unit.unitId, reason: command.reason } }];
    case 'VoidUnit':
      if (unit.status === 'void') throw new InvalidTransitionError(`unit ${unit.unitId} is already out of use`);
      if (held) throw new InvalidTransitionError(`unit ${unit.unitId} is offered or occupied: it can be taken out of use once it is free`);
      if (command.expectedReturnOn !== null && Date.parse(`${command.expectedReturnOn}T23:59:59Z`) < context.now.getTime()) {
        throw new RuleViolationError('the expected return is in the past');
      }
      return [{ type: 'UnitVoided', data: { unitId: unit.unitId, reason: command.reason, expectedReturnOn: command.expectedReturnOn } }];
    case 'ReturnUnitToUse':
      if (unit.status !== 'void') throw new InvalidTransitionError(`unit ${unit.unitId} is not out of use`);
      return [{ type: 'UnitReturnedToUse', data: { unitId: unit.unitId } }];
    default:
      return assertNever(command);
  }
}

/** The model decides what a scheme can say about itself (seed 001). */
function checkSchemeDetails(scheme: SchemeRegisteredDetails): void {
  if (scheme.model !== 'transitional' && scheme.assistiveTechnology.length > 0) {
    throw new RuleViolationError('assistive technology is recorded for transitional schemes');
  }
  if (scheme.model === 'independent' && scheme.housingForm === null) {
    throw new RuleViolationError('an independent scheme says how its housing is arranged: cluster, shared or self_contained');
  }
  if (scheme.model !== 'independent' && scheme.housingForm !== null) {
    throw new RuleViolationError('the housing form (cluster, shared, self-contained) is for independent schemes');
  }
}

/** Folds one catalogue event into its scheme. Total, like the pathway's evolve. */
export function evolveScheme(scheme: SchemeState | null, event: CatalogueEventEnvelope): SchemeState {
  if (event.type === 'SchemeRegistered') {
    return { schemeId: event.schemeId, ...event.data, registeredAt: event.occurredAt, lastSequence: event.sequence, units: [] };
  }
  if (!scheme) throw new Error(`event ${event.eventId} (${event.type}) cannot come before its scheme is registered`);
  const next = { ...scheme, lastSequence: event.sequence };
  const change = (unitId: string, update: (unit: CatalogueUnit) => CatalogueUnit) => ({
    ...next,
    units: scheme.units.map((unit) => (unit.unitId === unitId ? update(unit) : unit)),
  });
  switch (event.type) {
    case 'UnitAdded':
      return {
        ...next,
        units: [...scheme.units, { unitId: event.data.unitId, status: 'in_use', addedAt: event.occurredAt, void: null, retiredAt: null }],
      };
    case 'UnitRetired':
      return change(event.data.unitId, (unit) => ({ ...unit, status: 'retired', void: null, retiredAt: event.occurredAt }));
    case 'UnitVoided':
      return change(event.data.unitId, (unit) => ({
        ...unit,
        status: 'void',
        void: { since: event.occurredAt, reason: event.data.reason, expectedReturnOn: event.data.expectedReturnOn },
      }));
    case 'UnitReturnedToUse':
      return change(event.data.unitId, (unit) => ({ ...unit, status: 'in_use', void: null }));
    default:
      return assertNever(event);
  }
}

/** Every scheme as the catalogue events up to some moment made it, events oldest first (any mix of schemes). */
export function foldCatalogue(events: Iterable<CatalogueEventEnvelope>): SchemeState[] {
  const schemes = new Map<string, SchemeState>();
  for (const event of events) schemes.set(event.schemeId, evolveScheme(schemes.get(event.schemeId) ?? null, event));
  return [...schemes.values()];
}

/**
 * Envelopes for decided catalogue events, numbered on from the scheme's last sequence. Not parsed here (the
 * domain stays free of zod, see @sarp/events/plain): the catalogue's writer checks each against its schema
 * before it stores it (libs/db/src/accommodation.ts).
 */
export function stampCatalogueEvents(
  scheme: SchemeState | null,
  schemeId: string,
  events: CatalogueDomainEvent[],
  meta: { now: Date; actor: Actor; correlationId: string; causationId: string },
): CatalogueEventEnvelope[] {
  const last = scheme?.lastSequence ?? 0;
  return events.map((event, index) => {
    const sequence = last + index + 1;
    return {
      eventId: catalogueEventId(schemeId, sequence),
      schemeId,
      sequence,
      type: event.type,
      schemaVersion: 1,
      occurredAt: meta.now.toISOString(),
      actor: meta.actor,
      correlationId: meta.correlationId,
      causationId: index === 0 ? meta.causationId : catalogueEventId(schemeId, sequence - 1),
      data: event.data,
    } as CatalogueEventEnvelope;
  });
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
