import { designSystemLayout } from './design-system-layout';

/**
 * GET /case/{pathwayId}: a shell; apps/web/src/pages/pathway.ts fills it from GET /pathways/{id} with the
 * token (need-to-know applies there) and sends the actions the API says the caller may send now.
 */
export const PATHWAY_PAGE = designSystemLayout({
  path: '/case',
  title: 'Pathway',
  script: '/web/pages/pathway.js',
  main: `<div id="pathway" hidden>
<a href="/caseload" class="govuk-back-link">Back to the caseload</a>
<span class="govuk-caption-l">Pathway <strong class="govuk-tag" id="stage-tag"></strong></span>
<h1 class="govuk-heading-l" id="person">Pathway</h1>
<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="done-title" id="done" hidden>
<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="done-title">Success</h2></div>
<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading" id="done-message"></p></div>
</div>
<dl class="govuk-summary-list" id="summary"></dl>
<div class="govuk-grid-row">
<div class="govuk-grid-column-two-thirds">
<h2 class="govuk-heading-m">What you can do now</h2>
<h3 class="govuk-heading-s">At this stage</h3>
<div id="stage-actions"></div>
<h3 class="govuk-heading-s">Records kept at any stage</h3>
<div id="records-actions"></div>
</div>
</div>
<table class="govuk-table">
<caption class="govuk-table__caption govuk-table__caption--m">Deadlines, and why each is due</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">
<th scope="col" class="govuk-table__header">Rule and source</th>
<th scope="col" class="govuk-table__header">Kind</th>
<th scope="col" class="govuk-table__header">Due</th>
<th scope="col" class="govuk-table__header">Status</th>
</tr></thead>
<tbody class="govuk-table__body" id="deadline-rows"></tbody>
</table>
<h2 class="govuk-heading-m">Support plan versions</h2>
<div id="plan-versions"></div>
<h2 class="govuk-heading-m">Timeline</h2>
<div class="moj-timeline" id="timeline"></div>
</div>`,
});
