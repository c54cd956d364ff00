/**
 * The one layout of the pages the API serves. It is static: no request data
 * is ever interpolated into it (everything personal arrives later, through
 * the API, and is written into the page as text by the script).
 */
export const STYLESHEET_PATH = '/web/sarp.css';
export const SCRIPT_PATH = '/web/sarp.js';
/** Chart.js (the npm package's UMD build), for the dashboard's charts. */
export const CHART_SCRIPT_PATH = '/web/chart.js';

/** The pages a signed-in user moves between (each checks the caller's role for its data). */
const PAGES: [id: string, href: string, label: string][] = [
  ['caseload', '/caseload', 'Caseload'],
  ['panel', '/panel', 'QA panel worklist'],
  ['dashboard', '/dashboard', 'Service dashboard'],
  ['audit', '/audit', 'Pathway audit'],
  ['subject-access', '/subject-access', 'Subject access'],
];

export function layout(page: {
  id: 'login' | 'panel' | 'audit' | 'subject-access' | 'dashboard';
  title: string;
  main: string;
  /** Scripts the page needs before its own (served by the API). */
  scripts?: readonly string[];
}): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} – SARP</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
${(page.scripts ?? []).map((src) => `<script src="${src}" defer></script>\n`).join('')}<script src="${SCRIPT_PATH}" defer></script>
</head>
<body data-page="${page.id}">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<p class="service-name">SARP <span class="service-part">Single Access Referral Point</span></p>
<nav class="site-nav" aria-label="Pages">
${PAGES.map(([id, href, label]) => `<a href="${href}"${id === page.id ? ' aria-current="page"' : ''}>${label}</a>`).join('\n')}
</nav>
<div class="session" id="session" hidden>
<p>Signed in as <strong id="session-user"></strong> (<span id="session-role"></span>)</p>
<button type="button" class="button-secondary" id="sign-out">Sign out</button>
</div>
</header>
<main id="main" tabindex="-1">
${page.main}
</main>
</body>
</html>
`;
}
