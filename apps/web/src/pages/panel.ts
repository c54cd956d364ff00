/**
 * /panel: the QA panel's worklist. The agenda (filtered, sorted, a page at a time) and each case's summary;
 * claim, unclaim, comment, propose a decision, confirm someone else's (four eyes), the chair's assignment
 * and, for a crisis case, the chair's urgent decision alone. After each command the page waits for the read
 * model to reach the command's last event, re-renders, says what changed in the live region, and keeps the
 * focus on the control used (or its successor, or the case heading).
 */
import { ApiProblem, apiGet, apiPost, SignedOut } from '../shared/api';
import { announce, byId, h, setShown, timeElement, words, type Child } from '../shared/dom';
import { hideErrorSummary, problemText, showErrorSummary, showSignedOut, startPage } from '../shared/layout';
import { sessionUser } from '../shared/session';
import { decisionBody, describeDecision, formatMoney, type DecisionFormValues, type PanelDecision } from './panel-model';

const PAGE_SIZE = 25;
/** How long the page waits for the read model after a command before it shows what it has. */
const CATCH_UP_LIMIT_MS = 15_000;

interface Task {
  taskId: string;
  pathwayId: string;
  personId: string;
  priority: string;
  status: string;
  dueAt: string;
  referredAt: string;
  referredBy: string;
  assessedBy?: string | null;
  deferrals?: number;
  claimedBy: string | null;
  decision?: string | null;
  decidedBy?: string | null;
  decidedAt?: string | null;
  proposal: { decision: PanelDecision; proposedBy: string } | null;
  comments?: { author: string; authorRole: string; writtenAt: string; comment: string }[];
  summary?: {
    requestedModel?: string;
    requestedPackageHours?: number;
    requestedWeeklyFunding?: number;
    careBundles?: string[];
    needs?: string[];
    risk?: { level?: string; summary?: string; positiveRiskTaking?: string | null };
    eligibility?: { outcome?: string; criteriaSet?: string; criteriaVersion?: string };
    rulesFired?: { rule: string; reason: string }[];
  };
}
interface Pathway {
  stage: string;
  lastSequence: number;
}
interface CommandResult {
  events?: { sequence?: number }[];
}

const view: { offset: number; total: number; task: Task | null; pathway: Pathway | null; busy: boolean } = {
  offset: 0,
  total: 0,
  task: null,
  pathway: null,
  busy: false,
};

document.addEventListener('DOMContentLoaded', () => void start());

function fail(error: unknown): void {
  if (error instanceof SignedOut) {
    setShown(byId('case'), false);
    return showSignedOut(error.message, 'agenda');
  }
  showErrorSummary([{ text: problemText(error) }]);
}

function priorityTag(priority: string): HTMLElement {
  return h('strong', { class: `govuk-tag ${priority === 'crisis' ? 'govuk-tag--red' : 'govuk-tag--grey'}` }, words(priority));
}

function maybeTime(iso: string | null | undefined): Child {
  return iso ? timeElement(iso) : 'not set';
}

// ------------------------------------------------------------------ the agenda

function filterForm(): HTMLFormElement {
  return byId<HTMLFormElement>('filters');
}

function field(name: string): HTMLInputElement | HTMLSelectElement {
  return filterForm().elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
}

function filters(): URLSearchParams {
  const query = new URLSearchParams();
  const status = field('status').value;
  const priority = field('priority').value;
  const dueBefore = field('dueBefore').value;
  if (status) query.set('status', status);
  if (priority) query.set('priority', priority);
  if (dueBefore) query.set('dueBefore', new Date(`${dueBefore}T00:00:00`).toISOString());
  if ((field('assignedToMe') as HTMLInputElement).checked) query.set('assignedToMe', 'true');
  query.set('sort', field('sort').value);
  query.set('limit', String(PAGE_SIZE));
  query.set('offset', String(view.offset));
  return query;
}

function describeFilters(): string {
  const parts = [field('status').value ? words(field('status').value).toLowerCase() : 'any status'];
  if (field('priority').value) parts.push(`${field('priority').value} only`);
  if (field('dueBefore').value) parts.push(`due before ${field('dueBefore').value}`);
  if ((field('assignedToMe') as HTMLInputElement).checked) parts.push('assigned to me');
  const sort = field('sort') as HTMLSelectElement;
  parts.push(`sorted: ${(sort.options[sort.selectedIndex]?.text ?? '').toLowerCase()}`);
  return parts.join(', ');
}

async function loadAgenda(): Promise<{ items: Task[]; total: number }> {
  const result = await apiGet<{ items: Task[]; total: number }>(`/worklist?${filters().toString()}`);
  view.total = result.total;
  renderAgenda(result.items, result.total);
  return result;
}

function renderAgenda(items: Task[], total: number): void {
  const shown = items.length === 0 ? 'none' : `${view.offset + 1} to ${view.offset + items.length} of ${total}`;
  byId('tasks-caption').textContent = `Panel tasks (${describeFilters()}): showing ${shown}`;
  const sort = field('sort').value;
  document.querySelectorAll('#tasks thead th').forEach((header) => {
    if (header.getAttribute('data-sort') === sort) header.setAttribute('aria-sort', sort === 'priority' ? 'descending' : 'ascending');
    else header.removeAttribute('aria-sort');
  });
  const cell = (content: Child) => h('td', { class: 'govuk-table__cell' }, content);
  byId('tasks-body').replaceChildren(
    ...(items.length === 0
      ? [h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell', colspan: '7' }, 'No tasks match these filters.'))]
      : items.map((task) =>
          h('tr', { class: 'govuk-table__row' }, [
            h('th', { scope: 'row', class: 'govuk-table__header' }, h('a', { class: 'govuk-link', href: `#task/${encodeURIComponent(task.taskId)}` }, task.personId)),
            cell(priorityTag(task.priority)),
            cell(task.summary?.requestedModel ? words(task.summary.requestedModel) : 'not given'),
            cell(maybeTime(task.dueAt)),
            cell(maybeTime(task.referredAt)),
            cell(words(task.status)),
            cell(String(task.deferrals ?? 0)),
          ]),
        )),
  );
  setShown(byId('pager'), total > PAGE_SIZE);
  byId<HTMLButtonElement>('page-previous').disabled = view.offset === 0;
  byId<HTMLButtonElement>('page-next').disabled = view.offset + PAGE_SIZE >= total;
  byId('page-position').textContent = `Page ${Math.floor(view.offset / PAGE_SIZE) + 1} of ${Math.max(1, Math.ceil(total / PAGE_SIZE))}`;
}

// ------------------------------------------------------------------ a case

function summaryList(label: string, rows: [string, Child | Child[]][]): HTMLElement {
  return h(
    'dl',
    { class: 'govuk-summary-list', 'aria-label': label },
    rows.map(([key, value]) =>
      h('div', { class: 'govuk-summary-list__row' }, [h('dt', { class: 'govuk-summary-list__key' }, key), h('dd', { class: 'govuk-summary-list__value' }, value)]),
    ),
  );
}

function list(items: (Child | Child[])[] | undefined, empty: string): HTMLElement {
  if (!items || items.length === 0) return h('p', { class: 'govuk-body' }, empty);
  return h('ul', { class: 'govuk-list govuk-list--bullet' }, items.map((item) => h('li', {}, item)));
}

/** The case summary: every value from the API written as text. */
function renderCase(task: Task, pathway: Pathway | null): void {
  const summary = task.summary ?? {};
  const risk = summary.risk ?? {};
  const eligibility = summary.eligibility ?? {};
  byId('case-heading').textContent = `Case ${task.personId}`;
  const heading = (text: string) => h('h3', { class: 'govuk-heading-s' }, text);
  const content: HTMLElement[] = [
    h('p', { class: 'govuk-body', id: 'case-state' }, [
      'Task: ',
      h('strong', { id: 'task-status' }, words(task.status)),
      task.decision ? ` (${words(task.decision).toLowerCase()})` : '',
      '. Pathway stage: ',
      h('strong', { id: 'pathway-stage' }, pathway ? words(pathway.stage).toLowerCase() : 'not known'),
      '.',
    ]),
    summaryList('Task', [
      ['Person', task.personId],
      ['Priority', priorityTag(task.priority)],
      ['Due', maybeTime(task.dueAt)],
      ['Deferrals', String(task.deferrals ?? 0)],
      ['Referred', [maybeTime(task.referredAt), ' by ', task.referredBy]],
      ['Assessed by', task.assessedBy ?? 'not known'],
      // Only a pending task is held by anyone: afterwards the claim is history.
      ...(task.claimedBy ? ([[task.status === 'pending' ? 'Claimed by' : 'Was claimed by', task.claimedBy]] as [string, Child][]) : []),
      ...(task.decision ? ([['Decision', [words(task.decision), ' by ', task.decidedBy ?? 'unknown', ' on ', maybeTime(task.decidedAt)]]] as [string, Child[]][]) : []),
    ]),
    heading('Needs'),
    list(summary.needs, 'No needs recorded.'),
    heading('Risk'),
    summaryList('Risk', [
      ['Level', risk.level ? words(risk.level) : 'not given'],
      ['Summary', risk.summary ?? 'not given'],
      ['Positive risk-taking', risk.positiveRiskTaking ?? 'none recorded'],
    ]),
    heading('Eligibility'),
    summaryList('Eligibility', [
      ['Outcome', eligibility.outcome ? words(eligibility.outcome) : 'not given'],
      ['Criteria', eligibility.criteriaSet ?? 'not given'],
      ['Criteria version', eligibility.criteriaVersion ?? 'not given'],
    ]),
    heading('Requested'),
    summaryList('Requested', [
      ['Placement model', summary.requestedModel ? words(summary.requestedModel) : 'not given'],
      ['Package', typeof summary.requestedPackageHours === 'number' ? `${summary.requestedPackageHours} hours a week` : 'not given'],
      ['Weekly funding', typeof summary.requestedWeeklyFunding === 'number' ? formatMoney(summary.requestedWeeklyFunding) : 'not given'],
      ['Care bundles', summary.careBundles && summary.careBundles.length > 0 ? summary.careBundles.join(', ') : 'none'],
    ]),
    heading('Why the case is complex'),
    list(
      (summary.rulesFired ?? []).map((fired) => [h('strong', {}, fired.rule), ': ', fired.reason]),
      'No complexity rule recorded.',
    ),
  ];
  if (task.comments) {
    content.push(
      heading('Comments'),
      list(
        task.comments.map((comment) => [h('strong', {}, comment.author), ` (${words(comment.authorRole).toLowerCase()}, `, timeElement(comment.writtenAt), `): ${comment.comment}`]),
        'No comments yet.',
      ),
    );
  }
  byId('case-summary').replaceChildren(...content);
  renderActions(task);
}

/** What the signed-in person can do next: claim or release, confirm someone else's proposal, or propose. */
function renderActions(task: Task): void {
  const user = sessionUser();
  setShown(byId('case-actions'), task.status === 'pending');
  const claimedBy = task.claimedBy;
  setShown(byId('claim'), !claimedBy);
  setShown(byId('unclaim'), Boolean(claimedBy) && (claimedBy === user?.userId || user?.role === 'panel_chair'));
  // The chair's own controls: assign the case, and (crisis cases only) decide alone.
  const chair = user?.role === 'panel_chair' && task.status === 'pending';
  setShown(byId('assign-form'), chair);
  setShown(byId('urgent-decision'), chair && task.priority === 'crisis');
  const proposal = task.proposal;
  const mine = Boolean(proposal && proposal.proposedBy === user?.userId);
  setShown(byId('proposal'), Boolean(proposal));
  setShown(byId('confirm-decision'), Boolean(proposal) && !mine);
  setShown(byId('decision-form'), !proposal || mine);
  if (proposal) {
    byId('proposal-text').replaceChildren(h('p', { class: 'govuk-body' }, [h('strong', {}, proposal.proposedBy), ' proposes: ', describeDecision(proposal.decision)]));
    byId('proposal-next').textContent = mine
      ? 'It waits for a second person, the chair or another member, to confirm it. You can change it by proposing again.'
      : `A decision needs two people: confirm it to record it. Only ${proposal.proposedBy} can change it.`;
  }
}

function decisionForm(): HTMLFormElement {
  return byId<HTMLFormElement>('decision-form');
}

function decisionValue(name: string): string {
  const control = decisionForm().elements.namedItem(name) as HTMLInputElement | RadioNodeList | null;
  return control?.value ?? '';
}

/** Fills the approval with what the assessor asked for, so the panel confirms or changes it. */
function prefillDecision(task: Task): void {
  const summary = task.summary ?? {};
  const form = decisionForm();
  form.reset();
  const set = (name: string, value: string) => ((form.elements.namedItem(name) as HTMLInputElement).value = value);
  if (summary.requestedModel) set('model', summary.requestedModel);
  if (typeof summary.requestedPackageHours === 'number') set('packageHours', String(summary.requestedPackageHours));
  if (typeof summary.requestedWeeklyFunding === 'number') set('weeklyFunding', String(summary.requestedWeeklyFunding));
  showDecisionFields();
}

function showDecisionFields(): void {
  const chosen = decisionValue('decision');
  decisionForm()
    .querySelectorAll<HTMLFieldSetElement>('fieldset[data-decisions]')
    .forEach((group) => {
      const on = (group.getAttribute('data-decisions') ?? '').split(' ').includes(chosen);
      group.hidden = !on;
      group.disabled = !on;
    });
}

function currentDecision(): PanelDecision {
  const names: (keyof DecisionFormValues)[] = ['decision', 'model', 'packageHours', 'weeklyFunding', 'fundingStream', 'conditions', 'reason', 'informationRequested', 'dueBy'];
  return decisionBody(Object.fromEntries(names.map((name) => [name, decisionValue(name)])) as unknown as DecisionFormValues);
}

// ------------------------------------------------------------------ commands

function lastSequence(result: CommandResult | undefined): number | undefined {
  const sequences = (result?.events ?? []).map((event) => event.sequence).filter((sequence): sequence is number => typeof sequence === 'number');
  return sequences.length > 0 ? Math.max(...sequences) : undefined;
}

/**
 * Waits until the read model has projected the command's last event: reads the task and its pathway with
 * ?atLeastSequence (the API holds each read until it has projected that far, for a few seconds at most),
 * and reads again after a growing pause while it is still behind; after CATCH_UP_LIMIT_MS it shows what it has.
 */
async function waitForProjection(task: Task, sequence: number | undefined): Promise<{ task: Task; pathway: Pathway; caughtUp: boolean }> {
  const giveUpAt = Date.now() + CATCH_UP_LIMIT_MS;
  const atLeast = sequence === undefined ? '' : `?atLeastSequence=${sequence}`;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    const [fresh, pathway] = await Promise.all([
      apiGet<Task>(`/tasks/${encodeURIComponent(task.taskId)}${atLeast}`),
      apiGet<Pathway>(`/pathways/${encodeURIComponent(task.pathwayId)}${atLeast}`),
    ]);
    const caughtUp = sequence === undefined || pathway.lastSequence >= sequence;
    if (caughtUp || Date.now() + pause > giveUpAt) return { task: fresh, pathway, caughtUp };
    await new Promise((resume) => setTimeout(resume, pause));
  }
}

function visible(element: Element | null): element is HTMLElement {
  return element instanceof HTMLElement && element.isConnected && !(element as HTMLButtonElement).disabled && element.getClientRects().length > 0;
}

function restoreFocus(origin: Element | null, successorId?: string): void {
  if (visible(origin)) return origin.focus();
  const successor = successorId ? document.getElementById(successorId) : null;
  if (visible(successor)) return successor.focus();
  byId('case-heading').focus();
}

const actionButtons = () => document.querySelectorAll<HTMLButtonElement>('#case-actions button');

/** Runs a command on the open task, waits for the read model, re-renders and says what changed. */
async function runCommand(what: string, send: (task: Task) => Promise<CommandResult>, successorId?: string): Promise<void> {
  if (view.busy || !view.task) return;
  const task = view.task;
  const origin = document.activeElement;
  let failed: unknown = null;
  const section = byId('case');
  view.busy = true;
  section.setAttribute('aria-busy', 'true');
  actionButtons().forEach((button) => (button.disabled = true));
  hideErrorSummary();
  announce(`${what}: sending…`);
  try {
    const result = await send(task);
    announce(`${what}: accepted, updating the worklist…`);
    const after = await waitForProjection(task, lastSequence(result));
    view.task = after.task;
    view.pathway = after.pathway;
    renderCase(after.task, after.pathway);
    let said = `${what} done. Task ${words(after.task.status).toLowerCase()}`;
    if (after.task.decision) said += ` (${words(after.task.decision).toLowerCase()})`;
    if (after.task.claimedBy && after.task.status === 'pending') said += `, claimed by ${after.task.claimedBy}`;
    if (after.task.proposal) said += `, decision proposed by ${after.task.proposal.proposedBy} waiting for confirmation`;
    said += `; pathway stage ${words(after.pathway.stage).toLowerCase()}.`;
    if (!after.caughtUp) said += ' The worklist has not caught up yet: reload in a moment to see the latest.';
    announce(said);
    loadAgenda().catch(fail);
  } catch (error) {
    failed = error;
    fail(error);
    if (error instanceof ApiProblem) announce(`${what} was not done.`);
  } finally {
    view.busy = false;
    section.removeAttribute('aria-busy');
    actionButtons().forEach((button) => (button.disabled = false));
    if (failed instanceof ApiProblem) byId('problem').focus();
    else if (!failed) restoreFocus(origin, successorId);
  }
}

async function post(path: string, body: unknown): Promise<CommandResult> {
  return (await apiPost<CommandResult>(path, body)).body;
}

const taskPath = (task: Task, action: string) => `/tasks/${encodeURIComponent(task.taskId)}/${action}`;

// ------------------------------------------------------------------ moving between the agenda and a case

async function openTask(taskId: string): Promise<void> {
  hideErrorSummary();
  const task = await apiGet<Task>(`/tasks/${encodeURIComponent(taskId)}`);
  const pathway = await apiGet<Pathway>(`/pathways/${encodeURIComponent(task.pathwayId)}`).catch(() => null);
  view.task = task;
  view.pathway = pathway;
  renderCase(task, pathway);
  prefillDecision(task);
  byId<HTMLTextAreaElement>('comment-text').value = '';
  byId<HTMLInputElement>('assign-to').value = '';
  setShown(byId('agenda'), false);
  setShown(byId('case'), true);
  byId('case-heading').focus();
  document.title = `Case ${task.personId} – QA panel worklist – SARP`;
}

function showAgenda(focus: boolean): void {
  view.task = null;
  setShown(byId('case'), false);
  setShown(byId('agenda'), true);
  document.title = 'QA panel worklist – SARP';
  if (focus) byId('agenda-heading').focus();
}

async function route(focus: boolean): Promise<void> {
  const match = /^#task\/(.+)$/.exec(window.location.hash);
  try {
    if (match?.[1]) await openTask(decodeURIComponent(match[1]));
    else showAgenda(focus);
  } catch (error) {
    showAgenda(false);
    fail(error);
  }
}

async function start(): Promise<void> {
  if (!startPage('agenda')) return;
  filterForm().addEventListener('submit', (event) => {
    event.preventDefault();
    hideErrorSummary();
    view.offset = 0;
    loadAgenda()
      .then((result) => announce(`${result.total} task${result.total === 1 ? '' : 's'} found.`))
      .catch(fail);
  });
  byId('page-previous').addEventListener('click', () => {
    view.offset = Math.max(0, view.offset - PAGE_SIZE);
    loadAgenda().catch(fail);
  });
  byId('page-next').addEventListener('click', () => {
    view.offset += PAGE_SIZE;
    loadAgenda().catch(fail);
  });
  byId('back-to-agenda').addEventListener('click', (event) => {
    event.preventDefault();
    history.pushState(null, '', window.location.pathname + window.location.search);
    showAgenda(true);
  });
  window.addEventListener('hashchange', () => void route(true));
  byId('claim').addEventListener('click', () => void runCommand('Claim', (task) => post(taskPath(task, 'claim'), {}), 'unclaim'));
  byId('unclaim').addEventListener('click', () => void runCommand('Unclaim', (task) => post(taskPath(task, 'unclaim'), {}), 'claim'));
  byId('confirm-decision').addEventListener('click', () => void runCommand('Confirmation', (task) => post(taskPath(task, 'confirmation'), {})));
  byId('comment-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void runCommand('Comment', async (task) => {
      const result = await post(taskPath(task, 'comments'), { text: byId<HTMLTextAreaElement>('comment-text').value.trim() });
      byId<HTMLTextAreaElement>('comment-text').value = '';
      return result;
    });
  });
  byId('assign-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void runCommand('Assignment', async (task) => {
      const result = await post(taskPath(task, 'assign'), { assignee: byId<HTMLInputElement>('assign-to').value.trim() });
      byId<HTMLInputElement>('assign-to').value = '';
      return result;
    });
  });
  // The chair alone records the decision (crisis cases, within 24 hours of referral to panel; the API says why not otherwise).
  byId('urgent-decision-button').addEventListener(
    'click',
    () => void runCommand('Urgent decision', (task) => post(`/pathways/${encodeURIComponent(task.pathwayId)}/panel-decision`, currentDecision())),
  );
  decisionForm().addEventListener('change', (event) => {
    if ((event.target as HTMLInputElement | null)?.name === 'decision') showDecisionFields();
  });
  decisionForm().addEventListener('submit', (event) => {
    event.preventDefault();
    void runCommand('Proposal', (task) => post(taskPath(task, 'decision'), currentDecision()), 'proposal-heading');
  });
  try {
    await loadAgenda();
    await route(false);
  } catch (error) {
    fail(error);
  }
}
