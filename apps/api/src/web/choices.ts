/**
 * The fixed lists the pages' filters offer, in one place: the same teams, stages and outcomes as the
 * domain's vocabulary (libs/events), with the words people read. Rendered into static HTML.
 */
type Choice = readonly [value: string, label: string];

export const TEAMS: readonly Choice[] = [
  ['localities', 'Localities'],
  ['contact_and_prevention', 'Contact and prevention'],
  ['learning_disability', 'Learning disability'],
  ['adult_mental_health', 'Adult mental health'],
];

/** The stages of an open pathway; `closed` is added where closed ones are listed. */
export const OPEN_STAGES: readonly Choice[] = [
  ['referral', 'Referral'],
  ['assessment', 'Assessment'],
  ['panel', 'Panel'],
  ['placement', 'Placement'],
  ['step_down', 'Step down'],
  ['move_on', 'Move on'],
];

export const OUTCOMES: readonly Choice[] = [
  ['moved_on', 'Moved on'],
  ['left', 'Left'],
  ['withdrawn', 'Withdrawn'],
  ['declined', 'Declined'],
  ['redirected', 'Redirected'],
  ['not_eligible', 'Not eligible'],
  ['panel_rejected', 'Rejected by the panel'],
];

/** `<option>`s: first the "any" choice (empty value), then each choice. */
export function options(any: string, choices: readonly Choice[]): string {
  return [`<option value="">${any}</option>`, ...choices.map(([value, label]) => `<option value="${value}">${label}</option>`)].join('\n');
}
