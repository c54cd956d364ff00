/**
 * /referrals/new: a coordinator records a referral. The form is checked with the API's own schema before
 * it is sent; what is wrong is shown in the GOV.UK error summary (each line a link to its field) and at
 * each field; the API's answer, a refusal included, is shown as it gave it.
 */
import { ApiProblem, apiPost, SignedOut } from '../shared/api';
import { announce, byId, h } from '../shared/dom';
import { hideErrorSummary, problemText, showErrorSummary, showSignedOut, startPage } from '../shared/layout';
import { errorsFromProblem, referralBody, referralErrors, type FieldError, type ReferralField } from './referral-model';

const FIELDS: ReferralField[] = ['personRef', 'referralId', 'referringAgency', 'presentingNeeds', 'urgency', 'team'];

document.addEventListener('DOMContentLoaded', () => {
  if (!startPage('referral-form')) return;
  const form = byId<HTMLFormElement>('referral-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(form);
  });
});

function formValues(form: HTMLFormElement): Record<ReferralField, string> {
  const data = new FormData(form);
  const text = (name: string): string => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  return Object.fromEntries(FIELDS.map((field) => [field, text(field)])) as Record<ReferralField, string>;
}

async function submit(form: HTMLFormElement): Promise<void> {
  const body = referralBody(formValues(form));
  const errors = referralErrors(body);
  showFieldErrors(errors);
  if (errors.length > 0) return;
  const button = form.querySelector('button');
  if (button) button.disabled = true;
  try {
    const answer = await apiPost<{ pathwayId: string; status: string }>('/referrals', body);
    form.hidden = true;
    byId('referral-done-body').replaceChildren(
      h(
        'p',
        {},
        answer.body.status === 'already-accepted'
          ? 'This referral was already recorded.'
          : 'The pathway is open; it appears on your caseload within moments.',
      ),
      h('p', {}, h('a', { class: 'govuk-link govuk-link--inverse', href: `/caseload` }, 'Go to your caseload')),
    );
    byId('referral-done').hidden = false;
    announce('Referral recorded.');
  } catch (error) {
    if (error instanceof SignedOut) return showSignedOut(error.message, 'referral-form');
    const fieldErrors = error instanceof ApiProblem && error.problem.errors ? errorsFromProblem(error.problem.errors) : [];
    if (fieldErrors.length > 0) showFieldErrors(fieldErrors);
    else showErrorSummary([{ text: problemText(error) }]);
  } finally {
    if (button) button.disabled = false;
  }
}

/** The error summary and each field's own message (GOV.UK's error pattern); none when all is well. */
function showFieldErrors(errors: FieldError[]): void {
  for (const field of FIELDS) {
    const error = errors.find((item) => item.field === field);
    byId(`${field}-group`).classList.toggle('govuk-form-group--error', Boolean(error));
    const message = byId(`${field}-error`);
    message.replaceChildren(...(error ? [h('span', { class: 'govuk-visually-hidden' }, 'Error: '), error.text] : []));
    message.hidden = !error;
  }
  if (errors.length === 0) hideErrorSummary();
  else showErrorSummary(errors.map((error) => ({ text: error.text, field: error.field })));
}
