import { TEAMS, options } from './choices';
import { designSystemLayout } from './design-system-layout';

/**
 * GET /dashboard: the service's figures at a glance: trends over twelve months and this month's deadline
 * compliance as charts (Chart.js, served by the API itself), and every figure of the chosen month as a
 * table (the charts' accessible alternative, and the numbers themselves). A shell only:
 * apps/web/src/pages/dashboard.ts reads the figures from /reports with the signed-in user's token.
 */
export const DASHBOARD_PAGE = designSystemLayout({
  path: '/dashboard',
  title: 'Service dashboard',
  script: '/web/pages/dashboard.js',
  // Chart.js's own UMD build, before the page's script, which draws with it.
  scriptsBefore: ['/web/chart.js'],
  main: `<h1 class="govuk-heading-l">Service dashboard</h1>
<section id="dashboard-filters" aria-labelledby="filters-heading" hidden>
<h2 id="filters-heading" class="govuk-visually-hidden">Which figures</h2>
<form id="report-form" novalidate>
<div class="govuk-grid-row">
<div class="govuk-grid-column-one-quarter govuk-form-group">
<label class="govuk-label" for="report-month">Month</label>
<input class="govuk-input" id="report-month" name="month" type="month" required>
</div>
<div class="govuk-grid-column-one-quarter govuk-form-group">
<label class="govuk-label" for="report-team">Team</label>
<select class="govuk-select" id="report-team" name="team">
${options('All teams', TEAMS)}
</select>
</div>
<div class="govuk-grid-column-one-quarter govuk-form-group">
<label class="govuk-label" for="report-model">Placement model</label>
<select class="govuk-select" id="report-model" name="model">
<option value="">All models</option>
<option value="intensive">Intensive</option>
<option value="transitional">Transitional</option>
<option value="independent">Independent</option>
</select>
</div>
<div class="govuk-grid-column-one-quarter">
<button type="submit" class="govuk-button govuk-!-margin-top-6" data-module="govuk-button" id="show-figures">Show figures</button>
</div>
</div>
</form>
</section>

<section id="dashboard-charts" aria-labelledby="charts-heading" hidden>
<h2 class="govuk-heading-m" id="charts-heading">At a glance</h2>
<div class="govuk-grid-row">
<figure class="govuk-grid-column-one-half govuk-!-margin-0">
<div><canvas id="chart-trend" role="img" aria-label="Referrals received and cases opened and closed over the last twelve months; the numbers are in the tables below"></canvas></div>
<figcaption class="govuk-body-s">Referrals and cases, last twelve months</figcaption>
</figure>
<figure class="govuk-grid-column-one-half govuk-!-margin-0">
<div><canvas id="chart-compliance" role="img" aria-label="Deadline compliance in the chosen month by deadline; the numbers are in the table below"></canvas></div>
<figcaption class="govuk-body-s">Deadline compliance, chosen month</figcaption>
</figure>
</div>
</section>

<section id="dashboard-tables" aria-labelledby="tables-heading" hidden>
<h2 class="govuk-heading-m" id="tables-heading">The figures</h2>
<div id="figure-tables"></div>
</section>`,
});
