import { ConfigError, loadConfig } from '@sarp/config';

/** The development default docker-compose.yml used to carry. */
const PLACEHOLDER = 'dev-only-insecure-jwt-secret-replace-me-0123456789';
/** Two payload keys (32 bytes each, base64): the first encrypts. */
const KEYS = `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`;

describe('loadConfig', () => {
  it('defaults to the embedded local stack', () => {
    const config = loadConfig({}, '/nonexistent');
    expect(config.temporal).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'sarp-pathways',
      maxCachedWorkflows: 250,
    });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.database.url).toBe('postgres://sarp@127.0.0.1:5433/sarp');
    expect(config.api).toMatchObject({ host: '127.0.0.1', port: 3000, runProjector: true, publicUrl: 'http://127.0.0.1:3000' });
    expect(config.auth.jwtSecret).toBeUndefined();
  });

  it('takes real clusters from the environment', () => {
    const config = loadConfig(
      {
        TEMPORAL_ADDRESS: 'temporal.internal:7233',
        KAFKA_BROKERS: 'k1:9092, k2:9092',
        DATABASE_URL: 'postgres://u:p@db:5432/sarp',
        SARP_JWT_SECRET: 'x'.repeat(32),
      },
      '/nonexistent',
    );
    expect(config.temporal.address).toBe('temporal.internal:7233');
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.database.url).toBe('postgres://u:p@db:5432/sarp');
    expect(config.auth.jwtSecret).toBe('x'.repeat(32));
  });

  it.each([
    [{ SARP_API_PORT: 'eighty' }, /SARP_API_PORT/],
    [{ KAFKA_BROKERS: 'no-port' }, /KAFKA_BROKERS must be host:port/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ SARP_RUN_PROJECTOR: 'maybe' }, /SARP_RUN_PROJECTOR/],
    [{ SARP_JWT_SECRET: 'short' }, /at least 32/],
    [{ SARP_FAULT_POINT: 'somewhere' }, /SARP_FAULT_POINT must be one of: after-projection-commit/],
    [{ SARP_FAULT_POINT: 'after-projection-commit', NODE_ENV: 'production', SARP_PAYLOAD_KEYS: KEYS, SARP_AUDIT_KEYS: KEYS }, /SARP_FAULT_POINT is for the fault-injection tests/],
    // A published placeholder secret signs tokens only for a loopback API; local sign-in only on loopback, outside production.
    [{ SARP_JWT_SECRET: PLACEHOLDER, SARP_API_HOST: '0.0.0.0' }, /SARP_JWT_SECRET is a published placeholder/],
    [{ SARP_JWT_SECRET: PLACEHOLDER, SARP_API_HOST: '10.0.0.5' }, /SARP_JWT_SECRET is a published placeholder/],
    [{ SARP_LOCAL_LOGIN: 'true', SARP_API_HOST: '0.0.0.0' }, /SARP_LOCAL_LOGIN .* only on a loopback bind/],
    [{ SARP_LOCAL_LOGIN: 'true', NODE_ENV: 'production', SARP_PAYLOAD_KEYS: KEYS, SARP_AUDIT_KEYS: KEYS }, /SARP_LOCAL_LOGIN .* outside production/],
    // Temporal's histories are encrypted in production; keys must be AES-256 and named once.
    [{ NODE_ENV: 'production' }, /SARP_PAYLOAD_KEYS is required in production/],
    [{ NODE_ENV: 'production', SARP_PAYLOAD_KEYS: KEYS }, /SARP_AUDIT_KEYS is required in production/],
    [{ SARP_AUDIT_KEYS: `a1:${Buffer.alloc(16).toString('base64')}` }, /SARP_AUDIT_KEYS: key "a1" must be 32 bytes/],
    [{ SARP_MIGRATION_DATABASE_URL: 'mysql://x' }, /SARP_MIGRATION_DATABASE_URL must be a postgres/],
    [{ SARP_PAYLOAD_KEYS: `k1:${Buffer.alloc(16).toString('base64')}` }, /key "k1" must be 32 bytes/],
    [{ SARP_PAYLOAD_KEYS: Buffer.alloc(32).toString('base64') }, /SARP_PAYLOAD_KEYS must be id:key pairs/],
    [
      { SARP_PAYLOAD_KEYS: `k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}` },
      /names a key id twice/,
    ],
    [{ SARP_TEMPORAL_CODEC_CORS_ORIGINS: 'https://temporal-ui.example.org/namespaces' }, /SARP_TEMPORAL_CODEC_CORS_ORIGINS: .* is not a web origin/],
    [{ SARP_TEMPORAL_CODEC_CORS_ORIGINS: '*' }, /SARP_TEMPORAL_CODEC_CORS_ORIGINS: "\*" is not a web origin/],
  ])('refuses %p with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env, '/nonexistent')).toThrow(ConfigError);
    expect(() => loadConfig(env, '/nonexistent')).toThrow(message);
  });

  it('lets a developer use the placeholder and local sign-in on loopback, and a real secret on any bind', () => {
    expect(loadConfig({ SARP_JWT_SECRET: PLACEHOLDER, SARP_LOCAL_LOGIN: 'true' }, '/nonexistent').auth).toMatchObject({
      jwtSecret: PLACEHOLDER,
      localLogin: true,
    });
    expect(loadConfig({ SARP_JWT_SECRET: PLACEHOLDER, SARP_API_HOST: '::1' }, '/nonexistent').auth.jwtSecret).toBe(PLACEHOLDER);
    const real = 'r'.repeat(48);
    expect(
      loadConfig({ SARP_JWT_SECRET: real, SARP_API_HOST: '0.0.0.0', NODE_ENV: 'production', SARP_PAYLOAD_KEYS: KEYS, SARP_AUDIT_KEYS: KEYS }, '/nonexistent').auth
        .jwtSecret,
    ).toBe(real);
  });

  it('allows no origin to call the codec endpoint unless told which', () => {
    expect(loadConfig({}, '/nonexistent').api.codecCorsOrigins).toEqual([]);
    expect(
      loadConfig({ SARP_TEMPORAL_CODEC_CORS_ORIGINS: 'https://temporal-ui.example.org, http://localhost:8080' }, '/nonexistent').api.codecCorsOrigins,
    ).toEqual(['https://temporal-ui.example.org', 'http://localhost:8080']);
  });

  it('reads the payload keys, the first the one that encrypts', () => {
    expect(loadConfig({ SARP_PAYLOAD_KEYS: KEYS }, '/nonexistent').temporal.payloadKeys?.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(loadConfig({}, '/nonexistent').temporal.payloadKeys).toBeUndefined();
  });
});
