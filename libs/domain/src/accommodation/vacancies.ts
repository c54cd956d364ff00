import type { PlacementModel, UnitRef } from '@sarp/events';
import type { PathwayState } from '../pathway-state';
import type { SchemeState } from './catalogue';
import { waitingListEntryOf } from './waiting-list';

/**
 * Vacancies (issue 11): each unit's state, from the catalogue (in use, void,
 * retired) and from the pathways that hold units (offered, occupied). The
 * same functions answer "now" and, for auditors, "as it stood then": only
 * the states they are given differ.
 */

/** A unit a pathway holds: an offer not yet moved into, or the placement the person lives in. */
export interface UnitHolding {
  unit: UnitRef;
  pathwayId: string;
  status: 'offered' | 'accepted' | 'occupied';
  since: string;
  /** For occupied units: when it is expected to come free, and why (a stay limit, a planned move). */
  expectedFree: { at: string | null; because: string } | null;
}

export function unitHoldingsOf(state: PathwayState): UnitHolding[] {
  if (state.status !== 'started' || state.stage === 'closed') return [];
  const holdings: UnitHolding[] = [];
  const { placement, offer } = state;
  if (placement) {
    holdings.push({
      unit: placement.unit,
      pathwayId: state.pathwayId,
      status: 'occupied',
      since: placement.startedAt,
      expectedFree: expectedFreeing(state),
    });
  }
  if (offer && offer.offerId !== placement?.offerId) {
    holdings.push({
      unit: offer.unit,
      pathwayId: state.pathwayId,
      status: offer.status === 'accepted' ? 'accepted' : 'offered',
      since: offer.offeredAt ?? state.updatedAt,
      expectedFree: null,
    });
  }
  return holdings;
}

function expectedFreeing(state: Extract<PathwayState, { status: 'started' }>): UnitHolding['expectedFree'] {
  if (state.leaving) return { at: null, because: 'the person has asked to leave' };
  if (state.stage === 'move_on') return { at: null, because: 'a move-on is planned' };
  if (state.stage === 'step_down') {
    return { at: null, because: `a step-down to ${state.approvedModel ?? 'the next model'} is planned: frees when that placement starts` };
  }
  const stayLimit = waitingListEntryOf({ ...state, stage: 'step_down' })?.stayLimitAt ?? null;
  if (stayLimit) return { at: stayLimit, because: `the ${state.placement?.model} stay limit` };
  return null;
}

export type VacancyState = 'free' | 'offered' | 'accepted' | 'occupied' | 'void';

export interface Vacancy {
  schemeId: string;
  schemeName: string;
  model: PlacementModel;
  area: string;
  unitId: string;
  state: VacancyState;
  /** Since when the unit has been offered, occupied or void (null for a free unit). */
  since: string | null;
  /** While void: when it is expected back in use, and why it is out. */
  void: { reason: string; expectedReturnOn: string | null } | null;
  /** The pathway that holds it (offered, accepted or occupied); who may see which is the caller's need-to-know. */
  pathwayId: string | null;
  expectedFree: UnitHolding['expectedFree'];
}

export interface VacancyFilter {
  model?: PlacementModel;
  schemeId?: string;
  area?: string;
}

/** Every unit in use or void (retired units are in the catalogue only), with its state. */
export function vacanciesOf(schemes: readonly SchemeState[], holdings: readonly UnitHolding[], filter: VacancyFilter = {}): Vacancy[] {
  const held = new Map(holdings.map((holding) => [`${holding.unit.schemeId}/${holding.unit.unitId}`, holding]));
  const vacancies: Vacancy[] = [];
  for (const scheme of schemes) {
    if (filter.model && scheme.model !== filter.model) continue;
    if (filter.schemeId && scheme.schemeId !== filter.schemeId) continue;
    if (filter.area && scheme.area.toLowerCase() !== filter.area.toLowerCase()) continue;
    for (const unit of scheme.units) {
      if (unit.status === 'retired') continue;
      const holding = held.get(`${scheme.schemeId}/${unit.unitId}`);
      const base = { schemeId: scheme.schemeId, schemeName: scheme.name, model: scheme.model, area: scheme.area, unitId: unit.unitId };
      if (holding) {
        vacancies.push({
          ...base,
          state: holding.status,
          since: holding.since,
          void: null,
          pathwayId: holding.pathwayId,
          expectedFree: holding.expectedFree,
        });
      } else if (unit.status === 'void' && unit.void) {
        vacancies.push({
          ...base,
          state: 'void',
          since: unit.void.since,
          void: { reason: unit.void.reason, expectedReturnOn: unit.void.expectedReturnOn },
          pathwayId: null,
          expectedFree: null,
        });
      } else {
        vacancies.push({ ...base, state: 'free', since: null, void: null, pathwayId: null, expectedFree: null });
      }
    }
  }
  return vacancies.sort((a, b) => a.schemeId.localeCompare(b.schemeId) || a.unitId.localeCompare(b.unitId, 'en', { numeric: true }));
}
