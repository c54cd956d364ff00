/**
 * Replays stored histories of pathways at every stage (recorded from real
 * runs, see test/support/record-history.ts) against the current workflow
 * code. A change that would make running pathways decide differently fails
 * here with the exact divergence, before it reaches a worker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { HISTORIES_DIR } from './support/record-history';

/** Every stored history, in every generation folder (`<generation>/<test name>.json`). */
const files = readdirSync(HISTORIES_DIR, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json'))
  .sort();

describe('stored pathway histories', () => {
  let workflowBundle: { code: string };

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Installed already by another test file in this process.
    }
    workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('@sarp/workflows'), logger: new DefaultLogger('WARN') });
  }, 60_000);

  it('cover every stage of a pathway', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)(
    '%s replays deterministically on the current code',
    async (file) => {
      // Stored as protobufjs writes a History to JSON; read back the same way.
      const stored = JSON.parse(readFileSync(resolve(HISTORIES_DIR, file), 'utf8')) as {
        workflowId: string;
        history: Record<string, unknown>;
      };
      const history = temporal.api.history.v1.History.fromObject(stored.history);
      // Replayed under the pathway's own workflow id: the workflow checks that it is its pathway id.
      await expect(Worker.runReplayHistory({ workflowBundle, replayName: file }, history, stored.workflowId)).resolves.toBeUndefined();
    },
    60_000,
  );

  it('catches a non-deterministic change to the workflow code', async () => {
    const changedBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('@sarp/workflows'),
      workflowInterceptorModules: [require.resolve('./support/nondeterministic-interceptor')],
      logger: new DefaultLogger('WARN'),
    });
    const [file] = files;
    const stored = JSON.parse(readFileSync(resolve(HISTORIES_DIR, file ?? ''), 'utf8')) as {
      workflowId: string;
      history: Record<string, unknown>;
    };
    const history = temporal.api.history.v1.History.fromObject(stored.history);
    await expect(Worker.runReplayHistory({ workflowBundle: changedBundle }, history, stored.workflowId)).rejects.toThrow(/[Nn]ondetermin/);
  }, 60_000);
});
