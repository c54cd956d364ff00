import { sessionToken, signOut } from './session';

/** An RFC 7807 problem as the API answers it. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

/** The token is gone or no longer accepted: the page shows how to sign in again. */
export class SignedOut extends Error {}

/** A GET of the SARP API with the signed-in user's token; a problem answer is thrown as ApiProblem. */
export async function apiGet<T>(path: string): Promise<T> {
  const token = sessionToken();
  if (!token) throw new SignedOut('You are not signed in.');
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { accept: 'application/json, application/problem+json', authorization: `Bearer ${token}` },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiProblem({ status: 0, title: 'SARP could not be reached', detail: 'Check your connection and try again.' });
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  if (response.status === 401) {
    signOut();
    throw new SignedOut('Your sign-in has ended. Sign in again to go on.');
  }
  throw new ApiProblem((body as Problem | null) ?? { status: response.status, title: response.statusText || 'The request failed' });
}

/**
 * A POST of the SARP API with the token and one Idempotency-Key per submission: sent again with the same
 * key, a few times, while the API answers "sent, not confirmed" (202 outcome-unknown), so it is never
 * recorded twice. Answers the body of the first decided answer.
 */
export async function apiPost<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  const token = sessionToken();
  if (!token) throw new SignedOut('You are not signed in.');
  const key = crypto.randomUUID();
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: {
          accept: 'application/json, application/problem+json',
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiProblem({ status: 0, title: 'SARP could not be reached', detail: 'Check your connection and try again.' });
    }
    const answer: unknown = await response.json().catch(() => null);
    const unconfirmed = response.status === 202 && (answer as { retry?: string } | null)?.retry === 'same-key';
    if (unconfirmed && attempt < 3) {
      await new Promise((resume) => setTimeout(resume, 2_000 * attempt));
      continue;
    }
    if (response.ok && !unconfirmed) return { status: response.status, body: answer as T };
    if (response.status === 401) {
      signOut();
      throw new SignedOut('Your sign-in has ended. Sign in again to go on.');
    }
    throw new ApiProblem((answer as Problem | null) ?? { status: response.status, title: response.statusText || 'The request failed' });
  }
}
