import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LOCALHOST, assertPortFree } from './ports';
import { childEnv, findOnPath, isExecutable, isOurProcess, runChecked, runCommand, terminate, waitUntil, type Log } from './processes';
import type { PartState } from './state';

/** The role and database the apps connect as; trust auth is fine on a loopback-only private cluster. */
const ROLE = 'sarp';
const DATABASE = 'sarp';

/**
 * The PostgreSQL server binaries: SARP_PG_BIN, else the newest
 * /usr/lib/postgresql/<version>/bin (Debian's layout, not on PATH), else
 * pg_ctl on PATH (symlinks resolved so initdb and postgres are found beside it).
 */
export function locatePostgres(env: NodeJS.ProcessEnv): { bin: string } | { problem: string } {
  const given = env.SARP_PG_BIN?.trim();
  if (given) {
    return hasServerTools(given) ? { bin: given } : { problem: `PostgreSQL: SARP_PG_BIN=${given} has no pg_ctl and initdb.` };
  }
  const debian = newestDebianBin();
  if (debian) return { bin: debian };
  const pgCtl = findOnPath('pg_ctl', env);
  if (pgCtl && hasServerTools(dirname(pgCtl))) return { bin: dirname(pgCtl) };
  return {
    problem:
      'PostgreSQL: no server binaries found. Install them (apt-get install postgresql-15), or set SARP_PG_BIN ' +
      'to the folder holding pg_ctl and initdb, or set DATABASE_URL to a running PostgreSQL.',
  };
}

function hasServerTools(bin: string): boolean {
  return ['pg_ctl', 'initdb', 'postgres'].every((tool) => isExecutable(join(bin, tool)));
}

function newestDebianBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  return readdirSync(root)
    .filter((version) => /^\d+(\.\d+)?$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'))
    .find(hasServerTools);
}

/**
 * PostgreSQL refuses to run as root. As root (CI, containers) every server
 * command runs as an unprivileged user through `runuser`: SARP_PG_USER, else
 * the `postgres` user of the Debian package, else a system user created for it.
 */
export function postgresRunAs(env: NodeJS.ProcessEnv, log: Log): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const wanted = env.SARP_PG_USER?.trim();
  if (wanted) {
    if (!userExists(wanted)) throw new Error(`PostgreSQL: SARP_PG_USER=${wanted} is not a user on this machine.`);
    return wanted;
  }
  if (userExists('postgres')) return 'postgres';
  const user = 'sarp-postgres';
  if (!userExists(user)) {
    log(`Running as root: creating system user ${user} to run PostgreSQL (it refuses to run as root).`);
    execFileSync(
      findOnPath('useradd', env) ?? '/usr/sbin/useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', user],
      { stdio: 'pipe' },
    );
  }
  return user;
}

function userExists(user: string): boolean {
  try {
    execFileSync('id', ['-u', user], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function ids(user: string): { uid: number; gid: number } {
  const id = (flag: string): number => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** `runuser` is only required as root; listed with the other prerequisites. */
export function runuserProblem(env: NodeJS.ProcessEnv): string | undefined {
  if (process.getuid?.() !== 0 || findRunuser(env)) return undefined;
  return 'PostgreSQL: running as root needs `runuser` (package util-linux) to start PostgreSQL as another user, or set DATABASE_URL.';
}

function findRunuser(env: NodeJS.ProcessEnv): string | undefined {
  return findOnPath('runuser', env) ?? ['/usr/sbin/runuser', '/sbin/runuser'].find(isExecutable);
}

/** Runs a PostgreSQL tool as the server's user (see postgresRunAs). */
function asUser(runAs: string | undefined, command: string, args: string[], env: NodeJS.ProcessEnv): [string, string[]] {
  if (!runAs) return [command, args];
  const runuser = findRunuser(env);
  if (!runuser) throw new Error(runuserProblem(env));
  return [runuser, ['-u', runAs, '--', command, ...args]];
}

export interface PostgresStartOptions {
  bin: string;
  runAs: string | undefined;
  stateDir: string;
  logFile: string;
  port: number;
  /** Extra server settings for the profile (the test stack turns durability off for speed). */
  settings: Record<string, string>;
  detached: boolean;
  env: NodeJS.ProcessEnv;
  log: Log;
  onSpawned: (part: PartState) => void;
}

export function postgresUrl(port: number): string {
  return `postgres://${ROLE}@${LOCALHOST}:${port}/${DATABASE}`;
}

/**
 * Starts a private PostgreSQL cluster in `<stateDir>/postgres`: initdb once,
 * `pg_ctl start -w` (which waits until it accepts connections), then creates
 * the `sarp` database when missing.
 */
export async function startPostgres(options: PostgresStartOptions): Promise<PartState> {
  const dataDir = join(options.stateDir, 'postgres');
  const socketDir = join(options.stateDir, 'run');
  const env = childEnv(options.env, { LC_ALL: 'C' });
  prepareDirs(options, dataDir, socketDir);
  await stopUnrecordedServer(options, dataDir, env);
  await assertPortFree(options.port, 'PostgreSQL', 'SARP_POSTGRES_PORT');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initCluster(options, dataDir, env);

  const serverOptions = [
    `-p ${options.port}`,
    `-k ${shellQuote(socketDir)}`,
    `-c listen_addresses=${LOCALHOST}`,
    ...Object.entries(options.settings).map(([key, value]) => `-c ${key}=${value}`),
  ].join(' ');
  const [command, args] = asUser(
    options.runAs,
    join(options.bin, 'pg_ctl'),
    ['start', '-D', dataDir, '-l', options.logFile, '-w', '-t', '90', '-o', serverOptions],
    env,
  );
  const part = basePart(options, dataDir);
  options.onSpawned(part); // before pg_ctl returns: a failed start is still stopped by pg_ctl stop
  const result = await runCommand(command, args, { cwd: options.stateDir, env, detached: options.detached });
  if (result.code !== 0) {
    throw new Error(`PostgreSQL did not start (pg_ctl exit ${result.code}). See ${options.logFile}.\n${result.output.trim()}`);
  }
  part.pid = postmasterPid(dataDir);
  options.onSpawned(part);
  await ensureDatabase(options.bin, options.port, env);
  return part;
}

function basePart(options: PostgresStartOptions, dataDir: string): PartState {
  return {
    name: 'postgres',
    external: false,
    address: postgresUrl(options.port),
    port: options.port,
    logFile: options.logFile,
    detached: options.detached,
    markers: ['postgres', dataDir],
    pgBin: options.bin,
    pgDataDir: dataDir,
    ...(options.runAs ? { pgRunAs: options.runAs } : {}),
  };
}

/**
 * As root, the server's user must own its data and socket folders and be
 * able to write the log; the state dir only needs to be traversable.
 */
function prepareDirs(options: PostgresStartOptions, dataDir: string, socketDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  closeSync(openSync(options.logFile, 'a'));
  if (!options.runAs) return;
  const { uid, gid } = ids(options.runAs);
  chmodSync(options.stateDir, 0o755);
  chmodSync(dirname(options.logFile), 0o755);
  for (const path of [dataDir, socketDir, options.logFile]) chownSync(path, uid, gid);
}

/**
 * A server may still run on this data dir without being recorded (state file
 * lost, the tool killed mid-start). Stop it so pg_ctl start does not trip
 * over it; the fresh start below records it properly.
 */
async function stopUnrecordedServer(options: PostgresStartOptions, dataDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (!isOurProcess(pid, ['postgres'])) return;
  options.log(`Stopping a PostgreSQL (pid ${pid}) left running on ${dataDir} without a record.`);
  await stopPostgresServer({ bin: options.bin, dataDir, runAs: options.runAs, pid, env });
}

async function initCluster(options: PostgresStartOptions, dataDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (options.runAs) await assertWritableBy(options.runAs, dataDir, env);
  const [command, args] = asUser(
    options.runAs,
    join(options.bin, 'initdb'),
    ['-D', dataDir, '-U', ROLE, '--auth=trust', '-E', 'UTF8', '--locale=C'],
    env,
  );
  await runChecked('Creating the PostgreSQL cluster (initdb)', command, args, { cwd: options.stateDir, env, timeoutMs: 120_000 });
}

/** Every folder above the data dir must be traversable by the server's user; say so plainly if not. */
async function assertWritableBy(user: string, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const [command, args] = asUser(user, 'test', ['-w', dir], env);
  const result = await runCommand(command, args, { cwd: '/', env });
  if (result.code !== 0) {
    throw new Error(
      `PostgreSQL must run as user ${user} (it refuses root), but ${user} cannot write ${dir}: ` +
        'a folder above it is not accessible to other users (chmod o+x it), or set DATABASE_URL.',
    );
  }
}

/** The `sarp` database is created once; `initdb -U sarp` already made the role. */
async function ensureDatabase(bin: string, port: number, env: NodeJS.ProcessEnv): Promise<void> {
  const connection = ['-h', LOCALHOST, '-p', String(port), '-U', ROLE];
  const exists = await runChecked(
    'Checking for the sarp database',
    join(bin, 'psql'),
    [...connection, '-d', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'`],
    { env, timeoutMs: 30_000 },
  );
  if (exists.trim() === '1') return;
  await runChecked('Creating the sarp database', join(bin, 'createdb'), [...connection, DATABASE], { env, timeoutMs: 30_000 });
}

/** The postmaster's pid, first line of postmaster.pid (readable by root even when owned by postgres). */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Ready when the postmaster answers a connection attempt (pg_isready), for the reuse check. */
export async function postgresAnswers(bin: string, port: number, env: NodeJS.ProcessEnv): Promise<boolean> {
  const result = await runCommand(join(bin, 'pg_isready'), ['-q', '-h', LOCALHOST, '-p', String(port), '-t', '3'], {
    env: childEnv(env),
    timeoutMs: 10_000,
  });
  return result.code === 0;
}

/** Re-checks a reused server and its database (the reuse path skips startPostgres). */
export async function reusePostgres(part: PartState, env: NodeJS.ProcessEnv): Promise<void> {
  if (!part.pgBin || part.port === undefined) throw new Error('recorded PostgreSQL state is incomplete');
  const { pgBin, port } = part;
  await waitUntil(() => postgresAnswers(pgBin, port, env), { what: `PostgreSQL on port ${port}`, timeoutMs: 30_000 });
  await ensureDatabase(pgBin, port, childEnv(env, { LC_ALL: 'C' }));
}

/**
 * `pg_ctl stop -m fast`: disconnects clients and shuts down cleanly (no
 * recovery on next start). SIGKILL on the postmaster only if that fails.
 */
export async function stopPostgresServer(target: {
  bin: string;
  dataDir: string;
  runAs: string | undefined;
  pid: number | undefined;
  env: NodeJS.ProcessEnv;
}): Promise<void> {
  const env = childEnv(target.env, { LC_ALL: 'C' });
  if (existsSync(join(target.dataDir, 'postmaster.pid'))) {
    const [command, args] = asUser(
      target.runAs,
      join(target.bin, 'pg_ctl'),
      ['stop', '-D', target.dataDir, '-m', 'fast', '-w', '-t', '30'],
      env,
    );
    await runCommand(command, args, { cwd: '/', env, timeoutMs: 40_000 }).catch(() => undefined);
  }
  if (isOurProcess(target.pid, ['postgres'])) await terminate(target.pid, 5_000);
}

/** Stops a recorded PostgreSQL part. */
export async function stopPostgres(part: PartState, env: NodeJS.ProcessEnv): Promise<void> {
  if (!part.pgBin || !part.pgDataDir) return terminate(part.pid, 10_000);
  await stopPostgresServer({ bin: part.pgBin, dataDir: part.pgDataDir, runAs: part.pgRunAs, pid: part.pid, env });
}

/** Single quotes for pg_ctl's -o, which goes through /bin/sh (paths may contain spaces). */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
