/**
 * Calls the SARP API as a signed-in user, for the end-to-end tests: every
 * answer is `{ status, body }`, and `ok` insists on 200.
 */
export interface ApiAnswer {
  status: number;
  body: Record<string, any>;
}

export interface ApiClient {
  call(method: 'GET' | 'POST', path: string, as: string, body?: unknown): Promise<ApiAnswer>;
  /** A POST that must be accepted (200); otherwise the test fails with the problem the API gave. */
  ok(path: string, as: string, body?: unknown): Promise<Record<string, any>>;
}

/** `tokens` maps a short name (e.g. 'coordinator') to that user's bearer token. */
export function apiClient(baseUrl: () => string, tokens: Record<string, string>): ApiClient {
  async function call(method: 'GET' | 'POST', path: string, as: string, body?: unknown): Promise<ApiAnswer> {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[as] ?? as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }
  return {
    call,
    async ok(path, as, body = {}) {
      const answer = await call('POST', path, as, body);
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
  };
}
