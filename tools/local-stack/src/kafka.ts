import { loadConfig } from '@sarp/config';
import { ensurePathwayTopics } from '@sarp/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOCALHOST, assertPortFree } from './ports';
import { childEnv, findOnPath, isExecutable, runChecked, seconds, spawnLogged, waitUntil, type Log } from './processes';
import { localDir, type PartState } from './state';

/** Small enough to share two cores with the tests, big enough for a local broker. */
const DEFAULT_HEAP_OPTS = '-Xms256m -Xmx512m';

/** Who needs a Java tool, for the messages about what is missing. */
export interface JavaToolUser {
  /** Names the part in messages, e.g. "Kafka". */
  part: string;
  /** The way around a missing tool, e.g. "set KAFKA_BROKERS to a running Kafka"; none when there is none. */
  alternative?: string;
}

const KAFKA_USER: JavaToolUser = { part: 'Kafka', alternative: 'set KAFKA_BROKERS to a running Kafka' };

function orAlternative(user: JavaToolUser): string {
  return user.alternative ? `, or ${user.alternative}` : '';
}

/** java from JAVA_HOME, else from PATH. */
export function locateJava(env: NodeJS.ProcessEnv, user: JavaToolUser = KAFKA_USER): { java: string } | { problem: string } {
  const home = env.JAVA_HOME?.trim();
  if (home) {
    const java = join(home, 'bin', 'java');
    return isExecutable(java) ? { java } : { problem: `${user.part}: JAVA_HOME=${home} has no bin/java.` };
  }
  const java = findOnPath('java', env);
  if (java) return { java };
  return {
    problem: `${user.part}: no Java found. Install Java 17 (apt-get install openjdk-17-jre-headless) or set JAVA_HOME${orAlternative(user)}.`,
  };
}

/**
 * A Java tool's runtime classpath, resolved from a pinned pom (packaging pom)
 * into a libs folder under .local/tools once. Kafka's broker and Temporal's
 * time-skipping test server come this way.
 */
export interface MavenLibs extends JavaToolUser {
  /** The pinned pom, relative to the project root, e.g. tools/kafka/pom.xml. */
  pom: string;
  /** The libs folder, relative to .local/tools, e.g. kafka/libs. */
  libs: string;
  /** What is resolved, for progress messages, e.g. "the Kafka jars". */
  what: string;
}

const KAFKA_LIBS: MavenLibs = {
  ...KAFKA_USER,
  pom: join('tools', 'kafka', 'pom.xml'),
  libs: join('kafka', 'libs'),
  what: 'the Kafka jars',
};

export function mavenLibsDir(projectRoot: string, spec: MavenLibs): string {
  return join(localDir(projectRoot), 'tools', spec.libs);
}

export function pomFile(projectRoot: string, spec: MavenLibs = KAFKA_LIBS): string {
  return join(projectRoot, spec.pom);
}

export function kafkaLibsDir(projectRoot: string): string {
  return mavenLibsDir(projectRoot, KAFKA_LIBS);
}

const MARKER = '.pom-sha256';

function pomHash(projectRoot: string, spec: MavenLibs): string {
  return createHash('sha256')
    .update(readFileSync(pomFile(projectRoot, spec)))
    .digest('hex');
}

/** The jars are there and were resolved from the current pom (a pom change means resolve again). */
export function mavenLibsReady(projectRoot: string, spec: MavenLibs): boolean {
  try {
    return readFileSync(join(mavenLibsDir(projectRoot, spec), MARKER), 'utf8').trim() === pomHash(projectRoot, spec);
  } catch {
    return false;
  }
}

export function kafkaJarsReady(projectRoot: string): boolean {
  return mavenLibsReady(projectRoot, KAFKA_LIBS);
}

/** Maven is only needed while the jars are not resolved yet. */
export function locateMaven(env: NodeJS.ProcessEnv, user: JavaToolUser = KAFKA_USER): { mvn: string } | { problem: string } {
  const fromHome = env.MAVEN_HOME?.trim() && join(env.MAVEN_HOME.trim(), 'bin', 'mvn');
  const mvn = fromHome && isExecutable(fromHome) ? fromHome : findOnPath('mvn', env);
  if (mvn) return { mvn };
  return {
    problem:
      `${user.part}: its jars are not resolved yet and there is no Maven to fetch them from Maven Central. ` +
      `Install Maven (apt-get install maven) or set MAVEN_HOME${orAlternative(user)}.`,
  };
}

/**
 * Copies a tool's runtime classpath (its pinned pom) into its libs folder
 * once. Resolved into a private folder and renamed into place, with the pom's
 * hash as the marker, so an interrupted or concurrent run never leaves a
 * half-filled libs folder that looks complete.
 */
export async function ensureMavenLibs(projectRoot: string, spec: MavenLibs, env: NodeJS.ProcessEnv, log: Log): Promise<string> {
  const libs = mavenLibsDir(projectRoot, spec);
  if (mavenLibsReady(projectRoot, spec)) return libs;
  const maven = locateMaven(env, spec);
  if ('problem' in maven) throw new Error(maven.problem);
  const scratch = `${libs}.tmp-${process.pid}`;
  log(`Resolving ${spec.what} from Maven Central (once)...`);
  const started = Date.now();
  rmSync(scratch, { recursive: true, force: true });
  try {
    await runChecked(
      `Resolving ${spec.what}`,
      maven.mvn,
      ['-q', '-B', '-Dstyle.color=never', '-f', pomFile(projectRoot, spec), 'dependency:copy-dependencies', `-DoutputDirectory=${scratch}`],
      { cwd: projectRoot, env, timeoutMs: 15 * 60_000 },
    );
    writeFileSync(join(scratch, MARKER), `${pomHash(projectRoot, spec)}\n`);
    rmSync(libs, { recursive: true, force: true });
    renameSync(scratch, libs);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  log(`Resolved ${spec.what} into ${libs} in ${seconds(started)}.`);
  return libs;
}

/** Kafka's jars (tools/kafka/pom.xml) in .local/tools/kafka/libs. */
export function ensureKafkaJars(projectRoot: string, env: NodeJS.ProcessEnv, log: Log): Promise<string> {
  return ensureMavenLibs(projectRoot, KAFKA_LIBS, env, log);
}

export interface KafkaStartOptions {
  java: string;
  libsDir: string;
  stateDir: string;
  logFile: string;
  port: number;
  controllerPort: number;
  detached: boolean;
  env: NodeJS.ProcessEnv;
  onSpawned: (part: PartState) => void;
}

/**
 * Starts a single-node KRaft Kafka (broker and controller in one JVM): writes
 * its config, formats the log dir once, launches `kafka.Kafka` and waits
 * until a client can describe the cluster.
 */
export async function startKafka(options: KafkaStartOptions): Promise<PartState> {
  await assertPortFree(options.port, 'Kafka', 'SARP_KAFKA_PORT');
  await assertPortFree(options.controllerPort, "Kafka's controller", 'SARP_KAFKA_CONTROLLER_PORT');
  const kafkaDir = join(options.stateDir, 'kafka');
  const dataDir = join(kafkaDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const propsFile = join(kafkaDir, 'server.properties');
  const log4jFile = join(kafkaDir, 'log4j.properties');
  writeFileSync(propsFile, serverProperties(options, dataDir));
  writeFileSync(log4jFile, LOG4J_PROPERTIES);
  const classpath = join(options.libsDir, '*');
  const jvmLogging = `-Dlog4j.configuration=${pathToFileURL(log4jFile).href}`;
  await formatStorage(options, { classpath, jvmLogging, propsFile, dataDir, kafkaDir });

  const heap = (options.env.KAFKA_HEAP_OPTS?.trim() || DEFAULT_HEAP_OPTS).split(/\s+/);
  const pid = spawnLogged(
    options.java,
    [
      ...heap,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      jvmLogging,
      // Lets `status`/`stop` recognise this JVM by its command line.
      `-Dsarp.stack=${options.stateDir}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      propsFile,
    ],
    { cwd: kafkaDir, env: childEnv(options.env), logFile: options.logFile, detached: options.detached },
  );
  const address = `${LOCALHOST}:${options.port}`;
  const part: PartState = {
    name: 'kafka',
    external: false,
    address,
    pid,
    port: options.port,
    controllerPort: options.controllerPort,
    logFile: options.logFile,
    detached: options.detached,
    markers: ['kafka.Kafka', `-Dsarp.stack=${options.stateDir}`],
  };
  options.onSpawned(part);
  await waitForKafka([address], { pid, logFile: options.logFile });
  return part;
}

function serverProperties(options: KafkaStartOptions, dataDir: string): string {
  const settings: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@${LOCALHOST}:${options.controllerPort}`,
    listeners: `PLAINTEXT://${LOCALHOST}:${options.port},CONTROLLER://${LOCALHOST}:${options.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${LOCALHOST}:${options.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': dataDir,
    // One node: every replication factor and ISR is 1.
    'offsets.topic.replication.factor': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    // Few internal partitions: the first consumer group and transaction start much faster.
    'offsets.topic.num.partitions': '5',
    'transaction.state.log.num.partitions': '5',
    'num.partitions': '3',
    // Consumers join at once instead of waiting 3 s for more members.
    'group.initial.rebalance.delay.ms': '0',
    // Topics are created up front with the right settings (ensurePathwayTopics); a typo must not invent one.
    'auto.create.topics.enable': 'false',
    // The pathway events are the read side's system of record: never expire them by default.
    'log.retention.ms': '-1',
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** Console output goes to the part's log file (our stdio redirection); the noisy request loggers are quieted. */
const LOG4J_PROPERTIES = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel$=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
`;

/**
 * KRaft needs its log dir formatted with a cluster id once. The id is kept
 * next to the data so a persisted dev log dir is always started with the id
 * it was formatted with; formatting is skipped (one JVM start saved) once
 * meta.properties exists.
 */
async function formatStorage(
  options: KafkaStartOptions,
  paths: { classpath: string; jvmLogging: string; propsFile: string; dataDir: string; kafkaDir: string },
): Promise<void> {
  if (existsSync(join(paths.dataDir, 'meta.properties'))) return;
  const idFile = join(paths.kafkaDir, 'cluster-id');
  const clusterId = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : newClusterId();
  writeFileSync(idFile, `${clusterId}\n`);
  await runChecked(
    'Formatting the Kafka log dir',
    options.java,
    [
      '-Xmx256m',
      paths.jvmLogging,
      '-cp',
      paths.classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      paths.propsFile,
      '--ignore-formatted',
    ],
    { cwd: paths.kafkaDir, env: childEnv(options.env), timeoutMs: 120_000 },
  );
}

/** A Kafka Uuid: 16 random bytes in URL-safe base64. Kafka avoids ids starting with "-" (they read as CLI flags). */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Ready means a client can describe the cluster and sees a broker, not merely a log line. */
export async function waitForKafka(brokers: string[], options: { pid?: number; logFile?: string; timeoutMs?: number }): Promise<void> {
  await waitUntil(() => kafkaAnswers(brokers), {
    what: `Kafka at ${brokers.join(',')}`,
    timeoutMs: options.timeoutMs ?? 120_000,
    intervalMs: 500,
    ...(options.pid !== undefined ? { pid: options.pid } : {}),
    ...(options.logFile ? { logFile: options.logFile } : {}),
  });
}

/** A quiet kafkajs client: no retries and no log output while we poll a broker that is still starting. */
function probeClient(brokers: string[]): Kafka {
  return new Kafka({
    clientId: 'sarp-local-stack',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
}

async function kafkaAnswers(brokers: string[]): Promise<boolean> {
  const admin = probeClient(brokers).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Creates the pathway topics (idempotent). Names and partition count come
 * from the apps' own configuration, so SARP_PATHWAY_EVENTS_TOPIC and friends
 * are honoured; only those variables are passed on, so an unrelated setting
 * the apps would refuse cannot stop the stack.
 */
export async function ensureTopics(brokers: string[], env: NodeJS.ProcessEnv, projectRoot: string, log: Log): Promise<void> {
  const topicEnv = Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('SARP_PATHWAY_EVENTS_')));
  const created = await ensurePathwayTopics(brokers, loadConfig(topicEnv, projectRoot).kafka);
  if (created.length > 0) log(`Created Kafka topic(s) ${created.join(', ')}.`);
}
