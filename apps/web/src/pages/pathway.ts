/**
 * /case/{pathwayId}: one person's pathway for those who work on it. The summary, the deadlines with why each
 * is due (rule, policy version, source), the support plan versions, the timeline (MOJ's timeline), and a
 * form for each action the API says the caller may send now (stage and role: `actions`). A refusal is shown
 * as the API gave it; after a change the page reads the pathway again once the read model has it.
 */
import { ApiProblem, apiGet, apiPost, SignedOut } from '../shared/api';
import { announce, byId, h, timeElement, words } from '../shared/dom';
import { hideErrorSummary, problemText, showErrorSummary, showSignedOut, startPage } from '../shared/layout';
import { ACTION_FORMS, type ActionForm, type FieldSpec } from './pathway-forms';
import { bodyOf, controlId, errorsOnFields, type FormError, type FromPathway, type RawValue } from './pathway-model';

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
  const freeUnits = forms.some((form) => form.action === 'offers') && current.approvedModel ? await freeUnitsOf(current.approvedModel) : [];
  for (const group of ['stage', 'records'] as const) {
    const shown = forms.filter((form) => form.group === group);
    byId(`${group}-actions`).replaceChildren(
      ...(shown.length === 0
        ? [h('p', { class: 'govuk-body' }, group === 'stage' ? 'Nothing is yours to do at this stage.' : 'No records can be added now.')]
        : shown.map((form) => actionForm(form, current, freeUnits))),
    );
  }
}

async function freeUnitsOf(model: string): Promise<Vacancy[]> {
  const vacancies = await apiGet<{ units: Vacancy[] }>(`/vacancies?model=${encodeURIComponent(model)}`);
  return vacancies.units.filter((unit) => unit.state === 'free');
}

/** One action as a GOV.UK details element holding its form: closed until the worker opens it. */
function actionForm(form: ActionForm, current: Pathway, freeUnits: Vacancy[]): HTMLElement {
  const element = h('form', { id: `form-${form.action}`, novalidate: true, 'data-action': form.action }, [
    h('p', { class: 'govuk-body' }, form.description),
    ...form.fields.map((field) => fieldGroup(form, field, current, freeUnits)),
    h('button', { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button' }, form.button),
  ]);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(form, element as HTMLFormElement);
  });
  return h('details', { class: 'govuk-details', id: `action-${form.action}` }, [
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, form.title)),
    h('div', { class: 'govuk-details__text' }, element),
  ]);
}

function fieldGroup(form: ActionForm, field: FieldSpec, current: Pathway, freeUnits: Vacancy[]): HTMLElement {
  const id = controlId(form.action, field.name);
  const label = `${field.label}${field.optional ? ' (optional)' : ''}`;
  const hint = field.hint ? h('div', { class: 'govuk-hint', id: `${id}-hint` }, field.hint) : null;
  const error = h('p', { class: 'govuk-error-message', id: `${id}-error`, hidden: true });
  const described = [field.hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  const control = (() => {
    switch (field.kind) {
      case 'textarea':
      case 'lines':
        return h('textarea', { class: 'govuk-textarea', id, name: field.name, rows: '3', 'aria-describedby': described }, field.initial ?? '');
      case 'select':
      case 'free-unit': {
        const choices =
          field.kind === 'select'
            ? field.choices
            : freeUnits.map((unit) => [`${unit.schemeId}/${unit.unitId}`, `${unit.schemeName} (${unit.area}), unit ${unit.unitId}`] as const);
        return h('select', { class: 'govuk-select', id, name: field.name, 'aria-describedby': described }, [
          h('option', { value: '' }, field.kind === 'free-unit' && choices.length === 0 ? 'No free unit of this model' : 'Choose'),
          ...choices.map(([value, text]) => h('option', { value }, text)),
        ]);
      }
      case 'radios':
      case 'yes-no':
      case 'checkboxes': {
        const choices = field.kind === 'yes-no' ? ([['yes', 'Yes'], ['no', 'No']] as const) : field.choices;
        const type = field.kind === 'checkboxes' ? 'checkbox' : 'radio';
        const prefix = field.kind === 'checkboxes' ? 'govuk-checkboxes' : 'govuk-radios';
        return h(
          'div',
          { class: `${prefix}${field.kind === 'yes-no' ? ' govuk-radios--inline' : ''} govuk-${type === 'radio' ? 'radios' : 'checkboxes'}--small`, 'data-module': prefix },
          choices.map(([value, text], index) =>
            h('div', { class: `${prefix}__item` }, [
              h('input', { class: `${prefix}__input`, id: index === 0 ? id : `${id}-${index}`, name: field.name, type, value }),
              h('label', { class: `govuk-label ${prefix}__label`, for: index === 0 ? id : `${id}-${index}` }, text),
            ]),
          ),
        );
      }
      case 'from-pathway': {
        const value = field.source === 'approvedModel' ? current.approvedModel : current.offer ? `${current.offer.offerId} (${current.offer.unit.schemeId}, unit ${current.offer.unit.unitId})` : null;
        return h('p', { class: 'govuk-body', id }, value ? words(value) : 'None yet');
      }
      default:
        return h('input', {
          class: `govuk-input${field.kind === 'number' || field.kind === 'pounds-as-pence' || field.kind === 'date' ? ' govuk-input--width-10' : ''}`,
          id,
          name: field.name,
          type: field.kind === 'date' ? 'date' : 'text',
          inputmode: field.kind === 'number' || field.kind === 'pounds-as-pence' ? 'decimal' : undefined,
          value: field.initial,
          'aria-describedby': described,
        });
    }
  })();
  const grouped = ['radios', 'yes-no', 'checkboxes'].includes(field.kind);
  return h('div', { class: 'govuk-form-group', id: `${id}-group` }, [
    grouped
      ? h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': described }, [
          h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, label),
          hint,
          error,
          control,
        ])
      : h('div', {}, [h('label', { class: 'govuk-label govuk-label--s', for: id }, label), hint, error, control]),
  ]);
}

function readForm(element: HTMLFormElement): (name: string) => RawValue {
  const data = new FormData(element);
  return (name) => {
    const values = data.getAll(name).filter((value): value is string => typeof value === 'string');
    const field = ACTION_FORMS.find((form) => form.action === element.dataset.action)?.fields.find((candidate) => candidate.name === name);
    if (field?.kind === 'checkboxes') return values;
    return values[0] ?? null;
  };
}

async function submit(form: ActionForm, element: HTMLFormElement): Promise<void> {
  if (!pathway) return;
  const fromPathway: FromPathway = { approvedModel: pathway.approvedModel, offerId: pathway.offer?.offerId ?? null };
  const { body, errors } = bodyOf(form, readForm(element), fromPathway);
  showErrors(form, errors);
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
    showErrors(form, fieldErrors.length > 0 ? fieldErrors : [{ text: `${form.title}: ${problemText(error)}` }]);
  } finally {
    if (button) button.disabled = false;
  }
}

function showDone(message: string): void {
  hideErrorSummary();
  byId('done-message').textContent = message;
  byId('done').hidden = false;
  announce(message);
}

/** The class that marks a control in error (radios and checkboxes are marked by their group alone). */
const ERROR_CLASSES: Partial<Record<FieldSpec['kind'], string>> = {
  select: 'govuk-select--error',
  'free-unit': 'govuk-select--error',
  textarea: 'govuk-textarea--error',
  lines: 'govuk-textarea--error',
  text: 'govuk-input--error',
  date: 'govuk-input--error',
  number: 'govuk-input--error',
  'pounds-as-pence': 'govuk-input--error',
};

/** GOV.UK's error pattern: the summary at the top, linked to each field, and the message at the field. */
function showErrors(form: ActionForm, errors: FormError[]): void {
  for (const field of form.fields) {
    const id = controlId(form.action, field.name);
    const error = errors.find((item) => item.field === field.name);
    document.getElementById(`${id}-group`)?.classList.toggle('govuk-form-group--error', Boolean(error));
    const errorClass = ERROR_CLASSES[field.kind];
    if (errorClass) document.getElementById(id)?.classList.toggle(errorClass, Boolean(error));
    const message = document.getElementById(`${id}-error`);
    if (message) {
      message.replaceChildren(...(error ? [h('span', { class: 'govuk-visually-hidden' }, 'Error: '), error.text] : []));
      message.hidden = !error;
    }
  }
  if (errors.length === 0) return hideErrorSummary();
  byId('done').hidden = true;
  showErrorSummary(errors.map((error) => ({ text: error.text, field: error.field ? controlId(form.action, error.field) : undefined })));
}
