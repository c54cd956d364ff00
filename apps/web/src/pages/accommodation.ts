/**
 * /accommodation: the vacancies (every unit in use or void, with its state and when an occupied one is
 * expected to come free), the waiting list of each model in the order of the priority rule with the reasons
 * for each place (who is waiting shows only to those who work on the case), and, for admins, the schemes
 * with the forms that keep them: register a scheme, add, take out of use, put back and retire units.
 */
import { ApiProblem, apiGet, apiPost, SignedOut } from '../shared/api';
import { byId, h, timeElement, words } from '../shared/dom';
import { bodyOf, errorsOnFields, type ActionForm, type Choices } from '../shared/form-model';
import { formInDetails, readForm, showDone, showFormErrors } from '../shared/form-view';
import { problemText, showErrorSummary, showSignedOut, startPage } from '../shared/layout';
import { REGISTER_SCHEME, UNIT_FORMS, unitRequest } from './accommodation-forms';

interface Vacancy {
  schemeId: string;
  schemeName: string;
  model: string;
  area: string;
  unitId: string;
  state: 'free' | 'offered' | 'accepted' | 'occupied' | 'void';
  since: string | null;
  void: { reason: string; expectedReturnOn: string | null } | null;
  pathwayId: string | null;
  expectedFree: { at: string | null; because: string } | null;
}
interface WaitingList {
  model: string;
  entries: {
    position: number;
    pathwayId: string | null;
    personId: string | null;
    team: string | null;
    urgency: string;
    approvedAt: string;
    holdsOffer: boolean;
    why: string[];
  }[];
}
interface Scheme {
  schemeId: string;
  name: string;
  model: string;
  provider: string;
  area: string;
  tenancyType: string;
  units: { unitId: string; status: string; void: { reason: string; expectedReturnOn: string | null } | null }[];
}

const STATE_TAGS: Record<Vacancy['state'], string> = {
  free: 'govuk-tag--green',
  offered: 'govuk-tag--yellow',
  accepted: 'govuk-tag--orange',
  occupied: 'govuk-tag--blue',
  void: 'govuk-tag--grey',
};

let role = '';

document.addEventListener('DOMContentLoaded', () => void start());

async function start(): Promise<void> {
  const user = startPage('accommodation');
  if (!user) return;
  role = user.role;
  byId<HTMLFormElement>('vacancy-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadVacancies();
  });
  await Promise.all([loadVacancies(), loadWaitingLists(), loadSchemes()]);
}

/** Runs a read; a signed-out answer shows the sign-in banner, any other problem the error summary. */
async function reading(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (error instanceof SignedOut) return showSignedOut(error.message, 'accommodation');
    showErrorSummary([{ text: problemText(error) }]);
  }
}

function loadVacancies(): Promise<void> {
  return reading(async () => {
    const form = new FormData(byId<HTMLFormElement>('vacancy-filters'));
    const query = new URLSearchParams();
    for (const name of ['model', 'area']) {
      const value = form.get(name);
      if (typeof value === 'string' && value.trim()) query.set(name, value.trim());
    }
    const answer = await apiGet<{ counts: Record<string, number>; units: Vacancy[] }>(`/vacancies?${query.toString()}`);
    byId('vacancy-counts').replaceChildren(
      ...Object.entries(answer.counts).map(([state, count]) =>
        h('div', { class: 'govuk-summary-list__row' }, [
          h('dt', { class: 'govuk-summary-list__key' }, words(state)),
          h('dd', { class: 'govuk-summary-list__value' }, `${count} ${count === 1 ? 'unit' : 'units'}`),
        ]),
      ),
    );
    byId('vacancy-caption').textContent = `${answer.units.length} ${answer.units.length === 1 ? 'unit' : 'units'}`;
    const cell = (content: Node | string | (Node | string)[]) => h('td', { class: 'govuk-table__cell' }, content);
    byId('vacancy-rows').replaceChildren(
      ...answer.units.map((unit) =>
        h('tr', { class: 'govuk-table__row' }, [
          cell(`${unit.schemeName}, unit ${unit.unitId}`),
          cell(words(unit.model)),
          cell(unit.area),
          cell(h('strong', { class: `govuk-tag ${STATE_TAGS[unit.state]}` }, words(unit.state))),
          cell(detailsOf(unit)),
        ]),
      ),
    );
  });
}

function detailsOf(unit: Vacancy): (Node | string)[] {
  const since: (Node | string)[] = unit.since ? ['Since ', timeElement(unit.since)] : [];
  if (unit.state === 'void' && unit.void) {
    return [...since, `: ${unit.void.reason}`, unit.void.expectedReturnOn ? `; expected back ${unit.void.expectedReturnOn}` : ''];
  }
  if (unit.state === 'occupied' && unit.expectedFree) {
    return [...since, '. Expected free ', unit.expectedFree.at ? timeElement(unit.expectedFree.at) : 'at a date not yet known', ` (${unit.expectedFree.because})`];
  }
  return since;
}

function loadWaitingLists(): Promise<void> {
  const section = byId('waiting-lists');
  if (role === 'admin') {
    // The waiting lists show who is waiting: they are for those who work on cases, not for admins.
    section.replaceChildren(h('p', { class: 'govuk-body' }, 'The waiting lists are for those who work on cases.'));
    return Promise.resolve();
  }
  return reading(async () => {
    const answer = await apiGet<{ priorityRule: { version: string; description?: string }; lists: WaitingList[] }>('/waiting-list');
    section.replaceChildren(
      h('p', { class: 'govuk-body' }, `In the order of priority rule ${answer.priorityRule.version}.`),
      ...answer.lists.map((list) => {
        const cell = (content: Node | string | (Node | string)[]) => h('td', { class: 'govuk-table__cell' }, content);
        return h('table', { class: 'govuk-table' }, [
          h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, `${words(list.model)}: ${list.entries.length} waiting`),
          h(
            'thead',
            { class: 'govuk-table__head' },
            h(
              'tr',
              { class: 'govuk-table__row' },
              ['Place', 'Person', 'Urgency', 'Approved', 'Why this place'].map((title) => h('th', { scope: 'col', class: 'govuk-table__header' }, title)),
            ),
          ),
          h(
            'tbody',
            { class: 'govuk-table__body' },
            list.entries.length === 0
              ? h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell', colspan: '5' }, 'Nobody is waiting.'))
              : list.entries.map((entry) =>
                  h('tr', { class: 'govuk-table__row' }, [
                    cell(String(entry.position)),
                    cell(
                      entry.pathwayId && entry.personId
                        ? h('a', { class: 'govuk-link', href: `/case/${entry.pathwayId}` }, entry.personId)
                        : 'Not a case you work on',
                    ),
                    cell(words(entry.urgency)),
                    cell(timeElement(entry.approvedAt)),
                    cell([entry.why.join('; '), entry.holdsOffer ? h('strong', { class: 'govuk-tag govuk-tag--yellow govuk-!-margin-left-1' }, 'Holds an offer') : '']),
                  ]),
                ),
          ),
        ]);
      }),
    );
  });
}

function loadSchemes(): Promise<void> {
  return reading(async () => {
    const { schemes } = await apiGet<{ schemes: Scheme[] }>('/schemes');
    const admin = role === 'admin';
    byId('register-scheme').replaceChildren(...(admin ? [formInDetails(REGISTER_SCHEME, { given: {} }, (form, element) => void registerScheme(form, element))] : []));
    byId('schemes').replaceChildren(...schemes.map((scheme) => schemeCard(scheme, admin)));
  });
}

function schemeCard(scheme: Scheme, admin: boolean): HTMLElement {
  const inUse: Choices = scheme.units.filter((unit) => unit.status === 'in_use').map((unit) => [unit.unitId, unit.unitId] as const);
  const outOfUse: Choices = scheme.units.filter((unit) => unit.status === 'void').map((unit) => [unit.unitId, unit.unitId] as const);
  const units = scheme.units.filter((unit) => unit.status !== 'retired');
  return h('div', { class: 'govuk-summary-card', id: `scheme-${scheme.schemeId}` }, [
    h('div', { class: 'govuk-summary-card__title-wrapper' }, h('h3', { class: 'govuk-summary-card__title' }, `${scheme.name} (${words(scheme.model)})`)),
    h('div', { class: 'govuk-summary-card__content' }, [
      h('dl', { class: 'govuk-summary-list' }, [
        row('Provider', scheme.provider),
        row('Area', scheme.area),
        row('Tenancy', words(scheme.tenancyType)),
        row('Units', units.map((unit) => `${unit.unitId}${unit.status === 'void' ? ' (out of use)' : ''}`).join(', ') || 'None'),
      ]),
      ...(admin
        ? UNIT_FORMS.map((form) =>
            formInDetails(form, { given: {}, lists: { 'units-in-use': inUse, 'units-void': outOfUse } }, (chosen, element) => void changeUnit(scheme, chosen, element), `${scheme.schemeId}-`),
          )
        : []),
    ]),
  ]);
}

function row(key: string, value: string): HTMLElement {
  return h('div', { class: 'govuk-summary-list__row' }, [h('dt', { class: 'govuk-summary-list__key' }, key), h('dd', { class: 'govuk-summary-list__value' }, value)]);
}

function registerScheme(form: ActionForm, element: HTMLFormElement): Promise<void> {
  return send(form, element, '', (body) => ({ path: '/schemes', body }));
}

function changeUnit(scheme: Scheme, form: ActionForm, element: HTMLFormElement): Promise<void> {
  return send(form, element, `${scheme.schemeId}-`, (body) => unitRequest(scheme.schemeId, form.action, body));
}

/** Sends an admin's form; a refusal (a unit someone holds, an id taken) is shown as the API gave it. */
async function send(
  form: ActionForm,
  element: HTMLFormElement,
  idPrefix: string,
  request: (body: Record<string, unknown>) => { path: string; body: Record<string, unknown> },
): Promise<void> {
  const { body, errors } = bodyOf(form, readForm(form, element), {});
  showFormErrors(form, errors, idPrefix);
  if (errors.length > 0) return;
  const button = element.querySelector('button');
  if (button) button.disabled = true;
  try {
    const { path, body: sent } = request(body);
    await apiPost(path, sent);
    await Promise.all([loadSchemes(), loadVacancies()]);
    showDone(`${form.title}: done.`);
  } catch (error) {
    if (error instanceof SignedOut) return showSignedOut(error.message, 'accommodation');
    const fieldErrors = error instanceof ApiProblem && error.problem.errors ? errorsOnFields(form, error.problem.errors) : [];
    showFormErrors(form, fieldErrors.length > 0 ? fieldErrors : [{ text: `${form.title}: ${problemText(error)}` }], idPrefix);
  } finally {
    if (button) button.disabled = false;
  }
}
