/**
 * The lint rule that keeps workflow code deterministic really fires: a
 * workflow file that reaches for Node, Kafka or the database is refused.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');

/**
 * Lints code as a file of the workflows package, with the project's own
 * ESLint config. The file is really written (type-aware linting reads the
 * program from disk) and removed again; ESLint runs as its CLI because the
 * config is an ES module.
 */
async function lintAsWorkflow(code: string): Promise<string[]> {
  const probe = resolve(root, `workflows/src/lint-probe-${process.pid}-${Date.now()}.ts`);
  writeFileSync(probe, code);
  try {
    const run = spawnSync(process.execPath, [resolve(root, 'node_modules/eslint/bin/eslint.js'), probe, '--format', 'json'], {
      cwd: root,
      encoding: 'utf8',
    });
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
    return Promise.resolve((result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
  } finally {
    rmSync(probe, { force: true });
  }
}

describe('workflow purity lint rule', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';", /no Node built-ins/],
    ["import { randomUUID } from 'crypto';", /no Node built-ins/],
    ["import { Kafka } from 'kafkajs';", /must not touch I\/O/],
    ["import postgres from 'postgres';", /must not touch I\/O/],
    ["import { createSql } from '@sarp/db';", /only pure domain packages/],
    ["import { createActivities } from '@sarp/activities';", /by type only/],
  ])(
    'refuses %s',
    async (line, message) => {
      const messages = await lintAsWorkflow(`${line}\nexport const x = 1;\n`);
      expect(messages).toEqual([expect.stringMatching(message)]);
    },
    60_000,
  );

  it('allows activity types and the workflow SDK', async () => {
    const messages = await lintAsWorkflow(
      "import type { PathwayActivities } from '@sarp/activities';\nimport { proxyActivities } from '@temporalio/workflow';\nexport const a = proxyActivities<PathwayActivities>({ startToCloseTimeout: '1 minute' });\n",
    );
    expect(messages).toEqual([]);
  }, 60_000);
});
