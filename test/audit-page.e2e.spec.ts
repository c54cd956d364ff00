/**
 * The auditor pages in a real browser (headless Debian Chromium driven by
 * playwright-core), against the real worker, API and stack: an auditor signs
 * in locally, opens a pathway's history on /audit, steps back in time to the
 * referral and forward to the assessment, verifies the hash chain, and reads
 * the person's subject access export on /subject-access.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { keepScreenshot, seriousViolations } from './support/accessibility';
import { apiClient, type ApiClient } from './support/api-client';
import { launchChromium, showingFailures } from './support/browser';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let browser: Browser;
let api: ApiClient;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  sarp = await startSarp();
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator');
  tokens.auditor = await sarp.tokenFor('auditor-bo', 'auditor');
  api = apiClient(() => sarp.baseUrl, tokens);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sarp?.close();
});

/** A standard referral, triaged in and given an assessor: a handful of events, at the assessment stage. */
async function pathwayInAssessment(personRef: string): Promise<string> {
  const referral = await api.call('POST', '/referrals', 'coordinator', {
    personRef,
    referringAgency: 'nhs',
    presentingNeeds: ['Needs <b>support</b> with a tenancy'],
    urgency: 'standard',
  });
  expect(referral.status).toBe(202);
  const pathwayId = referral.body.pathwayId as string;
  await waitFor(
    async () => {
      const live = await api.call('GET', `/pathways/${pathwayId}/live`, 'coordinator');
      return live.status === 200 && (live.body.lastSequence as number) > 0 ? true : undefined;
    },
    { what: `the workflow of pathway ${pathwayId} to take the referral in` },
  );
  await api.ok(`/pathways/${pathwayId}/triage`, 'coordinator', { outcome: 'accept', urgency: 'standard' });
  const assigned = await api.ok(`/pathways/${pathwayId}/assessor`, 'coordinator', { assessorId: 'assessor-raj' });
  const last = (assigned.events as { sequence: number }[]).at(-1)?.sequence ?? 0;
  await waitFor(
    async () => {
      const history = await api.call('GET', `/audit/pathways/${pathwayId}/events?limit=500`, 'auditor');
      const sequences =
        history.status === 200 ? (history.body.items as { envelope: { sequence: number } }[]).map((item) => item.envelope.sequence) : [];
      return sequences.includes(last) ? true : undefined;
    },
    { what: `the events of pathway ${pathwayId} to be stored` },
  );
  return pathwayId;
}

async function signedInAuditor(): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${sarp.baseUrl}/login`);
  await page.getByLabel('User id').fill('auditor-bo');
  await page.getByLabel('Role').selectOption('auditor');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${sarp.baseUrl}/audit`);
  return { page, errors, close: () => context.close() };
}

const stageShown = (page: Page) => page.locator('#state-as-of').getAttribute('data-stage');

describe('the auditor pages', () => {
  it('show a pathway history with time travel and verification, and a subject access export', async () => {
    const personRef = `P-AUD-${randomUUID().slice(0, 8)}`;
    const pathwayId = await pathwayInAssessment(personRef);
    const history = await api.call('GET', `/audit/pathways/${pathwayId}/events?limit=500`, 'auditor');
    const count = (history.body.items as unknown[]).length;
    expect(count).toBeGreaterThanOrEqual(3);

    const auditor = await signedInAuditor();
    const page = auditor.page;
    try {
      await showingFailures(page, 'audit-page', async () => {
        await page.goto(`${sarp.baseUrl}/audit`);
        await page.getByText('Signed in as auditor-bo').waitFor();
        // Found by the person's reference, not by pasting its id.
        await page.getByLabel('Person reference').fill(personRef);
        await page.getByRole('button', { name: 'Search' }).click();
        await page.getByRole('table', { name: '1 pathway found' }).waitFor();
        expect(await page.locator('#found-body tr td').first().textContent()).toBe(personRef);
        await page.getByRole('button', { name: new RegExp(`^Show history of ${personRef}`) }).click();

        // The events, oldest first; the newest is selected and the state is the assessment.
        await page.getByRole('heading', { name: `History of pathway ${pathwayId}` }).waitFor();
        await page
          .locator('#events-caption')
          .filter({ hasText: `${count} in all` })
          .waitFor();
        expect(await page.locator('#events-body tr').count()).toBe(count);
        expect(await page.locator('#events-body').innerText()).toContain('ReferralReceived');
        await page.locator('#state-as-of[data-stage="assessment"]').waitFor();

        // Step back to the first event from the keyboard (the slider), then with the button.
        const slider = page.getByLabel('Event to view the pathway at');
        await slider.focus();
        await page.keyboard.press('Home');
        await page
          .locator('#time-position')
          .filter({ hasText: `Event 1 of ${count}` })
          .waitFor();
        await page.locator('#state-as-of[data-stage="referral"]').waitFor();
        const first = await page.locator('#state-as-of').innerText();
        expect(first).toMatch(/Stage\s+Referral/);
        expect(first).toMatch(/Last event included\s+#1 ReferralReceived/);
        expect(await page.getByRole('button', { name: 'Previous event' }).isDisabled()).toBe(true);

        // Forward, one event at a time, to the last: the assessment, with the assessor.
        for (let step = 1; step < count; step += 1) {
          await page.getByRole('button', { name: 'Next event' }).click();
          await page
            .locator('#time-position')
            .filter({ hasText: `Event ${step + 1} of ${count}` })
            .waitFor();
        }
        await page.locator('#state-as-of[data-stage="assessment"]').waitFor();
        expect(await stageShown(page)).toBe('assessment');
        const last = await page.locator('#state-as-of').innerText();
        expect(last).toMatch(/Stage\s+Assessment/);
        expect(last).toMatch(/Assessor\s+assessor-raj/);
        expect(await page.getByRole('button', { name: 'Next event' }).isDisabled()).toBe(true);

        // The hash chain holds.
        await page.getByRole('button', { name: 'Verify history' }).click();
        await page.getByText(`Verified: all ${count} events are intact`).waitFor();
        expect(await page.locator('#refused').innerText()).toContain('No refused attempts.');
        expect(await page.locator('#problem').isHidden()).toBe(true);
        await keepScreenshot(page, 'audit');
        expect(await seriousViolations(page)).toEqual([]);

        // A pathway that does not exist: the API's problem, in the alert region.
        await page.getByLabel('Pathway id').fill(randomUUID());
        await page.getByRole('button', { name: 'Show history', exact: true }).click();
        await page.getByRole('alert').getByText('There is a problem').waitFor();

        // Subject access: the pathway and its events, and the JSON itself.
        await page.goto(`${sarp.baseUrl}/subject-access`);
        await page.getByLabel('Person reference').fill(personRef);
        await page.getByRole('button', { name: 'Show what is held' }).click();
        await page.getByRole('heading', { name: `Everything held about ${personRef}` }).waitFor();
        const sections = await page.locator('#export-sections').innerText();
        expect(sections).toContain(pathwayId);
        expect(sections).toContain('ReferralReceived');
        expect(sections).toContain(`Events (${count})`);
        await page.getByRole('heading', { name: /^Access log/ }).waitFor();
        expect(await page.locator('#export-sections b').count()).toBe(0);
        expect(await page.getByRole('link', { name: 'Download JSON' }).getAttribute('href')).toMatch(/^blob:/);
        const json = JSON.parse((await page.locator('#export-json').textContent()) ?? '{}') as { personId: string; events: unknown[] };
        expect(json.personId).toBe(personRef);
        expect(json.events).toHaveLength(count);
        await keepScreenshot(page, 'subject-access');
        expect(await seriousViolations(page)).toEqual([]);
        expect(auditor.errors).toEqual([]);
      });
    } finally {
      await auditor.close();
    }
  });
});
