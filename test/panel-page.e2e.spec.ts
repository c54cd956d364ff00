/**
 * The QA panel's worklist page in a real browser (headless Debian Chromium
 * driven by playwright-core), against the real worker, API and stack: a
 * panel member signs in locally, finds a complex case on the agenda, opens
 * its summary, claims it, approves it and sees the pathway move to placement.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page, Response } from 'playwright-core';
import { keepScreenshot, seriousViolations } from './support/accessibility';
import { launchChromium, showingFailures } from './support/browser';
import { startSarp, testConfig, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let browser: Browser;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  sarp = await startSarp();
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator');
  tokens.assessor = await sarp.tokenFor('assessor-raj', 'assessor');
  tokens.auditor = await sarp.tokenFor('auditor-bo', 'auditor');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sarp?.close();
});

async function call(method: 'GET' | 'POST', path: string, as: string | undefined, body?: unknown, baseUrl = sarp.baseUrl) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, text, body: (type.includes('json') ? JSON.parse(text) : {}) as Record<string, any> };
}

async function command(pathwayId: string, action: string, as: string, body: unknown = {}): Promise<number> {
  const response = await call('POST', `/pathways/${pathwayId}/${action}`, as, body);
  if (response.status !== 200) throw new Error(`${action} answered ${response.status}: ${response.text}`);
  const events = response.body.events as { sequence: number }[];
  return events[events.length - 1]?.sequence ?? 0;
}

/** Text a person could type that would be markup if the page wrote it as HTML. */
const MARKUP_IN_NEEDS = '<img src=x onerror="document.title=1"> Budgeting & bills';

/** A crisis referral taken through an intensive (so complex) assessment: the case waits for the panel. */
async function caseAtPanel(personRef: string): Promise<{ pathwayId: string; taskId: string }> {
  const referral = await call('POST', '/referrals', 'coordinator', {
    personRef,
    referringAgency: 'nhs',
    presentingNeeds: ['Leaving a mental health ward, no home to go to'],
    urgency: 'crisis',
  });
  expect(referral.status).toBe(202);
  const pathwayId = referral.body.pathwayId as string;
  // The workflow has started once it has taken the referral in: only then does it accept commands.
  await waitFor(
    async () => {
      const live = await call('GET', `/pathways/${pathwayId}/live`, 'coordinator');
      return live.status === 200 && (live.body.lastSequence as number) >= 1 ? true : undefined;
    },
    { what: `the workflow of pathway ${pathwayId} to take the referral in` },
  );
  await command(pathwayId, 'consent', 'coordinator', { granted: true, agencies: ['nhs', 'housing'], overrideReason: null });
  await command(pathwayId, 'crisis-support', 'coordinator', { arrangement: 'Emergency room at Crisis House tonight' });
  await command(pathwayId, 'triage', 'coordinator', { outcome: 'accept', urgency: 'crisis' });
  await command(pathwayId, 'assessor', 'coordinator', { assessorId: 'assessor-raj' });
  const last = await command(pathwayId, 'assessment', 'assessor', {
    needs: ['Support with medication', MARKUP_IN_NEEDS],
    risk: { level: 'medium', summary: 'Relapse when isolated', positiveRiskTaking: 'Wants to travel alone to college' },
    eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
    supportPlan: {
      wellbeing: 'Anxious in crowds',
      satisfactionWithHome: 'Unhappy in the hostel',
      communityConnections: 'Attends a walking group',
      aspirations: 'A flat of her own',
      strengths: 'Organised',
    },
    careBundles: ['medication-support'],
    requestedModel: 'intensive',
    requestedPackageHours: 40,
    requestedWeeklyFunding: 1400,
    copyGivenToPerson: true,
  });
  const task = await waitFor(
    async () => {
      const pathway = await call('GET', `/pathways/${pathwayId}`, 'auditor');
      if (pathway.status !== 200 || (pathway.body.lastSequence as number) < last) return undefined;
      expect(pathway.body.stage).toBe('panel');
      const worklist = await call('GET', '/worklist?status=pending&limit=200', 'auditor');
      return (worklist.body.items as { pathwayId: string; taskId: string }[]).find((item) => item.pathwayId === pathwayId);
    },
    { what: `the panel task of pathway ${pathwayId}` },
  );
  return { pathwayId, taskId: task.taskId };
}

/** Clicks and returns the API's answer to the first request whose path ends with one of the given endings. */
async function clickAndAwait(page: Page, name: string, endings: string[]): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST' && endings.some((end) => candidate.url().endsWith(end))),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  return response;
}

/** A new browser context (its own empty sessionStorage), signed in locally on /login; returns the page on /panel. */
async function signedIn(userId: string, role: string): Promise<{ page: Page; close(): Promise<void>; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${sarp.baseUrl}/login`);
  await page.getByLabel('User id').fill(userId);
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${sarp.baseUrl}/panel`);
  await page.getByText(`Signed in as ${userId}`).waitFor();
  return { page, errors, close: () => context.close() };
}

/** Opens a case from the agenda, from the keyboard. */
async function openFromAgenda(page: Page, personRef: string): Promise<void> {
  const link = page.getByRole('link', { name: personRef, exact: true });
  await link.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: `Case ${personRef}` }).waitFor();
  expect(await focusedId(page)).toBe('case-heading');
}

const focusedId = (page: Page) => page.evaluate('document.activeElement && document.activeElement.id');

describe('the QA panel worklist page', () => {
  it('lets a panel member sign in, find a case, claim it and propose approval; a chair confirms it and the pathway moves to placement', async () => {
    const personRef = `P-WEB-${randomUUID().slice(0, 8)}`;
    const { pathwayId, taskId } = await caseAtPanel(personRef);

    const lee = await signedIn('panel-lee', 'panel_member');
    const chair = await signedIn('chair-sam', 'panel_chair');
    try {
      await showingFailures(lee.page, 'panel-page', async () => {
        const page = lee.page;
        // The case is on the agenda (pending, crisis first): open it from the keyboard.
        await page.locator('#tasks-caption').filter({ hasText: 'showing 1 to' }).waitFor();
        expect(await page.locator('#tasks-caption').innerText()).toContain('pending');
        await keepScreenshot(page, 'panel-agenda');
        expect(await seriousViolations(page)).toEqual([]);
        await openFromAgenda(page, personRef);

        // The case summary, personal text shown as text and never as markup.
        const summary = await page.locator('#case-summary').innerText();
        expect(summary).toContain('Support with medication');
        expect(summary).toContain(MARKUP_IN_NEEDS);
        expect(await page.locator('#case-summary img').count()).toBe(0);
        expect(summary).toMatch(/Criteria version\s+2015/);
        expect(summary).toContain('care-act-2014');
        expect(summary).toContain('intensive-model');
        expect(summary).toMatch(/Placement model\s+Intensive/);
        expect(summary).toContain('40 hours a week');
        expect(summary).toContain('£1,400.00');
        expect(await page.locator('#task-status').innerText()).toBe('Pending');
        await keepScreenshot(page, 'panel-case');
        expect(await seriousViolations(page)).toEqual([]);

        // Claim it. Should the claim command not be served, the page shows the API's problem and the test goes on.
        const claim = await clickAndAwait(page, 'Claim', ['/claim']);
        if (claim.status() === 404) {
          const alert = page.getByRole('alert');
          await alert.getByText('There is a problem').waitFor();
          const problem = (await claim.json()) as { title: string; detail?: string };
          expect(await alert.innerText()).toContain(problem.detail ?? problem.title);
        } else {
          expect(claim.status()).toBe(200);
          await page.getByRole('status').filter({ hasText: 'Claim done' }).waitFor();
          expect(await page.locator('#case-summary').innerText()).toMatch(/Claimed by\s+panel-lee/);
          expect(await focusedId(page)).toBe('unclaim');
        }

        // Propose approval as an intensive placement (the form starts from what the assessor asked for).
        await page.getByLabel('Approve').check();
        await page.getByLabel('Placement model').selectOption('intensive');
        expect(await page.getByLabel('Package (hours of support a week)').inputValue()).toBe('40');
        expect(await page.getByLabel('Weekly funding (£)').inputValue()).toBe('1400');
        await page.getByLabel('Conditions').fill('Weekly psychiatric review');
        const proposed = await clickAndAwait(page, 'Propose decision', ['/decision', '/panel-decision']);
        expect(proposed.status()).toBe(200);
        await page.getByRole('status').filter({ hasText: 'Proposal done' }).waitFor();
        expect(await page.locator('#problem').innerText()).toBe('');
        if (proposed.url().endsWith('/decision')) {
          // The two-person rule: the proposal waits for a second person; the proposer cannot confirm it.
          expect(await page.locator('#proposal').innerText()).toContain(
            'panel-lee proposes: Approve: intensive placement, 40 hours of support a week, £1,400.00 a week; conditions: Weekly psychiatric review',
          );
          expect(await page.getByRole('button', { name: 'Confirm decision' }).isHidden()).toBe(true);
          expect(await page.locator('#pathway-stage').innerText()).toBe('panel');
        }
      });

      await showingFailures(chair.page, 'panel-page', async () => {
        const page = chair.page;
        await openFromAgenda(page, personRef);
        expect(await page.locator('#proposal').innerText()).toContain('panel-lee proposes: Approve: intensive placement');
        const confirmed = await clickAndAwait(page, 'Confirm decision', ['/confirmation']);
        expect(confirmed.status()).toBe(200);

        // The page waits for the read model, then shows (and announces) the new state.
        await page.getByRole('status').filter({ hasText: 'pathway stage placement' }).waitFor();
        expect(await page.locator('#pathway-stage').innerText()).toBe('placement');
        expect(await page.locator('#task-status').innerText()).toBe('Decided');
        expect(await page.locator('#problem').innerText()).toBe('');
        expect(await page.locator('#case-actions').isHidden()).toBe(true);
        expect(await focusedId(page)).toBe('case-heading');
        expect(await page.locator('#case-summary').innerText()).toMatch(/Decision\s+Approved by chair-sam/);
        await page.screenshot({ path: '/tmp/panel-page.png', fullPage: true });
      });

      // The read model agrees.
      const pathway = await call('GET', `/pathways/${pathwayId}`, 'auditor');
      expect(pathway.body.stage).toBe('placement');
      const task = await call('GET', `/tasks/${encodeURIComponent(taskId)}`, 'auditor');
      expect(task.body).toMatchObject({ status: 'decided', decision: 'approved', decidedBy: 'chair-sam', proposal: null });

      await showingFailures(lee.page, 'panel-page', async () => {
        // The panel member sees it too: on their page, the case has moved to placement and left the pending agenda.
        const page = lee.page;
        await page.reload();
        await page.getByRole('heading', { name: `Case ${personRef}` }).waitFor();
        await page.locator('#pathway-stage').filter({ hasText: 'placement' }).waitFor();
        await page.getByRole('link', { name: 'Back to the agenda' }).click();
        await page.getByRole('heading', { name: 'Agenda' }).waitFor();
        expect(await page.getByRole('link', { name: personRef, exact: true }).count()).toBe(0);
      });
      expect([...lee.errors, ...chair.errors]).toEqual([]);
    } finally {
      await lee.close();
      await chair.close();
    }
  });

  it('lets the chair assign a crisis case to a member and then decide it alone (urgent decision); the pathway moves to placement', async () => {
    const personRef = `P-URG-${randomUUID().slice(0, 8)}`;
    const { pathwayId, taskId } = await caseAtPanel(personRef);

    const chair = await signedIn('chair-sam', 'panel_chair');
    try {
      await showingFailures(chair.page, 'panel-page', async () => {
        const page = chair.page;
        await page.locator('#tasks-caption').filter({ hasText: 'showing 1 to' }).waitFor();
        await openFromAgenda(page, personRef);

        // Assign the case to a panel member: the page waits for the read model and shows who holds it.
        await page.getByLabel('Assign to').fill('panel-kim');
        const assigned = await clickAndAwait(page, 'Assign', ['/assign']);
        expect(assigned.status()).toBe(200);
        await page.getByRole('status').filter({ hasText: 'Assignment done' }).waitFor();
        expect(await page.getByRole('status').innerText()).toContain('claimed by panel-kim');
        expect(await page.locator('#case-summary').innerText()).toMatch(/Claimed by\s+panel-kim/);
        expect(await page.locator('#problem').innerText()).toBe('');

        // A crisis case: the chair may decide alone, and the page says when.
        const urgent = page.locator('#urgent-decision');
        expect(await urgent.isVisible()).toBe(true);
        expect(await urgent.innerText()).toMatch(/within 24 hours of its referral to panel/);
        await page.getByLabel('Approve').check();
        await page.getByLabel('Placement model').selectOption('intensive');
        expect(await page.getByLabel('Package (hours of support a week)').inputValue()).toBe('40');
        await page.screenshot({ path: '/tmp/panel-page-chair.png', fullPage: true });

        const decided = await clickAndAwait(page, 'Record urgent decision', [`/pathways/${pathwayId}/panel-decision`]);
        expect(decided.status()).toBe(200);
        await page.getByRole('status').filter({ hasText: 'pathway stage placement' }).waitFor();
        expect(await page.getByRole('status').innerText()).toContain('Urgent decision done');
        expect(await page.locator('#pathway-stage').innerText()).toBe('placement');
        expect(await page.locator('#task-status').innerText()).toBe('Decided');
        expect(await page.locator('#problem').innerText()).toBe('');
        expect(await page.locator('#case-actions').isHidden()).toBe(true);
        // Nobody holds a decided case any more.
        const summary = await page.locator('#case-summary').innerText();
        expect(summary).not.toMatch(/^Claimed by/m);
        expect(summary).toMatch(/Was claimed by\s+panel-kim/);
        expect(summary).toMatch(/Decision\s+Approved by chair-sam/);
        await page.screenshot({ path: '/tmp/panel-page-chair-decided.png', fullPage: true });
      });

      // The read model agrees.
      const pathway = await call('GET', `/pathways/${pathwayId}`, 'auditor');
      expect(pathway.body.stage).toBe('placement');
      const task = await call('GET', `/tasks/${encodeURIComponent(taskId)}`, 'auditor');
      expect(task.body).toMatchObject({ status: 'decided', decision: 'approved', decidedBy: 'chair-sam', claimedBy: 'panel-kim' });
      expect(chair.errors).toEqual([]);
    } finally {
      await chair.close();
    }
  });

  it('without a token the page offers to sign in, and shows the API problem when sign-in is refused', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${sarp.baseUrl}/panel`);
      await page.getByRole('heading', { name: 'You are not signed in' }).waitFor();
      expect(await page.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login');
      expect(await page.getByRole('table').isHidden()).toBe(true);

      await page.goto(`${sarp.baseUrl}/login`);
      await page.getByLabel('User id').fill('no spaces allowed');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').getByText('userId: a user id is').waitFor();
      expect(page.url()).toBe(`${sarp.baseUrl}/login`);
    } finally {
      await context.close();
    }
  });

  it('serves the pages without personal data, and local sign-in only for the embedded default', async () => {
    const panel = await call('GET', '/panel', undefined);
    expect(panel.status).toBe(200);
    expect(panel.type).toContain('text/html');
    const script = await call('GET', '/web/pages/panel.js', undefined);
    expect(script.type).toContain('text/javascript');

    const issued = await call('POST', '/auth/local-token', undefined, { userId: 'panel-lee', role: 'panel_member' });
    expect(issued.status).toBe(200);
    tokens.local = issued.body.token as string;
    expect((await call('GET', '/worklist', 'local')).status).toBe(200);
    expect((await call('POST', '/auth/local-token', undefined, { userId: 'x', role: 'system' })).status).toBe(400);

    // With a real identity provider configured, both routes are not there.
    const withIdp = await startSarp({
      worker: false,
      config: testConfig({ SARP_JWT_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json', SARP_RUN_PROJECTOR: 'false' }),
    });
    try {
      for (const [method, path] of [
        ['GET', '/login'],
        ['POST', '/auth/local-token'],
      ] as const) {
        const answer = await call(method, path, undefined, method === 'POST' ? { userId: 'a', role: 'admin' } : undefined, withIdp.baseUrl);
        expect(answer.status).toBe(404);
        expect(answer.type).toContain('application/problem+json');
        expect(answer.body.detail).toMatch(/identity provider/);
      }
    } finally {
      await withIdp.close();
    }
  });
});
