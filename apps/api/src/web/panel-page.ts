import { layout } from './layout';

/**
 * GET /panel: the QA panel's worklist page. A shell only: the agenda and the
 * case summaries are fetched by the script, with the signed-in user's token.
 */
export const PANEL_PAGE = layout({
  id: 'panel',
  title: 'QA panel worklist',
  main: `<h1>QA panel worklist</h1>
<div class="problem" id="problem" role="alert" tabindex="-1"></div>
<div class="status-line" id="announcer" role="status" aria-live="polite"></div>
<noscript><p class="problem-static">This page needs JavaScript: it reads the worklist from the SARP API.</p></noscript>

<section id="signed-out" class="signed-out" aria-labelledby="signed-out-heading" hidden>
<h2 id="signed-out-heading">You are not signed in</h2>
<p id="signed-out-reason">The worklist shows personal data, so you need to sign in first.</p>
<p><a href="/login">Sign in</a></p>
</section>

<section id="agenda" aria-labelledby="agenda-heading" hidden>
<h2 id="agenda-heading" tabindex="-1">Agenda</h2>
<form id="filters" class="filters" novalidate>
<div class="field">
<label for="filter-status">Status</label>
<select id="filter-status" name="status">
<option value="pending" selected>Pending</option>
<option value="decided">Decided</option>
<option value="returned">Returned to the assessor</option>
<option value="withdrawn">Withdrawn</option>
<option value="">Any status</option>
</select>
</div>
<div class="field">
<label for="filter-priority">Priority</label>
<select id="filter-priority" name="priority">
<option value="" selected>Any priority</option>
<option value="crisis">Crisis</option>
<option value="standard">Standard</option>
</select>
</div>
<div class="field">
<label for="filter-due-before">Due before</label>
<input id="filter-due-before" name="dueBefore" type="date">
</div>
<div class="field">
<label for="filter-sort">Sort by</label>
<select id="filter-sort" name="sort">
<option value="priority" selected>Crisis first, then soonest due</option>
<option value="due">Soonest due</option>
<option value="referred">Longest waiting</option>
</select>
</div>
<div class="field field-check">
<div class="choice"><input type="checkbox" id="filter-mine" name="assignedToMe" value="true"><label for="filter-mine">Only cases assigned to me</label></div>
</div>
<div class="field field-button">
<button type="submit">Show tasks</button>
</div>
</form>
<table id="tasks" class="tasks">
<caption id="tasks-caption">Panel tasks</caption>
<thead>
<tr>
<th scope="col">Person</th>
<th scope="col" data-sort="priority">Priority</th>
<th scope="col">Requested</th>
<th scope="col" data-sort="due">Due</th>
<th scope="col" data-sort="referred">Referred</th>
<th scope="col">Status</th>
<th scope="col">Deferrals</th>
</tr>
</thead>
<tbody id="tasks-body"></tbody>
</table>
<nav class="pager" id="pager" aria-label="Pages of tasks" hidden>
<button type="button" class="button-secondary" id="page-previous">Previous page</button>
<span id="page-position"></span>
<button type="button" class="button-secondary" id="page-next">Next page</button>
</nav>
</section>

<section id="case" aria-labelledby="case-heading" hidden>
<p><a href="#" id="back-to-agenda">Back to the agenda</a></p>
<h2 id="case-heading" tabindex="-1">Case</h2>
<div id="case-summary"></div>

<section id="case-actions" class="actions" aria-labelledby="actions-heading">
<h3 id="actions-heading">Work on this case</h3>
<div class="button-row">
<button type="button" id="claim">Claim</button>
<button type="button" class="button-secondary" id="unclaim">Unclaim</button>
</div>

<form id="assign-form" class="chair-only" aria-labelledby="assign-heading" novalidate hidden>
<h4 id="assign-heading">Assign the case (chair)</h4>
<div class="field">
<label for="assign-to">Assign to (the panel member's user id)</label>
<input id="assign-to" name="assignee" type="text" autocomplete="off" spellcheck="false" maxlength="200">
</div>
<button type="submit" class="button-secondary" id="assign">Assign</button>
</form>

<div id="proposal" class="proposal" hidden>
<h4 id="proposal-heading" tabindex="-1">Proposed decision</h4>
<div id="proposal-text"></div>
<p id="proposal-next"></p>
<button type="button" id="confirm-decision">Confirm decision</button>
</div>

<form id="comment-form" novalidate>
<div class="field">
<label for="comment-text">Comment for the panel</label>
<textarea id="comment-text" name="text" rows="3" maxlength="4000"></textarea>
</div>
<button type="submit" class="button-secondary">Add comment</button>
</form>

<form id="decision-form" aria-labelledby="decision-heading" novalidate>
<h4 id="decision-heading">Propose a decision</h4>
<p class="hint">A decision needs two people: you propose it, and the chair or another member confirms it.</p>
<fieldset>
<legend>Decision</legend>
<div class="choice"><input type="radio" id="decision-approved" name="decision" value="approved" checked><label for="decision-approved">Approve</label></div>
<div class="choice"><input type="radio" id="decision-rejected" name="decision" value="rejected"><label for="decision-rejected">Reject</label></div>
<div class="choice"><input type="radio" id="decision-deferred" name="decision" value="deferred"><label for="decision-deferred">Defer to the next sitting</label></div>
<div class="choice"><input type="radio" id="decision-more-information" name="decision" value="more_information_requested"><label for="decision-more-information">Ask the assessor for more information</label></div>
</fieldset>
<fieldset data-decisions="approved">
<legend>What is approved</legend>
<div class="field">
<label for="approve-model">Placement model</label>
<select id="approve-model" name="model">
<option value="intensive">Intensive</option>
<option value="transitional">Transitional</option>
<option value="independent">Independent</option>
</select>
</div>
<div class="field">
<label for="approve-hours">Package (hours of support a week)</label>
<input id="approve-hours" name="packageHours" type="number" min="0" max="168" step="0.5" inputmode="decimal">
</div>
<div class="field">
<label for="approve-funding">Weekly funding (£)</label>
<input id="approve-funding" name="weeklyFunding" type="number" min="0" max="100000" step="0.01" inputmode="decimal">
</div>
<div class="field">
<label for="approve-funding-stream">Funding stream</label>
<select id="approve-funding-stream" name="fundingStream">
<option value="council">Council (adult social care)</option>
<option value="nhs_continuing_healthcare">NHS Continuing Healthcare</option>
<option value="joint">Joint (council and NHS)</option>
<option value="nhs_funded_nursing_care">NHS-funded Nursing Care</option>
</select>
</div>
<div class="field">
<label for="approve-conditions">Conditions</label>
<p class="hint" id="approve-conditions-hint">One condition a line; leave empty for none.</p>
<textarea id="approve-conditions" name="conditions" rows="3" aria-describedby="approve-conditions-hint"></textarea>
</div>
</fieldset>
<fieldset data-decisions="rejected deferred" hidden disabled>
<legend>Why</legend>
<div class="field">
<label for="decision-reason">Reason</label>
<textarea id="decision-reason" name="reason" rows="3" maxlength="1000"></textarea>
</div>
</fieldset>
<fieldset data-decisions="more_information_requested" hidden disabled>
<legend>What the panel needs</legend>
<div class="field">
<label for="information-requested">Information requested</label>
<textarea id="information-requested" name="informationRequested" rows="3" maxlength="4000"></textarea>
</div>
<div class="field">
<label for="information-due">Needed by</label>
<input id="information-due" name="dueBy" type="date">
</div>
</fieldset>
<button type="submit" id="record-decision">Propose decision</button>
<div id="urgent-decision" class="urgent" hidden>
<h4 id="urgent-heading">Urgent decision (chair alone)</h4>
<p class="hint" id="urgent-hint">This is a crisis case: as chair you may record the decision above alone, without a second person, within 24 hours of its referral to panel. After that, or for a case that is not a crisis, a member proposes and a second person confirms.</p>
<button type="button" id="urgent-decision-button" aria-describedby="urgent-hint">Record urgent decision</button>
</div>
</form>
</section>
</section>`,
});
