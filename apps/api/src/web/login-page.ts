import { layout } from './layout';

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

/** GET /login: the embedded default's sign-in form (user id, role and team). */
export const LOGIN_PAGE = layout({
  id: 'login',
  title: 'Sign in',
  main: `<h1>Sign in</h1>
<p class="notice">This is the local sign-in of a developer machine: you choose who you are and your role.
A real deployment signs you in through its identity provider instead.</p>
<div class="problem" id="problem" role="alert" tabindex="-1"></div>
<noscript><p class="problem-static">This page needs JavaScript to sign you in.</p></noscript>
<form id="login-form" novalidate>
<div class="field">
<label for="user-id">User id</label>
<p class="hint" id="user-id-hint">Letters, digits, full stops, hyphens, underscores or @, for example panel-lee.</p>
<input id="user-id" name="userId" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="100" aria-describedby="user-id-hint">
</div>
<div class="field">
<label for="role">Role</label>
<select id="role" name="role">
${ROLES.map(([value, label]) => `<option value="${value}">${label}</option>`).join('\n')}
</select>
</div>
<div class="field">
<label for="team">Team</label>
<p class="hint" id="team-hint">Coordinators and assessors see their team's cases.</p>
<select id="team" name="team" aria-describedby="team-hint">
<option value="">No team</option>
${TEAMS.map(([value, label]) => `<option value="${value}">${label}</option>`).join('\n')}
</select>
</div>
<button type="submit" id="sign-in">Sign in</button>
</form>
<div class="visually-hidden" id="announcer" role="status" aria-live="polite"></div>`,
});

/**
 * GET /login and /login/callback when the deployment signs people in through
 * its identity provider: the script sends the browser there (authorization
 * code flow with PKCE) and, back at /login/callback, exchanges the code for
 * the access token the API takes.
 */
export const IDENTITY_PROVIDER_LOGIN_PAGE = layout({
  id: 'login',
  title: 'Sign in',
  main: `<h1>Sign in</h1>
<p>SARP signs you in through your organisation's account.</p>
<div class="problem" id="problem" role="alert" tabindex="-1"></div>
<noscript><p class="problem-static">This page needs JavaScript to sign you in.</p></noscript>
<button type="button" id="oidc-sign-in">Sign in with your organisation</button>
<div class="visually-hidden" id="announcer" role="status" aria-live="polite"></div>`,
});
