import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';
import { flag } from './env-flag';

/**
 * TLS and authentication of SARP's connections to Temporal, Kafka and PostgreSQL (issue 16), read from the
 * environment. Unset, every connection is plain, as the embedded local stack (127.0.0.1) needs; a managed
 * Kafka (SASL over TLS), Temporal Cloud (mTLS or an API key) or a PostgreSQL that requires TLS are a matter
 * of configuration. Certificates and secrets are read from files (or, for the two passwords, the variable),
 * so they need not sit in the environment of every process listing.
 */

type Env = Record<string, string | undefined>;

/** TLS to the Temporal frontend; with a client certificate and key, mutual TLS (Temporal Cloud's mTLS). */
export interface TemporalTls {
  /** The server's name to verify, when it differs from the address's host. */
  serverName?: string;
  /** PEM of the CA that signed the server's certificate; the system's CAs when unset. */
  caPem?: string;
  /** PEM of this client's certificate and key, for mutual TLS. */
  clientCertPem?: string;
  clientKeyPem?: string;
}

export interface TemporalSecurity {
  tls?: TemporalTls;
  /** Temporal Cloud API key (sent as a bearer token, always over TLS). */
  apiKey?: string;
  /**
   * Keys of the payload codec (SARP_PAYLOAD_KEYS): every payload SARP sends to Temporal is encrypted with the
   * first, and decrypted with whichever one it names, so older keys are kept for older histories. Unset: not encrypted.
   */
  payloadKeys?: { id: string; keyBase64: string }[];
}

export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaSecurity {
  /** TLS to the brokers; `caPem` when their CA is not one the system trusts. */
  ssl?: { caPem?: string };
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
}

export interface DatabaseSecurity {
  /**
   * PEM of the CA that signed PostgreSQL's certificate: the server's certificate is then verified against it
   * (as `sslmode=verify-full`). Without it, TLS is `DATABASE_URL`'s `sslmode` (`require`, `verify-full`).
   */
  sslCaPem?: string;
}

function fileText(env: Env, name: string): string | undefined {
  const path = env[name]?.trim();
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${name} names a file that cannot be read (${why}): ${path}`);
  }
}

function secret(env: Env, name: string): string | undefined {
  return env[name]?.trim() || fileText(env, `${name}_FILE`)?.trim() || undefined;
}

export function temporalSecurityFrom(env: Env): TemporalSecurity {
  const apiKey = secret(env, 'TEMPORAL_API_KEY');
  const clientCertPem = fileText(env, 'TEMPORAL_TLS_CERT_FILE');
  const clientKeyPem = fileText(env, 'TEMPORAL_TLS_KEY_FILE');
  if (Boolean(clientCertPem) !== Boolean(clientKeyPem)) {
    throw new ConfigError('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together (mutual TLS needs the certificate and its key)');
  }
  const caPem = fileText(env, 'TEMPORAL_TLS_CA_FILE');
  const serverName = env.TEMPORAL_TLS_SERVER_NAME?.trim() || undefined;
  // Any TLS setting, a client certificate or an API key means TLS: an API key is never sent in clear.
  const tlsOn = flag(env, 'TEMPORAL_TLS', false) || Boolean(apiKey || clientCertPem || caPem || serverName);
  const tls: TemporalTls | undefined = tlsOn
    ? {
        ...(serverName ? { serverName } : {}),
        ...(caPem ? { caPem } : {}),
        ...(clientCertPem && clientKeyPem ? { clientCertPem, clientKeyPem } : {}),
      }
    : undefined;
  const payloadKeys = payloadKeysFrom(env);
  return { ...(tls ? { tls } : {}), ...(apiKey ? { apiKey } : {}), ...(payloadKeys ? { payloadKeys } : {}) };
}

/** `id:base64,id:base64`, the first the one that encrypts; each key 32 random bytes (`openssl rand -base64 32`). */
function payloadKeysFrom(env: Env): { id: string; keyBase64: string }[] | undefined {
  return keyListFrom(env, 'SARP_PAYLOAD_KEYS', 'the first the key that encrypts');
}

/**
 * The keys of the audit trail's tamper evidence (SARP_AUDIT_KEYS, issue 16): each link of a pathway's hash
 * chain, each access-log row and each checkpoint is an HMAC-SHA256 under the first; older ones are kept to
 * verify what they keyed. The database never holds them, so whoever can write the database cannot forge a
 * link. Unset (development only): links are keyed with a public key and `verify` says they are not keyed.
 */
export function auditKeysFrom(env: Env): { id: string; keyBase64: string }[] | undefined {
  return keyListFrom(env, 'SARP_AUDIT_KEYS', 'the first the key that signs');
}

/** A list of `id:base64` keys of 32 bytes each, from a variable or its `_FILE`. */
function keyListFrom(env: Env, name: string, firstIs: string): { id: string; keyBase64: string }[] | undefined {
  const raw = secret(env, name);
  if (!raw) return undefined;
  const keys = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(':');
      const id = entry.slice(0, separator).trim();
      const keyBase64 = entry.slice(separator + 1).trim();
      if (separator <= 0 || !/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
        throw new ConfigError(`${name} must be id:key pairs separated by commas (ids of letters, digits, . _ -), ${firstIs}`);
      }
      if (Buffer.from(keyBase64, 'base64').length !== 32) {
        throw new ConfigError(`${name}: key "${id}" must be 32 bytes in base64 (openssl rand -base64 32)`);
      }
      return { id, keyBase64 };
    });
  if (new Set(keys.map((key) => key.id)).size !== keys.length) throw new ConfigError(`${name} names a key id twice`);
  return keys;
}

const SASL_MECHANISMS: readonly KafkaSaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

export function kafkaSecurityFrom(env: Env): KafkaSecurity {
  const caPem = fileText(env, 'KAFKA_SSL_CA_FILE');
  const sslOn = flag(env, 'KAFKA_SSL', false) || Boolean(caPem);
  const mechanism = env.KAFKA_SASL_MECHANISM?.trim().toLowerCase();
  let sasl: KafkaSecurity['sasl'];
  if (mechanism) {
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new ConfigError(`KAFKA_SASL_MECHANISM must be one of: ${SASL_MECHANISMS.join(', ')}`);
    }
    const username = env.KAFKA_SASL_USERNAME?.trim();
    const password = secret(env, 'KAFKA_SASL_PASSWORD');
    if (!username || !password)
      throw new ConfigError('KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)');
    if (mechanism === 'plain' && !sslOn) {
      throw new ConfigError('KAFKA_SASL_MECHANISM=plain sends the password in clear: set KAFKA_SSL=true (or use scram-sha-512)');
    }
    sasl = { mechanism: mechanism as KafkaSaslMechanism, username, password };
  }
  return { ...(sslOn ? { ssl: caPem ? { caPem } : {} } : {}), ...(sasl ? { sasl } : {}) };
}

export function databaseSecurityFrom(env: Env): DatabaseSecurity {
  const sslCaPem = fileText(env, 'SARP_DB_SSL_CA_FILE');
  return sslCaPem ? { sslCaPem } : {};
}

/**
 * The options both `Connection` (client) and `NativeConnection` (worker) of the Temporal SDK take:
 * address, TLS and API key.
 */
export function temporalConnectionOptions(config: { address: string } & TemporalSecurity): {
  address: string;
  tls?: boolean | { serverNameOverride?: string; serverRootCACertificate?: Buffer; clientCertPair?: { crt: Buffer; key: Buffer } };
  apiKey?: string;
} {
  const { tls, apiKey } = config;
  return {
    address: config.address,
    ...(tls
      ? {
          tls:
            tls.serverName || tls.caPem || tls.clientCertPem
              ? {
                  ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
                  ...(tls.caPem ? { serverRootCACertificate: Buffer.from(tls.caPem) } : {}),
                  ...(tls.clientCertPem && tls.clientKeyPem
                    ? { clientCertPair: { crt: Buffer.from(tls.clientCertPem), key: Buffer.from(tls.clientKeyPem) } }
                    : {}),
                }
              : true,
        }
      : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
