/**
 * Waits for a condition by checking it again and again, never by sleeping a
 * fixed time and hoping: it returns as soon as the check passes and fails
 * with the last reason when the time is up.
 */
export async function waitFor<T>(check: () => Promise<T | undefined>, options: { timeoutMs?: number; what: string }): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${options.what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
