import { OPEN_STAGES, OUTCOMES, TEAMS, options } from './choices';
import { designSystemLayout } from './design-system-layout';

/** A labelled control in a GOV.UK form group. */
function group(id: string, label: string, control: string, width = 'one-quarter'): string {
  return `<div class="govuk-grid-column-${width} govuk-form-group">
<label class="govuk-label" for="${id}">${label}</label>
${control}
</div>`;
}

/**
 * GET /audit: a pathway's event history with time travel (the state as it stood at any event), its refused
 * attempts, and the check of its hash chain. A shell only: apps/web/src/pages/audit.ts fills it from
 * /audit/... with the token.
 */
export const AUDIT_PAGE = designSystemLayout({
  path: '/audit',
  title: 'Pathway audit',
  script: '/web/pages/audit.js',
  main: `<h1 class="govuk-heading-l">Pathway audit</h1>
<section id="audit-lookup" aria-labelledby="lookup-heading" hidden>
<h2 class="govuk-heading-m" id="lookup-heading">Find a pathway</h2>
<form id="audit-search" novalidate aria-describedby="search-hint">
<div class="govuk-hint" id="search-hint">Any of these; leave the rest empty.</div>
<div class="govuk-grid-row">
${group('search-person', 'Person reference', '<input class="govuk-input" id="search-person" name="personRef" type="text" autocomplete="off" spellcheck="false" maxlength="64">')}
${group('search-team', 'Team', `<select class="govuk-select" id="search-team" name="team">\n${options('Any team', TEAMS)}\n</select>`)}
${group('search-stage', 'Stage', `<select class="govuk-select" id="search-stage" name="stage">\n${options('Any stage', [...OPEN_STAGES, ['closed', 'Closed']])}\n</select>`)}
${group('search-outcome', 'Outcome', `<select class="govuk-select" id="search-outcome" name="outcome">\n${options('Any outcome', OUTCOMES)}\n</select>`)}
</div>
<div class="govuk-grid-row">
${group(
  'search-breached',
  'Breaches',
  `<select class="govuk-select" id="search-breached" name="breached">
<option value="">With or without</option>
<option value="true">With a breached deadline</option>
<option value="false">Without</option>
</select>`,
)}
${group('search-from', 'Opened from', '<input class="govuk-input" id="search-from" name="openedFrom" type="date">')}
${group('search-to', 'Opened to', '<input class="govuk-input" id="search-to" name="openedTo" type="date">')}
<div class="govuk-grid-column-one-quarter">
<button type="submit" class="govuk-button govuk-!-margin-top-6" data-module="govuk-button" id="search-pathways">Search</button>
</div>
</div>
</form>
<div id="search-results" hidden>
<table id="found-pathways" class="govuk-table">
<caption class="govuk-table__caption govuk-table__caption--s" id="found-caption">Pathways found</caption>
<thead class="govuk-table__head">
<tr class="govuk-table__row">
<th scope="col" class="govuk-table__header">Person</th>
<th scope="col" class="govuk-table__header">Stage</th>
<th scope="col" class="govuk-table__header">Team</th>
<th scope="col" class="govuk-table__header">Outcome</th>
<th scope="col" class="govuk-table__header">Opened</th>
<th scope="col" class="govuk-table__header">Breaches</th>
<th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">History</span></th>
</tr>
</thead>
<tbody class="govuk-table__body" id="found-body"></tbody>
</table>
</div>
<p class="govuk-body">Or by its id:</p>
<form id="audit-form" novalidate>
<div class="govuk-grid-row">
${group('pathway-id', 'Pathway id', '<input class="govuk-input" id="pathway-id" name="pathwayId" type="text" autocomplete="off" spellcheck="false" required maxlength="200">', 'one-half')}
<div class="govuk-grid-column-one-quarter">
<button type="submit" class="govuk-button govuk-!-margin-top-6" data-module="govuk-button" id="load-history">Show history</button>
</div>
</div>
</form>
</section>

<section id="audit-result" aria-labelledby="history-heading" hidden>
<h2 class="govuk-heading-m" id="history-heading" tabindex="-1">History</h2>

<section aria-labelledby="verify-heading">
<h3 class="govuk-heading-s" id="verify-heading">Integrity of the history</h3>
<button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" id="verify">Verify history</button>
<div id="verification"></div>
</section>

<section aria-labelledby="travel-heading">
<h3 class="govuk-heading-s" id="travel-heading">The pathway as it stood</h3>
<div class="govuk-form-group">
<label class="govuk-label" for="time-slider">Event to view the pathway at</label>
<div class="govuk-hint" id="time-slider-hint">Use the arrow keys or the buttons to step through the events.</div>
<input id="time-slider" name="event" type="range" min="1" max="1" step="1" value="1" aria-describedby="time-slider-hint time-position">
</div>
<p class="govuk-body" id="time-position"></p>
<div class="govuk-button-group">
<button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" id="step-previous">Previous event</button>
<button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" id="step-next">Next event</button>
</div>
<div id="state-as-of"></div>
</section>

<section aria-labelledby="events-heading">
<h3 class="govuk-heading-s" id="events-heading">Events</h3>
<table id="events" class="govuk-table">
<caption class="govuk-table__caption govuk-table__caption--s" id="events-caption">Events, oldest first</caption>
<thead class="govuk-table__head">
<tr class="govuk-table__row">
<th scope="col" class="govuk-table__header">Sequence</th>
<th scope="col" class="govuk-table__header">Event</th>
<th scope="col" class="govuk-table__header">Occurred</th>
<th scope="col" class="govuk-table__header">Actor</th>
<th scope="col" class="govuk-table__header">Policy version</th>
</tr>
</thead>
<tbody class="govuk-table__body" id="events-body"></tbody>
</table>
</section>

<section aria-labelledby="refused-heading">
<h3 class="govuk-heading-s" id="refused-heading">Refused attempts</h3>
<div id="refused"></div>
</section>
</section>`,
});

/**
 * GET /subject-access: everything held about one person (UK GDPR subject access), from
 * /audit/persons/:personId/export, as a readable page and as the JSON document itself.
 */
export const SUBJECT_ACCESS_PAGE = designSystemLayout({
  path: '/subject-access',
  title: 'Subject access',
  script: '/web/pages/subject-access.js',
  main: `<h1 class="govuk-heading-l">Subject access</h1>
<section id="export-lookup" aria-labelledby="export-lookup-heading" hidden>
<h2 id="export-lookup-heading" class="govuk-visually-hidden">Find a person</h2>
<form id="export-form" novalidate>
<div class="govuk-grid-row">
${group('person-ref', 'Person reference', '<input class="govuk-input" id="person-ref" name="personId" type="text" autocomplete="off" spellcheck="false" required maxlength="200">', 'one-half')}
<div class="govuk-grid-column-one-quarter">
<button type="submit" class="govuk-button govuk-!-margin-top-6" data-module="govuk-button" id="load-export">Show what is held</button>
</div>
</div>
</form>
</section>

<section id="export" aria-labelledby="export-heading" hidden>
<h2 class="govuk-heading-m" id="export-heading" tabindex="-1">Everything held</h2>
<p class="govuk-body" id="export-meta"></p>
<p class="govuk-body"><a class="govuk-link" id="download-json" href="#" download="subject-access.json">Download JSON</a></p>
<div id="export-sections"></div>
<details class="govuk-details">
<summary class="govuk-details__summary"><span class="govuk-details__summary-text">The JSON document</span></summary>
<div class="govuk-details__text"><pre id="export-json"></pre></div>
</details>
</section>`,
});
