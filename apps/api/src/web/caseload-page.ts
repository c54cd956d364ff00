import { OPEN_STAGES, options } from './choices';
import { designSystemLayout } from './design-system-layout';

/** GET /caseload: a shell; apps/web/src/pages/caseload.ts fills it from GET /pathways with the token. */
export const CASELOAD_PAGE = designSystemLayout({
  path: '/caseload',
  title: 'Caseload',
  script: '/web/pages/caseload.js',
  main: `<h1 class="govuk-heading-l">Caseload</h1>
<div id="caseload" hidden>
<p class="govuk-body">The open cases you may work on: yours and your team's.</p>
<form id="caseload-filters" class="govuk-!-margin-bottom-6" novalidate>
<div class="govuk-grid-row">
<div class="govuk-grid-column-one-quarter govuk-form-group">
<label class="govuk-label" for="filter-stage">Stage</label>
<select class="govuk-select" id="filter-stage" name="stage">
${options('Any stage', OPEN_STAGES)}
</select>
</div>
<div class="govuk-grid-column-one-quarter govuk-form-group">
<label class="govuk-label" for="filter-worker">Worker</label>
<select class="govuk-select" id="filter-worker" name="worker"><option value="">Any worker</option></select>
</div>
<div class="govuk-grid-column-one-quarter govuk-form-group">
<div class="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-top-6" data-module="govuk-checkboxes">
<div class="govuk-checkboxes__item">
<input class="govuk-checkboxes__input" id="filter-attention" name="attention" type="checkbox" value="yes">
<label class="govuk-label govuk-checkboxes__label" for="filter-attention">Only overdue or breached</label>
</div>
</div>
</div>
<div class="govuk-grid-column-one-quarter">
<button type="submit" class="govuk-button govuk-!-margin-top-6" data-module="govuk-button">Apply filters</button>
</div>
</div>
</form>
<table class="govuk-table" id="caseload-table" data-module="moj-sortable-table">
<caption class="govuk-table__caption govuk-table__caption--m" id="caseload-caption">Cases</caption>
<thead class="govuk-table__head">
<tr class="govuk-table__row">
<th scope="col" class="govuk-table__header" aria-sort="none">Person</th>
<th scope="col" class="govuk-table__header" aria-sort="none">Stage</th>
<th scope="col" class="govuk-table__header" aria-sort="none">Worker</th>
<th scope="col" class="govuk-table__header" aria-sort="ascending">Next deadline</th>
<th scope="col" class="govuk-table__header" aria-sort="none">Status</th>
<th scope="col" class="govuk-table__header govuk-table__header--numeric" aria-sort="none">Breaches</th>
</tr>
</thead>
<tbody class="govuk-table__body" id="caseload-rows"></tbody>
</table>
<h2 class="govuk-heading-m">Cases per worker</h2>
<dl class="govuk-summary-list" id="per-worker"></dl>
</div>`,
});
