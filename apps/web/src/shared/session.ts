/**
 * The signed-in user, as the sign-in page keeps it: the bearer token and who it is for, in this tab's
 * session storage (gone when the tab closes).
 */
const TOKEN_KEY = 'sarp.token';
const USER_KEY = 'sarp.user';

export interface SessionUser {
  userId: string;
  role: string;
}

export function sessionToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function sessionUser(): SessionUser | null {
  try {
    return JSON.parse(sessionStorage.getItem(USER_KEY) ?? 'null') as SessionUser | null;
  } catch {
    return null;
  }
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
}

/** Keeps the token and who it is for, for this tab only. */
export function signIn(token: string, user: SessionUser): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(USER_KEY, JSON.stringify(user));
}

/** Where a role starts its work after signing in. */
export function homePageOf(role: string): { path: string; name: string } {
  if (role === 'coordinator' || role === 'assessor') return { path: '/caseload', name: 'your caseload' };
  if (role === 'auditor') return { path: '/audit', name: 'the audit page' };
  if (role === 'admin') return { path: '/accommodation', name: 'the schemes and vacancies' };
  if (role === 'information_governance') return { path: '/subject-access', name: 'the subject access page' };
  return { path: '/panel', name: 'the worklist' };
}
