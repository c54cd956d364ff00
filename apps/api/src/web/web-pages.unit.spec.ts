import { LocalTokenRequest, localLoginEnabled } from '../auth/local-login.controller';
import { AUDIT_PAGE, SUBJECT_ACCESS_PAGE } from './audit-page';
import { CONTENT_SECURITY_POLICY } from './http-headers';
import { ACCOMMODATION_PAGE } from './accommodation-page';
import { CASELOAD_PAGE } from './caseload-page';
import { DASHBOARD_PAGE } from './dashboard-page';
import { IDENTITY_PROVIDER_LOGIN_PAGE, LOGIN_PAGE } from './login-page';
import { PATHWAY_PAGE } from './pathway-page';
import { REFERRAL_PAGE } from './referral-page';
import { PANEL_PAGE } from './panel-page';

describe('the pages served to browsers', () => {
  it.each([
    ['panel', PANEL_PAGE],
    ['audit', AUDIT_PAGE],
  ])('%s: tables have a caption and column headers', (_name, html) => {
    expect(html).toContain('<caption');
    const headers = [...html.matchAll(/<th\b[^>]*>/g)].map((match) => match[0]);
    expect(headers.length).toBeGreaterThan(0);
    for (const header of headers) expect(header).toContain('scope="col"');
  });

  it('audit: the time-travel control is a labelled range with previous and next buttons', () => {
    expect(AUDIT_PAGE).toMatch(/<input id="time-slider"[^>]*type="range"/);
    expect(AUDIT_PAGE).toMatch(/<label [^>]*for="time-slider">/);
    expect(AUDIT_PAGE).toContain('Previous event');
    expect(AUDIT_PAGE).toContain('Next event');
  });
});

describe('the pages on the design systems', () => {
  const PAGES: [string, string][] = [
    ['login', LOGIN_PAGE],
    ['identity provider login', IDENTITY_PROVIDER_LOGIN_PAGE],
    ['caseload', CASELOAD_PAGE],
    ['referral', REFERRAL_PAGE],
    ['pathway', PATHWAY_PAGE],
    ['accommodation', ACCOMMODATION_PAGE],
    ['audit', AUDIT_PAGE],
    ['subject access', SUBJECT_ACCESS_PAGE],
    ['dashboard', DASHBOARD_PAGE],
    ['panel', PANEL_PAGE],
  ];

  it('all send the design systems\' stylesheets and no other', () => {
    for (const [, html] of PAGES) {
      expect([...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((match) => match[1])).toEqual(['/assets/govuk-frontend.min.css', '/assets/moj-frontend.min.css']);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  });

  it.each(PAGES)('%s: its own bundled script only, nothing inline that the content security policy would block', (_name, html) => {
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.at(-1)).toMatch(/^<script src="\/web\/pages\/[a-z-]+\.js" defer>$/);
    // Before it, only what the API serves from a package (Chart.js for the dashboard).
    for (const script of scripts.slice(0, -1)) expect(script).toBe('<script src="/web/chart.js" defer>');
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).not.toContain('/web/sarp.css');
  });

  it.each(PAGES)('%s: every form control in the shell has a label, and there are regions for problems and news', (_name, html) => {
    const controls = [...html.matchAll(/<(input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((match) => match[2]);
    for (const id of controls) expect(html).toMatch(new RegExp(`<label [^>]*for="${id}"`));
    expect(html).toContain('class="govuk-error-summary"');
    expect(html).toContain('role="status"');
    expect(html).toMatch(/<html lang="en-GB" class="govuk-template">/);
  });
});

describe('the menu', () => {
  it('names, for each page, the roles the permission matrix lets read its data', () => {
    expect(PANEL_PAGE).toMatch(/data-roles="panel_member panel_chair auditor"><a [^>]*href="\/panel"/);
    expect(PANEL_PAGE).toMatch(/data-roles="coordinator"><a [^>]*href="\/referrals\/new"/);
    expect(PANEL_PAGE).toMatch(/data-roles="auditor"><a [^>]*href="\/audit"/);
  });
});

describe('local sign-in', () => {
  it('is on only when switched on, with a local secret and no identity provider', () => {
    const base = { issuer: 'sarp-local', audience: 'sarp-api', localLogin: true, clockSkewSeconds: 60 };
    expect(localLoginEnabled({ ...base, localLogin: false, jwtSecret: 'x'.repeat(32) })).toBe(false);
    expect(localLoginEnabled({ ...base, jwtSecret: 'x'.repeat(32) })).toBe(true);
    expect(localLoginEnabled({ ...base, jwtSecret: 'x'.repeat(32), jwksUrl: 'https://idp.example/jwks' })).toBe(false);
    expect(localLoginEnabled({ ...base, jwksUrl: 'https://idp.example/jwks' })).toBe(false);
    expect(localLoginEnabled(base)).toBe(false);
  });

  it('issues tokens for people, never for the system role or an odd user id', () => {
    expect(LocalTokenRequest.safeParse({ userId: 'panel-lee', role: 'panel_member' }).success).toBe(true);
    expect(LocalTokenRequest.safeParse({ userId: 'panel-lee', role: 'system' }).success).toBe(false);
    expect(LocalTokenRequest.safeParse({ userId: '<b>x</b>', role: 'admin' }).success).toBe(false);
    expect(LocalTokenRequest.safeParse({ userId: 'panel-lee', role: 'admin', extra: 1 }).success).toBe(false);
  });
});
