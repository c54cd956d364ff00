import type { Role } from '@sarp/events';

/** A role a person signs in with ('system' is the workflow's own). */
export type SignedInRole = Exclude<Role, 'system'>;

export const SIGNED_IN_ROLES: readonly SignedInRole[] = [
  'coordinator',
  'assessor',
  'panel_member',
  'panel_chair',
  'auditor',
  'admin',
  'information_governance',
];
/** Information governance: records and answers subject access requests (UK GDPR). */
const IG: readonly SignedInRole[] = ['information_governance'];

/** Which of the cases they may read is need-to-know's to say (`mayWorkOnCase`): their team's, their own, the panel's. */
const CASE_READERS: readonly SignedInRole[] = ['coordinator', 'assessor', 'panel_member', 'panel_chair', 'auditor'];
const PANEL_READERS: readonly SignedInRole[] = ['panel_member', 'panel_chair', 'auditor'];
const PANEL: readonly SignedInRole[] = ['panel_member', 'panel_chair'];
/** Admins manage the service (schemes, units, policies, users), not cases: they read no one's data. */
const AUDIT: readonly SignedInRole[] = ['auditor'];
/** The service's figures are aggregates (no person named): for those who run and check the service. */
const REPORT_READERS: readonly SignedInRole[] = ['panel_member', 'panel_chair', 'auditor', 'admin'];

/**
 * Who may call what: the one place in the code that says so. Every endpoint
 * that needs a token is here, as `METHOD /path`, with the roles that may call
 * it; everyone else gets 403. docs/permissions.md is generated from this table
 * (`renderPermissionTable`, checked by a test), and a test walks every entry
 * with every role against the running API. Auditors read; they never change
 * anything (a test checks that no POST names them).
 */
export const PERMISSION_MATRIX = {
  'POST /referrals': ['coordinator'],
  'GET /pathways': CASE_READERS,
  'GET /pathways/:id': CASE_READERS,
  'GET /pathways/:id/live': CASE_READERS,
  'GET /pathways/:id/refused-attempts': AUDIT,
  'GET /persons/:personId/consent': CASE_READERS,
  'POST /pathways/:id/consent': ['coordinator', 'assessor'],
  'POST /pathways/:id/safeguarding-referral': ['coordinator', 'assessor'],
  'POST /pathways/:id/safeguarding-notice': ['coordinator', 'assessor'],
  'POST /pathways/:id/funds': ['coordinator', 'assessor'],
  'POST /pathways/:id/food-vouchers': ['coordinator', 'assessor'],
  'POST /pathways/:id/feedback': ['coordinator', 'assessor'],
  'POST /pathways/:id/triage': ['coordinator'],
  'POST /pathways/:id/crisis-support': ['coordinator'],
  'POST /pathways/:id/assessor': ['coordinator'],
  'POST /pathways/:id/worker': ['coordinator'],
  'POST /pathways/:id/assessment': ['assessor'],
  'POST /pathways/:id/panel-decision': ['panel_chair'],
  'POST /pathways/:id/offers': ['coordinator'],
  'POST /pathways/:id/offer-response': ['coordinator'],
  'POST /pathways/:id/placement': ['coordinator'],
  'POST /pathways/:id/reviews': ['assessor'],
  'POST /pathways/:id/plan-copy': ['coordinator', 'assessor'],
  'POST /pathways/:id/step-down': ['coordinator', 'assessor'],
  'POST /pathways/:id/move-on': ['coordinator', 'assessor'],
  'POST /pathways/:id/move-on-completion': ['coordinator'],
  'POST /pathways/:id/withdrawal': ['coordinator'],
  'POST /pathways/:id/leaving-request': ['coordinator', 'assessor'],
  'POST /pathways/:id/leaving-confirmation': ['coordinator'],
  'POST /pathways/:id/exit': ['coordinator'],
  'GET /worklist': PANEL_READERS,
  'GET /tasks/:id': PANEL_READERS,
  'POST /tasks/:id/claim': PANEL,
  'POST /tasks/:id/unclaim': PANEL,
  'POST /tasks/:id/assign': ['panel_chair'],
  'POST /tasks/:id/comments': PANEL,
  'POST /tasks/:id/decision': PANEL,
  'POST /tasks/:id/confirmation': PANEL,
  'GET /audit/pathways/:id/events': AUDIT,
  'GET /audit/persons/:personId/events': AUDIT,
  'GET /audit/pathways/:id/state': AUDIT,
  'GET /audit/pathways/:id/verify': AUDIT,
  'GET /audit/access-log/verify': AUDIT,
  'GET /audit/worklist': AUDIT,
  'GET /audit/safeguarding-referrals': AUDIT,
  'GET /audit/persons/:personId/access-log': AUDIT,
  'GET /audit/persons/:personId/export': [...AUDIT, ...IG],
  'GET /schemes': SIGNED_IN_ROLES,
  'GET /schemes/:schemeId': SIGNED_IN_ROLES,
  'POST /schemes': ['admin'],
  'POST /schemes/:schemeId/units': ['admin'],
  'POST /schemes/:schemeId/units/:unitId/retirement': ['admin'],
  'POST /schemes/:schemeId/units/:unitId/void': ['admin'],
  'POST /schemes/:schemeId/units/:unitId/return': ['admin'],
  'GET /vacancies': [...CASE_READERS, 'admin'],
  'GET /waiting-list': CASE_READERS,
  'GET /audit/accommodation-events': AUDIT,
  'POST /feedback': ['coordinator', 'assessor'],
  'GET /feedback': ['coordinator', 'panel_chair', 'auditor'],
  'POST /subject-access-requests': IG,
  'GET /subject-access-requests': [...IG, ...AUDIT],
  'GET /subject-access-requests/:requestId': [...IG, ...AUDIT],
  'POST /subject-access-requests/:requestId/clock-stop': IG,
  'POST /subject-access-requests/:requestId/clock-restart': IG,
  'POST /subject-access-requests/:requestId/extension': IG,
  'POST /subject-access-requests/:requestId/answer': IG,
  'GET /reports': REPORT_READERS,
  'GET /reports/:figure': REPORT_READERS,
  /** Which dependency is down and why (readiness itself, `GET /health/ready`, is public and says only ready or not). */
  'GET /health/dependencies': ['admin'],
  /** Temporal's encrypted payloads made readable (its CLI or Web UI as the codec server's client): auditors, on the record. */
  'POST /temporal-codec/decode': AUDIT,
} as const satisfies Record<string, readonly SignedInRole[]>;

export type Endpoint = keyof typeof PERMISSION_MATRIX;

/** POSTs that change nothing: a read whose request is a body (payloads to decode). An auditor may make them. */
export const READS_BY_POST: readonly Endpoint[] = ['POST /temporal-codec/decode'];

/**
 * Endpoints that answer without a token: they reveal no personal data (a
 * page's HTML and script, the health probe, the API description, the local
 * sign-in of the embedded default). Their data comes from the endpoints above.
 */
export const PUBLIC_ENDPOINTS = [
  'GET /health',
  'GET /health/ready',
  'GET /docs',
  'GET /docs/openapi.json',
  'GET /login',
  'GET /login/callback',
  'GET /auth/oidc-config',
  'POST /auth/local-token',
  'GET /panel',
  'GET /audit',
  'GET /subject-access',
  'GET /web/chart.js',
  'GET /dashboard',
  'GET /caseload',
  'GET /referrals/new',
  'GET /case/:pathwayId',
  'GET /accommodation',
  'GET /assets/govuk-frontend.min.css',
  'GET /assets/moj-frontend.min.css',
  'GET /assets/fonts/:file',
  'GET /assets/images/:file',
  'GET /web/pages/:file',
] as const;

export function rolesFor(endpoint: Endpoint): readonly SignedInRole[] {
  return PERMISSION_MATRIX[endpoint];
}

/** The roles for a command posted to `METHOD prefix/:id/action`, or none for an unknown action. */
export function rolesForAction(prefix: '/pathways' | '/tasks', action: string): readonly SignedInRole[] | undefined {
  return (PERMISSION_MATRIX as Record<string, readonly SignedInRole[]>)[`POST ${prefix}/:id/${action}`];
}

/** The matrix as the Markdown table in docs/permissions.md. */
export function renderPermissionTable(): string {
  const header = `| endpoint | ${SIGNED_IN_ROLES.map((role) => role.replace('_', ' ')).join(' | ')} |`;
  const rule = `|---|${SIGNED_IN_ROLES.map(() => ':-:').join('|')}|`;
  const rows = Object.entries(PERMISSION_MATRIX).map(
    ([endpoint, roles]) =>
      `| \`${endpoint}\` | ${SIGNED_IN_ROLES.map((role) => ((roles as readonly string[]).includes(role) ? 'yes' : '403')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
