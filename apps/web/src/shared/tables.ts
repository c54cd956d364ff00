/** GOV.UK tables and summary lists built from data, as text (the auditor pages' and others'). */
import { h, words, type Child } from './dom';

/** A table with a caption and column headers; each row an array of cells; the `empty` text when there is no row. */
export function table(caption: string, headers: string[], rows: Child[][], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'govuk-body' }, empty);
  return h('table', { class: 'govuk-table' }, [
    h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, caption),
    h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, headers.map((header) => h('th', { scope: 'col', class: 'govuk-table__header' }, header)))),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      rows.map((cells) => h('tr', { class: 'govuk-table__row' }, cells.map((cell) => h('td', { class: 'govuk-table__cell' }, cell)))),
    ),
  ]);
}

/** A GOV.UK summary list of key and value pairs. */
export function summaryList(pairs: [key: string, value: Child | Child[]][]): HTMLElement {
  return h(
    'dl',
    { class: 'govuk-summary-list' },
    pairs.map(([key, value]) =>
      h('div', { class: 'govuk-summary-list__row' }, [h('dt', { class: 'govuk-summary-list__key' }, key), h('dd', { class: 'govuk-summary-list__value' }, value)]),
    ),
  );
}

export function actorText(actor: { userId: string; role: string } | null | undefined): string {
  return actor ? `${actor.userId} (${words(actor.role).toLowerCase()})` : 'not recorded';
}
