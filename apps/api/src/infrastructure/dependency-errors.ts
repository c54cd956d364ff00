import { DependencyUnavailableProblem } from '../problems/problem-details';

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01',
  '57P03',
]);

/** postgres.js failures that mean "the database cannot be reached", as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONNECTION_ERROR_CODES.has(code);
}

/** gRPC status codes of a Temporal frontend that cannot be reached or is overloaded. */
const UNAVAILABLE_GRPC_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

export function isTemporalUnavailable(error: unknown): boolean {
  const err = error as { name?: string; code?: unknown; cause?: { code?: unknown } } | null;
  if (!err) return false;
  const code = typeof err.code === 'number' ? err.code : err.cause?.code;
  if (typeof code === 'number' && UNAVAILABLE_GRPC_CODES.has(code)) return true;
  // Connection.lazy() reports a failed first connect as a plain error about the transport.
  return err.name === 'TransportError' || /connect|unavailable|deadline/i.test(String((error as Error).message ?? ''));
}

/** Runs a database read, turning "cannot connect" into a 503 that names PostgreSQL. */
export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDatabaseUnavailable(error))
      throw new DependencyUnavailableProblem('postgresql', 'the read model database cannot be reached; try again shortly');
    throw error;
  }
}
