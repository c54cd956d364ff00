import { options, TEAMS } from './choices';
import { designSystemLayout } from './design-system-layout';

const AGENCIES: [string, string][] = [
  ['social_work', 'Social work'],
  ['nhs', 'NHS'],
  ['police', 'Police'],
  ['housing', 'Housing'],
  ['self', 'Self-referral'],
  ['other', 'Other'],
];

/** A form group in GOV.UK markup, with the slot for its error message (filled by the page's script). */
function group(field: string, label: string, control: string, hint?: string): string {
  return `<div class="govuk-form-group" id="${field}-group">
<label class="govuk-label govuk-label--s" for="${field}">${label}</label>
${hint ? `<div class="govuk-hint" id="${field}-hint">${hint}</div>` : ''}
<p class="govuk-error-message" id="${field}-error" hidden></p>
${control}
</div>`;
}

/** GET /referrals/new: the referral form; apps/web/src/pages/referral.ts checks it and sends POST /referrals. */
export const REFERRAL_PAGE = designSystemLayout({
  path: '/referrals/new',
  title: 'Record a referral',
  script: '/web/pages/referral.js',
  main: `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">Record a referral</h1>
<div id="referral-done" class="govuk-panel govuk-panel--confirmation" hidden>
<h2 class="govuk-panel__title">Referral recorded</h2>
<div class="govuk-panel__body" id="referral-done-body"></div>
</div>
<form id="referral-form" novalidate hidden>
${group('personRef', 'Person reference', '<input class="govuk-input govuk-input--width-10" id="personRef" name="personRef" type="text" spellcheck="false" autocomplete="off" aria-describedby="personRef-hint">', "The service's reference for the person, for example P-000123. Never a name or NHS number.")}
${group('referralId', "Referrer's own reference (optional)", '<input class="govuk-input govuk-input--width-20" id="referralId" name="referralId" type="text" spellcheck="false" autocomplete="off" aria-describedby="referralId-hint">', 'With it, sending the same referral again finds the same pathway.')}
${group('referringAgency', 'Referred by', `<select class="govuk-select" id="referringAgency" name="referringAgency">${options('Choose who referred the person', AGENCIES)}</select>`)}
${group('presentingNeeds', 'What the person needs help with', '<textarea class="govuk-textarea" id="presentingNeeds" name="presentingNeeds" rows="4" aria-describedby="presentingNeeds-hint"></textarea>', 'One need per line, as the referrer described it.')}
<div class="govuk-form-group" id="urgency-group">
<fieldset class="govuk-fieldset">
<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How urgent is it?</legend>
<p class="govuk-error-message" id="urgency-error" hidden></p>
<div class="govuk-radios" data-module="govuk-radios">
<div class="govuk-radios__item"><input class="govuk-radios__input" id="urgency" name="urgency" type="radio" value="crisis"><label class="govuk-label govuk-radios__label" for="urgency">Crisis: support in place within 24 hours</label></div>
<div class="govuk-radios__item"><input class="govuk-radios__input" id="urgency-standard" name="urgency" type="radio" value="standard"><label class="govuk-label govuk-radios__label" for="urgency-standard">Standard</label></div>
</div>
</fieldset>
</div>
${group('team', 'Team to hold the case', `<select class="govuk-select" id="team" name="team">${options('My team', TEAMS)}</select>`)}
<button type="submit" class="govuk-button" data-module="govuk-button">Record referral</button>
</form>
</div></div>`,
});
