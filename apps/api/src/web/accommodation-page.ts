import { designSystemLayout } from './design-system-layout';

/**
 * GET /accommodation: a shell; apps/web/src/pages/accommodation.ts fills it from GET /vacancies,
 * GET /waiting-list and GET /schemes with the token, and gives admins the forms that keep the schemes.
 */
export const ACCOMMODATION_PAGE = designSystemLayout({
  path: '/accommodation',
  title: 'Vacancies and waiting lists',
  script: '/web/pages/accommodation.js',
  main: `<h1 class="govuk-heading-l">Vacancies and waiting lists</h1>
<div id="accommodation" hidden>
<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="done-title" id="done" hidden>
<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="done-title">Success</h2></div>
<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading" id="done-message"></p></div>
</div>
<h2 class="govuk-heading-m">Vacancies</h2>
<form id="vacancy-filters" novalidate>
<div class="govuk-grid-row">
<div class="govuk-grid-column-one-third govuk-form-group">
<label class="govuk-label" for="filter-model">Placement model</label>
<select class="govuk-select" id="filter-model" name="model">
<option value="">Any model</option>
<option value="intensive">Intensive</option>
<option value="transitional">Transitional</option>
<option value="independent">Independent</option>
</select>
</div>
<div class="govuk-grid-column-one-third govuk-form-group">
<label class="govuk-label" for="filter-area">Area</label>
<input class="govuk-input" id="filter-area" name="area" type="text">
</div>
<div class="govuk-grid-column-one-third">
<button type="submit" class="govuk-button govuk-!-margin-top-6" data-module="govuk-button">Show vacancies</button>
</div>
</div>
</form>
<dl class="govuk-summary-list" id="vacancy-counts"></dl>
<table class="govuk-table">
<caption class="govuk-table__caption govuk-table__caption--s" id="vacancy-caption">Units</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">
<th scope="col" class="govuk-table__header">Unit</th>
<th scope="col" class="govuk-table__header">Model</th>
<th scope="col" class="govuk-table__header">Area</th>
<th scope="col" class="govuk-table__header">State</th>
<th scope="col" class="govuk-table__header">Details</th>
</tr></thead>
<tbody class="govuk-table__body" id="vacancy-rows"></tbody>
</table>
<h2 class="govuk-heading-m">Waiting lists</h2>
<div id="waiting-lists"></div>
<h2 class="govuk-heading-m">Schemes</h2>
<div id="register-scheme"></div>
<div id="schemes"></div>
</div>`,
});
