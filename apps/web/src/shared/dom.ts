/**
 * Building the page from data, as text only: values are never parsed as markup (the pages' CSP forbids
 * inline script too, so markup that slipped in still could not run).
 */
export type Child = Node | string | number | null | undefined | false;

export function h(tag: string, attributes: Record<string, string | boolean | undefined> = {}, children: Child | Child[] = []): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of Array.isArray(children) ? children : [children]) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

/** Says something to screen reader users through the page's polite live region. */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (region) region.textContent = message;
}

/** "step_down" → "Step down". */
export function words(value: string): string {
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function timeElement(iso: string): HTMLElement {
  return h('time', { datetime: iso }, formatDateTime(iso));
}

/**
 * Shows or hides an element. The hidden attribute alone is not enough for GOV.UK components whose class sets
 * a display (a button is inline-block, a button group flex): the design system's display-none utility does it.
 */
export function setShown(element: HTMLElement, shown: boolean): void {
  element.hidden = !shown;
  element.classList.toggle('govuk-!-display-none', !shown);
}
