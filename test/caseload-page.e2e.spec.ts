/**
 * The coordinators' caseload page (issue 14 item 1), in headless Chromium against the real stack: built on
 * the GOV.UK and MOJ design systems served from their npm packages; a coordinator signs in and sees the
 * cases they may work on (need-to-know: another team's case is not there), each with its stage, next
 * deadline and why it is due, filters it with the keyboard alone, sorts it (MOJ's sortable table), and
 * reads the count per worker; axe-core finds no serious or critical violation. The screenshot goes to
 * docs/screenshots/caseload.png for the README.
 */
import type { Browser, Page } from 'playwright-core';
import { keepScreenshot, seriousViolations } from './support/accessibility';
import { apiClient } from './support/api-client';
import { launchChromium, showingFailures } from './support/browser';
import { referAndWait } from './support/referral';
import { isolatedTestConfig, startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let browser: Browser;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
const people = { waiting: 'P-CASE-001', assessed: 'P-CASE-002', otherTeam: 'P-CASE-003' };

beforeAll(async () => {
  // A read model of its own: the caseload shows a coordinator's own referrals and their team's, and other
  // test files' coordinator-ann refers people in the shared one (it counts every case and worker it shows).
  sarp = await startSarp({ config: await isolatedTestConfig('caseload') });
  tokens.ann = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.ola = await sarp.tokenFor('coordinator-ola', 'coordinator', 'learning_disability');
  browser = await launchChromium();
  await referAndWait(client, 'ann', {
    personRef: people.waiting,
    referringAgency: 'nhs',
    presentingNeeds: ['Support'],
    urgency: 'standard',
  });
  const assessed = await referAndWait(client, 'ann', {
    personRef: people.assessed,
    referringAgency: 'housing',
    presentingNeeds: ['Rent arrears'],
    urgency: 'standard',
  });
  await client.ok(`/pathways/${assessed}/triage`, 'ann', { outcome: 'accept', urgency: 'standard' });
  const assigned = await client.ok(`/pathways/${assessed}/assessor`, 'ann', { assessorId: 'assessor-raj' });
  await client.call('GET', `/pathways/${assessed}?atLeastSequence=${(assigned.events as { sequence: number }[]).at(-1)!.sequence}`, 'ann');
  await referAndWait(client, 'ola', {
    personRef: people.otherTeam,
    referringAgency: 'self',
    presentingNeeds: ['Support'],
    urgency: 'standard',
  });
});

afterAll(async () => {
  await browser?.close();
  await sarp?.close();
});

async function signIn(page: Page, userId: string, team: string): Promise<void> {
  await page.goto(`${sarp.baseUrl}/login`);
  await page.getByLabel('User id').fill(userId);
  await page.getByLabel('Role').selectOption('coordinator');
  await page.getByLabel('Team').selectOption(team);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${sarp.baseUrl}/caseload`);
}

const personColumn = (page: Page): Promise<string[]> =>
  page.$$eval('#caseload-rows tr td:first-child', (cells) => cells.map((cell) => cell.textContent ?? ''));

/** The caseload reads the read model, which takes new pathways in within moments: look again until it shows them. */
function untilCaseloadShows(page: Page, shows: (people: string[]) => boolean, what: string): Promise<true> {
  return waitFor(
    async () => {
      await page.getByRole('table', { name: /^\d+ cases?/ }).waitFor();
      if (shows(await personColumn(page))) return true;
      await page.reload();
      return undefined;
    },
    { what },
  );
}

describe('the caseload page', () => {
  it('shows a coordinator the cases they may work on, with stage, next deadline and status, filtered and sorted by keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await showingFailures(page, 'caseload', async () => {
        await signIn(page, 'coordinator-ann', 'localities');
        // The referrals were taken by their workflows; the read model takes them in within moments: look again until it has.
        await untilCaseloadShows(page, (people) => people.length >= 2, 'both referrals on the caseload');
        // Need-to-know: the other team's case is not on this caseload.
        expect((await personColumn(page)).sort()).toEqual([people.waiting, people.assessed].sort());
        // The assessed case: its stage, its 7-day assessment clock with the rule in words, its worker.
        const assessedRow = page.getByRole('row', { name: new RegExp(people.assessed) });
        await expect(assessedRow.getByRole('cell').nth(1).textContent()).resolves.toBe('Assessment');
        await expect(assessedRow.getByRole('cell').nth(2).textContent()).resolves.toBe('assessor-raj');
        expect(await assessedRow.getByRole('cell').nth(3).textContent()).toMatch(/assessment/i);
        await expect(assessedRow.getByRole('cell').nth(4).textContent()).resolves.toBe('On track');
        // The count per worker.
        const perWorker = await page.$$eval('#per-worker .govuk-summary-list__row', (rows) => rows.map((row) => row.textContent?.trim()));
        // Most cases first, then by name.
        expect(perWorker).toEqual(['assessor-raj1 open case', 'Not assigned yet1 open case']);

        await keepScreenshot(page, 'caseload');
        expect(await seriousViolations(page)).toEqual([]);

        // Keyboard only: to the stage filter, choose Assessment, on to the button, Enter.
        await page.getByLabel('Stage').focus();
        await page.keyboard.press('ArrowDown'); // referral
        await page.keyboard.press('ArrowDown'); // assessment
        await page.keyboard.press('Tab'); // worker
        await page.keyboard.press('Tab'); // only overdue or breached
        await page.keyboard.press('Tab'); // apply
        await page.keyboard.press('Enter');
        await page.getByRole('table', { name: /^1 case/ }).waitFor();
        expect(await personColumn(page)).toEqual([people.assessed]);

        // Sorting by person, with MOJ's sortable table (a button in the column heading).
        await page.getByLabel('Stage').selectOption('');
        await page.getByRole('button', { name: 'Apply filters' }).click();
        await page.getByRole('table', { name: /^2 cases/ }).waitFor();
        await page.getByRole('button', { name: 'Person' }).click();
        expect(await personColumn(page)).toEqual([people.waiting, people.assessed].sort());
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("records a referral from the form: the API's own checks shown in the error summary, linked to the fields", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await showingFailures(page, 'referral-form', async () => {
        await signIn(page, 'coordinator-ann', 'localities');
        await page.getByRole('link', { name: 'Record a referral' }).click();
        await page.getByRole('heading', { name: 'Record a referral' }).waitFor();
        // Sent empty: nothing goes to the API; the summary lists each wrong field and takes the focus.
        await page.getByRole('button', { name: 'Record referral' }).click();
        const summary = page.getByRole('alert');
        await summary.getByText('There is a problem').waitFor();
        expect(await summary.getByRole('link').allTextContents()).toEqual([
          expect.stringMatching(/^Enter a person reference/),
          'Choose who referred the person',
          expect.stringMatching(/^Enter what the person needs help with/),
          'Choose how urgent it is',
        ]);
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('problem');
        expect(await seriousViolations(page)).toEqual([]);
        // Each line leads to its field.
        await summary.getByRole('link', { name: 'Choose how urgent it is' }).click();
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('urgency');
        await keepScreenshot(page, 'referral-errors');

        await page.getByLabel('Person reference').fill('P-CASE-004');
        await page.getByLabel('Referred by').selectOption('housing');
        await page.getByLabel('What the person needs help with').fill('Rent arrears\nNeeds support at home');
        await page.getByLabel('Standard').check();
        await page.getByRole('button', { name: 'Record referral' }).click();
        await page.getByRole('heading', { name: 'Referral recorded' }).waitFor();
        await page.getByRole('link', { name: 'Go to your caseload' }).click();
        // The caseload reads the read model, which takes the new pathway in within moments: look again until it has.
        await untilCaseloadShows(page, (people) => people.includes('P-CASE-004'), 'the new referral on the caseload');
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('signs a coordinator in with the keyboard alone, and says what is wrong with a sign-in it refuses', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await showingFailures(page, 'login', async () => {
        await page.goto(`${sarp.baseUrl}/login`);
        await keepScreenshot(page, 'login');
        expect(await seriousViolations(page)).toEqual([]);
        // Refused: no user id. The API's reason is in the error summary, which takes the focus.
        await page.getByLabel('User id').focus();
        await page.keyboard.press('Tab'); // role
        await page.keyboard.press('Tab'); // team
        await page.keyboard.press('Tab'); // sign in
        await page.keyboard.press('Enter');
        await page.locator('#problem').getByText(/userId/).waitFor();
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('problem');
        expect(await seriousViolations(page)).toEqual([]);
        // Then signed in, from the keyboard: user id, role (coordinator is the third), team (localities is the first).
        await page.getByLabel('User id').focus();
        await page.keyboard.type('coordinator-kit');
        await page.keyboard.press('Tab');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Tab');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.waitForURL(`${sarp.baseUrl}/caseload`);
        await page.getByText('Signed in as coordinator-kit (Coordinator)').waitFor();
        // The menu offers a coordinator the pages whose data a coordinator may read, no others.
        expect(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link').allTextContents()).toEqual(['Caseload', 'Record a referral', 'Vacancies']);
      });
    } finally {
      await context.close();
    }
  });

  it('tells a visitor who is not signed in to sign in, and shows no case', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${sarp.baseUrl}/caseload`);
      await page.getByRole('heading', { name: 'You are not signed in' }).waitFor();
      expect(await page.locator('#caseload').isHidden()).toBe(true);
    } finally {
      await page.close();
    }
  });
});
