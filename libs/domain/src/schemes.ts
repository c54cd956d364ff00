import type { PlacementModel } from '@sarp/events';

/**
 * Schemes and their units: finite, and a unit is never given to two people at
 * once (the workflow reserves it before offering). Catalogue data; an admin
 * module will manage it (seed 001 names Orchard House, a step-down scheme of
 * 13 self-contained flats; the other schemes are examples of each model).
 */
export interface Scheme {
  schemeId: string;
  name: string;
  model: PlacementModel;
  unitIds: readonly string[];
}

const flats = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);

export const SCHEMES: readonly Scheme[] = [
  { schemeId: 'crisis-house', name: 'Crisis House (intensive, 24/7 support)', model: 'intensive', unitIds: flats(6, 'room') },
  { schemeId: 'orchard-house', name: 'Orchard House (transitional step-down)', model: 'transitional', unitIds: flats(13, 'flat') },
  {
    schemeId: 'northside-cluster',
    name: 'Northside cluster (independent, floating support)',
    model: 'independent',
    unitIds: flats(4, 'unit'),
  },
  {
    schemeId: 'riverside-cluster',
    name: 'Riverside cluster (independent, floating support)',
    model: 'independent',
    unitIds: flats(3, 'unit'),
  },
];

export function findScheme(schemeId: string): Scheme | undefined {
  return SCHEMES.find((scheme) => scheme.schemeId === schemeId);
}
