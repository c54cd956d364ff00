import { designSystemLayout } from './design-system-layout';

/** Roles a local user may take, in the order a developer most often wants them. */
const ROLES: [value: string, label: string][] = [
  ['panel_member', 'Panel member'],
  ['panel_chair', 'Panel chair'],
  ['coordinator', 'Coordinator'],
  ['assessor', 'Assessor'],
  ['auditor', 'Auditor'],
  ['admin', 'Administrator'],
  ['information_governance', 'Information governance'],
];

/** The teams whose managers sit on the QA panel (seed 001). */
const TEAMS: [value: string, label: string][] = [
  ['localities', 'Localities'],
  ['contact_and_prevention', 'Contact and Prevention'],
  ['learning_disability', 'Learning Disability'],
  ['adult_mental_health', 'Adult Mental Health'],
];

const options = (choices: [string, string][]) => choices.map(([value, label]) => `<option value="${value}">${label}</option>`).join('\n');

/** GET /login: the embedded default's sign-in form (user id, role and team); apps/web/src/pages/login.ts sends it. */
export const LOGIN_PAGE = designSystemLayout({
  path: '/login',
  title: 'Sign in',
  script: '/web/pages/login.js',
  main: `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">Sign in</h1>
<div class="govuk-inset-text">This is the local sign-in of a developer machine: you choose who you are and your role.
A real deployment signs you in through its identity provider instead.</div>
<form id="login-form" novalidate>
<div class="govuk-form-group">
<label class="govuk-label govuk-label--s" for="user-id">User id</label>
<div class="govuk-hint" id="user-id-hint">Letters, digits, full stops, hyphens, underscores or @, for example panel-lee.</div>
<input class="govuk-input govuk-input--width-20" id="user-id" name="userId" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="100" aria-describedby="user-id-hint">
</div>
<div class="govuk-form-group">
<label class="govuk-label govuk-label--s" for="role">Role</label>
<select class="govuk-select" id="role" name="role">
${options(ROLES)}
</select>
</div>
<div class="govuk-form-group">
<label class="govuk-label govuk-label--s" for="team">Team</label>
<div class="govuk-hint" id="team-hint">Coordinators and assessors see their team's cases.</div>
<select class="govuk-select" id="team" name="team" aria-describedby="team-hint">
<option value="">No team</option>
${options(TEAMS)}
</select>
</div>
<button type="submit" class="govuk-button" data-module="govuk-button" id="sign-in">Sign in</button>
</form>
</div></div>`,
});

/**
 * GET /login and /login/callback when the deployment signs people in through its identity provider: the
 * script sends the browser there (authorization code flow with PKCE) and, back at /login/callback,
 * exchanges the code for the access token the API takes.
 */
export const IDENTITY_PROVIDER_LOGIN_PAGE = designSystemLayout({
  path: '/login',
  title: 'Sign in',
  script: '/web/pages/login.js',
  main: `<h1 class="govuk-heading-l">Sign in</h1>
<p class="govuk-body">SARP signs you in through your organisation's account.</p>
<button type="button" class="govuk-button govuk-button--start" data-module="govuk-button" id="oidc-sign-in">Sign in with your organisation</button>`,
});
