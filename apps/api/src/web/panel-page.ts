import { designSystemLayout } from './design-system-layout';

/**
 * GET /panel: the QA panel's worklist page. A shell only: apps/web/src/pages/panel.ts fetches the agenda and
 * the case summaries with the signed-in user's token and sends the panel's commands.
 */
export const PANEL_PAGE = designSystemLayout({
  path: '/panel',
  title: 'QA panel worklist',
  script: '/web/pages/panel.js',
  main: `<h1 class="govuk-heading-l">QA panel worklist</h1>
<section id="agenda" aria-labelledby="agenda-heading" hidden>
<h2 class="govuk-heading-m" id="agenda-heading" tabindex="-1">Agenda</h2>
<form id="filters" novalidate>
<div class="govuk-grid-row">
<div class="govuk-grid-column-one-third govuk-form-group">
<label class="govuk-label" for="filter-status">Status</label>
<select class="govuk-select" id="filter-status" name="status">
<option value="pending" selected>Pending</option>
<option value="decided">Decided</option>
<option value="returned">Returned to the assessor</option>
<option value="withdrawn">Withdrawn</option>
<option value="">Any status</option>
</select>
</div>
<div class="govuk-grid-column-one-third govuk-form-group">
<label class="govuk-label" for="filter-priority">Priority</label>
<select class="govuk-select" id="filter-priority" name="priority">
<option value="" selected>Any priority</option>
<option value="crisis">Crisis</option>
<option value="standard">Standard</option>
</select>
</div>
<div class="govuk-grid-column-one-third govuk-form-group">
<label class="govuk-label" for="filter-due-before">Due before</label>
<input class="govuk-input govuk-input--width-20" id="filter-due-before" name="dueBefore" type="date">
</div>
<div class="govuk-grid-column-one-third govuk-form-group">
<label class="govuk-label" for="filter-sort">Sort by</label>
<select class="govuk-select" id="filter-sort" name="sort">
<option value="priority" selected>Crisis first, then soonest due</option>
<option value="due">Soonest due</option>
<option value="referred">Longest waiting</option>
</select>
</div>
<div class="govuk-grid-column-one-third govuk-form-group">
<div class="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-top-6" data-module="govuk-checkboxes"><div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" type="checkbox" id="filter-mine" name="assignedToMe" value="true"><label class="govuk-label govuk-checkboxes__label" for="filter-mine">Only cases assigned to me</label></div></div>
</div>
<div class="govuk-grid-column-one-third">
<button type="submit" class="govuk-button govuk-!-margin-top-6" data-module="govuk-button">Show tasks</button>
</div>
</div>
</form>
<table id="tasks" class="govuk-table">
<caption class="govuk-table__caption govuk-table__caption--s" id="tasks-caption">Panel tasks</caption>
<thead class="govuk-table__head">
<tr class="govuk-table__row">
<th scope="col" class="govuk-table__header">Person</th>
<th scope="col" class="govuk-table__header" data-sort="priority">Priority</th>
<th scope="col" class="govuk-table__header">Requested</th>
<th scope="col" class="govuk-table__header" data-sort="due">Due</th>
<th scope="col" class="govuk-table__header" data-sort="referred">Referred</th>
<th scope="col" class="govuk-table__header">Status</th>
<th scope="col" class="govuk-table__header">Deferrals</th>
</tr>
</thead>
<tbody class="govuk-table__body" id="tasks-body"></tbody>
</table>
<nav class="govuk-button-group govuk-!-display-none" id="pager" aria-label="Pages of tasks" hidden>
<button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" id="page-previous">Previous page</button>
<span class="govuk-body" id="page-position"></span>
<button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" id="page-next">Next page</button>
</nav>
</section>

<section id="case" aria-labelledby="case-heading" hidden>
<a href="#" class="govuk-back-link" id="back-to-agenda">Back to the agenda</a>
<h2 class="govuk-heading-l" id="case-heading" tabindex="-1">Case</h2>
<div id="case-summary"></div>

<section id="case-actions" aria-labelledby="actions-heading">
<h3 class="govuk-heading-m" id="actions-heading">Work on this case</h3>
<div class="govuk-button-group">
<button type="button" class="govuk-button" data-module="govuk-button" id="claim">Claim</button>
<button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" id="unclaim">Unclaim</button>
</div>

<form id="assign-form" aria-labelledby="assign-heading" novalidate hidden>
<h4 class="govuk-heading-s" id="assign-heading">Assign the case (chair)</h4>
<div class="govuk-form-group">
<label class="govuk-label" for="assign-to">Assign to (the panel member's user id)</label>
<input class="govuk-input govuk-input--width-20" id="assign-to" name="assignee" type="text" autocomplete="off" spellcheck="false" maxlength="200">
</div>
<button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" id="assign">Assign</button>
</form>

<div id="proposal" class="govuk-inset-text" hidden>
<h4 class="govuk-heading-s" id="proposal-heading" tabindex="-1">Proposed decision</h4>
<div id="proposal-text"></div>
<p class="govuk-body" id="proposal-next"></p>
<button type="button" class="govuk-button" data-module="govuk-button" id="confirm-decision">Confirm decision</button>
</div>

<form id="comment-form" novalidate>
<div class="govuk-form-group">
<label class="govuk-label" for="comment-text">Comment for the panel</label>
<textarea class="govuk-textarea" id="comment-text" name="text" rows="3" maxlength="4000"></textarea>
</div>
<button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Add comment</button>
</form>

<form id="decision-form" aria-labelledby="decision-heading" novalidate>
<h4 class="govuk-heading-s" id="decision-heading">Propose a decision</h4>
<div class="govuk-hint">A decision needs two people: you propose it, and the chair or another member confirms it.</div>
<fieldset class="govuk-fieldset">
<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Decision</legend>
<div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
<div class="govuk-radios__item"><input class="govuk-radios__input" type="radio" id="decision-approved" name="decision" value="approved" checked><label class="govuk-label govuk-radios__label" for="decision-approved">Approve</label></div>
<div class="govuk-radios__item"><input class="govuk-radios__input" type="radio" id="decision-rejected" name="decision" value="rejected"><label class="govuk-label govuk-radios__label" for="decision-rejected">Reject</label></div>
<div class="govuk-radios__item"><input class="govuk-radios__input" type="radio" id="decision-deferred" name="decision" value="deferred"><label class="govuk-label govuk-radios__label" for="decision-deferred">Defer to the next sitting</label></div>
<div class="govuk-radios__item"><input class="govuk-radios__input" type="radio" id="decision-more-information" name="decision" value="more_information_requested"><label class="govuk-label govuk-radios__label" for="decision-more-information">Ask the assessor for more information</label></div>
</div>
</fieldset>
<fieldset class="govuk-fieldset" data-decisions="approved">
<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What is approved</legend>
<div class="govuk-form-group">
<label class="govuk-label" for="approve-model">Placement model</label>
<select class="govuk-select" id="approve-model" name="model">
<option value="intensive">Intensive</option>
<option value="transitional">Transitional</option>
<option value="independent">Independent</option>
</select>
</div>
<div class="govuk-form-group">
<label class="govuk-label" for="approve-hours">Package (hours of support a week)</label>
<input class="govuk-input govuk-input--width-20" id="approve-hours" name="packageHours" type="number" min="0" max="168" step="0.5" inputmode="decimal">
</div>
<div class="govuk-form-group">
<label class="govuk-label" for="approve-funding">Weekly funding (£)</label>
<input class="govuk-input govuk-input--width-20" id="approve-funding" name="weeklyFunding" type="number" min="0" max="100000" step="0.01" inputmode="decimal">
</div>
<div class="govuk-form-group">
<label class="govuk-label" for="approve-funding-stream">Funding stream</label>
<select class="govuk-select" id="approve-funding-stream" name="fundingStream">
<option value="council">Council (adult social care)</option>
<option value="nhs_continuing_healthcare">NHS Continuing Healthcare</option>
<option value="joint">Joint (council and NHS)</option>
<option value="nhs_funded_nursing_care">NHS-funded Nursing Care</option>
</select>
</div>
<div class="govuk-form-group">
<label class="govuk-label" for="approve-conditions">Conditions</label>
<div class="govuk-hint" id="approve-conditions-hint">One condition a line; leave empty for none.</div>
<textarea class="govuk-textarea" id="approve-conditions" name="conditions" rows="3" aria-describedby="approve-conditions-hint"></textarea>
</div>
</fieldset>
<fieldset class="govuk-fieldset" data-decisions="rejected deferred" hidden disabled>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Why</legend>
<div class="govuk-form-group">
<label class="govuk-label" for="decision-reason">Reason</label>
<textarea class="govuk-textarea" id="decision-reason" name="reason" rows="3" maxlength="1000"></textarea>
</div>
</fieldset>
<fieldset class="govuk-fieldset" data-decisions="more_information_requested" hidden disabled>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What the panel needs</legend>
<div class="govuk-form-group">
<label class="govuk-label" for="information-requested">Information requested</label>
<textarea class="govuk-textarea" id="information-requested" name="informationRequested" rows="3" maxlength="4000"></textarea>
</div>
<div class="govuk-form-group">
<label class="govuk-label" for="information-due">Needed by</label>
<input class="govuk-input govuk-input--width-20" id="information-due" name="dueBy" type="date">
</div>
</fieldset>
<button type="submit" class="govuk-button" data-module="govuk-button" id="record-decision">Propose decision</button>
<div id="urgent-decision" class="govuk-inset-text" hidden>
<h4 class="govuk-heading-s" id="urgent-heading">Urgent decision (chair alone)</h4>
<p class="govuk-body" id="urgent-hint">This is a crisis case: as chair you may record the decision above alone, without a second person, within 24 hours of its referral to panel. After that, or for a case that is not a crisis, a member proposes and a second person confirms.</p>
<button type="button" class="govuk-button govuk-button--warning" data-module="govuk-button" id="urgent-decision-button" aria-describedby="urgent-hint">Record urgent decision</button>
</div>
</form>
</section>
</section>`,
});
