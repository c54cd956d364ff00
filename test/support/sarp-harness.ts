/**
 * Runs SARP for a test file: the real worker and the real API (with its
 * projector) in this process, against the stack the global setup started.
 * Each harness gets its own task queue and projector group, so test files
 * cannot steal each other's work.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createSql } from '@sarp/db';
import type { AddressInfo } from 'node:net';
import { createApiApp, issueLocalToken, type PathwayProjector } from '@sarp/api';
import { loadConfig, type SarpConfig } from '@sarp/config';
import type { Role, Team } from '@sarp/events';
import { createPathwayWorker } from '@sarp/worker';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface SarpHarness {
  config: SarpConfig;
  baseUrl: string;
  app: NestFastifyApplication;
  projector: PathwayProjector;
  /** A token for a user in a role, and in a team when given (need-to-know). */
  tokenFor(userId: string, role: Exclude<Role, 'system'>, team?: Team): Promise<string>;
  /** Stops the worker and starts a new one, as a deployment or a crash would. */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

/** Configuration pointing at the test stack, with overrides for a test's needs. */
export function testConfig(overrides: Record<string, string> = {}): SarpConfig {
  const required = ['SARP_TEST_TEMPORAL_ADDRESS', 'SARP_TEST_KAFKA_BROKERS', 'SARP_TEST_DATABASE_URL'] as const;
  for (const name of required) {
    if (!process.env[name]) throw new Error(`${name} is not set: run integration tests through jest, whose global setup starts the stack`);
  }
  const unique = randomUUID().slice(0, 8);
  // The apps connect as the app login (role sarp_app); migrations and rebuilds as the owner, on the same database.
  const databaseUrl = overrides.DATABASE_URL ?? process.env.SARP_TEST_APP_DATABASE_URL ?? process.env.SARP_TEST_DATABASE_URL;
  return loadConfig({
    TEMPORAL_ADDRESS: process.env.SARP_TEST_TEMPORAL_ADDRESS,
    KAFKA_BROKERS: process.env.SARP_TEST_KAFKA_BROKERS,
    DATABASE_URL: databaseUrl,
    SARP_MIGRATION_DATABASE_URL: ownerUrlOf(databaseUrl ?? ''),
    SARP_TASK_QUEUE: `test-pathways-${unique}`,
    SARP_PROJECTOR_GROUP: `test-read-model-${unique}`,
    SARP_JWT_SECRET: randomBytes(32).toString('hex'),
    SARP_API_HOST: '127.0.0.1',
    SARP_API_PORT: '0',
    SARP_DB_MAX_CONNECTIONS: '4',
    // Tests poll and hammer on purpose; the rate limit has a test of its own.
    SARP_RATE_LIMIT_PER_MINUTE: '1000000',
    SARP_LOCAL_LOGIN: 'true',
    // One audit key for the whole run (the global setup's): pathways are projected by whichever harness reads them first.
    ...(process.env.SARP_TEST_AUDIT_KEYS ? { SARP_AUDIT_KEYS: process.env.SARP_TEST_AUDIT_KEYS } : {}),
    SARP_AUDIT_CHECKPOINTS_TOPIC: `test-audit-checkpoints-${unique}`,
    // Tests take checkpoints when they need one (AuditCheckpoints.takeCheckpoint).
    SARP_AUDIT_CHECKPOINT_INTERVAL_MS: '0',
    ...overrides,
  });
}

/** The tables' owner (the test stack's own login) on the database `url` names. */
export function ownerUrlOf(url: string): string {
  const owner = new URL(process.env.SARP_TEST_DATABASE_URL ?? '');
  owner.pathname = new URL(url).pathname;
  return owner.toString();
}

/**
 * Configuration with a database and event topics of its own, migrated: for
 * tests whose assertions count everything in the read model (the figures,
 * the waiting lists, the vacancies), which other test files' pathways in the
 * shared database would otherwise join.
 */
export async function isolatedTestConfig(prefix: string, overrides: Record<string, string> = {}): Promise<SarpConfig> {
  const unique = `${prefix}_${randomUUID().slice(0, 8)}`;
  const admin = createSql({ url: process.env.SARP_TEST_DATABASE_URL ?? '', maxConnections: 1 });
  await admin`CREATE DATABASE ${admin(unique)}`;
  await admin.end();
  const url = new URL(process.env.SARP_TEST_APP_DATABASE_URL ?? process.env.SARP_TEST_DATABASE_URL ?? '');
  url.pathname = `/${unique}`;
  const settings = { DATABASE_URL: url.toString(), KAFKA_BROKERS: process.env.SARP_TEST_KAFKA_BROKERS ?? '' };
  // node-pg-migrate is an ES module that cannot load inside Jest's sandbox: migrate as the deploying engineer would.
  await promisify(execFile)(process.execPath, [resolve(__dirname, '../../libs/db/dist/cli/migrate.js')], {
    env: { ...process.env, ...settings, SARP_MIGRATION_DATABASE_URL: ownerUrlOf(settings.DATABASE_URL) },
  });
  return testConfig({
    ...settings,
    SARP_PATHWAY_EVENTS_TOPIC: `test-events-${unique}`,
    SARP_PATHWAY_EVENTS_DLQ_TOPIC: `test-events-dlq-${unique}`,
    SARP_REFUSED_COMMANDS_TOPIC: `test-refused-${unique}`,
    ...overrides,
  });
}

/** Keep the worker's INFO chatter (bundling, state changes) out of test output; warnings still show. */
function quietTemporalLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier test file in this process: nothing to do.
  }
}

export async function startSarp(
  options: { config?: SarpConfig; worker?: boolean; /** The API's logger; silent by default. */ logger?: LoggerService } = {},
): Promise<SarpHarness> {
  quietTemporalLogs();
  const config = options.config ?? testConfig();
  let pathwayWorker = options.worker === false ? undefined : await createPathwayWorker(config);
  let workerRun = pathwayWorker?.worker.run();
  const stopWorker = async () => {
    if (!pathwayWorker) return;
    pathwayWorker.worker.shutdown();
    await workerRun;
    await pathwayWorker.close();
  };

  const app = await createApiApp(config, { logger: options.logger ?? false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const { PathwayProjector: ProjectorClass } = await import('@sarp/api');

  return {
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    projector: app.get(ProjectorClass),
    tokenFor: (userId, role, team) =>
      issueLocalToken(
        { userId, role, team: team ?? null },
        { secret: config.auth.jwtSecret ?? '', issuer: config.auth.issuer, audience: config.auth.audience, expiresIn: '1h' },
      ),
    async restartWorker() {
      await stopWorker();
      pathwayWorker = await createPathwayWorker(config);
      workerRun = pathwayWorker.worker.run();
    },
    async close() {
      await app.close();
      await stopWorker();
    },
  };
}
