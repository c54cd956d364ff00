/**
 * /caseload: the cases a coordinator or an assessor may work on (theirs and their team's: the API applies
 * need-to-know), each with its stage, its next deadline and why it is due, and whether anything is overdue
 * or breached; filters, a table sortable by any column (MOJ's sortable table), and the count per worker.
 */
import { SortableTable } from '@ministryofjustice/frontend';
import { apiGet, SignedOut } from '../shared/api';
import { announce, byId, h, timeElement, words } from '../shared/dom';
import { problemText, showErrorSummary, showSignedOut, startPage } from '../shared/layout';
import { attentionOf, caseload, casesPerWorker, type Attention, type CaseloadFilter, type CaseloadItem } from './caseload-model';

const ATTENTION_TAGS: Record<Attention, { text: string; colour: string }> = {
  breached: { text: 'Breached', colour: 'govuk-tag--red' },
  overdue: { text: 'Overdue', colour: 'govuk-tag--orange' },
  'due-soon': { text: 'Due soon', colour: 'govuk-tag--yellow' },
  'on-track': { text: 'On track', colour: 'govuk-tag--green' },
  'no-deadline': { text: 'No deadline', colour: 'govuk-tag--grey' },
};

let items: CaseloadItem[] = [];

document.addEventListener('DOMContentLoaded', () => void start());

async function start(): Promise<void> {
  if (!startPage('caseload')) return;
  byId<HTMLFormElement>('caseload-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    render();
  });
  try {
    items = (await apiGet<{ items: CaseloadItem[] }>('/pathways?limit=200')).items;
    render();
  } catch (error) {
    if (error instanceof SignedOut) return showSignedOut(error.message, 'caseload');
    showErrorSummary([{ text: problemText(error) }]);
  }
}

function currentFilter(): CaseloadFilter {
  const form = new FormData(byId<HTMLFormElement>('caseload-filters'));
  const text = (name: string): string => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    stage: text('stage') as CaseloadFilter['stage'],
    needsAttention: text('attention') === 'yes',
    worker: text('worker'),
  };
}

function render(): void {
  const now = new Date();
  const shown = caseload(items, currentFilter(), now);
  keepWorkerOptions();
  const body = byId('caseload-rows');
  body.replaceChildren(
    ...(shown.length === 0
      ? [h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell', colspan: '6' }, 'No case matches these filters.'))]
      : shown.map((item) => row(item, now))),
  );
  const caption = `${shown.length} ${shown.length === 1 ? 'case' : 'cases'}`;
  byId('caseload-caption').textContent = caption;
  announce(`${caption} shown.`);
  const perWorker = byId('per-worker');
  perWorker.replaceChildren(
    ...casesPerWorker(items).map(({ worker, cases }) =>
      h('div', { class: 'govuk-summary-list__row' }, [
        h('dt', { class: 'govuk-summary-list__key' }, worker === 'unassigned' ? 'Not assigned yet' : worker),
        h('dd', { class: 'govuk-summary-list__value' }, `${cases} open ${cases === 1 ? 'case' : 'cases'}`),
      ]),
    ),
  );
}

function row(item: CaseloadItem, now: Date): HTMLElement {
  const attention = ATTENTION_TAGS[attentionOf(item, now)];
  const due = item.nextDeadline;
  const cell = (content: Node | string, sortValue?: string) =>
    h('td', { class: 'govuk-table__cell', ...(sortValue !== undefined ? { 'data-sort-value': sortValue } : {}) }, content);
  return h('tr', { class: 'govuk-table__row' }, [
    // A data cell, not a row header: MOJ's sortable table sorts by the cells of each row.
    cell(h('a', { class: 'govuk-link', href: `/case/${item.pathwayId}` }, item.personId), item.personId),
    cell(words(item.stage)),
    cell(item.worker ?? 'Not assigned yet'),
    cell(
      due ? h('span', {}, [timeElement(due.dueAt), h('span', { class: 'govuk-body-s govuk-!-display-block' }, due.rule)]) : 'None open',
      due ? due.dueAt : '9999',
    ),
    cell(h('strong', { class: `govuk-tag ${attention.colour}` }, attention.text), attention.text),
    h('td', { class: 'govuk-table__cell govuk-table__cell--numeric', 'data-sort-value': String(item.breaches) }, String(item.breaches)),
  ]);
}

/** The worker filter offers the workers in the caseload, keeping the one chosen. */
function keepWorkerOptions(): void {
  const select = byId<HTMLSelectElement>('filter-worker');
  const chosen = select.value;
  const workers = casesPerWorker(items).map(({ worker }) => worker);
  select.replaceChildren(
    h('option', { value: '' }, 'Any worker'),
    ...workers.map((worker) =>
      h('option', { value: worker, selected: worker === chosen }, worker === 'unassigned' ? 'Not assigned yet' : worker),
    ),
  );
}

// MOJ's sortable table: every column heading with aria-sort becomes a sort button.
document.addEventListener('DOMContentLoaded', () => new SortableTable(byId('caseload-table')));
