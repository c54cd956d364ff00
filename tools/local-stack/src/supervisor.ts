/**
 * Keeps SARP's own processes (the worker, the API) running for `npm start`:
 * one that dies is started again after a pause that doubles with each crash
 * in a row (1 s, 2 s, 4 s ... at most 30 s), and starts again from 1 s once a
 * run has lasted a minute. A crash of one part never takes the rest down;
 * only stop() ends a supervised process for good.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A run that lasted this long counts as healthy: the next crash waits initialMs again. */
  healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, healthyAfterMs: 60_000 };

/** The pause before restart number `crashesInARow` (1 for the first crash): pure, so it is tested alone. */
export function restartDelay(crashesInARow: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, crashesInARow - 1));
}

export interface SupervisedOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called with each line the process writes, and whether it came from stderr. */
  onLine: (line: string, fromStderr: boolean) => void;
  /** Told of each crash and restart, in words for the person at the terminal. */
  report: (message: string) => void;
  backoff?: BackoffPolicy;
  /** Gives up (and says so) after this many crashes in a row; default: never. */
  maxCrashesInARow?: number;
}

export interface Supervised {
  readonly name: string;
  /** How many times it was started again after a crash. */
  readonly restarts: number;
  /** The running process's pid, if one runs. */
  readonly pid: number | undefined;
  /** Ends the process (SIGTERM, SIGKILL after 15 s) and stops restarting it. */
  stop(): Promise<void>;
}

export function supervise(options: SupervisedOptions): Supervised {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stopped = false;
  let restarts = 0;
  let crashesInARow = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  const launch = (): void => {
    const startedAt = Date.now();
    const running = spawn(options.command, options.args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = running;
    forwardLines(running.stdout, (line) => options.onLine(line, false));
    forwardLines(running.stderr, (line) => options.onLine(line, true));
    exited = new Promise((resolve) => {
      running.on('exit', (code, signal) => {
        child = undefined;
        resolve();
        if (stopped) return;
        crashesInARow = Date.now() - startedAt >= backoff.healthyAfterMs ? 1 : crashesInARow + 1;
        const how = signal ? `killed by ${signal}` : `exit ${code}`;
        if (options.maxCrashesInARow !== undefined && crashesInARow > options.maxCrashesInARow) {
          options.report(`the ${options.name} stopped (${how}) ${crashesInARow} times in a row; not starting it again. See its output above.`);
          return;
        }
        const delay = restartDelay(crashesInARow, backoff);
        options.report(`the ${options.name} stopped unexpectedly (${how}); starting it again in ${delay / 1000} s (the rest keeps running)`);
        restartTimer = setTimeout(() => {
          restartTimer = undefined;
          if (stopped) return;
          restarts += 1;
          launch();
        }, delay);
      });
    });
  };
  launch();

  return {
    name: options.name,
    get restarts() {
      return restarts;
    },
    get pid() {
      return child?.pid;
    },
    async stop() {
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      const running = child;
      if (!running) return;
      running.kill('SIGTERM');
      const killTimer = setTimeout(() => running.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killTimer);
    },
  };
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let partial = '';
  stream?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}
