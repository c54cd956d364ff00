/**
 * The worker process: runs pathway workflows and their activities on the
 * pathway task queue. Scale out by starting more of these.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '@sarp/config';
import { createPathwayWorker } from './create-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  // The SDK's INFO lines (workflow bundling, state changes) drown what matters; keep warnings and errors.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const pathwayWorker = await createPathwayWorker(config);
  // Temporal's worker installs SIGINT/SIGTERM handlers that shut it down gracefully; run() resolves then.
  console.log(`[worker] polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
  try {
    await pathwayWorker.worker.run();
  } finally {
    await pathwayWorker.close();
  }
}

main().catch((error: unknown) => {
  console.error('[worker] stopped:', error instanceof Error ? error.message : error);
  process.exit(1);
});
