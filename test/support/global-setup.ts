/**
 * Starts a throw-away local stack (real Temporal dev server, Kafka broker and
 * PostgreSQL on free ports, data in a temp folder) for the integration
 * tests, and migrates the database. Test files find it through the
 * SARP_TEST_* environment variables set here (workers inherit them):
 * SARP_TEST_DATABASE_URL is the tables' owner, SARP_TEST_APP_DATABASE_URL the
 * apps' login in role sarp_app.
 */
import { randomBytes } from 'node:crypto';
import { PATHWAY_SEARCH_ATTRIBUTES } from '@sarp/config';
import { ensureAppLogin, migrateDatabase } from '@sarp/db';
import { startLocalStack } from '@sarp/local-stack';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const stack = await startLocalStack({
    profile: 'test',
    projectRoot: process.cwd(),
    searchAttributes: [...PATHWAY_SEARCH_ATTRIBUTES],
    log: (message) => process.stderr.write(`[test stack] ${message}\n`),
  });
  process.env.SARP_TEST_STACK_DIR = stack.stateDir;
  process.env.SARP_TEST_TEMPORAL_ADDRESS = stack.temporalAddress;
  process.env.SARP_TEST_KAFKA_BROKERS = stack.kafkaBrokers.join(',');
  process.env.SARP_TEST_DATABASE_URL = stack.databaseUrl;
  process.env.SARP_TEST_AUDIT_KEYS = `test-run:${randomBytes(32).toString('base64')}`;
  await migrateDatabase(stack.databaseUrl);
  // The apps under test connect as a login in role sarp_app, as a deployment's do: they may only insert into the
  // event log and the access log. SARP_TEST_DATABASE_URL stays the owner's (migrations, rebuilds, tests' own DDL).
  process.env.SARP_TEST_APP_DATABASE_URL = await ensureAppLogin(stack.databaseUrl);
  process.stderr.write(`[test stack] ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
