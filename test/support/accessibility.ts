/**
 * What every browser test of a page checks and keeps: axe-core's serious or critical violations (none
 * allowed, issue 14 item 8), and the screenshot the README shows (issue 14 item 10), in docs/screenshots.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The serious and critical violations axe-core finds on the page as it is now, each with where it is. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).analyze();
  return axe.violations
    .filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''))
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const SCREENSHOTS = resolve(__dirname, '../../docs/screenshots');

/** Writes docs/screenshots/<name>.png, the whole page. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}
