import { TEAMS, options } from './choices';
import { CHART_SCRIPT_PATH, layout } from './layout';

/**
 * GET /dashboard: the service's figures at a glance: trends over twelve
 * months and this month's deadline compliance as charts (Chart.js, served by
 * the API itself), and every figure of the chosen month as a table (the
 * charts' accessible alternative, and the numbers themselves). A shell only:
 * the figures come from /reports with the signed-in user's token.
 */
export const DASHBOARD_PAGE = layout({
  id: 'dashboard',
  title: 'Service dashboard',
  scripts: [CHART_SCRIPT_PATH],
  main: `<h1>Service dashboard</h1>
<div class="problem" id="problem" role="alert" tabindex="-1"></div>
<div class="status-line" id="announcer" role="status" aria-live="polite"></div>
<noscript><p class="problem-static">This page needs JavaScript: it reads the figures from the SARP API.</p></noscript>

<section id="signed-out" class="signed-out" aria-labelledby="signed-out-heading" hidden>
<h2 id="signed-out-heading">You are not signed in</h2>
<p id="signed-out-reason">The figures are for the people who run and check the service: sign in first.</p>
<p><a href="/login">Sign in</a></p>
</section>

<section id="dashboard-filters" aria-labelledby="filters-heading" hidden>
<h2 id="filters-heading" class="visually-hidden">Which figures</h2>
<form id="report-form" class="filters" novalidate>
<div class="field">
<label for="report-month">Month</label>
<input id="report-month" name="month" type="month" required>
</div>
<div class="field">
<label for="report-team">Team</label>
<select id="report-team" name="team">
${options('All teams', TEAMS)}
</select>
</div>
<div class="field">
<label for="report-model">Placement model</label>
<select id="report-model" name="model">
<option value="">All models</option>
<option value="intensive">Intensive</option>
<option value="transitional">Transitional</option>
<option value="independent">Independent</option>
</select>
</div>
<div class="field field-button">
<button type="submit" id="show-figures">Show figures</button>
</div>
</form>
</section>

<section id="dashboard-charts" aria-labelledby="charts-heading" hidden>
<h2 id="charts-heading">At a glance</h2>
<div class="charts">
<figure class="chart">
<div class="chart-area"><canvas id="chart-trend" role="img" aria-label="Referrals received and cases opened and closed over the last twelve months; the numbers are in the tables below"></canvas></div>
<figcaption>Referrals and cases, last twelve months</figcaption>
</figure>
<figure class="chart">
<div class="chart-area"><canvas id="chart-compliance" role="img" aria-label="Deadline compliance in the chosen month by deadline; the numbers are in the table below"></canvas></div>
<figcaption>Deadline compliance, chosen month</figcaption>
</figure>
</div>
</section>

<section id="dashboard-tables" aria-labelledby="tables-heading" hidden>
<h2 id="tables-heading">The figures</h2>
<div id="figure-tables"></div>
</section>`,
});
