import { OPEN_STAGES, OUTCOMES, TEAMS, options } from './choices';
import { layout } from './layout';

/** The part both auditor pages share: live regions and what a signed-out visitor sees. */
const REGIONS = `<div class="problem" id="problem" role="alert" tabindex="-1"></div>
<div class="status-line" id="announcer" role="status" aria-live="polite"></div>
<noscript><p class="problem-static">This page needs JavaScript: it reads the history from the SARP API.</p></noscript>

<section id="signed-out" class="signed-out" aria-labelledby="signed-out-heading" hidden>
<h2 id="signed-out-heading">You are not signed in</h2>
<p id="signed-out-reason">This page shows personal data, so you need to sign in first, as an auditor.</p>
<p><a href="/login">Sign in</a></p>
</section>`;

/**
 * GET /audit: a pathway's event history with time travel (the state as it
 * stood at any event), its refused attempts, and the check of its hash
 * chain. A shell only: everything comes from /audit/... with the token.
 */
export const AUDIT_PAGE = layout({
  id: 'audit',
  title: 'Pathway audit',
  main: `<h1>Pathway audit</h1>
${REGIONS}

<section id="audit-lookup" aria-labelledby="lookup-heading" hidden>
<h2 id="lookup-heading">Find a pathway</h2>
<form id="audit-search" class="filters" novalidate aria-describedby="search-hint">
<p class="hint" id="search-hint">Any of these; leave the rest empty.</p>
<div class="field">
<label for="search-person">Person reference</label>
<input id="search-person" name="personRef" type="text" autocomplete="off" spellcheck="false" maxlength="64">
</div>
<div class="field">
<label for="search-team">Team</label>
<select id="search-team" name="team">
${options('Any team', TEAMS)}
</select>
</div>
<div class="field">
<label for="search-stage">Stage</label>
<select id="search-stage" name="stage">
${options('Any stage', [...OPEN_STAGES, ['closed', 'Closed']])}
</select>
</div>
<div class="field">
<label for="search-outcome">Outcome</label>
<select id="search-outcome" name="outcome">
${options('Any outcome', OUTCOMES)}
</select>
</div>
<div class="field">
<label for="search-breached">Breaches</label>
<select id="search-breached" name="breached">
<option value="">With or without</option>
<option value="true">With a breached deadline</option>
<option value="false">Without</option>
</select>
</div>
<div class="field">
<label for="search-from">Opened from</label>
<input id="search-from" name="openedFrom" type="date">
</div>
<div class="field">
<label for="search-to">Opened to</label>
<input id="search-to" name="openedTo" type="date">
</div>
<div class="field field-button">
<button type="submit" id="search-pathways">Search</button>
</div>
</form>
<div id="search-results" hidden>
<table id="found-pathways" class="tasks">
<caption id="found-caption">Pathways found</caption>
<thead>
<tr>
<th scope="col">Person</th>
<th scope="col">Stage</th>
<th scope="col">Team</th>
<th scope="col">Outcome</th>
<th scope="col">Opened</th>
<th scope="col">Breaches</th>
<th scope="col"><span class="visually-hidden">History</span></th>
</tr>
</thead>
<tbody id="found-body"></tbody>
</table>
</div>
<p>Or by its id:</p>
<form id="audit-form" class="filters" novalidate>
<div class="field">
<label for="pathway-id">Pathway id</label>
<input id="pathway-id" name="pathwayId" type="text" autocomplete="off" spellcheck="false" required maxlength="200">
</div>
<div class="field field-button">
<button type="submit" id="load-history">Show history</button>
</div>
</form>
</section>

<section id="audit-result" aria-labelledby="history-heading" hidden>
<h2 id="history-heading" tabindex="-1">History</h2>

<section aria-labelledby="verify-heading">
<h3 id="verify-heading">Integrity of the history</h3>
<button type="button" class="button-secondary" id="verify">Verify history</button>
<div id="verification" class="verification"></div>
</section>

<section aria-labelledby="travel-heading">
<h3 id="travel-heading">The pathway as it stood</h3>
<div class="time-travel">
<div class="field">
<label for="time-slider">Event to view the pathway at</label>
<p class="hint" id="time-slider-hint">Use the arrow keys or the buttons to step through the events.</p>
<input id="time-slider" name="event" type="range" min="1" max="1" step="1" value="1" aria-describedby="time-slider-hint time-position">
</div>
<p id="time-position" class="time-position"></p>
<div class="button-row">
<button type="button" class="button-secondary" id="step-previous">Previous event</button>
<button type="button" class="button-secondary" id="step-next">Next event</button>
</div>
</div>
<div id="state-as-of" class="state-as-of"></div>
</section>

<section aria-labelledby="events-heading">
<h3 id="events-heading">Events</h3>
<table id="events" class="tasks">
<caption id="events-caption">Events, oldest first</caption>
<thead>
<tr>
<th scope="col">Sequence</th>
<th scope="col">Event</th>
<th scope="col">Occurred</th>
<th scope="col">Actor</th>
<th scope="col">Policy version</th>
</tr>
</thead>
<tbody id="events-body"></tbody>
</table>
</section>

<section aria-labelledby="refused-heading">
<h3 id="refused-heading">Refused attempts</h3>
<div id="refused"></div>
</section>
</section>`,
});

/**
 * GET /subject-access: everything held about one person (UK GDPR subject
 * access), from /audit/persons/:personId/export, as a readable page and as
 * the JSON document itself.
 */
export const SUBJECT_ACCESS_PAGE = layout({
  id: 'subject-access',
  title: 'Subject access',
  main: `<h1>Subject access</h1>
${REGIONS}

<section id="export-lookup" aria-labelledby="export-lookup-heading" hidden>
<h2 id="export-lookup-heading" class="visually-hidden">Find a person</h2>
<form id="export-form" class="filters" novalidate>
<div class="field">
<label for="person-ref">Person reference</label>
<input id="person-ref" name="personId" type="text" autocomplete="off" spellcheck="false" required maxlength="200">
</div>
<div class="field field-button">
<button type="submit" id="load-export">Show what is held</button>
</div>
</form>
</section>

<section id="export" aria-labelledby="export-heading" hidden>
<h2 id="export-heading" tabindex="-1">Everything held</h2>
<p id="export-meta"></p>
<p><a id="download-json" href="#" download="subject-access.json">Download JSON</a></p>
<div id="export-sections"></div>
<details class="raw-json">
<summary>The JSON document</summary>
<pre id="export-json"></pre>
</details>
</section>`,
});
