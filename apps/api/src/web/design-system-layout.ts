/**
 * The layout of the pages built on the GOV.UK and MOJ design systems (issue 14): GOV.UK Frontend's
 * template (header, service navigation, main wrapper) and both systems' stylesheets, served by the API
 * from their npm packages (see design-system-assets.controller.ts). Static: no request data is ever
 * interpolated; each page's own script (apps/web, bundled by esbuild) fills it in as text.
 */
import { rolesFor, type Endpoint } from '../auth/permissions';

export const DESIGN_SYSTEM_STYLESHEETS = ['/assets/govuk-frontend.min.css', '/assets/moj-frontend.min.css'] as const;

/**
 * The pages a signed-in user moves between, each with the endpoint its data comes from: the menu offers a
 * page only to the roles the permission matrix lets call that endpoint (the page's script hides the rest;
 * the API checks the role on every call anyway).
 */
const NAVIGATION: [href: string, label: string, dataFrom: Endpoint][] = [
  ['/caseload', 'Caseload', 'GET /pathways'],
  ['/referrals/new', 'Record a referral', 'POST /referrals'],
  ['/accommodation', 'Vacancies', 'GET /vacancies'],
  ['/panel', 'QA panel worklist', 'GET /worklist'],
  ['/dashboard', 'Service dashboard', 'GET /reports'],
  ['/audit', 'Pathway audit', 'GET /audit/pathways/:id/events'],
  ['/subject-access', 'Subject access', 'GET /audit/persons/:personId/export'],
];

export function designSystemLayout(page: {
  path: string;
  title: string;
  script: string;
  /** Scripts served by the API that the page's own script uses (Chart.js for the dashboard). */
  scriptsBefore?: readonly string[];
  main: string;
}): string {
  return `<!doctype html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${page.title} – SARP</title>
${DESIGN_SYSTEM_STYLESHEETS.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n')}
${(page.scriptsBefore ?? []).map((src) => `<script src="${src}" defer></script>\n`).join('')}<script src="${page.script}" defer></script>
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
<!-- A council's service, not GOV.UK's: no GOV.UK header or crown; the service navigation names the service. -->
<section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
<div class="govuk-width-container">
<div class="govuk-service-navigation__container">
<span class="govuk-service-navigation__service-name"><a href="/caseload" class="govuk-service-navigation__link">SARP: Single Access Referral Point</a></span>
<nav aria-label="Menu" class="govuk-service-navigation__wrapper">
<ul class="govuk-service-navigation__list" id="navigation">
${NAVIGATION.map(
  ([href, label, dataFrom]) =>
    `<li class="govuk-service-navigation__item${href === page.path ? ' govuk-service-navigation__item--active' : ''}" data-roles="${rolesFor(dataFrom).join(' ')}"><a class="govuk-service-navigation__link" href="${href}"${href === page.path ? ' aria-current="page"' : ''}>${label}</a></li>`,
).join('\n')}
</ul>
</nav>
</div>
</div>
</section>
<div class="govuk-width-container">
<div class="govuk-!-margin-top-4" id="session" hidden>
<p class="govuk-body govuk-!-margin-bottom-1">Signed in as <strong id="session-user"></strong></p>
<button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" id="sign-out">Sign out</button>
</div>
<main class="govuk-main-wrapper" id="main-content" tabindex="-1">
<div class="govuk-error-summary" id="problem" tabindex="-1" hidden></div>
<div class="govuk-visually-hidden" id="announcer" role="status" aria-live="polite"></div>
<noscript><p class="govuk-body">This page needs JavaScript: it reads its data from the SARP API.</p></noscript>
<div class="govuk-notification-banner" role="region" aria-labelledby="signed-out-title" id="signed-out" hidden>
<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="signed-out-title">You are not signed in</h2></div>
<div class="govuk-notification-banner__content">
<p class="govuk-notification-banner__heading" id="signed-out-reason"></p>
<p class="govuk-body"><a class="govuk-notification-banner__link" href="/login">Sign in</a></p>
</div>
</div>
${page.main}
</main>
</div>
<footer class="govuk-footer"><div class="govuk-width-container"><p class="govuk-footer__meta-custom">SARP: supported living referrals, assessments, panel decisions and placements.</p></div></footer>
</body>
</html>
`;
}
