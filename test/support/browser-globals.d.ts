/**
 * The few browser globals the page tests use inside `page.evaluate(() => …)` callbacks, which Playwright runs
 * in Chromium, not in Node. Declared here, as little as they use, rather than giving every file the DOM's types.
 */
declare const document: { activeElement: { id: string; getAttribute(name: string): string | null } | null };
declare const window: object;
declare const sessionStorage: { getItem(key: string): string | null };
