/**
 * Limits on the read model's connections (issue 16), against the real PostgreSQL: the pool runs every
 * statement under the configured `statement_timeout`, the rebuild's pool under none, and a statement
 * stopped by it is answered as a 503 naming PostgreSQL, not a 500.
 */
import { createSql, type Sql } from '@sarp/db';
import { withDatabase } from '../apps/api/src/infrastructure/dependency-errors';
import { DependencyUnavailableProblem } from '../apps/api/src/problems/problem-details';
import { isolatedTestConfig } from './support/sarp-harness';

const pools: Sql[] = [];
let url = '';

beforeAll(async () => {
  const config = await isolatedTestConfig('read_model_limits');
  url = config.database.url;
  expect(config.database.statementTimeoutMs).toBe(30_000);
}, 120_000);

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

function pool(statementTimeoutMs: number): Sql {
  const sql = createSql({ url, maxConnections: 1, statementTimeoutMs });
  pools.push(sql);
  return sql;
}

it('runs the API pool under the configured statement timeout, and a rebuild pool (0) under none', async () => {
  const [limited] = await pool(30_000)<{ statement_timeout: string }[]>`SHOW statement_timeout`;
  expect(limited?.statement_timeout).toBe('30s');
  const [unlimited] = await pool(0)<{ statement_timeout: string }[]>`SHOW statement_timeout`;
  expect(unlimited?.statement_timeout).toBe('0');
});

it('answers a statement stopped by the timeout as PostgreSQL unavailable (503), saying why', async () => {
  // The server's own cancellation, raised at once: the same error a statement over the timeout gets.
  const sql = pool(30_000);
  const stopped = withDatabase(
    () => sql`DO $$ BEGIN RAISE EXCEPTION 'canceling statement due to statement timeout' USING ERRCODE = 'query_canceled'; END $$`,
  );
  await expect(stopped).rejects.toBeInstanceOf(DependencyUnavailableProblem);
  await expect(stopped).rejects.toMatchObject({ message: expect.stringMatching(/took too long/) });
});
