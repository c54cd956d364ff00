/**
 * The real Temporal, Kafka and PostgreSQL as local processes on 127.0.0.1,
 * for machines without Docker: `npm start` (persistent "dev" profile), the
 * test global setup (throw-away "test" profile) and CI.
 *
 * Each part lives in its own file (temporal.ts, kafka.ts, postgres.ts); this
 * one plans a start (profile, ports, external services, prerequisites), brings
 * the three parts up in parallel and records them in `<stateDir>/stack.json`,
 * which `stop` and `status` read from any process.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars, ensureTopics, kafkaJarsReady, locateJava, locateMaven, startKafka, waitForKafka } from './kafka';
import { freePorts, isPortOpen, portFromEnv, splitHostPort } from './ports';
import { locatePostgres, postgresRunAs, reusePostgres, runuserProblem, startPostgres } from './postgres';
import { isAlive, isOurProcess, seconds, spawnLogged, type Log } from './processes';
import {
  TEST_DIR_PREFIX,
  devStateDir,
  findProjectRoot,
  logsDir,
  readState,
  testStateDirs,
  withLock,
  writeState,
  type PartName,
  type PartState,
  type StackProfile,
  type StackState,
} from './state';
import { stopPart, stopParts, stopStackInDir } from './stop';
import {
  ensureSearchAttributes,
  ensureTemporalBinary,
  locateTemporal,
  startTemporal,
  waitForTemporal,
  type SearchAttribute,
  type TemporalSource,
} from './temporal';

export type { PartName, PartState, StackProfile } from './state';
export type { SearchAttribute, SearchAttributeType } from './temporal';
export { PortInUseError } from './ports';
export { DEFAULT_BACKOFF, restartDelay, supervise, type BackoffPolicy, type Supervised, type SupervisedOptions } from './supervisor';
export { partDownAdvice, watchParts, type WatchedPart } from './monitor';
export {
  ensureTemporalTestServer,
  registerTestServerSearchAttributes,
  startWithTemporalTestServer,
  TemporalTestServerError,
  type TemporalTestServer,
  type TemporalTestServerOptions,
} from './time-skipping';

/** Where the apps find the three parts. */
export interface LocalStack {
  profile: StackProfile;
  /** Holds stack.json, logs/ and (for our own parts) their data. */
  stateDir: string;
  /** host:port of the Temporal frontend (gRPC). */
  temporalAddress: string;
  /** The Temporal Web UI, dev profile only. */
  temporalUiUrl?: string;
  kafkaBrokers: string[];
  /** postgres://sarp@127.0.0.1:PORT/sarp for our own PostgreSQL. */
  databaseUrl: string;
}

export interface StartLocalStackOptions {
  profile: StackProfile;
  /** The monorepo root; found from this package's location when omitted. */
  projectRoot?: string;
  /**
   * dev profile only: keep the stack in this folder instead of `.local/data/dev`. A persistent stack of
   * its own (the fault-injection suite's, which restarts parts of it): starting it again with the same
   * folder and ports reuses the parts that answer and starts the ones that died, with their data.
   */
  stateDir?: string;
  /** Ports, tool locations and external services are read from here (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Registered in the Temporal namespace (at creation, and added later when missing). */
  searchAttributes?: SearchAttribute[];
  /** Progress messages (default: stdout with a [local-stack] prefix). */
  log?: (msg: string) => void;
  /**
   * Leave the processes running after this Node process exits. Default: true
   * for dev (reused by the next start), false for test (a watchdog stops the
   * stack if the owner dies without calling stopLocalStack).
   */
  detach?: boolean;
}

/** Something the machine lacks; the message says what to install or which variable to set. */
export class MissingPrerequisiteError extends Error {
  override readonly name = 'MissingPrerequisiteError';
}

/** Per part, for `status`. */
export interface PartStatus {
  name: PartName;
  external: boolean;
  running: boolean;
  address: string;
  pid?: number;
  port?: number;
  logFile?: string;
}

export interface StackStatus {
  profile: StackProfile;
  stateDir: string;
  startedAt: string;
  /** The process that owns an attached (test) stack, if any: such a stack is in use while its owner lives. */
  owner?: { pid: number; alive: boolean };
  parts: PartStatus[];
}

interface Plan {
  profile: StackProfile;
  projectRoot: string;
  env: NodeJS.ProcessEnv;
  log: Log;
  detached: boolean;
  namespace: string;
  searchAttributes: SearchAttribute[];
  external: { temporal?: string; kafka?: string[]; database?: string };
}

interface Ports {
  temporal: number;
  temporalUi?: number;
  kafka: number;
  kafkaController: number;
  postgres: number;
}

interface Tools {
  temporal?: TemporalSource;
  java?: string;
  pgBin?: string;
  pgRunAs?: string;
}

const DEV_PORTS = { temporal: 7233, temporalUi: 8233, kafka: 9092, kafkaController: 9093, postgres: 5433 } as const;
const PORT_ENV = {
  temporal: 'SARP_TEMPORAL_PORT',
  temporalUi: 'SARP_TEMPORAL_UI_PORT',
  kafka: 'SARP_KAFKA_PORT',
  kafkaController: 'SARP_KAFKA_CONTROLLER_PORT',
  postgres: 'SARP_POSTGRES_PORT',
} as const;

/** Throw-away speed for the test profile: its data dies with the stack anyway. */
const TEST_POSTGRES_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

const defaultLog: Log = (message) => console.log(`[local-stack] ${message}`);

/**
 * Starts (or, for dev, reuses) Temporal, Kafka and PostgreSQL and resolves
 * once each really answers, the pathway topics exist and the search
 * attributes are registered. On failure the parts this call launched are
 * stopped again and the error lists every part that failed.
 */
export async function startLocalStack(options: StartLocalStackOptions): Promise<LocalStack> {
  const started = Date.now();
  const plan = makePlan(options);
  const tools = checkPrerequisites(plan);
  if (options.stateDir && plan.profile !== 'dev') throw new Error('stateDir is for the dev profile (a persistent stack)');
  const stateDir =
    plan.profile === 'dev' ? (options.stateDir ?? devStateDir(plan.projectRoot)) : mkdtempSync(join(tmpdir(), TEST_DIR_PREFIX));
  try {
    const ports = await choosePorts(plan);
    const stack = await withLock(stateDir, 5 * 60_000, () => startParts(plan, tools, stateDir, ports));
    plan.log(`Local stack (${plan.profile}) ready in ${seconds(started)}.`);
    return stack;
  } catch (error) {
    if (plan.profile === 'test') rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Stops a stack started by startLocalStack or the CLI: SIGTERM to each part
 * (pg_ctl stop -m fast for PostgreSQL), SIGKILL after a grace period. A test
 * stack's folder is removed.
 */
export async function stopLocalStack(
  stateDirOrStack: string | LocalStack,
  options: { log?: Log; env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  const stateDir = typeof stateDirOrStack === 'string' ? stateDirOrStack : stateDirOrStack.stateDir;
  await stopStackInDir(stateDir, options.log ?? defaultLog, options.env ?? process.env);
}

/**
 * What is recorded for a profile and whether each part answers. dev has at
 * most one stack; test may have several (one per running test setup, or
 * leftovers of a killed run). An empty list means nothing is recorded.
 */
export async function localStackStatus(profile: StackProfile, projectRoot?: string): Promise<StackStatus[]> {
  const dirs = profile === 'dev' ? [devStateDir(projectRoot ?? findProjectRoot())] : testStateDirs();
  const states = dirs.map(readState).filter((state): state is StackState => state !== undefined);
  return Promise.all(states.map(stackStatus));
}

/** The parts recorded for the stack in stateDir (pids, ports), e.g. to pause or kill one in a fault test. */
export function localStackParts(stateDir: string): Partial<Record<PartName, PartState>> {
  return readState(stateDir)?.parts ?? {};
}

/** Stops one part of the stack in stateDir the way `stop` would (PostgreSQL: pg_ctl stop -m fast). */
export async function stopLocalStackPart(stateDir: string, name: PartName, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await stopPart(readState(stateDir)?.parts[name], env);
}

/** The environment variables the apps read (libs/config), pointing at this stack. */
export function stackEnv(stack: LocalStack): Record<'TEMPORAL_ADDRESS' | 'KAFKA_BROKERS' | 'DATABASE_URL', string> {
  return { TEMPORAL_ADDRESS: stack.temporalAddress, KAFKA_BROKERS: stack.kafkaBrokers.join(','), DATABASE_URL: stack.databaseUrl };
}

function makePlan(options: StartLocalStackOptions): Plan {
  const env = options.env ?? process.env;
  // A developer's TEMPORAL_ADDRESS etc. must not point the tests at a shared server by accident.
  const useExternal = options.profile === 'dev' || env.SARP_TEST_USE_EXTERNAL === '1';
  const given = (name: string): string | undefined => (useExternal ? env[name]?.trim() || undefined : undefined);
  const kafka = given('KAFKA_BROKERS')
    ?.split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  const temporal = given('TEMPORAL_ADDRESS');
  const database = given('DATABASE_URL');
  return {
    profile: options.profile,
    projectRoot: options.projectRoot ?? findProjectRoot(),
    env,
    log: options.log ?? defaultLog,
    detached: options.detach ?? options.profile === 'dev',
    namespace: env.TEMPORAL_NAMESPACE?.trim() || 'default',
    searchAttributes: options.searchAttributes ?? [],
    external: { ...(temporal ? { temporal } : {}), ...(kafka?.length ? { kafka } : {}), ...(database ? { database } : {}) },
  };
}

/**
 * Finds every tool the start will need before anything is launched, and
 * reports all that are missing at once: fixing one thing per attempt is slow.
 */
function checkPrerequisites(plan: Plan): Tools {
  const problems: string[] = [];
  const tools: Tools = {};
  if (!plan.external.temporal) {
    tools.temporal = locateTemporal(plan.projectRoot, plan.env);
    if ('problem' in tools.temporal) problems.push(tools.temporal.problem);
  }
  if (!plan.external.kafka) {
    const java = locateJava(plan.env);
    if ('problem' in java) problems.push(java.problem);
    else tools.java = java.java;
    if (!kafkaJarsReady(plan.projectRoot)) {
      const maven = locateMaven(plan.env);
      if ('problem' in maven) problems.push(maven.problem);
    }
  }
  if (!plan.external.database) {
    const postgres = locatePostgres(plan.env);
    if ('problem' in postgres) problems.push(postgres.problem);
    else tools.pgBin = postgres.bin;
    const runuser = runuserProblem(plan.env);
    if (runuser) problems.push(runuser);
  }
  if (problems.length > 0) {
    const hint = plan.profile === 'test' ? '\n(For tests, external services are used only with SARP_TEST_USE_EXTERNAL=1.)' : '';
    throw new MissingPrerequisiteError(`The local stack cannot start:\n- ${problems.join('\n- ')}${hint}`);
  }
  if (tools.pgBin) {
    const runAs = postgresRunAs(plan.env, plan.log);
    if (runAs) tools.pgRunAs = runAs;
  }
  return tools;
}

/** dev: fixed, well-known ports; test: free ports picked now. An env variable wins in both. */
async function choosePorts(plan: Plan): Promise<Ports> {
  const names = ['temporal', 'temporalUi', 'kafka', 'kafkaController', 'postgres'] as const;
  const fromEnv = Object.fromEntries(names.map((name) => [name, portFromEnv(plan.env, PORT_ENV[name])])) as Record<
    (typeof names)[number],
    number | undefined
  >;
  if (plan.profile === 'dev') {
    return {
      temporal: fromEnv.temporal ?? DEV_PORTS.temporal,
      temporalUi: fromEnv.temporalUi ?? DEV_PORTS.temporalUi,
      kafka: fromEnv.kafka ?? DEV_PORTS.kafka,
      kafkaController: fromEnv.kafkaController ?? DEV_PORTS.kafkaController,
      postgres: fromEnv.postgres ?? DEV_PORTS.postgres,
    };
  }
  const [temporal, kafka, kafkaController, postgres] = await freePorts(4);
  return {
    temporal: fromEnv.temporal ?? temporal!,
    kafka: fromEnv.kafka ?? kafka!,
    kafkaController: fromEnv.kafkaController ?? kafkaController!,
    postgres: fromEnv.postgres ?? postgres!,
  };
}

/** Runs under the state dir's lock: brings the three parts up in parallel and records them. */
async function startParts(plan: Plan, tools: Tools, stateDir: string, ports: Ports): Promise<LocalStack> {
  mkdirSync(logsDir(stateDir), { recursive: true });
  const previous = plan.profile === 'dev' ? readState(stateDir) : undefined;
  const state: StackState = {
    version: 1,
    profile: plan.profile,
    stateDir,
    startedAt: new Date().toISOString(),
    parts: { ...previous?.parts },
  };
  const launched = new Set<PartName>();
  const record = (part: PartState): void => {
    state.parts[part.name] = part;
    writeState(state);
  };
  const onSpawned = (part: PartState): void => {
    launched.add(part.name);
    record(part);
  };
  const context: PartContext = { plan, tools, stateDir, ports, onSpawned };
  const results = await Promise.allSettled([
    bringUpTemporal(context, previous?.parts.temporal),
    bringUpKafka(context, previous?.parts.kafka),
    bringUpPostgres(context, previous?.parts.postgres),
  ]);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [errorMessage(result.reason)] : []));
  if (failures.length > 0) {
    if (launched.size > 0) plan.log(`Start failed; stopping what this start launched (${[...launched].join(', ')}).`);
    await stopParts(state, [...launched], plan.env);
    for (const name of launched) delete state.parts[name];
    if (plan.profile === 'dev') writeState(state);
    throw new Error(failures.join('\n\n'));
  }
  for (const result of results) if (result.status === 'fulfilled') record(result.value);
  // A stack started again by its owner (to bring back a part) keeps the watchdog it has: one per owner.
  const watched = previous?.ownerPid === process.pid && isOurProcess(previous.watchdogPid, ['watchdog']);
  if (watched) Object.assign(state, { ownerPid: previous.ownerPid, watchdogPid: previous.watchdogPid });
  else if (!plan.detached) startWatchdog(state, plan);
  writeState(state);
  return toLocalStack(state);
}

interface PartContext {
  plan: Plan;
  tools: Tools;
  stateDir: string;
  ports: Ports;
  onSpawned: (part: PartState) => void;
}

/**
 * A recorded part of the dev stack is reused when its pid is still our
 * process and it answers within a short wait; one that is alive but does not
 * answer is stopped so it can be started afresh.
 */
async function reusable(
  previous: PartState | undefined,
  answers: (part: PartState) => Promise<void>,
  log: Log,
): Promise<PartState | undefined> {
  if (!previous || previous.external || !isOurProcess(previous.pid, previous.markers ?? [])) return undefined;
  try {
    await answers(previous);
    log(`${label(previous.name)} already running (pid ${previous.pid}) at ${previous.address}: reusing it.`);
    return previous;
  } catch {
    log(`${label(previous.name)} (pid ${previous.pid}) does not answer: restarting it.`);
    await stopPart(previous, process.env);
    return undefined;
  }
}

/** Switching the dev stack to an external service: our old process would otherwise be forgotten but keep running. */
async function stopIfOurs(previous: PartState | undefined, log: Log): Promise<void> {
  if (!previous || previous.external || !isOurProcess(previous.pid, previous.markers ?? [])) return;
  log(`${label(previous.name)}: using the external service now; stopping our own (pid ${previous.pid}).`);
  await stopPart(previous, process.env);
}

async function bringUpTemporal(context: PartContext, previous: PartState | undefined): Promise<PartState> {
  const { plan, stateDir, ports } = context;
  const ensureAttributes = (address: string): Promise<void> =>
    ensureSearchAttributes(address, plan.namespace, plan.searchAttributes, plan.log);
  if (plan.external.temporal) {
    await stopIfOurs(previous, plan.log);
    const address = plan.external.temporal;
    await waitForTemporal(address, { timeoutMs: 30_000 });
    // Someone else's server: a refusal (permissions, conflicting type) is reported, not fatal.
    await ensureAttributes(address).catch((error: unknown) => plan.log(`Warning: ${errorMessage(error)}`));
    return { name: 'temporal', external: true, address };
  }
  const reused = await reusable(previous, (part) => waitForTemporal(part.address, { timeoutMs: 20_000 }), plan.log);
  if (reused) {
    await ensureAttributes(reused.address);
    return reused;
  }
  const bin = await ensureTemporalBinary(context.tools.temporal!, plan.projectRoot, plan.env, plan.log);
  const started = Date.now();
  const logFile = join(logsDir(stateDir), 'temporal.log');
  const start = () =>
    startTemporal({
      bin,
      stateDir,
      logFile,
      port: ports.temporal,
      ...(ports.temporalUi !== undefined ? { uiPort: ports.temporalUi } : {}),
      // dev keeps workflows across restarts; test keeps them in memory (faster, nothing to clean up).
      ...(plan.profile === 'dev' ? { dbFile: join(stateDir, 'temporal.sqlite') } : {}),
      namespace: plan.namespace,
      searchAttributes: plan.searchAttributes,
      detached: plan.detached,
      env: plan.env,
      onSpawned: context.onSpawned,
    });
  let part: PartState | undefined;
  for (let attempt = 1; !part; attempt++) {
    try {
      part = await start();
    } catch (error) {
      // The dev server picks its internal ports itself, while Kafka and PostgreSQL start beside it; now and
      // then one it picked is taken before it binds, and it exits at once. Starting it again picks others.
      if (attempt >= 3 || !/exited before it was ready/.test(errorMessage(error))) throw error;
      if (existsSync(logFile)) renameSync(logFile, `${logFile}.failed-start-${attempt}`);
      plan.log(`Temporal exited while starting (attempt ${attempt}; log kept as ${logFile}.failed-start-${attempt}): starting it again.`);
    }
  }
  await ensureAttributes(part.address);
  plan.log(`Temporal ready at ${part.address} in ${seconds(started)} (pid ${part.pid}, log ${logFile}).`);
  return part;
}

async function bringUpKafka(context: PartContext, previous: PartState | undefined): Promise<PartState> {
  const { plan, stateDir, ports } = context;
  const ensure = (brokers: string[]): Promise<void> => ensureTopics(brokers, plan.env, plan.projectRoot, plan.log);
  if (plan.external.kafka) {
    await stopIfOurs(previous, plan.log);
    const brokers = plan.external.kafka;
    await waitForKafka(brokers, { timeoutMs: 30_000 });
    await ensure(brokers);
    return { name: 'kafka', external: true, address: brokers.join(',') };
  }
  const reused = await reusable(previous, (part) => waitForKafka([part.address], { timeoutMs: 20_000 }), plan.log);
  if (reused) {
    await ensure([reused.address]);
    return reused;
  }
  const libsDir = await ensureKafkaJars(plan.projectRoot, plan.env, plan.log);
  const started = Date.now();
  const logFile = join(logsDir(stateDir), 'kafka.log');
  const part = await startKafka({
    java: context.tools.java!,
    libsDir,
    stateDir,
    logFile,
    port: ports.kafka,
    controllerPort: ports.kafkaController,
    detached: plan.detached,
    env: plan.env,
    onSpawned: context.onSpawned,
  });
  await ensure([part.address]);
  plan.log(`Kafka ready at ${part.address} in ${seconds(started)} (pid ${part.pid}, log ${logFile}).`);
  return part;
}

async function bringUpPostgres(context: PartContext, previous: PartState | undefined): Promise<PartState> {
  const { plan, stateDir, ports } = context;
  if (plan.external.database) {
    await stopIfOurs(previous, plan.log);
    const url = new URL(plan.external.database);
    const port = Number(url.port || 5432);
    if (!(await isPortOpen(port, url.hostname.replace(/^\[|\]$/g, ''), 5000))) {
      throw new Error(`DATABASE_URL points at ${url.hostname}:${port}, which does not accept connections.`);
    }
    return { name: 'postgres', external: true, address: plan.external.database };
  }
  const reused = await reusable(previous, (part) => reusePostgres(part, plan.env), plan.log);
  if (reused) return reused;
  const started = Date.now();
  const logFile = join(logsDir(stateDir), 'postgres.log');
  const part = await startPostgres({
    bin: context.tools.pgBin!,
    runAs: context.tools.pgRunAs,
    stateDir,
    logFile,
    port: ports.postgres,
    settings: plan.profile === 'test' ? TEST_POSTGRES_SETTINGS : {},
    detached: plan.detached,
    env: plan.env,
    log: plan.log,
    onSpawned: context.onSpawned,
  });
  plan.log(`PostgreSQL ready at ${part.address} in ${seconds(started)} (pid ${part.pid}, log ${logFile}).`);
  return part;
}

/**
 * Starts the watchdog of an attached stack (see watchdog.ts). It runs from
 * the compiled dist/, also when this module is loaded from src/ by Jest.
 */
function startWatchdog(state: StackState, plan: Plan): void {
  const script = join(__dirname, '..', 'dist', 'watchdog.js');
  if (!existsSync(script)) {
    plan.log(`Note: ${script} is not built (npm run build), so nothing stops this stack if its owner dies without stopping it.`);
    return;
  }
  state.ownerPid = process.pid;
  state.watchdogPid = spawnLogged(process.execPath, [script, String(process.pid), state.stateDir], {
    cwd: state.stateDir,
    env: plan.env,
    logFile: join(logsDir(state.stateDir), 'watchdog.log'),
    detached: true,
  });
}

function toLocalStack(state: StackState): LocalStack {
  const { temporal, kafka, postgres } = state.parts;
  if (!temporal || !kafka || !postgres) throw new Error(`the stack in ${state.stateDir} is incomplete`);
  return {
    profile: state.profile,
    stateDir: state.stateDir,
    temporalAddress: temporal.address,
    ...(temporal.uiUrl ? { temporalUiUrl: temporal.uiUrl } : {}),
    kafkaBrokers: kafka.address.split(','),
    databaseUrl: postgres.address,
  };
}

async function stackStatus(state: StackState): Promise<StackStatus> {
  const parts = (['temporal', 'kafka', 'postgres'] as const).flatMap((name) => {
    const part = state.parts[name];
    return part ? [part] : [];
  });
  return {
    profile: state.profile,
    stateDir: state.stateDir,
    startedAt: state.startedAt,
    ...(state.ownerPid !== undefined ? { owner: { pid: state.ownerPid, alive: isAlive(state.ownerPid) } } : {}),
    parts: await Promise.all(parts.map(partStatus)),
  };
}

async function partStatus(part: PartState): Promise<PartStatus> {
  const running = part.external
    ? await externalAnswers(part)
    : isOurProcess(part.pid, part.markers ?? []) && part.port !== undefined && (await isPortOpen(part.port));
  return {
    name: part.name,
    external: part.external,
    running,
    address: part.address,
    ...(part.pid !== undefined ? { pid: part.pid } : {}),
    ...(part.port !== undefined ? { port: part.port } : {}),
    ...(part.logFile ? { logFile: part.logFile } : {}),
  };
}

/** An external service counts as up when its (first) address accepts TCP connections. */
async function externalAnswers(part: PartState): Promise<boolean> {
  try {
    if (part.name === 'postgres') {
      const url = new URL(part.address);
      return await isPortOpen(Number(url.port || 5432), url.hostname.replace(/^\[|\]$/g, ''));
    }
    const { host, port } = splitHostPort(part.address.split(',')[0] ?? '');
    return await isPortOpen(port, host);
  } catch {
    return false;
  }
}

function label(name: PartName): string {
  return { temporal: 'Temporal', kafka: 'Kafka', postgres: 'PostgreSQL' }[name];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** For tests that run a Temporal server of their own (e.g. to restart it): where the CLI is, and free ports. */
export { locateTemporal } from './temporal';
export { locatePostgres } from './postgres';
export { freePorts } from './ports';
