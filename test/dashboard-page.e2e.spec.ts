/**
 * The service dashboard in a real browser (headless Debian Chromium) with
 * real data: a panel chair signs in, the page draws its charts (Chart.js)
 * and shows every figure of the month as a table, and the numbers shown are
 * the API's. A screenshot of it is kept at /tmp/sarp-dashboard.png.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { keepScreenshot, seriousViolations } from './support/accessibility';
import { apiClient } from './support/api-client';
import { launchChromium, showingFailures } from './support/browser';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let browser: Browser;
const tokens: Record<string, string> = {};
const { call, ok } = apiClient(() => sarp.baseUrl, tokens);

beforeAll(async () => {
  sarp = await startSarp();
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.chair = await sarp.tokenFor('chair-sam', 'panel_chair');
  browser = await launchChromium();
  // Two referrals this month, one of them triaged and given a voucher: something in the tables and the charts.
  for (const [personRef, urgency] of [
    ['P-DASH-001', 'crisis'],
    ['P-DASH-002', 'standard'],
  ] as const) {
    const referral = await call('POST', '/referrals', 'coordinator', {
      personRef,
      referringAgency: 'nhs',
      presentingNeeds: ['Support'],
      urgency,
    });
    const id = referral.body.pathwayId as string;
    await waitFor(async () => ((await call('GET', `/pathways/${id}/live`, 'coordinator')).status === 200 ? true : undefined), {
      what: 'the workflow',
    });
    if (urgency === 'standard') {
      await ok(`/pathways/${id}/triage`, 'coordinator', { outcome: 'accept', urgency });
      const voucher = await ok(`/pathways/${id}/food-vouchers`, 'coordinator', {
        approximateValuePence: 2_000,
        issuedOn: new Date().toISOString().slice(0, 10),
      });
      await call('GET', `/pathways/${id}?atLeastSequence=${(voucher.events as { sequence: number }[])[0]!.sequence}`, 'coordinator');
    }
  }
});

afterAll(async () => {
  await browser?.close();
  await sarp?.close();
});

describe('the service dashboard', () => {
  it('draws the charts and shows the month’s figures as tables, with the same numbers as the API', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await showingFailures(page, 'dashboard', async () => {
        await page.goto(`${sarp.baseUrl}/login`);
        await page.getByLabel('User id').fill('chair-sam');
        await page.getByLabel('Role').selectOption('panel_chair');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(`${sarp.baseUrl}/panel`);
        await page.goto(`${sarp.baseUrl}/dashboard`);
        await page.getByRole('table', { name: 'Referrals received per month' }).waitFor();
        await page.getByText('Figures for').waitFor();

        // Both charts are drawn by Chart.js, on canvases that say where their numbers are.
        const drawn = await page.evaluate(() =>
          ['chart-trend', 'chart-compliance'].map((id) => {
            const chart = (
              window as unknown as { Chart: { getChart(id: string): { data: { datasets: unknown[] } } | undefined } }
            ).Chart.getChart(id);
            return chart ? chart.data.datasets.length : 0;
          }),
        );
        // Compliance: met, target missed, limit breached, open, cancelled.
        expect(drawn).toEqual([3, 5]);
        await keepScreenshot(page, 'dashboard');
        expect(await seriousViolations(page)).toEqual([]);

        // The numbers on the page are the API's for the same month.
        const shown = await page.$$eval('#table-referrals-per-month tbody tr', (rows) =>
          rows.map((row) => Object.fromEntries([...row.querySelectorAll('td')].map((cell) => [cell.dataset.column, cell.textContent]))),
        );
        const api = await call('GET', '/reports/referrals-per-month', 'chair');
        expect(shown).toEqual(
          (api.body.rows as Record<string, unknown>[]).map((row) =>
            Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])),
          ),
        );
        expect(Number(shown[0]?.total)).toBeGreaterThanOrEqual(2);
        const vouchers = await page.$$eval('#table-funds-and-vouchers tbody tr', (rows) => rows.map((row) => row.textContent ?? ''));
        expect(vouchers.some((row) => row.includes('food_vouchers'))).toBe(true);
        expect(await page.getByRole('link', { name: 'Download as CSV' }).count()).toBeGreaterThan(5);
        // A signed-in user gets the file (the API wants the token, which a bare link would not carry).
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('#heading-referrals-per-month ~ p a', { hasText: 'Download as CSV' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe('referrals-per-month.csv');
        const csv = await readFile((await download.path()), 'utf8');
        const [header, ...lines] = csv.trim().split(/\r?\n/);
        expect(header!.split(',')).toEqual(api.body.columns);
        expect(lines).toHaveLength((api.body.rows as unknown[]).length);
        expect(lines[0]!.split(',')[header!.split(',').indexOf('total')]).toBe(shown[0]?.total);
        // The fair-access figures (issue 11) are there too, each as a table: the catalogue's schemes in occupancy.
        for (const title of ['Offers made in and out of waiting-list order', 'Wait from approval to placement', 'Void days per scheme']) {
          await page.getByRole('table', { name: title }).waitFor();
        }
        const occupancy = await page.$$eval('#table-occupancy-by-month tbody tr', (rows) => rows.map((row) => row.textContent ?? ''));
        expect(occupancy.some((row) => row.includes('orchard-house'))).toBe(true);
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
