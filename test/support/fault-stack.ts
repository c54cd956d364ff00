/**
 * A SARP of its own for the fault-injection suite: a persistent local stack
 * (Temporal with its SQLite file, Kafka and PostgreSQL with their data) in a
 * temp folder, and the worker and the API as separate, supervised processes,
 * as `npm start` runs them. Each part can be paused, killed or restarted
 * while commands flow; the stack the other test files share is never touched.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { issueLocalToken } from '@sarp/api';
import { loadConfig, PATHWAY_SEARCH_ATTRIBUTES, type SarpConfig } from '@sarp/config';
import { ensureAppLogin } from '@sarp/db';
import {
  freePorts,
  localStackParts,
  startLocalStack,
  stopLocalStack,
  stopLocalStackPart,
  supervise,
  type LocalStack,
  type PartName,
  type Supervised,
} from '@sarp/local-stack';
import type { Role, Team } from '@sarp/events';
import { waitFor } from './wait-for';

const ROOT = resolve(__dirname, '../..');

export interface FaultStack {
  config: SarpConfig;
  baseUrl: string;
  tokenFor(userId: string, role: Exclude<Role, 'system'>, team?: Team): Promise<string>;
  /** SIGSTOP / SIGCONT: the process stays, answers nothing (a stalled broker, a frozen VM). */
  pause(part: PartName): void;
  resume(part: PartName): void;
  /** SIGKILL: gone at once, no clean-up. */
  kill(part: PartName): void;
  /** Stops it the way an operator would (PostgreSQL: pg_ctl stop -m fast). */
  stop(part: PartName): Promise<void>;
  /** Starts the parts that are not running again, on the same ports, with their data. */
  startAgain(): Promise<void>;
  /** SIGKILL to the worker or the API; the supervisor starts it again after a second. */
  killApp(app: 'worker' | 'api'): void;
  /** Replaces the supervised API by one more run with extra settings (e.g. a fault point), then the usual one. */
  runApiOnceWith(env: Record<string, string>): Promise<{ exit: Promise<void> }>;
  /** The running worker's and API's process ids (for memory readings). */
  pids(): { worker: number | undefined; api: number | undefined };
  /** How many times the supervisor started each app again. */
  restarts(): { worker: number; api: number };
  close(): Promise<void>;
}

export async function startFaultStack(
  log: (message: string) => void = () => undefined,
  /** Extra settings for the worker and the API (e.g. NODE_OPTIONS for a heap cap). */
  appSettings: Record<string, string> = {},
): Promise<FaultStack> {
  const stateDir = mkdtempSync(join(tmpdir(), 'sarp-fault-stack-'));
  const [temporal, temporalUi, kafka, kafkaController, postgres, api] = await freePorts(6);
  const stackEnv: NodeJS.ProcessEnv = {
    ...process.env,
    // Our own parts only, never a developer's external services.
    TEMPORAL_ADDRESS: '',
    KAFKA_BROKERS: '',
    DATABASE_URL: '',
    SARP_TEMPORAL_PORT: String(temporal),
    SARP_TEMPORAL_UI_PORT: String(temporalUi),
    SARP_KAFKA_PORT: String(kafka),
    SARP_KAFKA_CONTROLLER_PORT: String(kafkaController),
    SARP_POSTGRES_PORT: String(postgres),
  };
  const bringUp = (): Promise<LocalStack> =>
    startLocalStack({
      profile: 'dev',
      stateDir,
      projectRoot: ROOT,
      env: stackEnv,
      searchAttributes: [...PATHWAY_SEARCH_ATTRIBUTES],
      // Attached: its watchdog stops it should this test process die.
      detach: false,
      log: (message) => log(`[fault stack] ${message}`),
    });
  const stack = await bringUp().catch((error: unknown) => {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  });
  try {
    return await runSarpOn(stack, stateDir, stackEnv, bringUp, api!, log, appSettings);
  } catch (error) {
    await stopLocalStack(stateDir, { log: () => undefined, env: stackEnv });
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
}

/** Migrates, starts the supervised worker and API on the stack, and hands out the controls. */
async function runSarpOn(
  stack: LocalStack,
  stateDir: string,
  stackEnv: NodeJS.ProcessEnv,
  bringUp: () => Promise<LocalStack>,
  api: number,
  log: (message: string) => void,
  appSettings: Record<string, string>,
): Promise<FaultStack> {
  // node-pg-migrate is an ES module that cannot load inside Jest's sandbox: migrate as the deploying engineer would.
  await promisify(execFile)(process.execPath, [resolve(ROOT, 'libs/db/dist/cli/migrate.js')], {
    env: { ...process.env, DATABASE_URL: stack.databaseUrl },
  });
  // The apps connect as a login in role sarp_app, as npm start's do.
  const appDatabaseUrl = await ensureAppLogin(stack.databaseUrl);

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    TEMPORAL_ADDRESS: stack.temporalAddress,
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    DATABASE_URL: appDatabaseUrl,
    SARP_MIGRATION_DATABASE_URL: stack.databaseUrl,
    SARP_JWT_SECRET: randomBytes(32).toString('hex'),
    SARP_API_HOST: '127.0.0.1',
    SARP_API_PORT: String(api),
    SARP_RATE_LIMIT_PER_MINUTE: '1000000',
    SARP_DB_MAX_CONNECTIONS: '4',
    ...appSettings,
  };
  const config = loadConfig(appEnv);
  const baseUrl = `http://127.0.0.1:${api}`;

  const runApp = (app: 'worker' | 'api', extra: Record<string, string> = {}): Supervised =>
    supervise({
      name: app,
      command: process.execPath,
      args: [resolve(ROOT, `apps/${app}/dist/main.js`)],
      cwd: ROOT,
      env: { ...appEnv, ...extra },
      onLine: (line) => log(`[${app}] ${line}`),
      report: (message) => log(`[supervisor] ${message}`),
      // Quick restarts: the suite kills on purpose.
      backoff: { initialMs: 500, maxMs: 4_000, healthyAfterMs: 30_000 },
    });
  const apps = { worker: runApp('worker'), api: runApp('api') };
  const restartCounts = { worker: 0, api: 0 };
  await waitForApi(baseUrl);

  const pidOf = (part: PartName): number => {
    const pid = localStackParts(stateDir)[part]?.pid;
    if (!pid) throw new Error(`no ${part} process recorded in ${stateDir}`);
    return pid;
  };
  const signal = (part: PartName, name: NodeJS.Signals): void => {
    process.kill(pidOf(part), name);
  };

  return {
    config,
    baseUrl,
    tokenFor: (userId, role, team) =>
      issueLocalToken(
        { userId, role, team: team ?? null },
        { secret: config.auth.jwtSecret ?? '', issuer: config.auth.issuer, audience: config.auth.audience, expiresIn: '1h' },
      ),
    pause: (part) => signal(part, 'SIGSTOP'),
    resume: (part) => signal(part, 'SIGCONT'),
    kill: (part) => signal(part, 'SIGKILL'),
    stop: (part) => stopLocalStackPart(stateDir, part, stackEnv),
    async startAgain() {
      await bringUp();
    },
    killApp(app) {
      const pid = apps[app].pid;
      if (!pid) throw new Error(`the ${app} is not running`);
      process.kill(pid, 'SIGKILL');
    },
    async runApiOnceWith(env) {
      restartCounts.api += apps.api.restarts;
      await apps.api.stop();
      const once = runApp('api', env);
      const exit = waitFor(() => Promise.resolve(once.restarts > 0 ? true : undefined), { what: 'the API to die at its fault point' }).then(
        async () => {
          await once.stop();
          apps.api = runApp('api');
          await waitForApi(baseUrl);
        },
      );
      return { exit };
    },
    pids: () => ({ worker: apps.worker.pid, api: apps.api.pid }),
    restarts: () => ({ worker: restartCounts.worker + apps.worker.restarts, api: restartCounts.api + apps.api.restarts }),
    async close() {
      await Promise.all([apps.api.stop(), apps.worker.stop()]);
      for (const part of ['temporal', 'kafka', 'postgres'] as const) {
        try {
          signal(part, 'SIGCONT');
        } catch {
          // Not running: nothing to wake.
        }
      }
      await stopLocalStack(stateDir, { log: () => undefined, env: stackEnv });
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Until /health answers 200 (every part up) or at least the API answers (an outage test may start with one down). */
async function waitForApi(baseUrl: string): Promise<void> {
  await waitFor(
    async () => {
      try {
        return (await fetch(`${baseUrl}/health`)).status === 200 ? true : undefined;
      } catch {
        return undefined;
      }
    },
    { what: 'the API to answer /health with 200', timeoutMs: 90_000 },
  );
}
