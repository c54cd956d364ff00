import type { SchemeRegisteredDetails } from '@sarp/events';

/**
 * The catalogue SARP had built in before schemes were managed data: the
 * initial data of every deployment, registered once by the migration
 * `1764104400000_accommodation` (events by `sarp-migration`), so the units of
 * running pathways stay valid. Seed 001 names Orchard House, a step-down
 * scheme of 13 self-contained flats; the others are examples of each model.
 * From then on admins change the catalogue through the API.
 */
export interface InitialScheme {
  schemeId: string;
  scheme: SchemeRegisteredDetails;
  unitIds: readonly string[];
}

const flats = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);

export const INITIAL_CATALOGUE: readonly InitialScheme[] = [
  {
    schemeId: 'crisis-house',
    scheme: {
      name: 'Crisis House (intensive, 24/7 support)',
      model: 'intensive',
      provider: 'Council',
      area: 'Central',
      tenancyType: 'specialist',
      assistiveTechnology: [],
      housingForm: null,
    },
    unitIds: flats(6, 'room'),
  },
  {
    schemeId: 'orchard-house',
    scheme: {
      name: 'Orchard House (transitional step-down)',
      model: 'transitional',
      provider: 'Council',
      area: 'Central',
      tenancyType: 'specialist',
      assistiveTechnology: ['sensor_lamp', 'calendar_clock', 'telecare'],
      housingForm: null,
    },
    unitIds: flats(13, 'flat'),
  },
  {
    schemeId: 'northside-cluster',
    scheme: {
      name: 'Northside cluster (independent, floating support)',
      model: 'independent',
      provider: 'Housing association',
      area: 'North',
      tenancyType: 'general',
      assistiveTechnology: [],
      housingForm: 'cluster',
    },
    unitIds: flats(4, 'unit'),
  },
  {
    schemeId: 'riverside-cluster',
    scheme: {
      name: 'Riverside cluster (independent, floating support)',
      model: 'independent',
      provider: 'Housing association',
      area: 'Riverside',
      tenancyType: 'general',
      assistiveTechnology: [],
      housingForm: 'cluster',
    },
    unitIds: flats(3, 'unit'),
  },
];
