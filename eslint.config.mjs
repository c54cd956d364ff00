// Lint: strict TypeScript rules (STYLE 12) and workflow purity (STYLE 2).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/**
 * Workflow code runs in Temporal's deterministic sandbox and is replayed from
 * history: it must not reach Node, the network, the database or the clock
 * other than through @temporalio/workflow. Activities come in by type only.
 */
const forbiddenInWorkflows = {
  patterns: [
    { group: ['node:*'], message: 'Workflow code must be deterministic: no Node built-ins (use activities).' },
    {
      group: [
        '@nestjs/*',
        'kafkajs',
        'postgres',
        'pg',
        'node-pg-migrate',
        '@temporalio/client',
        '@temporalio/worker',
        '@temporalio/activity',
      ],
      message: 'Workflow code must not touch I/O libraries; call an activity.',
    },
    {
      group: ['@sarp/db', '@sarp/kafka', '@sarp/config', '@sarp/api', '@sarp/worker'],
      message: 'Workflow code may import only pure domain packages (@sarp/domain, @sarp/events).',
    },
    {
      group: ['@sarp/activities'],
      allowTypeImports: true,
      message: 'Import activities by type only and call them through proxyActivities.',
    },
  ],
  paths: ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'dns', 'timers', 'process', 'worker_threads', 'uuid'].map(
    (name) => ({
      name,
      message: 'Workflow code must be deterministic: no Node built-ins (use activities; uuid4() comes from @temporalio/workflow).',
    }),
  ),
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.local/**', 'coverage/**', 'jest.config.js', 'eslint.config.mjs', 'apps/web/build.mjs', 'bench/copy-floor.mjs', 'bench/projector-round.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // The pages' front-end code (apps/web) is type-checked against the DOM, everything else against Node.
      parserOptions: { project: ['./tsconfig.eslint.json', './apps/web/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
    },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js'] })] },
  },
  {
    // Workflow code: deterministic, and Date.now()/Math.random() are the SDK's deterministic versions there.
    files: ['workflows/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', forbiddenInWorkflows] },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    // Tests read JSON answers loosely on purpose: asserting on their shape is the test.
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['scripts/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { project: false },
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
);
