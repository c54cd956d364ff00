import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';

/** Where the stored workflow histories live that `test/workflow-replay.unit.spec.ts` replays. */
export const HISTORIES_DIR = resolve(__dirname, '../fixtures/workflow-histories');

/**
 * Stores a workflow's histories, one file per run (a pathway that continued
 * as new has several), as replay fixtures, when `SARP_RECORD_HISTORIES=1`.
 * Record again only after a deliberate change to the workflow that is behind
 * `patched()`, keeping the old files too: CI replays all of them on every
 * build, so a change that would break running pathways fails there first.
 */
export async function recordHistory(client: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.SARP_RECORD_HISTORIES !== '1') return;
  // One folder per generation of workflow code, named after its latest patch, so older histories are kept.
  const folder = resolve(HISTORIES_DIR, process.env.SARP_RECORD_HISTORIES_AS ?? 'current');
  mkdirSync(folder, { recursive: true });
  const runs: unknown[] = [];
  let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(history);
    // A run started by continue-as-new names the run it continued.
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  runs.forEach((history, index) => {
    const file = runs.length === 1 ? `${name}.json` : `${name}.run-${index + 1}.json`;
    // The workflow id is kept beside the history: replay must run under it (the pathway workflow checks it).
    writeFileSync(resolve(folder, file), `${JSON.stringify({ workflowId, history }, null, 1)}\n`);
  });
}
