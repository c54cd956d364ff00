/**
 * Runs SARP for a test file: the real worker and the real API (with its
 * projector) in this process, against the stack the global setup started.
 * Each harness gets its own task queue and projector group, so test files
 * cannot steal each other's work.
 */
import { randomBytes, randomUUID } from 'node:crypto';
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
  return loadConfig({
    TEMPORAL_ADDRESS: process.env.SARP_TEST_TEMPORAL_ADDRESS,
    KAFKA_BROKERS: process.env.SARP_TEST_KAFKA_BROKERS,
    DATABASE_URL: process.env.SARP_TEST_DATABASE_URL,
    SARP_TASK_QUEUE: `test-pathways-${unique}`,
    SARP_PROJECTOR_GROUP: `test-read-model-${unique}`,
    SARP_JWT_SECRET: randomBytes(32).toString('hex'),
    SARP_API_HOST: '127.0.0.1',
    SARP_API_PORT: '0',
    SARP_DB_MAX_CONNECTIONS: '4',
    // Tests poll and hammer on purpose; the rate limit has a test of its own.
    SARP_RATE_LIMIT_PER_MINUTE: '1000000',
    SARP_LOCAL_LOGIN: 'true',
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
