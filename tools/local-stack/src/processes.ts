import { spawn } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where the tool's own progress messages go (never personal data, only parts, ports and timings). */
export type Log = (message: string) => void;

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended to this file; nothing is piped back to us. */
  logFile: string;
  /**
   * true: the child gets its own session, so it outlives us and a Ctrl-C in
   * our terminal does not reach it (the dev stack). false: it stays in our
   * process group and dies with a Ctrl-C like any child (the test stack).
   */
  detached: boolean;
}

/**
 * Starts a long-running part with its output in a log file and returns its
 * pid. The child is unref'd in both modes: its lifetime is managed by pid
 * (stopLocalStack), never by our event loop.
 */
export function spawnLogged(command: string, args: string[], options: SpawnOptions): number {
  rotateIfLarge(options.logFile);
  const fd = openSync(options.logFile, 'a');
  try {
    writeSync(fd, `\n=== ${new Date().toISOString()} starting ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: options.detached,
      stdio: ['ignore', fd, fd],
    });
    // spawn reports a missing executable asynchronously; the readiness check notices the dead pid.
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Keeps a persistent dev log from growing without bound: one previous generation is kept. */
function rotateIfLarge(file: string, maxBytes = 20 * 1024 * 1024): void {
  try {
    if (statSync(file).size > maxBytes) renameSync(file, `${file}.1`);
  } catch {
    // no log yet
  }
}

export interface CommandResult {
  code: number | null;
  output: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** See {@link SpawnOptions.detached}: pg_ctl's server must not share our terminal's Ctrl-C. */
  detached?: boolean;
  timeoutMs?: number;
}

/** Runs a short command to completion, capturing stdout and stderr together (for error messages). */
export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: options.detached ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const append = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-64 * 1024);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            output += `\n(timed out after ${Math.round(options.timeoutMs! / 1000)} s)`;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.once('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Like {@link runCommand} but throws, with the command's own output, when it fails. */
export async function runChecked(what: string, command: string, args: string[], options: RunOptions = {}): Promise<string> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${what} failed (exit ${result.code}): ${command} ${args.join(' ')}\n${lastLines(result.output, 30)}`);
  }
  return result.output;
}

/**
 * True when the pid is a live process. A zombie counts as dead: in a container
 * whose pid 1 does not reap orphans, a stopped part would otherwise look alive forever.
 */
export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

/** The process's command line, to make sure a recorded pid still belongs to our part and not to a recycled pid. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** True when the pid is alive and its command line contains every marker. */
export function isOurProcess(pid: number | undefined, markers: string[]): boolean {
  if (pid === undefined || !isAlive(pid)) return false;
  const cmdline = commandLine(pid);
  return cmdline === undefined || markers.every((marker) => cmdline.includes(marker));
}

/**
 * Stops a process: SIGTERM (each part shuts down cleanly on it), then SIGKILL
 * if it is still there after the timeout. Resolves once the pid is gone.
 */
export async function terminate(pid: number | undefined, timeoutMs: number): Promise<void> {
  if (pid === undefined || !isAlive(pid)) return;
  signal(pid, 'SIGTERM');
  if (await waitUntilDead(pid, timeoutMs)) return;
  signal(pid, 'SIGKILL');
  await waitUntilDead(pid, 5000);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Polls until the pid is gone; false on timeout. */
export async function waitUntilDead(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface WaitOptions {
  /** Names what we wait for, in the timeout message. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** The process that should become ready: if it dies we stop waiting at once. */
  pid?: number;
  /** Named in the error, with its last lines, so the cause is one glance away. */
  logFile?: string;
}

/**
 * Polls a readiness probe (a real request to the part, never a fixed sleep)
 * until it returns true. Fails early when the process dies, and on timeout
 * with the tail of the part's log.
 */
export async function waitUntil(probe: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (options.pid !== undefined && !isAlive(options.pid)) {
      throw new Error(`${options.what}: the process (pid ${options.pid}) exited before it was ready.${logHint(options.logFile)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`${options.what}: not ready after ${Math.round(options.timeoutMs / 1000)} s.${logHint(options.logFile)}`);
    }
    await sleep(options.intervalMs ?? 250);
  }
}

function logHint(logFile: string | undefined): string {
  if (!logFile) return '';
  return ` See ${logFile}; its last lines:\n${lastLines(readText(logFile), 15)}`;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Finds an executable on PATH (like `which`), resolving symlinks so sibling tools can be found next to it. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return realpathSync(candidate);
  }
  return undefined;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Seconds with one decimal, for timing messages. */
export function seconds(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)} s`;
}

/**
 * A copy of the environment for a child part without our client settings:
 * the Temporal CLI reads TEMPORAL_* itself, libpq reads PG*, and neither
 * should be steered by a developer's settings meant for the apps.
 */
export function childEnv(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (/^(TEMPORAL_|PG|KAFKA_|DATABASE_URL$)/.test(key)) continue;
    copy[key] = value;
  }
  return { ...copy, ...extra };
}
