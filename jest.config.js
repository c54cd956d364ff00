/**
 * Three projects: `unit` (pure logic, no servers), `integration`
 * (`*.int.spec.ts` and `*.e2e.spec.ts`, against a real Temporal, Kafka and
 * PostgreSQL that the global setup starts as local processes), and `bench`
 * (`bench/*.bench.ts`, run by `npm run bench` only, not by `npm test`).
 * Tests import workspace packages from their built `dist/` (npm test builds first).
 */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
      },
    },
  ],
};
const ignore = ['/node_modules/', '/dist/', '/.local/'];

/** @type {import('jest').Config} */
module.exports = {
  // The machine has 2 cores and the stack takes most of one: run test files one at a time.
  maxWorkers: 1,
  // Integration tests start workers and wait for projections; a unit test never comes near this.
  testTimeout: 120_000,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.unit.spec.ts'],
      testPathIgnorePatterns: ignore,
      transform,
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.spec.ts', '<rootDir>/**/*.e2e.spec.ts'],
      testPathIgnorePatterns: ignore,
      transform,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // `npm run bench` only: benchmarks start a SARP of their own and report numbers; they assert no speed.
      displayName: 'bench',
      testMatch: ['<rootDir>/bench/**/*.bench.ts'],
      testPathIgnorePatterns: ignore,
      transform,
    },
  ],
};
