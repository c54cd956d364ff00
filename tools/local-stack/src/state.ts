import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isAlive, sleep } from './processes';

export type StackProfile = 'dev' | 'test';
export type PartName = 'temporal' | 'kafka' | 'postgres';

/** What the stack knows about one running part; enough for `status` and `stop` from another process. */
export interface PartState {
  name: PartName;
  /** Given by TEMPORAL_ADDRESS / KAFKA_BROKERS / DATABASE_URL: not ours to start or stop. */
  external: boolean;
  /** For Temporal and Kafka host:port, for PostgreSQL the connection URL. */
  address: string;
  pid?: number;
  port?: number;
  logFile?: string;
  /** Whether the process has its own session (see SpawnOptions.detached). */
  detached?: boolean;
  /** Substrings of the process command line that prove a recorded pid is still ours. */
  markers?: string[];
  /** Temporal only: the Web UI, when not headless. */
  uiUrl?: string;
  /** Kafka only: the controller listener's port. */
  controllerPort?: number;
  /** PostgreSQL only: what `pg_ctl stop` needs. */
  pgBin?: string;
  pgDataDir?: string;
  pgRunAs?: string;
}

/** The state file `<stateDir>/stack.json`, written as parts come up so a failed start can still be stopped. */
export interface StackState {
  version: 1;
  profile: StackProfile;
  stateDir: string;
  /** When the last `start` ran (parts it reused may be older). */
  startedAt: string;
  /** The process that owns an attached (test) stack; the watchdog stops the stack when it dies. */
  ownerPid?: number;
  watchdogPid?: number;
  parts: Partial<Record<PartName, PartState>>;
}

export const STATE_FILE = 'stack.json';
/** Test stacks live in the temp dir under this prefix, so `status`/`stop --profile test` can find leftovers. */
export const TEST_DIR_PREFIX = 'sarp-stack-test-';

/**
 * The monorepo root: the nearest package.json with workspaces above this
 * file. Works from src/ (Jest with swc) and from dist/ (the CLI) alike.
 */
export function findProjectRoot(start = __dirname): string {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // unreadable package.json: keep looking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** `.local/`: git-ignored home of the built tools and the dev data. */
export function localDir(projectRoot: string): string {
  return join(projectRoot, '.local');
}

export function devStateDir(projectRoot: string): string {
  return join(localDir(projectRoot), 'data', 'dev');
}

export function testStateDirs(): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith(TEST_DIR_PREFIX))
    .map((name) => join(tmpdir(), name))
    .filter((dir) => existsSync(join(dir, STATE_FILE)));
}

export function logsDir(stateDir: string): string {
  return join(stateDir, 'logs');
}

export function readState(stateDir: string): StackState | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDir, STATE_FILE), 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

/**
 * Written atomically (temp file + rename) so a concurrent `status` never
 * reads half a file; private, as an external DATABASE_URL may hold a password.
 */
export function writeState(state: StackState): void {
  mkdirSync(state.stateDir, { recursive: true });
  const file = join(state.stateDir, STATE_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function removeState(stateDir: string): void {
  rmSync(join(stateDir, STATE_FILE), { force: true });
}

/**
 * A lock file around start and stop of one state dir: two `npm start`s at
 * once would otherwise both find the dev stack down and start it twice.
 * Waits for a live holder; takes over from a dead one.
 */
export async function withLock<T>(stateDir: string, timeoutMs: number, action: () => Promise<T>): Promise<T> {
  mkdirSync(stateDir, { recursive: true });
  const lock = join(stateDir, 'stack.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8').trim());
      if (!isAlive(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`another local-stack command (pid ${holder}) is working on ${stateDir}; try again when it is done`);
      }
      await sleep(250);
    }
  }
  try {
    return await action();
  } finally {
    rmSync(lock, { force: true });
  }
}
