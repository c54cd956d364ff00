/**
 * Temporal's time-skipping test server (io.temporal.testserver.TestServer,
 * part of the Java SDK) for workflow tests that wait months or years of
 * workflow time in seconds. @temporalio/testing's createTimeSkipping would
 * download a native build of it from Temporal's site; here its jars come from
 * Maven Central (tools/temporal-test-server/pom.xml) instead and a small
 * launcher script runs them, which the SDK starts as an `existing-path`
 * executable:
 *
 *   const server = await ensureTemporalTestServer();
 *   TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: server.launcher } } });
 *
 * or, with a retry of a slow JVM start and a helpful error,
 * startWithTemporalTestServer((launcher) => TestWorkflowEnvironment.createTimeSkipping(...)).
 *
 * The SDK (sdk-core's ephemeral_server) picks a free port, runs
 * `<launcher> <port>`, connects every 100 ms for at most 5 s, and on teardown
 * kills the process it started: the launcher `exec`s Java, so that is the JVM.
 * No `--enable-time-skipping`: the server then starts with time skipping
 * locked, which is what the SDK expects (it unlocks it while a workflow
 * result is awaited and in env.sleep()).
 *
 * This module does not depend on @temporalio/testing; the caller brings it.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Connection } from '@temporalio/client';
import { ensureMavenLibs, locateJava, locateMaven, mavenLibsReady, type MavenLibs } from './kafka';
import { lastLines, seconds, type Log } from './processes';
import { findProjectRoot, localDir } from './state';
import { INDEXED_VALUE_TYPE, type SearchAttribute } from './temporal';

const TEST_SERVER: MavenLibs = {
  part: "Temporal's time-skipping test server (workflow tests)",
  pom: join('tools', 'temporal-test-server', 'pom.xml'),
  libs: join('temporal-test-server', 'libs'),
  what: "the Temporal test server's jars",
};

const MAIN_CLASS = 'io.temporal.testserver.TestServer';

/**
 * Start-up flags: the SDK gives the server 5 s to answer. A plain JVM answers
 * in about 0.5 s on the project's 2-core machine; C1 only, the serial GC and
 * class data sharing keep it well inside the limit when the machine is busy.
 * The marker property makes the JVM recognisable in `ps`.
 */
const JVM_FLAGS = [
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-Xshare:auto',
  '-Xms32m',
  '-Xmx512m',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
  '-Dsarp.temporal-test-server=1',
];

/** Everything a caller needs to run the test server. */
export interface TemporalTestServer {
  /** The executable for @temporalio/testing's `server.executable: { type: 'existing-path', path }`. */
  launcher: string;
  /** The resolved jars (the classpath is `<libsDir>/*`). */
  libsDir: string;
  java: string;
  /** The servers' stdout and stderr (appended, one `===` header line per start). */
  logFile: string;
}

export interface TemporalTestServerOptions {
  /** The monorepo root; found from this package's location when omitted. */
  projectRoot?: string;
  /** JAVA_HOME and MAVEN_HOME (else java and mvn on PATH) are read here (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Progress messages (only when the jars are resolved, once). Default: stderr. */
  log?: Log;
}

/** The machine lacks Java (or Maven, before the jars are resolved), or the server did not start; the message says what to do. */
export class TemporalTestServerError extends Error {
  override readonly name = 'TemporalTestServerError';
}

const defaultLog: Log = (message) => process.stderr.write(`[temporal-test-server] ${message}\n`);

/**
 * Resolves the test server's jars once (Maven, pom hash as marker, like
 * Kafka's) and (re)writes the launcher script when it is missing or stale.
 * Cheap when both are in place (a hash of the pom and a read of the script).
 */
export async function ensureTemporalTestServer(options: TemporalTestServerOptions = {}): Promise<TemporalTestServer> {
  const projectRoot = options.projectRoot ?? findProjectRoot();
  const env = options.env ?? process.env;
  const log = options.log ?? defaultLog;
  const problems: string[] = [];
  const java = locateJava(env, TEST_SERVER);
  if ('problem' in java) problems.push(java.problem);
  if (!mavenLibsReady(projectRoot, TEST_SERVER)) {
    const maven = locateMaven(env, TEST_SERVER);
    if ('problem' in maven) problems.push(maven.problem);
  }
  if ('problem' in java || problems.length > 0) {
    throw new TemporalTestServerError(`The time-skipping test server cannot start:\n- ${problems.join('\n- ')}`);
  }
  const libsDir = await ensureMavenLibs(projectRoot, TEST_SERVER, env, log);
  const toolDir = dirname(libsDir);
  const logFile = join(localDir(projectRoot), 'data', 'temporal-test-server', 'test-server.log');
  mkdirSync(dirname(logFile), { recursive: true });
  rotateIfLarge(logFile);
  const launcher = join(toolDir, 'temporal-test-server');
  writeIfChanged(launcher, launcherScript({ java: java.java, libsDir, logFile }));
  return { launcher, libsDir, java: java.java, logFile };
}

/**
 * Runs `start` (which should start the server through the SDK with the
 * launcher, e.g. TestWorkflowEnvironment.createTimeSkipping) and returns its
 * result. A start that missed the SDK's 5-second limit without printing
 * anything (a JVM slowed by a busy machine) is tried once more; any other
 * failure names Java, the jars and the log, and shows what the server printed.
 */
export async function startWithTemporalTestServer<T>(
  start: (launcher: string) => Promise<T>,
  options: TemporalTestServerOptions = {},
): Promise<T> {
  const server = await ensureTemporalTestServer(options);
  const log = options.log ?? defaultLog;
  for (let attempt = 1; ; attempt += 1) {
    const logOffset = fileSize(server.logFile);
    const started = Date.now();
    try {
      return await start(server.launcher);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const printed = readFrom(server.logFile, logOffset);
      // A JVM that printed nothing was merely slow; one that printed something failed (bad Java, broken jars).
      const saidSomething = printed.split('\n').some((line) => line.trim() !== '' && !line.startsWith('==='));
      if (attempt === 1 && /did not start within/i.test(message) && !saidSomething) {
        log(`The test server did not answer within the SDK's 5 s (${seconds(started)}); trying once more.`);
        continue;
      }
      throw new TemporalTestServerError(
        `The time-skipping test server did not start (launcher ${server.launcher}, Java ${server.java}): ${message}\n` +
          `It needs Java 17+ (JAVA_HOME, else java on PATH) and the jars in ${server.libsDir} ` +
          `(delete that folder to resolve them again with Maven). What it printed (${server.logFile}):\n` +
          (lastLines(printed, 20) || '(nothing)'),
        { cause: error },
      );
    }
  }
}

/**
 * Registers custom search attributes on a (fresh) test server. It starts with
 * only Temporal's built-in ones and refuses a workflow's upsert of any other
 * ("search attribute X is not defined"): that workflow task then fails and is
 * retried forever, so register before a workflow runs. The test server has no
 * ListSearchAttributes, so this adds without looking first.
 */
export async function registerTestServerSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  attributes: readonly SearchAttribute[],
  namespace = 'default',
): Promise<void> {
  if (attributes.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(attributes.map((a) => [a.name, INDEXED_VALUE_TYPE[a.type]])),
  });
}

/**
 * The launcher the SDK runs as `<launcher> <port> [extraArgs]`. It `exec`s
 * Java so the pid the SDK kills on teardown is the JVM's. A small watchdog
 * (its own stdio, so the SDK's output pipes close as soon as the JVM is gone)
 * kills the JVM if the process that started it (the Jest worker) dies
 * without a teardown, so no server outlives its test run.
 */
function launcherScript(paths: { java: string; libsDir: string; logFile: string }): string {
  const java = [paths.java, ...JVM_FLAGS, '-cp', join(paths.libsDir, '*'), MAIN_CLASS].map(shellQuote).join(' ');
  return `#!/bin/sh
# Temporal's time-skipping test server, for @temporalio/testing:
#   TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: '<this file>' } } })
# Usage: <this file> <port> [--enable-time-skipping]
# Written by tools/local-stack/src/time-skipping.ts (rewritten when it changes): do not edit.
log=${shellQuote(paths.logFile)}
parent=$PPID
self=$$
echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) pid $self (parent $parent): TestServer $*" >>"$log"
# Is the process that started us still there? A dead parent's children are re-parented at once,
# also while it is an unreaped zombie (which kill -0 would still find); kill -0 without /proc.
parent_alive() {
  if stat=$(cat "/proc/$self/stat" 2>/dev/null); then
    set -- \${stat##*') '}
    [ "$2" = "$parent" ]
  else
    kill -0 "$parent" 2>/dev/null
  fi
}
(
  while kill -0 "$self" 2>/dev/null; do
    if ! parent_alive; then
      echo "=== pid $self: parent $parent is gone without a teardown; stopping the test server" >>"$log"
      kill -9 "$self" 2>/dev/null
      break
    fi
    sleep 1
  done
) </dev/null >/dev/null 2>&1 &
exec ${java} "$@" </dev/null >>"$log" 2>&1
`;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Atomically, so a concurrent test run never executes half a script. */
function writeIfChanged(file: string, content: string): void {
  if (readText(file) === content) return;
  mkdirSync(dirname(file), { recursive: true });
  const scratch = `${file}.tmp-${process.pid}`;
  writeFileSync(scratch, content, { mode: 0o755 });
  chmodSync(scratch, 0o755);
  renameSync(scratch, file);
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The text appended to a file since `offset` (what one start printed). */
function readFrom(file: string, offset: number): string {
  const text = readText(file);
  return Buffer.byteLength(text) >= offset ? Buffer.from(text).subarray(offset).toString('utf8') : text;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** One previous generation is kept. */
function rotateIfLarge(file: string, maxBytes = 5 * 1024 * 1024): void {
  try {
    if (statSync(file).size > maxBytes) renameSync(file, `${file}.1`);
  } catch {
    // no log yet
  }
}
