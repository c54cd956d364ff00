/**
 * The pathway page (issue 14 item 3), in headless Chromium against the real stack. A coordinator steps
 * from the caseload into a case, reads its deadlines with why each is due, and works it with the keyboard:
 * triage, the assessor; the form missing a choice says so in the error summary before anything is sent;
 * a command the workflow refuses shows the API's reason. The assessor, signed in, is offered the
 * assessment (and not the coordinator's triage) and completes it: plan version 1 shows. The coordinator
 * then offers a free unit from the vacancies, records the person's yes, starts the placement, plans the
 * move-on and records it: the pathway closes. axe-core
 * finds no serious or critical violation with the forms open; the screenshot goes to docs/screenshots.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { keepScreenshot, seriousViolations } from './support/accessibility';
import { apiClient } from './support/api-client';
import { launchChromium, showingFailures } from './support/browser';
import { referAndWait } from './support/referral';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let browser: Browser;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
const person = 'P-PATH-001';
let pathwayId: string;

beforeAll(async () => {
  sarp = await startSarp();
  // A team of its own: the stack is shared by the test files, and other files count the localities caseload.
  tokens.pia = await sarp.tokenFor('coordinator-pia', 'coordinator', 'contact_and_prevention');
  browser = await launchChromium();
  pathwayId = await referAndWait(client, 'pia', { personRef: person, referringAgency: 'nhs', presentingNeeds: ['Homeless'], urgency: 'standard' });
});

afterAll(async () => {
  await browser?.close();
  await sarp?.close();
});

async function signIn(page: Page, userId: string, role: 'coordinator' | 'assessor'): Promise<void> {
  await page.goto(`${sarp.baseUrl}/login`);
  await page.getByLabel('User id').fill(userId);
  await page.getByLabel('Role').selectOption(role);
  await page.getByLabel('Team').selectOption('contact_and_prevention');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${sarp.baseUrl}/caseload`);
}

/** The read model takes a new pathway in within moments of its referral: open its page until it shows. */
async function openPathway(page: Page): Promise<void> {
  await waitFor(
    async () => {
      await page.goto(`${sarp.baseUrl}/case/${pathwayId}`);
      await page.locator('#person').filter({ hasText: person }).or(page.locator('#problem:not([hidden])')).waitFor();
      return (await page.locator('#person').textContent()) === person ? true : undefined;
    },
    { what: 'the pathway page showing the person' },
  );
}

const formTitles = (page: Page, group: 'stage' | 'records'): Promise<string[]> =>
  page.locator(`#${group}-actions .govuk-details__summary-text`).allTextContents();

/** Opens an action's form with the keyboard (its details summary is a focusable control) and returns it. */
async function openForm(page: Page, title: string): Promise<Locator> {
  const summary = page.locator('.govuk-details__summary', { hasText: title });
  await summary.focus();
  await page.keyboard.press('Enter');
  const form = page.locator('details[open] form').filter({ has: page.getByRole('button') }).last();
  await form.waitFor();
  return form;
}

const doneMessage = (page: Page, text: string) => page.locator('#done:not([hidden])').getByText(text).waitFor();

describe('the pathway page', () => {
  it('lets a coordinator and an assessor work a case from referral to move-on, each offered only what they may do', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await showingFailures(page, 'pathway-page', async () => {
        await signIn(page, 'coordinator-pia', 'coordinator');
        await openPathway(page);
        expect(await page.locator('#deadline-rows').textContent()).toBe('No deadline has been set yet.');
        // At referral a coordinator may triage; the assessment is the assessor's, and not at this stage.
        expect(await formTitles(page, 'stage')).toContain('Triage the referral');
        expect(await formTitles(page, 'stage')).not.toContain('Complete the asset-based assessment');
        expect(await formTitles(page, 'records')).toEqual(expect.arrayContaining(['Record consent to share information', 'Record funds accessed']));

        // Keyboard only: open the triage form, send it without a choice: the summary names what is missing.
        const triage = await openForm(page, 'Triage the referral');
        await triage.getByRole('button', { name: 'Record triage' }).focus();
        await page.keyboard.press('Enter');
        const summary = page.locator('#problem');
        await summary.getByText('There is a problem').waitFor();
        expect(await summary.getByRole('link').allTextContents()).toEqual(['Choose outcome', 'Choose urgency']);
        expect(await seriousViolations(page)).toEqual([]);
        // The summary's link leads to the field; the arrow keys choose within the radios.
        await summary.getByRole('link', { name: 'Choose outcome' }).click();
        expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('accept');
        await page.keyboard.press('Space');
        await triage.getByLabel('Standard').check();
        await triage.getByRole('button', { name: 'Record triage' }).focus();
        await page.keyboard.press('Enter');
        await doneMessage(page, 'Triage the referral: done.');
        await page.locator('#stage-tag', { hasText: 'Assessment' }).waitFor();
        expect(await formTitles(page, 'stage')).not.toContain('Triage the referral');
        // Deadlines say why they are due: the rule, its source and the policy version that set it.
        expect(await page.locator('#deadline-rows').textContent()).toMatch(/assessment.*policy version \d/i);

        const assessor = await openForm(page, 'Assign the assessor');
        await assessor.getByLabel("Assessor's user id").fill('assessor-raj');
        await assessor.getByRole('button', { name: 'Assign assessor' }).click();
        await doneMessage(page, 'Assign the assessor: done.');

        // A command the workflow refuses shows the API's reason, as it gave it.
        const worker = await openForm(page, 'Move the case to another worker');
        await worker.getByLabel("New worker's user id").fill('assessor-raj');
        await worker.getByLabel('Reason').selectOption('caseload');
        await worker.getByRole('button', { name: 'Move case' }).click();
        await summary.getByText("assessor-raj is already the case's worker").waitFor();
      });

      // The assessor is offered the assessment, not the coordinator's forms, and completes it.
      await context.clearCookies();
      await showingFailures(page, 'pathway-page-assessor', async () => {
        await signIn(page, 'assessor-raj', 'assessor');
        await page.getByRole('link', { name: person }).click();
        await page.locator('#person', { hasText: person }).waitFor();
        expect(await formTitles(page, 'stage')).toContain('Complete the asset-based assessment');
        expect(await formTitles(page, 'stage')).not.toContain('Assign the assessor');
        const assessment = await openForm(page, 'Complete the asset-based assessment');
        await assessment.getByLabel('Needs').fill('Medication support\nBudgeting');
        await assessment.getByLabel('Low').check();
        await assessment.getByLabel('Risk summary').fill('Low risk when supported');
        await assessment.getByLabel('Eligible', { exact: true }).check();
        await assessment.getByLabel('Wellbeing').fill('Sleeping better');
        await assessment.getByLabel('Satisfaction with their home').fill('Wants a quiet place');
        await assessment.getByLabel('Connections to the community').fill('Sister nearby');
        await assessment.getByLabel('Aspirations').fill('Return to college');
        await assessment.getByLabel('Strengths').fill('Good cook');
        await assessment.getByLabel('Transitional').check();
        await assessment.getByLabel('Support package, hours a week').fill('5');
        await assessment.getByLabel('Weekly funding requested, in pounds').fill('100');
        await assessment.getByLabel('Yes').check();
        await assessment.getByRole('button', { name: 'Complete assessment' }).click();
        await doneMessage(page, 'Complete the asset-based assessment: done.');
        await page.locator('#plan-versions').getByText('Version 1: Assessment').waitFor();
        expect(await page.locator('#plan-versions').textContent()).toContain('Return to college');
      });

      // The coordinator offers a free unit of the approved model, records the yes and starts the placement.
      await context.clearCookies();
      await showingFailures(page, 'pathway-page-offer', async () => {
        await signIn(page, 'coordinator-pia', 'coordinator');
        await openPathway(page);
        await page.locator('#stage-tag', { hasText: 'Placement' }).waitFor();
        const offer = await openForm(page, 'Offer a unit');
        // Where the person stands on the waiting list, read before choosing the unit.
        expect(await offer.locator('#note-offers').textContent()).toMatch(/^Number \d+ of \d+ on the transitional waiting list \(priority rule \d/);
        const units = offer.getByLabel('Unit');
        const firstFree = await units.locator('option').nth(1).getAttribute('value');
        expect(firstFree).toMatch(/^[\w-]+\/[\w-]+$/);
        await units.selectOption(firstFree);
        // Whoever else waits on the shared stack's list, a reason keeps the offer fair and recorded.
        await offer.getByLabel(/out of waiting-list order/).selectOption('location');
        await keepScreenshot(page, 'pathway');
        expect(await seriousViolations(page)).toEqual([]);
        await offer.getByRole('button', { name: 'Make the offer' }).click();
        await doneMessage(page, 'Offer a unit: done.');
        const answer = await openForm(page, "Record the person's answer to the offer");
        await answer.getByLabel('Yes').check();
        await answer.getByRole('button', { name: 'Record answer' }).click();
        await doneMessage(page, "Record the person's answer to the offer: done.");
        const placement = await openForm(page, 'Start the placement');
        await placement.getByRole('button', { name: 'Start placement' }).click();
        await doneMessage(page, 'Start the placement: done.');
        expect(await page.locator('#timeline').textContent()).toMatch(/Transitional placement started/);
        expect(await page.locator('#deadline-rows').textContent()).toMatch(/stay/i);

        // On to the move-on: planned, then done; the pathway closes and offers nothing more at its stage.
        const moveOn = await openForm(page, 'Plan the move-on');
        await moveOn.getByLabel('Independent tenancy with floating support').check();
        await moveOn.getByRole('button', { name: 'Plan move-on' }).click();
        await doneMessage(page, 'Plan the move-on: done.');
        await page.locator('#stage-tag', { hasText: 'Move on' }).waitFor();
        const movedOn = await openForm(page, 'Record that the person has moved on');
        await movedOn.getByRole('button', { name: 'Record move-on' }).click();
        await doneMessage(page, 'Record that the person has moved on: done.');
        await page.locator('#stage-tag', { hasText: 'Closed' }).waitFor();
        expect(await page.locator('#summary').textContent()).toContain('Moved on');
        expect(await formTitles(page, 'stage')).toEqual([]);
        expect(await page.locator('#stage-actions').textContent()).toBe('Nothing is yours to do at this stage.');
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a case to no one who does not work on it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${sarp.baseUrl}/login`);
      await page.getByLabel('User id').fill('coordinator-ola');
      await page.getByLabel('Role').selectOption('coordinator');
      await page.getByLabel('Team').selectOption('learning_disability');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${sarp.baseUrl}/caseload`);
      await page.goto(`${sarp.baseUrl}/case/${pathwayId}`);
      await page.locator('#problem:not([hidden])').waitFor();
      expect(await page.locator('#problem').textContent()).toMatch(/not a case you work on/);
      expect(await page.locator('#stage-actions').textContent()).toBe('');
    } finally {
      await context.close();
    }
  });
});
