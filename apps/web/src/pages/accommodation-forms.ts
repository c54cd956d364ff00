/**
 * The admins' forms over the catalogue of schemes and units (POST /schemes and /schemes/{id}/units/...), as
 * data for shared/form-view.ts. `unitId` on a unit's form names the unit in the path, not the body.
 */
import type { ActionForm, Choices } from '../shared/form-model';

const REASON = { name: 'reason', label: 'Reason', kind: 'text' } as const;
const UNIT_OF_SCHEME = { name: 'unitId', label: 'Unit', kind: 'choice-from-api', list: 'units-in-use' } as const;

export const REGISTER_SCHEME: ActionForm = {
  action: 'register-scheme',
  title: 'Register a scheme',
  description: 'A scheme of one placement model, with the units it starts with (more can be added later).',
  button: 'Register scheme',
  group: 'catalogue',
  fields: [
    { name: 'schemeId', label: 'Scheme id', hint: 'Lower-case letters, digits and "-", for example oak-court', kind: 'text' },
    { name: 'name', label: 'Name', kind: 'text' },
    {
      name: 'model',
      label: 'Placement model',
      kind: 'radios',
      choices: [
        ['intensive', 'Intensive'],
        ['transitional', 'Transitional'],
        ['independent', 'Independent'],
      ],
    },
    { name: 'provider', label: 'Provider', kind: 'text' },
    { name: 'area', label: 'Area', kind: 'text' },
    {
      name: 'tenancyType',
      label: 'Tenancy',
      kind: 'radios',
      choices: [
        ['general', 'General'],
        ['sheltered', 'Sheltered'],
        ['specialist', 'Specialist'],
      ],
    },
    {
      name: 'assistiveTechnology',
      label: 'Assistive technology',
      hint: 'Transitional schemes only',
      kind: 'checkboxes',
      choices: [
        ['sensor_lamp', 'Sensor lamp'],
        ['calendar_clock', 'Calendar clock'],
        ['telecare', 'Telecare'],
        ['other', 'Other'],
      ] satisfies Choices,
    },
    {
      name: 'housingForm',
      label: 'Housing form',
      hint: 'Independent schemes only',
      kind: 'select',
      optional: 'omit',
      choices: [
        ['cluster', 'A cluster of units'],
        ['shared', 'A shared tenancy'],
        ['self_contained', 'Self-contained'],
      ],
    },
    { name: 'unitIds', label: 'Units', hint: 'One unit id per line, for example flat-1', kind: 'lines' },
  ],
};

/** The forms on each scheme: `action` is the path after /schemes/{id}/units. */
export const UNIT_FORMS: readonly ActionForm[] = [
  {
    action: 'add',
    title: 'Add a unit',
    description: 'A new unit in use, free to offer.',
    button: 'Add unit',
    group: 'unit',
    fields: [{ name: 'unitId', label: 'Unit id', kind: 'text' }],
  },
  {
    action: 'void',
    title: 'Take a unit out of use',
    description: 'Repairs, an adaptation or a safety check; a unit someone holds cannot be taken out of use.',
    button: 'Take out of use',
    group: 'unit',
    fields: [UNIT_OF_SCHEME, REASON, { name: 'expectedReturnOn', label: 'Expected back in use on', kind: 'date', optional: 'omit' }],
  },
  {
    action: 'return',
    title: 'Put a unit back in use',
    description: 'A unit out of use becomes free to offer again.',
    button: 'Put back in use',
    group: 'unit',
    fields: [{ name: 'unitId', label: 'Unit', kind: 'choice-from-api', list: 'units-void' }],
  },
  {
    action: 'retirement',
    title: 'Retire a unit',
    description: 'For good: it leaves the vacancies; a unit someone holds cannot be retired.',
    button: 'Retire unit',
    group: 'unit',
    fields: [UNIT_OF_SCHEME, REASON],
  },
];

/** The request a unit form sends: its path (the unit named in it) and the rest as the body. */
export function unitRequest(schemeId: string, action: string, body: Record<string, unknown>): { path: string; body: Record<string, unknown> } {
  const { unitId, ...rest } = body;
  const scheme = `/schemes/${encodeURIComponent(schemeId)}/units`;
  if (action === 'add') return { path: scheme, body: { unitId } };
  return { path: `${scheme}/${encodeURIComponent(String(unitId))}/${action}`, body: rest };
}
