/**
 * /audit: auditors find a pathway (by person reference, team, stage, outcome, breaches or the days it was
 * opened, or by its id), then read its events, step through its state as it stood at each event (time
 * travel, from GET /audit/pathways/{id}/state?asOf=), see its refused attempts and verify its hash chain.
 */
import { apiGet, SignedOut } from '../shared/api';
import { announce, byId, formatDateTime, h, timeElement, words } from '../shared/dom';
import { refusedTable, type AuditedEvent, type RefusedAttempt } from '../shared/audit-records';
import { hideErrorSummary, problemText, showErrorSummary, showSignedOut, startPage } from '../shared/layout';
import { actorText, summaryList } from '../shared/tables';

interface StateAsOf {
  asOf: string;
  lastEventIncluded: { sequence: number; type: string; occurredAt: string } | null;
  state: {
    status: string;
    stage?: string;
    urgency?: string;
    assessorId?: string | null;
    approvedModel?: string | null;
    placement?: { model: string; startedAt: string } | null;
    deadlines?: { ruleId: string; dueAt: string }[];
    breaches?: number;
    panelTask?: { referredAt?: string; claimedBy: string | null; proposal: unknown; comments?: number } | null;
  };
}

const audit = { pathwayId: '', events: [] as AuditedEvent[], index: 0, request: 0, timer: undefined as ReturnType<typeof setTimeout> | undefined };

document.addEventListener('DOMContentLoaded', () => {
  if (!startPage('audit-lookup')) return;
  const input = byId<HTMLInputElement>('pathway-id');
  const fromQuery = new URLSearchParams(window.location.search).get('pathwayId');
  if (fromQuery) input.value = fromQuery;
  byId<HTMLFormElement>('audit-form').addEventListener('submit', (event) => {
    event.preventDefault();
    hideErrorSummary();
    const pathwayId = input.value.trim();
    if (!pathwayId) return showErrorSummary([{ text: 'Enter a pathway id: it is needed to find its history', field: 'pathway-id' }]);
    byId('audit-result').hidden = true;
    void reading(() => loadHistory(pathwayId));
  });
  byId<HTMLFormElement>('audit-search').addEventListener('submit', (event) => {
    event.preventDefault();
    hideErrorSummary();
    void reading(() => searchPathways(input));
  });
  byId<HTMLInputElement>('time-slider').addEventListener('input', (event) => select(Number((event.target as HTMLInputElement).value) - 1, false));
  byId('step-previous').addEventListener('click', () => select(audit.index - 1, true));
  byId('step-next').addEventListener('click', () => select(audit.index + 1, true));
  byId('verify').addEventListener('click', () => {
    hideErrorSummary();
    void reading(verifyHistory);
  });
  if (fromQuery) void reading(() => loadHistory(fromQuery.trim()));
});

async function reading(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (error instanceof SignedOut) {
      byId('audit-result').hidden = true;
      return showSignedOut(error.message, 'audit-lookup');
    }
    showErrorSummary([{ text: problemText(error) }]);
  }
}

function auditPath(suffix: string): string {
  return `/audit/pathways/${encodeURIComponent(audit.pathwayId)}${suffix}`;
}

async function loadHistory(pathwayId: string): Promise<void> {
  audit.pathwayId = pathwayId;
  audit.events = [];
  byId('verification').replaceChildren();
  byId('state-as-of').replaceChildren();
  const answer = await apiGet<{ items: AuditedEvent[]; refusedAttempts?: RefusedAttempt[] }>(auditPath('/events?limit=500'));
  audit.events = [...answer.items].sort((a, b) => a.envelope.sequence - b.envelope.sequence);
  byId('history-heading').textContent = `History of pathway ${pathwayId}`;
  byId('events-body').replaceChildren(
    ...audit.events.map((item, index) =>
      h('tr', { class: 'govuk-table__row', 'data-index': String(index) }, [
        h('th', { scope: 'row', class: 'govuk-table__header' }, String(item.envelope.sequence)),
        h('td', { class: 'govuk-table__cell' }, item.envelope.type),
        h('td', { class: 'govuk-table__cell' }, timeElement(item.envelope.occurredAt)),
        h('td', { class: 'govuk-table__cell' }, actorText(item.envelope.actor)),
        h('td', { class: 'govuk-table__cell' }, item.envelope.policyVersion ?? 'not recorded'),
      ]),
    ),
  );
  byId('events-caption').textContent = `Events, oldest first: ${audit.events.length} in all`;
  byId('refused').replaceChildren(refusedTable(answer.refusedAttempts));
  byId<HTMLInputElement>('time-slider').max = String(Math.max(1, audit.events.length));
  byId('audit-result').hidden = false;
  select(audit.events.length - 1, true);
  announce(`${audit.events.length} event${audit.events.length === 1 ? '' : 's'} found for pathway ${pathwayId}.`);
}

/** Moves the time travel to an event: at once from the buttons, after a pause while the slider moves. */
function select(wanted: number, immediately: boolean): void {
  if (audit.events.length === 0) return;
  const index = Math.max(0, Math.min(audit.events.length - 1, wanted));
  audit.index = index;
  const slider = byId<HTMLInputElement>('time-slider');
  slider.value = String(index + 1);
  const { envelope } = audit.events[index]!;
  const position = `Event ${index + 1} of ${audit.events.length}: #${envelope.sequence} ${envelope.type}`;
  byId('time-position').textContent = position;
  slider.setAttribute('aria-valuetext', position);
  byId<HTMLButtonElement>('step-previous').disabled = index === 0;
  byId<HTMLButtonElement>('step-next').disabled = index === audit.events.length - 1;
  for (const row of Array.from(byId('events-body').children)) {
    if (Number(row.getAttribute('data-index')) === index) row.setAttribute('aria-current', 'true');
    else row.removeAttribute('aria-current');
  }
  clearTimeout(audit.timer);
  const load = () => void reading(() => loadStateAt(index));
  if (immediately) load();
  else audit.timer = setTimeout(load, 150);
}

async function loadStateAt(index: number): Promise<void> {
  const item = audit.events[index];
  if (!item) return;
  const request = ++audit.request;
  const answer = await apiGet<StateAsOf>(auditPath(`/state?asOf=${encodeURIComponent(item.envelope.occurredAt)}`));
  // A later step asked meanwhile: its answer is the one to show.
  if (request !== audit.request) return;
  renderState(answer);
  announce(`Showing the pathway as it stood at event ${item.envelope.sequence}, ${item.envelope.type}.`);
}

function renderState(answer: StateAsOf): void {
  const { state } = answer;
  const last = answer.lastEventIncluded;
  const target = byId('state-as-of');
  const lastText = last ? `#${last.sequence} ${last.type} (${formatDateTime(last.occurredAt)})` : 'none';
  if (state.status !== 'started') {
    target.replaceChildren(summaryList([['As of', timeElement(answer.asOf)], ['Last event included', lastText], ['State', 'Not started yet']]));
    return;
  }
  const task = state.panelTask;
  const placement = state.placement
    ? `${words(state.placement.model)} since ${formatDateTime(state.placement.startedAt)}`
    : state.approvedModel
      ? `Not yet placed (approved: ${words(state.approvedModel).toLowerCase()})`
      : 'None';
  const deadlines = state.deadlines ?? [];
  target.replaceChildren(
    summaryList([
      ['As of', timeElement(answer.asOf)],
      ['Last event included', lastText],
      ['Stage', words(state.stage ?? '')],
      ['Urgency', words(state.urgency ?? '')],
      ['Assessor', state.assessorId ?? 'None'],
      ['Placement', placement],
      [
        'Open deadlines',
        deadlines.length === 0 ? 'None' : h('ul', { class: 'govuk-list' }, deadlines.map((deadline) => h('li', {}, [`${deadline.ruleId}, due `, timeElement(deadline.dueAt)]))),
      ],
      ['Breaches', String(state.breaches ?? 0)],
      [
        'Panel task',
        task
          ? h('span', {}, [
              'Referred ',
              task.referredAt ? timeElement(task.referredAt) : 'at a time not recorded',
              `; claimed by ${task.claimedBy ?? 'nobody'}; ${task.proposal ? 'a decision is proposed' : 'no proposal'}; ${task.comments ?? 0} comment(s)`,
            ])
          : 'None',
      ],
    ]),
  );
  target.setAttribute('data-stage', state.stage ?? '');
}

async function verifyHistory(): Promise<void> {
  const answer = await apiGet<{ verified: boolean; eventsChecked: number; firstBrokenLink?: { sequence: number; eventId: string; reason: string } }>(auditPath('/verify'));
  const link = answer.firstBrokenLink;
  byId('verification').replaceChildren(
    answer.verified
      ? h('p', { class: 'govuk-body' }, h('strong', { class: 'govuk-tag govuk-tag--green' }, `Verified: all ${answer.eventsChecked} events are intact and in sequence.`))
      : h('p', { class: 'govuk-body' }, h('strong', { class: 'govuk-tag govuk-tag--red' }, `Not verified: the first broken link is event #${link?.sequence} (${link?.eventId}): ${link?.reason}`)),
  );
  announce(answer.verified ? 'History verified.' : `The history has a broken link at event ${link?.sequence}.`);
}

/** Lists the pathways the search form describes; each row's button shows that pathway's history. */
async function searchPathways(idInput: HTMLInputElement): Promise<void> {
  const query = new URLSearchParams({ limit: '50' });
  new FormData(byId<HTMLFormElement>('audit-search')).forEach((value, name) => {
    const text = typeof value === 'string' ? value.trim() : '';
    if (text) query.set(name, text);
  });
  const found = await apiGet<{ items: { pathwayId: string; personId: string; stage: string; team: string | null; outcome: string | null; openedAt: string; breaches: number }[]; total: number }>(
    `/pathways?${query.toString()}`,
  );
  const cell = (content: Node | string) => h('td', { class: 'govuk-table__cell' }, content);
  byId('found-body').replaceChildren(
    ...(found.items.length === 0
      ? [h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell', colspan: '7' }, 'No pathway matches.'))]
      : found.items.map((item) => {
          const show = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0', 'data-module': 'govuk-button' }, [
            'Show history',
            h('span', { class: 'govuk-visually-hidden' }, ` of ${item.personId}, opened ${formatDateTime(item.openedAt)}`),
          ]);
          show.addEventListener('click', () => {
            hideErrorSummary();
            idInput.value = item.pathwayId;
            byId('audit-result').hidden = true;
            void reading(() => loadHistory(item.pathwayId));
          });
          return h('tr', { class: 'govuk-table__row' }, [
            cell(item.personId),
            cell(words(item.stage)),
            cell(item.team ? words(item.team) : '—'),
            cell(item.outcome ? words(item.outcome) : '—'),
            cell(timeElement(item.openedAt)),
            cell(String(item.breaches)),
            cell(show),
          ]);
        })),
  );
  const caption = `${found.total}${found.total === 1 ? ' pathway found' : ' pathways found'}${found.total > found.items.length ? ` (the first ${found.items.length} shown)` : ''}`;
  byId('found-caption').textContent = caption;
  byId('search-results').hidden = false;
  announce(caption);
}
