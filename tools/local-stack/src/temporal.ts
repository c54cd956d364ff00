import { Connection } from '@temporalio/client';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALHOST, assertPortFree } from './ports';
import { childEnv, findOnPath, isExecutable, runChecked, seconds, spawnLogged, waitUntil, type Log } from './processes';
import { localDir, type PartState } from './state';

/**
 * The newest Temporal CLI that `go install` accepts: releases from v1.6.0 on
 * carry a `replace` directive in go.mod, which `go install pkg@version` refuses.
 */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export type SearchAttributeType = 'Keyword' | 'Bool' | 'Int' | 'Double' | 'Datetime' | 'Text' | 'KeywordList';

export interface SearchAttribute {
  name: string;
  type: SearchAttributeType;
}

/** temporal.api.enums.v1.IndexedValueType, as the operator service speaks it. */
export const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
};

/** Where a Temporal CLI comes from: a binary we have, or Go to build one. */
export type TemporalSource = { bin: string } | { go: string } | { problem: string };

/**
 * Looks for the Temporal CLI in order: SARP_TEMPORAL_BIN or TEMPORAL_CLI,
 * `temporal` on PATH, the one built earlier into .local/tools/bin; failing
 * those, Go to build it. Cheap: nothing is built here.
 */
export function locateTemporal(projectRoot: string, env: NodeJS.ProcessEnv): TemporalSource {
  for (const name of ['SARP_TEMPORAL_BIN', 'TEMPORAL_CLI'] as const) {
    const given = env[name]?.trim();
    if (!given) continue;
    return isExecutable(given) ? { bin: given } : { problem: `Temporal: ${name}=${given} is not an executable file.` };
  }
  const onPath = findOnPath('temporal', env);
  if (onPath) return { bin: onPath };
  const built = builtTemporalPath(projectRoot);
  if (isExecutable(built)) return { bin: built };
  const go =
    findOnPath('go', env) ??
    [env.GOROOT && join(env.GOROOT, 'bin', 'go'), '/usr/local/go/bin/go'].find((file) => file && isExecutable(file));
  if (go) return { go };
  return {
    problem:
      'Temporal: no `temporal` CLI found and no Go to build it. Install Go 1.24+ (https://go.dev/dl/) so the ' +
      `stack can run \`go install ${TEMPORAL_CLI_MODULE}\` once, or set SARP_TEMPORAL_BIN to a temporal binary, ` +
      'or set TEMPORAL_ADDRESS to a running Temporal server.',
  };
}

function builtTemporalPath(projectRoot: string): string {
  return join(localDir(projectRoot), 'tools', 'bin', 'temporal');
}

/**
 * Returns the Temporal CLI, building it once with Go when there is none.
 * Built into a private folder and renamed into place, so two starts racing
 * (`npm start` while tests run) never see half a binary.
 */
export async function ensureTemporalBinary(source: TemporalSource, projectRoot: string, env: NodeJS.ProcessEnv, log: Log): Promise<string> {
  if ('bin' in source) return source.bin;
  if ('problem' in source) throw new Error(source.problem);
  const target = builtTemporalPath(projectRoot);
  const scratch = join(localDir(projectRoot), 'tools', `bin.tmp-${process.pid}`);
  log(`Building the Temporal CLI (${TEMPORAL_CLI_MODULE}) with Go: once per machine, a few minutes when Go's cache is cold...`);
  const started = Date.now();
  mkdirSync(scratch, { recursive: true });
  try {
    await runChecked('Building the Temporal CLI', source.go, ['install', TEMPORAL_CLI_MODULE], {
      cwd: projectRoot,
      env: { ...env, CGO_ENABLED: '0', GOBIN: scratch },
      timeoutMs: 30 * 60_000,
    });
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(join(scratch, 'temporal'), target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  log(`Built ${target} in ${seconds(started)}.`);
  return target;
}

export interface TemporalStartOptions {
  bin: string;
  stateDir: string;
  logFile: string;
  port: number;
  /** Web UI port; undefined runs headless. */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; undefined keeps them in memory. */
  dbFile?: string;
  namespace: string;
  searchAttributes: SearchAttribute[];
  detached: boolean;
  env: NodeJS.ProcessEnv;
  /** Called as soon as the process exists, so a failed start can still be cleaned up. */
  onSpawned: (part: PartState) => void;
}

/** Starts `temporal server start-dev` and waits until its frontend really answers gRPC. */
export async function startTemporal(options: TemporalStartOptions): Promise<PartState> {
  await assertPortFree(options.port, 'Temporal', 'SARP_TEMPORAL_PORT');
  if (options.uiPort !== undefined) await assertPortFree(options.uiPort, 'The Temporal Web UI', 'SARP_TEMPORAL_UI_PORT');
  const address = `${LOCALHOST}:${options.port}`;
  const pid = spawnLogged(options.bin, temporalArgs(options), {
    cwd: options.stateDir,
    env: childEnv(options.env),
    logFile: options.logFile,
    detached: options.detached,
  });
  const part: PartState = {
    name: 'temporal',
    external: false,
    address,
    pid,
    port: options.port,
    logFile: options.logFile,
    detached: options.detached,
    markers: ['start-dev', `--port ${options.port}`],
    ...(options.uiPort !== undefined ? { uiUrl: `http://${LOCALHOST}:${options.uiPort}` } : {}),
  };
  options.onSpawned(part);
  await waitForTemporal(address, { pid, logFile: options.logFile });
  return part;
}

function temporalArgs(options: TemporalStartOptions): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    LOCALHOST,
    '--port',
    String(options.port),
    ...(options.uiPort !== undefined ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    '--namespace',
    options.namespace,
    '--log-level',
    'warn',
    // A worker that schedules an activity on its own task queue may run it at once, without a round trip
    // through matching (eager activity execution, off by default on the server): the pathway's publish of
    // its events to Kafka starts sooner. On a real cluster, the same dynamic-config key (README).
    '--dynamic-config-value',
    'system.enableActivityEagerExecution=true',
    // Registers them when the namespace is first created; a persisted db ignores them (see ensureSearchAttributes).
    ...options.searchAttributes.flatMap((attribute) => ['--search-attribute', `${attribute.name}=${attribute.type}`]),
  ];
}

/** Polls a real gRPC round trip (GetSystemInfo), not a log line or an open port. */
export async function waitForTemporal(address: string, options: { pid?: number; logFile?: string; timeoutMs?: number }): Promise<void> {
  await waitUntil(() => temporalAnswers(address), {
    what: `Temporal at ${address}`,
    timeoutMs: options.timeoutMs ?? 90_000,
    intervalMs: 300,
    ...(options.pid !== undefined ? { pid: options.pid } : {}),
    ...(options.logFile ? { logFile: options.logFile } : {}),
  });
}

async function temporalAnswers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: '2s' });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

/**
 * Makes sure the namespace has every search attribute the workflows use.
 * `start-dev --search-attribute` only acts when it creates the namespace, so
 * after a restart on a persisted SQLite file (or against an external server)
 * new attributes are added here through the operator service. A name that is
 * registered with another type cannot be fixed in place: that is an error.
 */
export async function ensureSearchAttributes(address: string, namespace: string, wanted: SearchAttribute[], log: Log): Promise<void> {
  if (wanted.length === 0) return;
  const connection = await Connection.connect({ address, connectTimeout: '5s' });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const registered = customAttributes ?? {};
    const conflicts = wanted.filter((a) => a.name in registered && Number(registered[a.name]) !== INDEXED_VALUE_TYPE[a.type]);
    if (conflicts.length > 0) {
      throw new Error(
        `Temporal namespace "${namespace}" at ${address} already has search attribute(s) ${conflicts.map((a) => a.name).join(', ')} ` +
          'with another type than the code declares. For the dev stack, delete .local/data/dev/temporal.sqlite ' +
          '(this drops local workflow history) or rename the attribute.',
      );
    }
    const missing = wanted.filter((a) => !(a.name in registered));
    if (missing.length === 0) return;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((a) => [a.name, INDEXED_VALUE_TYPE[a.type]])),
    });
    log(`Registered Temporal search attribute(s) ${missing.map((a) => `${a.name}=${a.type}`).join(', ')} in namespace ${namespace}.`);
  } finally {
    await connection.close();
  }
}
