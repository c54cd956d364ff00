/**
 * /case/{pathwayId}: one person's pathway for those who work on it. The summary, the deadlines with why each
 * is due (rule, policy version, source), the support plan versions, the timeline (MOJ's timeline), and a
 * form for each action the API says the caller may send now (stage and role: `actions`). A refusal is shown
 * as the API gave it; after a change the page reads the pathway again once the read model has it.
 */
import { ApiProblem, apiGet, apiPost, SignedOut } from '../shared/api';
import { byId, h, timeElement, words } from '../shared/dom';
import { bodyOf, errorsOnFields, type ActionForm, type GivenValues } from '../shared/form-model';
import { formInDetails, readForm, showDone, showFormErrors, type FormContext } from '../shared/form-view';
import { problemText, showErrorSummary, showSignedOut, startPage } from '../shared/layout';
import { ACTION_FORMS } from './pathway-forms';
import { waitingListNote, type WaitingListEntry } from './pathway-model';

interface Deadline {
  deadlineId: string;
  ruleId: string;
  policyVersion: string;
  rule: string;
  source: string;
  dueAt: string;
  kind: 'target' | 'limit';
  status: 'open' | 'met' | 'missed' | 'breached' | 'cancelled';
  closedAt: string | null;
}
interface PlanVersion {
  version: number;
  agreedBy: string;
  agreedAt: string;
  recordedBy: string;
  supportPlan: Record<string, string>;
  notes: string | null;
  copy: { given: boolean; givenOn: string | null; how: string | null } | null;
}
interface Pathway {
  pathwayId: string;
  personId: string;
  stage: string;
  urgency: string;
  team: string | null;
  placementModel: string | null;
  referringAgency: string;
  openedAt: string;
  lastSequence: number;
  breaches: number;
  outcome: string | null;
  planVersion: number;
  planCopiesOutstanding: number[];
  planVersions: PlanVersion[];
  deadlines: Deadline[];
  escalations: { ruleId: string; message: string; raisedAt: string }[];
  timeline: { sequence: number; type: string; occurredAt: string; actor: { userId: string; role: string }; summary: string }[];
  actions: string[];
  approvedModel: string | null;
  offer: { offerId: string; model: string; unit: { schemeId: string; unitId: string }; status: string } | null;
}
interface Vacancy {
  schemeId: string;
  schemeName: string;
  area: string;
  unitId: string;
  state: string;
}

const STATUS_TAGS: Record<Deadline['status'], string> = {
  open: 'govuk-tag--blue',
  met: 'govuk-tag--green',
  missed: 'govuk-tag--orange',
  breached: 'govuk-tag--red',
  cancelled: 'govuk-tag--grey',
};

const pathwayId = decodeURIComponent(window.location.pathname.split('/').pop() ?? '');
let pathway: Pathway | null = null;

document.addEventListener('DOMContentLoaded', () => void start());

async function start(): Promise<void> {
  if (!startPage('pathway')) return;
  await load();
}

async function load(atLeastSequence?: number): Promise<void> {
  try {
    const query = atLeastSequence ? `?atLeastSequence=${atLeastSequence}` : '';
    pathway = await apiGet<Pathway>(`/pathways/${encodeURIComponent(pathwayId)}${query}`);
    await render(pathway);
  } catch (error) {
    if (error instanceof SignedOut) return showSignedOut(error.message, 'pathway');
    showErrorSummary([{ text: problemText(error) }]);
  }
}

async function render(current: Pathway): Promise<void> {
  document.title = `${current.personId} – SARP`;
  byId('person').textContent = current.personId;
  byId('stage-tag').textContent = words(current.stage);
  byId('summary').replaceChildren(
    ...summaryRows([
      ['Stage', words(current.stage)],
      ['Urgency', words(current.urgency)],
      ['Team', current.team ? words(current.team) : 'Not set yet'],
      ['Placement model', current.placementModel ? words(current.placementModel) : 'None yet'],
      ['Referred by', words(current.referringAgency)],
      ['Opened', timeElement(current.openedAt)],
      ...(current.outcome ? ([['Outcome', words(current.outcome)]] as [string, Node | string][]) : []),
      ['Breaches', String(current.breaches)],
    ]),
  );
  renderDeadlines(current.deadlines);
  renderPlanVersions(current);
  renderTimeline(current.timeline);
  await renderActions(current);
}

function summaryRows(rows: [string, Node | string][]): HTMLElement[] {
  return rows.map(([key, value]) =>
    h('div', { class: 'govuk-summary-list__row' }, [h('dt', { class: 'govuk-summary-list__key' }, key), h('dd', { class: 'govuk-summary-list__value' }, value)]),
  );
}

function renderDeadlines(deadlines: Deadline[]): void {
  const cell = (content: Node | string | (Node | string)[]) => h('td', { class: 'govuk-table__cell' }, content);
  byId('deadline-rows').replaceChildren(
    ...(deadlines.length === 0
      ? [h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell', colspan: '4' }, 'No deadline has been set yet.'))]
      : deadlines.map((deadline) =>
          h('tr', { class: 'govuk-table__row' }, [
            cell([h('strong', {}, deadline.rule), h('span', { class: 'govuk-body-s govuk-!-display-block' }, `${deadline.source}; policy version ${deadline.policyVersion}`)]),
            cell(words(deadline.kind)),
            cell(timeElement(deadline.dueAt)),
            cell(h('strong', { class: `govuk-tag ${STATUS_TAGS[deadline.status]}` }, words(deadline.status))),
          ]),
        )),
  );
}

const PLAN_PARTS: [string, string][] = [
  ['wellbeing', 'Wellbeing'],
  ['satisfactionWithHome', 'Satisfaction with their home'],
  ['communityConnections', 'Connections to the community'],
  ['aspirations', 'Aspirations'],
  ['strengths', 'Strengths'],
];

function renderPlanVersions(current: Pathway): void {
  const versions = [...current.planVersions].reverse();
  byId('plan-versions').replaceChildren(
    ...(versions.length === 0
      ? [h('p', { class: 'govuk-body' }, 'The assessment agrees the first version of the support plan.')]
      : versions.map((version) => {
          const copy = current.planCopiesOutstanding.includes(version.version)
            ? h('strong', { class: 'govuk-tag govuk-tag--orange' }, 'Copy owed to the person')
            : version.copy?.given === false
              ? 'No copy given: the reason is recorded'
              : 'Copy given';
          return h('div', { class: 'govuk-summary-card' }, [
            h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, `Version ${version.version}: ${words(version.agreedBy)}`)),
            h(
              'div',
              { class: 'govuk-summary-card__content' },
              h('dl', { class: 'govuk-summary-list' }, [
                ...summaryRows([
                  ['Agreed', h('span', {}, [timeElement(version.agreedAt), ` by ${version.recordedBy}`])],
                  ...PLAN_PARTS.map(([key, label]): [string, string] => [label, version.supportPlan[key] ?? '']),
                  ...(version.notes ? ([['Notes', version.notes]] as [string, string][]) : []),
                  ['Copy for the person', copy],
                ]),
              ]),
            ),
          ]);
        })),
  );
}

function renderTimeline(timeline: Pathway['timeline']): void {
  byId('timeline').replaceChildren(
    ...[...timeline].reverse().map((entry) =>
      h('div', { class: 'moj-timeline__item' }, [
        h('div', { class: 'moj-timeline__header' }, [
          h('h3', { class: 'moj-timeline__title' }, entry.summary),
          ' ',
          h('p', { class: 'moj-timeline__byline' }, `by ${entry.actor.userId} (${words(entry.actor.role)})`),
        ]),
        h('p', { class: 'moj-timeline__date' }, timeElement(entry.occurredAt)),
      ]),
    ),
  );
}

async function renderActions(current: Pathway): Promise<void> {
  const forms = ACTION_FORMS.filter((form) => current.actions.includes(form.action));
  const offering = forms.some((form) => form.action === 'offers') && current.approvedModel ? current.approvedModel : null;
  const [freeUnits, listNote] = offering ? await Promise.all([freeUnitsOf(offering), waitingListPlace(current.pathwayId, offering)]) : [[], null];
  const context: FormContext = { ...formContext(current, freeUnits), ...(listNote ? { notes: { offers: listNote } } : {}) };
  for (const group of ['stage', 'records'] as const) {
    const shown = forms.filter((form) => form.group === group);
    byId(`${group}-actions`).replaceChildren(
      ...(shown.length === 0
        ? [h('p', { class: 'govuk-body' }, group === 'stage' ? 'Nothing is yours to do at this stage.' : 'No records can be added now.')]
        : shown.map((form) => formInDetails(form, context, (chosen, element) => void submit(chosen, element)))),
    );
  }
}

function givenValues(current: Pathway): GivenValues {
  return { approvedModel: current.approvedModel, offerId: current.offer?.offerId ?? null };
}

function formContext(current: Pathway, freeUnits: Vacancy[]): FormContext {
  const offer = current.offer;
  return {
    given: givenValues(current),
    givenText: (source, value) => (source === 'offerId' && offer ? `${value} (${offer.unit.schemeId}, unit ${offer.unit.unitId})` : words(value)),
    lists: { 'free-units': freeUnits.map((unit) => [`${unit.schemeId}/${unit.unitId}`, `${unit.schemeName} (${unit.area}), unit ${unit.unitId}`] as const) },
  };
}

/** Where the person stands on the model's waiting list (GET /waiting-list shows their own cases' places). */
async function waitingListPlace(pathwayId: string, model: string): Promise<string> {
  const answer = await apiGet<{ priorityRule: { version: string }; lists: { model: string; entries: WaitingListEntry[] }[] }>(
    `/waiting-list?model=${encodeURIComponent(model)}`,
  );
  return waitingListNote(answer.lists[0]?.entries ?? [], pathwayId, model, answer.priorityRule.version);
}

async function freeUnitsOf(model: string): Promise<Vacancy[]> {
  const vacancies = await apiGet<{ units: Vacancy[] }>(`/vacancies?model=${encodeURIComponent(model)}`);
  return vacancies.units.filter((unit) => unit.state === 'free');
}

async function submit(form: ActionForm, element: HTMLFormElement): Promise<void> {
  if (!pathway) return;
  const { body, errors } = bodyOf(form, readForm(form, element), givenValues(pathway));
  showFormErrors(form, errors);
  if (errors.length > 0) return;
  const button = element.querySelector('button');
  if (button) button.disabled = true;
  try {
    const answer = await apiPost<{ events: { sequence: number }[] }>(`/pathways/${encodeURIComponent(pathwayId)}/${form.action}`, body);
    const lastSequence = Math.max(pathway.lastSequence, ...answer.body.events.map((event) => event.sequence));
    // Read again once the read model has the change, then say it is done: the page shows the new stage with it.
    await load(lastSequence);
    showDone(`${form.title}: done.`);
  } catch (error) {
    if (error instanceof SignedOut) return showSignedOut(error.message, 'pathway');
    const fieldErrors = error instanceof ApiProblem && error.problem.errors ? errorsOnFields(form, error.problem.errors) : [];
    // A refusal (wrong stage, a rule, four eyes) is the API's reason, shown as it gave it.
    showFormErrors(form, fieldErrors.length > 0 ? fieldErrors : [{ text: `${form.title}: ${problemText(error)}` }]);
  } finally {
    if (button) button.disabled = false;
  }
}


