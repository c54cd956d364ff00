/**
 * Headless Chromium for browser tests: Debian's own chromium package, driven
 * by playwright-core (which never downloads a browser). CI installs the
 * package (`.ci/run`); on a developer machine, `apt-get install chromium`.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Launches Chromium headless. Each launch runs in a new, empty temporary
 * profile that Playwright creates and removes (a plain `launch`, not a
 * persistent context), so no state leaks between runs.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the browser tests drive Debian's chromium. ` +
        'Install it with `apt-get install chromium` (as root; CI does this in .ci/run).',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs a step; when it fails, keeps a screenshot of what the browser showed at /tmp/<name>-failure.png. */
export async function showingFailures<T>(page: Page, name: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await page.screenshot({ path: `/tmp/${name}-failure.png`, fullPage: true }).catch(() => undefined);
    throw error;
  }
}
