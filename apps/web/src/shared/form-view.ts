/**
 * Drawing a form described as data (shared/form-model.ts) in GOV.UK markup, inside a details element the
 * user opens, and showing its errors GOV.UK's way: the summary at the top, linked to each field, and the
 * message at the field. Used by the pathway page and the accommodation page.
 */
import { h, words } from './dom';
import { hideErrorSummary, showErrorSummary } from './layout';
import { controlId, type ActionForm, type Choices, type FieldSpec, type FormError, type GivenValues, type RawValue } from './form-model';

export interface FormContext {
  /** The values `given` fields send, by source. */
  given: GivenValues;
  /** How a given value is shown (default: in words). */
  givenText?: (source: string, value: string) => string;
  /** The choices of a `choice-from-api` field, by list, read by the page beforehand. */
  lists?: Readonly<Record<string, Choices>>;
  /** What the page read for a form, shown under its description (by action): a waiting-list place, say. */
  notes?: Readonly<Record<string, string>>;
}

/** One action as a GOV.UK details element holding its form: closed until the user opens it. */
export function formInDetails(form: ActionForm, context: FormContext, onSubmit: (form: ActionForm, element: HTMLFormElement) => void, idPrefix = ''): HTMLElement {
  const element = h('form', { id: `form-${idPrefix}${form.action}`, novalidate: true }, [
    h('p', { class: 'govuk-body' }, form.description),
    context.notes?.[form.action] ? h('div', { class: 'govuk-inset-text', id: `note-${idPrefix}${form.action}` }, context.notes[form.action]) : null,
    ...form.fields.map((field) => fieldGroup(form, field, context, idPrefix)),
    h('button', { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button' }, form.button),
  ]) as HTMLFormElement;
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(form, element);
  });
  return h('details', { class: 'govuk-details', id: `action-${idPrefix}${form.action}` }, [
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, form.title)),
    h('div', { class: 'govuk-details__text' }, element),
  ]);
}

function fieldGroup(form: ActionForm, field: FieldSpec, context: FormContext, idPrefix: string): HTMLElement {
  const id = controlId(`${idPrefix}${form.action}`, field.name);
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
      case 'choice-from-api': {
        const choices = field.kind === 'choice-from-api' ? (context.lists?.[field.list] ?? []) : field.choices;
        return h('select', { class: 'govuk-select', id, name: field.name, 'aria-describedby': described }, [
          h('option', { value: '' }, field.kind === 'choice-from-api' && choices.length === 0 ? 'None to choose from' : 'Choose'),
          ...choices.map(([value, text]) => h('option', { value }, text)),
        ]);
      }
      case 'radios':
      case 'yes-no':
      case 'checkboxes': {
        const choices: Choices = field.kind === 'yes-no' ? [['yes', 'Yes'], ['no', 'No']] : field.choices;
        const prefix = field.kind === 'checkboxes' ? 'govuk-checkboxes' : 'govuk-radios';
        return h(
          'div',
          { class: `${prefix} ${prefix}--small${field.kind === 'yes-no' ? ' govuk-radios--inline' : ''}`, 'data-module': prefix },
          choices.map(([value, text], index) => {
            const optionId = index === 0 ? id : `${id}-${index}`;
            return h('div', { class: `${prefix}__item` }, [
              h('input', { class: `${prefix}__input`, id: optionId, name: field.name, type: field.kind === 'checkboxes' ? 'checkbox' : 'radio', value }),
              h('label', { class: `govuk-label ${prefix}__label`, for: optionId }, text),
            ]);
          }),
        );
      }
      case 'given': {
        const value = context.given[field.source];
        return h('p', { class: 'govuk-body', id }, value ? (context.givenText?.(field.source, value) ?? words(value)) : 'None yet');
      }
      default:
        return h('input', {
          class: `govuk-input${field.kind === 'text' ? '' : ' govuk-input--width-10'}`,
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
  return h(
    'div',
    { class: 'govuk-form-group', id: `${id}-group` },
    grouped
      ? h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': described }, [
          h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, label),
          hint,
          error,
          control,
        ])
      : h('div', {}, [h('label', { class: 'govuk-label govuk-label--s', for: id }, label), hint, error, control]),
  );
}

/** A field's raw value as the form holds it now. */
export function readForm(form: ActionForm, element: HTMLFormElement): (name: string) => RawValue {
  const data = new FormData(element);
  return (name) => {
    const values = data.getAll(name).filter((value): value is string => typeof value === 'string');
    if (form.fields.find((candidate) => candidate.name === name)?.kind === 'checkboxes') return values;
    return values[0] ?? null;
  };
}

/** The class that marks a control in error (radios and checkboxes are marked by their group alone). */
const ERROR_CLASSES: Partial<Record<FieldSpec['kind'], string>> = {
  select: 'govuk-select--error',
  'choice-from-api': 'govuk-select--error',
  textarea: 'govuk-textarea--error',
  lines: 'govuk-textarea--error',
  text: 'govuk-input--error',
  date: 'govuk-input--error',
  number: 'govuk-input--error',
  'pounds-as-pence': 'govuk-input--error',
};

/** GOV.UK's error pattern: the summary at the top, linked to each field, and the message at the field; none when all is well. */
export function showFormErrors(form: ActionForm, errors: FormError[], idPrefix = ''): void {
  for (const field of form.fields) {
    const id = controlId(`${idPrefix}${form.action}`, field.name);
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
  const done = document.getElementById('done');
  if (done) done.hidden = true;
  showErrorSummary(errors.map((error) => ({ text: error.text, field: error.field ? controlId(`${idPrefix}${form.action}`, error.field) : undefined })));
}

/** The success banner (#done) with what was done, said to screen readers too. */
export function showDone(message: string): void {
  hideErrorSummary();
  const done = document.getElementById('done');
  const text = document.getElementById('done-message');
  if (done && text) {
    text.textContent = message;
    done.hidden = false;
  }
  const region = document.getElementById('announcer');
  if (region) region.textContent = message;
}
