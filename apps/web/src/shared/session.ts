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
