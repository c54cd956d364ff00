import { ApiProblem } from './api';
import { byId, h, setShown, words } from './dom';
import { sessionUser, signOut } from './session';

/**
 * What every design-system page does first: the GOV.UK Frontend "supported" flag, the signed-in user and
 * the sign-out button, or the "not signed in" banner. Returns the user, or null when nobody is signed in.
 */
export function startPage(signedInContent: string): ReturnType<typeof sessionUser> {
  showSessionIfSignedIn();
  const user = sessionUser();
  if (!user) {
    showSignedOut('This page shows personal data, so you need to sign in first.', signedInContent);
    return null;
  }
  byId(signedInContent).hidden = false;
  return user;
}

/** A page anyone may open (the sign-in): the design system's flag, and who is signed in, if anyone. */
export function showSessionIfSignedIn(): void {
  document.body.classList.add('govuk-frontend-supported');
  const user = sessionUser();
  if (!user) return;
  // The menu offers the pages whose data the user's role may read (the API checks every call anyway).
  document.querySelectorAll<HTMLElement>('#navigation [data-roles]').forEach((item) => {
    setShown(item, (item.dataset.roles ?? '').split(' ').includes(user.role));
  });
  byId('session-user').textContent = `${user.userId} (${words(user.role)})`;
  byId('session').hidden = false;
  byId('sign-out').addEventListener('click', () => {
    signOut();
    window.location.assign('/login');
  });
}

export function showSignedOut(reason: string, signedInContent: string): void {
  byId('signed-out-reason').textContent = reason;
  byId('signed-out').hidden = false;
  byId(signedInContent).hidden = true;
}

/**
 * The GOV.UK error summary: a title and one line per problem, each a link to its field when it has one;
 * it takes the focus, as the design system asks.
 */
export function showErrorSummary(items: { text: string; field?: string }[]): void {
  const summary = byId('problem');
  summary.replaceChildren(
    h('div', { role: 'alert' }, [
      h('h2', { class: 'govuk-error-summary__title' }, 'There is a problem'),
      h(
        'div',
        { class: 'govuk-error-summary__body' },
        h(
          'ul',
          { class: 'govuk-list govuk-error-summary__list' },
          items.map((item) => h('li', {}, item.field ? h('a', { href: `#${item.field}` }, item.text) : item.text)),
        ),
      ),
    ]),
  );
  summary.hidden = false;
  summary.focus();
}

export function hideErrorSummary(): void {
  const summary = byId('problem');
  summary.hidden = true;
  summary.replaceChildren();
}

export function problemText(error: unknown): string {
  return error instanceof ApiProblem ? (error.problem.detail ?? error.problem.title) : 'Something went wrong: try again.';
}
