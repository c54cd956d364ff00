/**
 * Static checks of docker-compose.yml, the Dockerfile, .dockerignore and the
 * files in deploy/ they use.
 *
 * The project's own machines have a `docker` client but no engine and no
 * Compose plugin, so the stack cannot be started here: these checks are what
 * stands between a typo and a user's failed `docker compose up`. When a
 * Compose CLI is present, `docker compose config -q` validates the file
 * against the real Compose schema as well.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { PATHWAY_SEARCH_ATTRIBUTES } from '@sarp/config';
import { parseDocument } from 'yaml';

const ROOT = resolve(__dirname, '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');

/** The long-running SARP processes; each needs the whole connection contract. */
const APP_SERVICES = ['worker', 'api'] as const;
const CONNECTION_SETTINGS = ['TEMPORAL_ADDRESS', 'KAFKA_BROKERS', 'DATABASE_URL'] as const;
const DEPENDENCY_CONDITIONS = ['service_started', 'service_healthy', 'service_completed_successfully'];

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readText(relativePath: string): string {
  return readFileSync(join(ROOT, relativePath), 'utf8');
}

function parseCompose(): { errors: string[]; warnings: string[]; value: unknown } {
  // Compose accepts YAML merge keys (`<<: *anchor`); the yaml package only
  // resolves them when asked, so ask, in case the file starts using them.
  const document = parseDocument(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true });
  return {
    errors: document.errors.map((error) => error.message),
    warnings: document.warnings.map((warning) => warning.message),
    value: document.toJS({ maxAliasCount: 1000 }) as unknown,
  };
}

const compose = parseCompose();
const root: Mapping = isMapping(compose.value) ? compose.value : {};
const services: Record<string, Mapping> = Object.fromEntries(
  Object.entries(isMapping(root.services) ? root.services : {}).map(([name, service]) => [name, isMapping(service) ? service : {}]),
);
const serviceNames = Object.keys(services);

function service(name: string): Mapping {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** depends_on in either form: a list of names, or a map of name → { condition }. */
function dependencies(svc: Mapping): Map<string, string> {
  const raw = svc.depends_on;
  const result = new Map<string, string>();
  if (Array.isArray(raw)) {
    for (const name of raw) result.set(String(name), 'service_started');
  } else if (isMapping(raw)) {
    for (const [name, options] of Object.entries(raw)) {
      const condition = isMapping(options) && typeof options.condition === 'string' ? options.condition : 'service_started';
      result.set(name, condition);
    }
  }
  return result;
}

/** A YAML scalar as Compose reads it (numbers and booleans become text); '' for anything else. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** environment in either form: a list of KEY=VALUE, or a map. */
function environment(svc: Mapping): Record<string, string> {
  const raw = svc.environment;
  if (Array.isArray(raw)) {
    return Object.fromEntries(
      raw.map((entry) => {
        const text = String(entry);
        const equals = text.indexOf('=');
        return equals === -1 ? [text, ''] : [text.slice(0, equals), text.slice(equals + 1)];
      }),
    );
  }
  if (isMapping(raw)) {
    return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, scalarText(value)]));
  }
  return {};
}

interface Mount {
  type: 'volume' | 'bind' | 'anonymous' | 'other';
  source: string;
}

/** volumes in short (`source:target[:mode]`) or long ({ type, source, target }) syntax. */
function mounts(svc: Mapping): Mount[] {
  const raw = Array.isArray(svc.volumes) ? (svc.volumes as unknown[]) : [];
  return raw.map((entry): Mount => {
    if (typeof entry === 'string') {
      const parts = entry.split(':');
      if (parts.length < 2) return { type: 'anonymous', source: '' };
      const source = parts[0] ?? '';
      const isPath = /^[./~$]/.test(source) || isAbsolute(source);
      return { type: isPath ? 'bind' : 'volume', source };
    }
    if (isMapping(entry)) {
      const source = typeof entry.source === 'string' ? entry.source : '';
      if (entry.type === 'volume') return { type: source ? 'volume' : 'anonymous', source };
      if (entry.type === 'bind') return { type: 'bind', source };
    }
    return { type: 'other', source: '' };
  });
}

/** build as a context string or as { context, dockerfile }; undefined when the service uses an image only. */
function buildSpec(svc: Mapping): { context: string; dockerfile: string } | undefined {
  const raw = svc.build;
  if (typeof raw === 'string') return { context: raw, dockerfile: 'Dockerfile' };
  if (isMapping(raw)) {
    return {
      context: typeof raw.context === 'string' ? raw.context : '.',
      dockerfile: typeof raw.dockerfile === 'string' ? raw.dockerfile : 'Dockerfile',
    };
  }
  return undefined;
}

/** The host part of "host:port". */
function hostOf(address: string): string {
  return address.replace(/:\d+$/, '');
}

/** Finds a Compose v2 CLI, or says why there is none. */
function findComposeCli(): { command: string; args: string[] } | { missing: string } {
  const candidates = [
    { command: 'docker', args: ['compose'] },
    { command: 'docker-compose', args: [] },
  ];
  const reasons: string[] = [];
  for (const candidate of candidates) {
    const label = [candidate.command, ...candidate.args].join(' ');
    const probe = spawnSync(candidate.command, [...candidate.args, 'version'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.error) {
      reasons.push(`${label}: ${probe.error.message}`);
    } else if (probe.status !== 0) {
      const why = `${probe.stderr}${probe.stdout}`.trim().split('\n')[0] ?? '';
      reasons.push(`${label} version exited with ${String(probe.status)}${why ? ` (${why})` : ''}`);
    } else {
      return candidate;
    }
  }
  return { missing: reasons.join('; ') };
}

describe('docker-compose.yml', () => {
  it('parses as YAML, without errors or warnings, into a map of services', () => {
    expect(compose.errors).toEqual([]);
    expect(compose.warnings).toEqual([]);
    expect(isMapping(compose.value)).toBe(true);
    expect(serviceNames.length).toBeGreaterThan(0);
  });

  it('has no top-level `version` key (obsolete in Compose v2)', () => {
    expect(Object.keys(root)).not.toContain('version');
  });

  it('gives every service an image or a build', () => {
    const withoutEither = serviceNames.filter((name) => !('image' in service(name)) && !('build' in service(name)));
    expect(withoutEither).toEqual([]);
  });

  it('makes every depends_on target a defined service, with a known condition', () => {
    const problems: string[] = [];
    for (const name of serviceNames) {
      for (const [target, condition] of dependencies(service(name))) {
        if (!serviceNames.includes(target)) problems.push(`${name} depends on undefined service ${target}`);
        if (!DEPENDENCY_CONDITIONS.includes(condition)) problems.push(`${name} → ${target}: unknown condition ${condition}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives a healthcheck to every service that others wait on with service_healthy', () => {
    const problems: string[] = [];
    for (const name of serviceNames) {
      for (const [target, condition] of dependencies(service(name))) {
        const dependency = services[target];
        if (condition === 'service_healthy' && dependency && !isMapping(dependency.healthcheck)) {
          problems.push(`${name} waits for ${target} to be healthy, but ${target} has no healthcheck`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('does not restart the one-shots that others wait on with service_completed_successfully', () => {
    const problems: string[] = [];
    for (const name of serviceNames) {
      for (const [target, condition] of dependencies(service(name))) {
        const restart = services[target]?.restart;
        if (condition === 'service_completed_successfully' && restart !== undefined && restart !== 'no' && restart !== 'on-failure') {
          problems.push(`${target} is a one-shot for ${name} but has restart: ${JSON.stringify(restart)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares every named volume that a service mounts', () => {
    const declared = Object.keys(isMapping(root.volumes) ? root.volumes : {});
    const undeclared = serviceNames.flatMap((name) =>
      mounts(service(name))
        .filter((mount) => mount.type === 'volume' && !declared.includes(mount.source))
        .map((mount) => `${name}: ${mount.source}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('bind-mounts only files and folders that exist in the repository', () => {
    // A missing source would be created by Docker as an empty folder, which
    // fails later and far less clearly (e.g. "is a directory" from the script).
    const missing = serviceNames.flatMap((name) =>
      mounts(service(name))
        .filter((mount) => mount.type === 'bind' && mount.source.startsWith('.'))
        .filter((mount) => !existsSync(resolve(ROOT, mount.source)))
        .map((mount) => `${name}: ${mount.source}`),
    );
    expect(missing).toEqual([]);
  });

  it('runs Kafka from apache/kafka 3.9.x as a single KRaft node that does not auto-create topics', () => {
    const kafka = service('kafka');
    expect(kafka.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    const env = environment(kafka);
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_NODE_ID).toBeTruthy();
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toMatch(/^1@kafka:\d+$/);
    expect(env.CLUSTER_ID).toBeTruthy();
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(env.KAFKA_ADVERTISED_LISTENERS).toContain('kafka:9092');
  });

  it('builds every service that has a build from a context containing its Dockerfile', () => {
    const built = serviceNames.filter((name) => buildSpec(service(name)) !== undefined);
    expect(built).toEqual(expect.arrayContaining([...APP_SERVICES]));
    const problems: string[] = [];
    for (const name of built) {
      const spec = buildSpec(service(name));
      if (!spec) continue;
      const context = resolve(ROOT, spec.context);
      const dockerfile = resolve(context, spec.dockerfile);
      if (!existsSync(context) || !statSync(context).isDirectory()) problems.push(`${name}: no context folder ${spec.context}`);
      else if (!existsSync(dockerfile)) problems.push(`${name}: no ${spec.dockerfile} in ${spec.context}`);
    }
    expect(problems).toEqual([]);
  });

  it("gives the app services SARP's connection settings, pointing at services of this file", () => {
    for (const name of APP_SERVICES) {
      const env = environment(service(name));
      for (const setting of CONNECTION_SETTINGS) {
        expect({ service: name, setting, present: Boolean(env[setting]) }).toEqual({ service: name, setting, present: true });
      }
      const temporalHost = hostOf(env.TEMPORAL_ADDRESS ?? '');
      const kafkaHosts = (env.KAFKA_BROKERS ?? '').split(',').map((broker) => hostOf(broker.trim()));
      const databaseHost = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?([^:/?]+)/.exec(env.DATABASE_URL ?? '')?.[1];
      expect(serviceNames).toContain(temporalHost);
      for (const host of kafkaHosts) expect(serviceNames).toContain(host);
      expect(databaseHost).toBeDefined();
      expect(serviceNames).toContain(databaseHost);
    }
  });

  it('starts the SARP processes from files that the TypeScript build produces', () => {
    // `node <pkg>/dist/x.js` comes from `<pkg>/src/x.ts` (rootDir src, outDir dist).
    const problems: string[] = [];
    for (const name of serviceNames) {
      const command = service(name).command;
      if (!buildSpec(service(name)) || !Array.isArray(command) || command[0] !== 'node') continue;
      const script = String(command[1] ?? '');
      if (script.startsWith('-')) continue; // inline code (`node -e ...`)
      const source = script.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
      if (!existsSync(join(ROOT, source))) problems.push(`${name}: ${script} has no source ${source}`);
    }
    expect(problems).toEqual([]);
  });

  it('registers exactly the search attributes the pathway workflows use', () => {
    // docker-compose's temporal-namespace one-shot runs this script.
    const script = readText('deploy/temporal/setup-namespace.sh');
    const registered = [...script.matchAll(/^add_search_attribute\s+(\w+)\s+(\w+)\s*$/gm)].map((match) => ({
      name: match[1],
      type: match[2],
    }));
    expect(registered).toEqual(PATHWAY_SEARCH_ATTRIBUTES.map(({ name, type }) => ({ name, type })));
  });

  it('builds the image from a Dockerfile that installs every npm workspace and runs as `node`', () => {
    const dockerfile = readText('Dockerfile');
    const packageJson = JSON.parse(readText('package.json')) as { workspaces?: string[] };
    const workspaces = packageJson.workspaces ?? [];
    expect(workspaces.length).toBeGreaterThan(0);
    // npm ci needs each workspace's package.json to link node_modules/@sarp/*.
    const notCopied = workspaces.filter((workspace) => !dockerfile.includes(`COPY ${workspace}/package.json `));
    expect(notCopied).toEqual([]);
    // A Node release with security support, pinned to the patch (not a moving major tag).
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(22|24)\.\d+\.\d+-bookworm-slim$/m);
    expect(dockerfile).toContain('npm ci --omit=dev');
    const userLines = dockerfile.split('\n').filter((line) => /^USER\s/.test(line));
    expect(userLines[userLines.length - 1]).toBe('USER node');
  });

  it('starts only with a JWT secret and payload keys of its own (no default anyone could read here)', () => {
    for (const name of APP_SERVICES) {
      const environment = service(name).environment as Mapping;
      for (const variable of ['SARP_JWT_SECRET', 'SARP_PAYLOAD_KEYS', 'SARP_AUDIT_KEYS']) {
        expect({ name, variable, value: environment[variable] }).toEqual({
          name,
          variable,
          value: expect.stringMatching(new RegExp(`^\\$\\{${variable}:\\?.+\\}$`)),
        });
      }
    }
    expect(readText('docker-compose.yml')).not.toMatch(/SARP_(JWT_SECRET|PAYLOAD_KEYS|AUDIT_KEYS):-/);
  });

  it('connects the worker and the API as a login in role sarp_app, and only migrate as the owner', () => {
    const userOf = (url: string | undefined) => /^postgres(?:ql)?:\/\/([^:@/]+)/.exec(url ?? '')?.[1];
    const migrate = environment(service('migrate'));
    const owner = userOf(migrate.SARP_MIGRATION_DATABASE_URL);
    expect(owner).toBeDefined();
    const script = readText('deploy/postgres/initdb/10-sarp-databases.sh');
    // The owner owns the database (so its migrations may create tables in public on PostgreSQL 15+).
    expect(script).toMatch(new RegExp(`^CREATE DATABASE sarp OWNER ${owner};$`, 'm'));
    for (const name of APP_SERVICES) {
      const env = environment(service(name));
      const login = userOf(env.DATABASE_URL);
      expect({ name, login }).toEqual({ name, login: expect.not.stringMatching(new RegExp(`^${owner}$`)) });
      // The owner's login is not handed to the long-running processes at all.
      expect({ name, migration: env.SARP_MIGRATION_DATABASE_URL }).toEqual({ name, migration: undefined });
      // The first start makes that login a member of sarp_app (the owner may not create roles).
      expect(script).toMatch(new RegExp(`^CREATE ROLE ${login} LOGIN PASSWORD .* IN ROLE sarp_app;$`, 'm'));
    }
    expect(script).toMatch(/^CREATE ROLE sarp_app NOLOGIN;$/m);
  });

  it('keeps dependencies, build output, local data and git out of the build context', () => {
    const patterns = readText('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    for (const name of ['node_modules', 'dist', '.local', '.git', 'coverage']) {
      expect({ name, ignored: patterns.includes(name) || patterns.includes(`**/${name}`) }).toEqual({ name, ignored: true });
    }
  });

  it('is accepted by `docker compose config` when a Compose CLI is installed', () => {
    const cli = findComposeCli();
    if ('missing' in cli) {
      // Not a failure: the project's machines have the docker client without
      // the Compose plugin (and no engine). `config` itself needs no engine,
      // so it runs wherever the plugin or docker-compose is installed.
      console.warn(`docker compose config not run, no Compose CLI here: ${cli.missing}`);
      return;
    }
    const result = spawnSync(cli.command, [...cli.args, '-f', COMPOSE_FILE, 'config', '-q'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.error).toBeUndefined();
    expect(`exit ${String(result.status)}\n${result.stderr}`).toBe(`exit 0\n${result.stderr}`);
  }, 90_000);
});
