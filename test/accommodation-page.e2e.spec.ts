/**
 * The accommodation page (issue 14 item 4), in headless Chromium against the real stack. An admin signs in,
 * lands on the schemes and vacancies, registers a scheme with its units, takes a unit out of use (it shows
 * as void in the vacancies with its reason) and puts it back; a refused change (a unit id already there) is
 * shown as the API gave it; the admin is shown no one waiting. A coordinator sees the waiting lists in the
 * order of the priority rule, their own case linked to its page. axe-core finds no serious or critical
 * violation; the screenshots go to docs/screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { keepScreenshot, seriousViolations } from './support/accessibility';
import { apiClient } from './support/api-client';
import { launchChromium, showingFailures } from './support/browser';
import { referAndWait } from './support/referral';
import { startSarp, type SarpHarness } from './support/sarp-harness';

let sarp: SarpHarness;
let browser: Browser;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
const schemeId = `elm-court-${Date.now().toString(36)}`;

beforeAll(async () => {
  sarp = await startSarp();
  // A team of its own: the stack is shared by the test files, and other files count the localities caseload.
  tokens.lou = await sarp.tokenFor('coordinator-lou', 'coordinator', 'adult_mental_health');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sarp?.close();
});

async function signIn(page: Page, userId: string, role: 'admin' | 'coordinator', landing: string): Promise<void> {
  await page.goto(`${sarp.baseUrl}/login`);
  await page.getByLabel('User id').fill(userId);
  await page.getByLabel('Role').selectOption(role);
  if (role === 'coordinator') await page.getByLabel('Team').selectOption('adult_mental_health');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${sarp.baseUrl}${landing}`);
}

describe('the accommodation page', () => {
  it('lets an admin register a scheme and take a unit out of use and back, and shows them in the vacancies', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await showingFailures(page, 'accommodation-admin', async () => {
        await signIn(page, 'admin-kim', 'admin', '/accommodation');
        await page.locator('#vacancy-rows tr').first().waitFor();
        expect(await page.locator('#waiting-lists').textContent()).toBe('The waiting lists are for those who work on cases.');

        // Register a scheme, by keyboard into the form.
        await page.locator('.govuk-details__summary', { hasText: 'Register a scheme' }).focus();
        await page.keyboard.press('Enter');
        const register = page.locator('#form-register-scheme');
        await register.getByLabel('Scheme id').fill(schemeId);
        await register.getByLabel('Name', { exact: true }).fill('Elm Court');
        await register.getByLabel('Intensive').check();
        await register.getByLabel('Provider').fill('Elm Housing');
        await register.getByLabel('Area', { exact: true }).fill('North');
        await register.getByLabel('General').check();
        await register.getByLabel('Units').fill('flat-1\nflat-2');
        await register.getByRole('button', { name: 'Register scheme' }).click();
        await page.locator('#done:not([hidden])').getByText('Register a scheme: done.').waitFor();
        const card = page.locator(`#scheme-${schemeId}`);
        await card.getByText('flat-1, flat-2').waitFor();
        expect(await page.locator('#vacancy-rows').textContent()).toContain('Elm Court, unit flat-1');

        // Take flat-1 out of use: the vacancies show it void with the reason.
        await card.locator('.govuk-details__summary', { hasText: 'Take a unit out of use' }).click();
        const voidForm = card.locator(`#form-${schemeId}-void`);
        await voidForm.getByLabel('Unit').selectOption('flat-1');
        await voidForm.getByLabel('Reason').fill('Boiler repair');
        await voidForm.getByRole('button', { name: 'Take out of use' }).click();
        await page.locator('#done:not([hidden])').getByText('Take a unit out of use: done.').waitFor();
        const flat1 = page.locator('#vacancy-rows tr', { hasText: 'Elm Court, unit flat-1' });
        expect(await flat1.textContent()).toMatch(/Void.*Boiler repair/);
        await card.getByText('flat-1 (out of use), flat-2').waitFor();
        await keepScreenshot(page, 'accommodation-admin');
        expect(await seriousViolations(page)).toEqual([]);

        // A refused change: a unit id the scheme already has; the API's reason is shown.
        await card.locator('.govuk-details__summary', { hasText: 'Add a unit' }).click();
        const add = card.locator(`#form-${schemeId}-add`);
        await add.getByLabel('Unit id').fill('flat-2');
        await add.getByRole('button', { name: 'Add unit' }).click();
        await page.locator('#problem').getByText(/Add a unit: .*flat-2/).waitFor();

        // Put flat-1 back in use.
        await card.locator('.govuk-details__summary', { hasText: 'Put a unit back in use' }).click();
        const back = card.locator(`#form-${schemeId}-return`);
        await back.getByLabel('Unit').selectOption('flat-1');
        await back.getByRole('button', { name: 'Put back in use' }).click();
        await page.locator('#done:not([hidden])').getByText('Put a unit back in use: done.').waitFor();
        expect(await page.locator('#vacancy-rows tr', { hasText: 'Elm Court, unit flat-1' }).textContent()).toContain('Free');
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows a coordinator the waiting lists in the priority rule's order, their own case linked", async () => {
    // A case approved for the transitional model: on that waiting list once assessed.
    const pathwayId = await referAndWait(client, 'lou', { personRef: 'P-WAIT-001', referringAgency: 'nhs', presentingNeeds: ['Homeless'], urgency: 'standard' });
    await client.ok(`/pathways/${pathwayId}/triage`, 'lou', { outcome: 'accept', urgency: 'standard' });
    await client.ok(`/pathways/${pathwayId}/assessor`, 'lou', { assessorId: 'assessor-raj' });
    tokens.raj = await sarp.tokenFor('assessor-raj', 'assessor', 'adult_mental_health');
    const assessed = await client.ok(`/pathways/${pathwayId}/assessment`, 'raj', {
      needs: ['Medication support'],
      risk: { level: 'low', summary: 'Low when supported', positiveRiskTaking: null },
      eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
      supportPlan: { wellbeing: 'a', satisfactionWithHome: 'b', communityConnections: 'c', aspirations: 'd', strengths: 'e' },
      careBundles: [],
      requestedModel: 'transitional',
      requestedPackageHours: 5,
      requestedWeeklyFunding: 100,
      copyGivenToPerson: true,
    });
    await client.call('GET', `/pathways/${pathwayId}?atLeastSequence=${(assessed.events as { sequence: number }[]).at(-1)!.sequence}`, 'lou');
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    try {
      await showingFailures(page, 'accommodation-coordinator', async () => {
        await signIn(page, 'coordinator-lou', 'coordinator', '/caseload');
        await page.getByRole('link', { name: 'Vacancies' }).click();
        const transitional = page.getByRole('table', { name: /^Transitional: \d+ waiting/ });
        await transitional.waitFor();
        expect(await page.locator('#waiting-lists').textContent()).toMatch(/priority rule \d/);
        const link = transitional.getByRole('link', { name: 'P-WAIT-001' });
        expect(await link.getAttribute('href')).toBe(`/case/${pathwayId}`);
        expect(await page.locator('#register-scheme').textContent()).toBe('');
        await keepScreenshot(page, 'accommodation');
        expect(await seriousViolations(page)).toEqual([]);
      });
    } finally {
      await context.close();
    }
  });
});
