import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, temporalConnectionOptions } from '@sarp/config';

/** PEM-looking files in a folder of their own (their content is passed on, not parsed, here). */
const dir = mkdtempSync(join(tmpdir(), 'sarp-tls-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
const cert = file('client.pem', '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n');
const key = file('client.key', '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n');
const password = file('kafka-password', 'from-a-file\n');

const load = (env: Record<string, string>) => loadConfig(env, '/nonexistent');

describe('TLS and authentication of the connections', () => {
  it('leaves every connection plain by default (the embedded local stack)', () => {
    const config = load({});
    expect(config.temporal.tls).toBeUndefined();
    expect(config.temporal.apiKey).toBeUndefined();
    expect(config.kafka.ssl).toBeUndefined();
    expect(config.kafka.sasl).toBeUndefined();
    expect(config.database.sslCaPem).toBeUndefined();
    expect(temporalConnectionOptions(config.temporal)).toEqual({ address: '127.0.0.1:7233' });
  });

  it('connects to Temporal with mutual TLS, or to Temporal Cloud with an API key (always over TLS)', () => {
    const mtls = load({
      TEMPORAL_ADDRESS: 'sarp.a1b2c.tmprl.cloud:7233',
      TEMPORAL_TLS_CA_FILE: ca,
      TEMPORAL_TLS_CERT_FILE: cert,
      TEMPORAL_TLS_KEY_FILE: key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(temporalConnectionOptions(mtls.temporal)).toEqual({
      address: 'sarp.a1b2c.tmprl.cloud:7233',
      tls: {
        serverNameOverride: 'temporal.internal',
        serverRootCACertificate: Buffer.from('-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n'),
        clientCertPair: {
          crt: Buffer.from('-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n'),
          key: Buffer.from('-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n'),
        },
      },
    });
    const cloud = load({ TEMPORAL_ADDRESS: 'eu-west-2.aws.api.temporal.io:7233', TEMPORAL_API_KEY: 'key-123' });
    expect(temporalConnectionOptions(cloud.temporal)).toEqual({
      address: 'eu-west-2.aws.api.temporal.io:7233',
      tls: true,
      apiKey: 'key-123',
    });
    expect(temporalConnectionOptions(load({ TEMPORAL_TLS: 'true' }).temporal)).toEqual({ address: '127.0.0.1:7233', tls: true });
  });

  it('connects to Kafka over TLS with SASL (SCRAM or PLAIN), the password from the variable or a file', () => {
    const scram = load({
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'sarp',
      KAFKA_SASL_PASSWORD_FILE: password,
    });
    expect(scram.kafka).toMatchObject({ ssl: {}, sasl: { mechanism: 'scram-sha-512', username: 'sarp', password: 'from-a-file' } });
    const plain = load({ KAFKA_SSL_CA_FILE: ca, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'key', KAFKA_SASL_PASSWORD: 'secret' });
    expect(plain.kafka).toMatchObject({ ssl: { caPem: expect.stringContaining('CA') }, sasl: { mechanism: 'plain', password: 'secret' } });
  });

  it('verifies PostgreSQL against a CA of its own', () => {
    expect(load({ SARP_DB_SSL_CA_FILE: ca }).database.sslCaPem).toContain('CA');
  });

  it.each([
    [{ TEMPORAL_TLS_CERT_FILE: cert }, /TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together/],
    [{ TEMPORAL_TLS_CA_FILE: join(dir, 'missing.pem') }, /TEMPORAL_TLS_CA_FILE names a file that cannot be read \(ENOENT\)/],
    [{ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_MECHANISM must be one of/],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-256' }, /needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/],
    [
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
      /sends the password in clear: set KAFKA_SSL=true/,
    ],
    [{ KAFKA_SSL: 'maybe' }, /KAFKA_SSL must be true or false/],
  ])('refuses %p, saying what to set', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });
});
