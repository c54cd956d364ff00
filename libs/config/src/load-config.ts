import { ConfigError } from './config-error';
import {
  auditKeysFrom,
  databaseSecurityFrom,
  kafkaSecurityFrom,
  temporalSecurityFrom,
  type DatabaseSecurity,
  type KafkaSecurity,
  type TemporalSecurity,
} from './connection-security';
import { flag } from './env-flag';
import { FAULT_POINTS, type FaultPointName } from './fault-points';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export { ConfigError };

export interface TemporalConfig extends TemporalSecurity {
  /** host:port of the Temporal frontend. */
  address: string;
  namespace: string;
  /** Task queue shared by the pathway workflows and their activities. */
  taskQueue: string;
  /**
   * How many workflows a worker keeps in memory between their tasks (SARP_WORKER_MAX_CACHED_WORKFLOWS).
   * Beyond it the least recently used is evicted and replayed from history when it next has work, so the
   * worker's memory is bounded by this, not by the number of open pathways.
   */
  maxCachedWorkflows: number;
}

export interface KafkaConfig extends KafkaSecurity {
  brokers: string[];
  clientId: string;
  /** Topic carrying every pathway's domain events, keyed by pathway id. */
  pathwayEventsTopic: string;
  /** Where the projector sends events it cannot apply, with the reason. */
  pathwayEventsDeadLetterTopic: string;
  /**
   * Commands the API or a workflow refused (wrong role, wrong stage, four
   * eyes): Temporal keeps no trace of a rejected update, so the API records
   * each refusal here for auditors.
   */
  refusedCommandsTopic: string;
  /** Consumer group of the read-model projector. */
  projectorGroupId: string;
  partitions: number;
}

export interface DatabaseConfig extends DatabaseSecurity {
  /** Where the API, worker and projector connect: a role that may only insert into the event log and the access log. */
  url: string;
  /**
   * Where migrations and read-model rebuilds connect (SARP_MIGRATION_DATABASE_URL): the role that owns the
   * tables. Unset, the same as `url` (a single-role database, as before issue 16).
   */
  migrationUrl?: string;
  /** Connection pool size per process. */
  maxConnections: number;
  /**
   * PostgreSQL's `statement_timeout` for the pool, in ms (0: none): a figure asked for over ten years, or a
   * query gone wrong, is cancelled instead of holding a connection the API's other requests need.
   */
  statementTimeoutMs?: number;
}

export interface OidcConfig {
  authorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  /** Space-separated scopes to ask for; the access token must be for SARP's audience. */
  scope: string;
}

export interface AuthConfig {
  /** HS256 shared secret for locally issued tokens (embedded default). */
  jwtSecret?: string;
  /** A JWKS endpoint of a real identity provider; takes precedence over the secret. */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /**
   * The identity provider's OpenID Connect endpoints, for the pages' sign-in
   * (authorization code flow with PKCE, in the browser). Needs `jwksUrl`.
   */
  oidc?: OidcConfig;
  /** Leeway for the token's exp/nbf/iat against this server's clock (the identity provider's clock may differ a little). */
  clockSkewSeconds: number;
  /**
   * Whether `/login` may issue tokens for any user and role, signed with the
   * local secret: a developer convenience, off unless asked for
   * (`SARP_LOCAL_LOGIN=true`, which `npm start` sets), and never with JWKS.
   */
  localLogin: boolean;
}

export interface ApiConfig {
  host: string;
  port: number;
  /** The API process also runs the read-model projector unless told not to. */
  runProjector: boolean;
  /** Public base URL used in Location headers and printed links. */
  publicUrl: string;
  /** Largest request body accepted (bytes); larger ones get 413. */
  bodyLimitBytes: number;
  /** Requests each user may make per minute (a burst of that size, refilled evenly); more get 429. */
  rateLimitPerMinute: number;
  /**
   * Origins (scheme://host[:port]) whose pages may call the Temporal codec endpoint across origins: the Temporal
   * Web UI's, so that it can show decrypted payloads to auditors it signs in (SARP_TEMPORAL_CODEC_CORS_ORIGINS).
   * Empty: no cross-origin call is allowed anywhere.
   */
  codecCorsOrigins: string[];
}

/** When the QA panel sits; see PanelSchedule in @sarp/domain. */
export interface PanelConfig {
  /** 'YYYY-MM-DDTHH:MM', Europe/London: a sitting that fixes the weekday and time of all the others. */
  firstSitting: string;
  everyDays: number;
  carryOverLimit: number;
  urgentDecisionHours: number;
}

/** Settings of the service's figures. */
export interface ReportingConfig {
  /** What a week of residential care costs, in pence: the comparison for estimated savings (seed 001). */
  residentialCareWeeklyPence: number;
}

/** The audit trail's tamper evidence (issue 16): see docs/audit.md. */
export interface AuditConfig {
  /** SARP_AUDIT_KEYS: HMAC keys of the chain links, access-log seals and checkpoints; unset, links are not keyed. */
  keys?: { id: string; keyBase64: string }[];
  /** Where signed checkpoints of every pathway's head and of the access log are published; kept forever. */
  checkpointsTopic: string;
  /** How often the API publishes a checkpoint (SARP_AUDIT_CHECKPOINT_INTERVAL_MS; 0: never). */
  checkpointIntervalMs: number;
}

export interface SarpConfig {
  /** Where the process kills itself, for the fault-injection suite only (SARP_FAULT_POINT). */
  faultPoint?: FaultPointName;
  temporal: TemporalConfig;
  kafka: KafkaConfig;
  database: DatabaseConfig;
  auth: AuthConfig;
  api: ApiConfig;
  panel: PanelConfig;
  reporting: ReportingConfig;
  audit: AuditConfig;
}

type Env = Record<string, string | undefined>;

/**
 * Where the embedded default keeps its signing key: beside the dev stack's
 * data, so that tokens printed by `npm run token` keep working across restarts.
 */
export function defaultJwtSecretFile(projectRoot: string): string {
  return resolve(projectRoot, '.local/data/dev/jwt-secret');
}

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

function httpUrl(name: string, value: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(value)) throw new ConfigError(`${name} must be an http(s) URL`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function hostPort(name: string, value: string): string {
  if (!/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(value)) {
    throw new ConfigError(`${name} must be host:port, got "${value}"`);
  }
  return value;
}

function localDateTime(name: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value))
    throw new ConfigError(`${name} must be YYYY-MM-DDTHH:MM (London time), got "${value}"`);
  return value;
}

/**
 * Secrets printed in this project's files as examples or development defaults: public, so they sign
 * nothing but a developer's own loopback API.
 */
const PUBLIC_PLACEHOLDER_SECRETS: readonly string[] = ['dev-only-insecure-jwt-secret-replace-me-0123456789'];

/** Whether the API would listen on this machine only. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function readSecret(env: Env, projectRoot: string): string | undefined {
  if (env.SARP_JWT_SECRET?.trim()) return env.SARP_JWT_SECRET.trim();
  const file = env.SARP_JWT_SECRET_FILE?.trim() || defaultJwtSecretFile(projectRoot);
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads and validates the configuration from the environment.
 * Defaults are the embedded local stack's (`npm start`).
 */
export function loadConfig(env: Env = process.env, projectRoot: string = process.cwd()): SarpConfig {
  const brokers = text(env, 'KAFKA_BROKERS', '127.0.0.1:9092')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean)
    .map((broker) => hostPort('KAFKA_BROKERS', broker));

  const databaseUrl = text(env, 'DATABASE_URL', 'postgres://sarp@127.0.0.1:5433/sarp');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }

  const apiHost = text(env, 'SARP_API_HOST', '127.0.0.1');
  const apiPort = integer(env, 'SARP_API_PORT', 3000, 0, 65535);
  const auth: AuthConfig = {
    issuer: text(env, 'SARP_JWT_ISSUER', 'sarp-local'),
    audience: text(env, 'SARP_JWT_AUDIENCE', 'sarp-api'),
    clockSkewSeconds: integer(env, 'SARP_JWT_CLOCK_SKEW_SECONDS', 60, 0, 300),
    localLogin: flag(env, 'SARP_LOCAL_LOGIN', false),
  };
  const jwksUrl = env.SARP_JWT_JWKS_URL?.trim();
  if (jwksUrl) auth.jwksUrl = jwksUrl;
  const authorizationUrl = env.SARP_OIDC_AUTHORIZATION_URL?.trim();
  if (authorizationUrl) {
    if (!jwksUrl)
      throw new ConfigError('SARP_OIDC_AUTHORIZATION_URL needs SARP_JWT_JWKS_URL: the tokens it issues are checked against those keys');
    auth.oidc = {
      authorizationUrl: httpUrl('SARP_OIDC_AUTHORIZATION_URL', authorizationUrl),
      tokenUrl: httpUrl('SARP_OIDC_TOKEN_URL', text(env, 'SARP_OIDC_TOKEN_URL', '')),
      clientId: text(env, 'SARP_OIDC_CLIENT_ID', 'sarp-web'),
      scope: text(env, 'SARP_OIDC_SCOPE', 'openid'),
    };
  }
  const jwtSecret = readSecret(env, projectRoot);
  if (jwtSecret) {
    if (jwtSecret.length < 32) throw new ConfigError('SARP_JWT_SECRET must be at least 32 characters');
    if (PUBLIC_PLACEHOLDER_SECRETS.includes(jwtSecret) && !isLoopback(apiHost)) {
      throw new ConfigError(
        `SARP_JWT_SECRET is a published placeholder (anyone can mint tokens with it), refused on a bind other than loopback (SARP_API_HOST=${apiHost}): set a random secret, e.g. openssl rand -base64 48`,
      );
    }
    auth.jwtSecret = jwtSecret;
  }
  const temporalSecurity = temporalSecurityFrom(env);
  if (env.NODE_ENV === 'production' && !temporalSecurity.payloadKeys) {
    throw new ConfigError(
      'SARP_PAYLOAD_KEYS is required in production: without it people\'s data sits in clear in Temporal\'s histories (set id:key, the key from openssl rand -base64 32)',
    );
  }
  const auditKeys = auditKeysFrom(env);
  if (env.NODE_ENV === 'production' && !auditKeys) {
    throw new ConfigError(
      'SARP_AUDIT_KEYS is required in production: without it whoever can write the database can rewrite a history and its hash chain undetected (set id:key, the key from openssl rand -base64 32)',
    );
  }
  const migrationUrl = env.SARP_MIGRATION_DATABASE_URL?.trim();
  if (migrationUrl && !/^postgres(ql)?:\/\//.test(migrationUrl)) throw new ConfigError('SARP_MIGRATION_DATABASE_URL must be a postgres:// URL');
  if (auth.localLogin && (!isLoopback(apiHost) || env.NODE_ENV === 'production')) {
    // Local sign-in lets anyone pick any user and role: a developer's convenience on their own machine only.
    throw new ConfigError(
      `SARP_LOCAL_LOGIN lets anyone sign in as anyone: it works only on a loopback bind (SARP_API_HOST=127.0.0.1) outside production (now SARP_API_HOST=${apiHost}, NODE_ENV=${env.NODE_ENV ?? 'unset'}); unset it and sign in through an identity provider`,
    );
  }

  return {
    temporal: {
      address: hostPort('TEMPORAL_ADDRESS', text(env, 'TEMPORAL_ADDRESS', '127.0.0.1:7233')),
      namespace: text(env, 'TEMPORAL_NAMESPACE', 'default'),
      taskQueue: text(env, 'SARP_TASK_QUEUE', 'sarp-pathways'),
      maxCachedWorkflows: integer(env, 'SARP_WORKER_MAX_CACHED_WORKFLOWS', 250, 0, 100_000),
      ...temporalSecurity,
    },
    kafka: {
      brokers,
      clientId: text(env, 'KAFKA_CLIENT_ID', 'sarp'),
      pathwayEventsTopic: text(env, 'SARP_PATHWAY_EVENTS_TOPIC', 'sarp.pathway-events.v1'),
      pathwayEventsDeadLetterTopic: text(env, 'SARP_PATHWAY_EVENTS_DLQ_TOPIC', 'sarp.pathway-events.dlq.v1'),
      refusedCommandsTopic: text(env, 'SARP_REFUSED_COMMANDS_TOPIC', 'sarp.refused-commands.v1'),
      projectorGroupId: text(env, 'SARP_PROJECTOR_GROUP', 'sarp-read-model'),
      partitions: integer(env, 'SARP_PATHWAY_EVENTS_PARTITIONS', 3, 1, 1000),
      ...kafkaSecurityFrom(env),
    },
    database: {
      url: databaseUrl,
      ...(migrationUrl ? { migrationUrl } : {}),
      maxConnections: integer(env, 'SARP_DB_MAX_CONNECTIONS', 10, 1, 500),
      statementTimeoutMs: integer(env, 'SARP_DB_STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000),
      ...databaseSecurityFrom(env),
    },
    auth,
    panel: {
      firstSitting: localDateTime('SARP_PANEL_FIRST_SITTING', text(env, 'SARP_PANEL_FIRST_SITTING', '2026-01-07T10:00')),
      everyDays: integer(env, 'SARP_PANEL_EVERY_DAYS', 14, 1, 90),
      carryOverLimit: integer(env, 'SARP_PANEL_CARRY_OVER_LIMIT', 2, 1, 20),
      urgentDecisionHours: integer(env, 'SARP_PANEL_URGENT_DECISION_HOURS', 24, 1, 168),
    },
    reporting: {
      // Whole pounds: a council's own figure for a week of residential care (the default is an assumption to replace).
      residentialCareWeeklyPence: integer(env, 'SARP_RESIDENTIAL_CARE_WEEKLY_COST', 1150, 0, 100_000) * 100,
    },
    audit: {
      ...(auditKeys ? { keys: auditKeys } : {}),
      checkpointsTopic: text(env, 'SARP_AUDIT_CHECKPOINTS_TOPIC', 'sarp.audit-checkpoints.v1'),
      checkpointIntervalMs: integer(env, 'SARP_AUDIT_CHECKPOINT_INTERVAL_MS', 5 * 60_000, 0, 24 * 3_600_000),
    },
    api: {
      host: apiHost,
      port: apiPort,
      runProjector: flag(env, 'SARP_RUN_PROJECTOR', true),
      publicUrl: text(env, 'SARP_PUBLIC_URL', `http://${apiHost === '0.0.0.0' ? '127.0.0.1' : apiHost}:${apiPort}`),
      bodyLimitBytes: integer(env, 'SARP_API_BODY_LIMIT_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
      rateLimitPerMinute: integer(env, 'SARP_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
      codecCorsOrigins: originsOf(env, 'SARP_TEMPORAL_CODEC_CORS_ORIGINS'),
    },
    ...faultPointOf(env),
  };
}

/** A comma-separated list of web origins (scheme, host, port; no path), each as the browser sends it in `Origin`. */
function originsOf(env: Env, name: string): string[] {
  const origins = (env[name] ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(`${name}: "${origin}" is not a web origin such as https://temporal-ui.example.org (scheme, host and port only)`);
    }
  }
  return origins;
}

/** SARP_FAULT_POINT, for the fault-injection suite only (see fault-points.ts); refused in production. */
function faultPointOf(env: NodeJS.ProcessEnv): Pick<SarpConfig, 'faultPoint'> {
  const name = env.SARP_FAULT_POINT?.trim();
  if (!name) return {};
  if (env.NODE_ENV === 'production') throw new ConfigError('SARP_FAULT_POINT is for the fault-injection tests; unset it in production');
  if (!(FAULT_POINTS as readonly string[]).includes(name)) {
    throw new ConfigError(`SARP_FAULT_POINT must be one of: ${FAULT_POINTS.join(', ')}`);
  }
  return { faultPoint: name as FaultPointName };
}
