/**
 * `npm run rebuild-read-model -- [--check] [--drop-retired] [--json]`:
 * rebuilds the whole read model from offset 0 of the event topics into fresh
 * tables and switches over while the API keeps serving (see
 * rebuildReadModel). Prints each table's row count and whether the rebuilt
 * content equals the live one. With `--check` nothing is switched, and the
 * exit code is 1 when the live read model differs from what the events say.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@sarp/config';
import { READ_MODEL_TABLES } from '@sarp/db';
import { rebuildReadModel } from '../projector/rebuild-read-model';

const USAGE = 'usage: npm run rebuild-read-model -- [--check] [--drop-retired] [--json]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { check: { type: 'boolean' }, 'drop-retired': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const report = await rebuildReadModel(config, {
    checkOnly: values.check,
    dropRetired: values['drop-retired'],
    log: (message) => console.error(`[rebuild] ${message}`),
  });
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(`${'table'.padEnd(22)} ${'live rows'.padStart(10)} ${'rebuilt rows'.padStart(13)}  content`);
    for (const table of READ_MODEL_TABLES) {
      const same = report.live[table].hash === report.rebuilt[table].hash && report.live[table].rows === report.rebuilt[table].rows;
      console.log(
        `${table.padEnd(22)} ${String(report.live[table].rows).padStart(10)} ${String(report.rebuilt[table].rows).padStart(13)}  ${same ? 'identical' : 'DIFFERS'}`,
      );
    }
    console.log(
      report.switched
        ? `switched to the rebuilt read model in ${(report.durationMs / 1000).toFixed(1)} s` +
            (report.retiredSchema ? `; the old tables are kept in schema ${report.retiredSchema} (drop it when no longer needed)` : '')
        : 'checked only: the live read model was not changed',
    );
    if (report.liveWasBehind) console.log('note: the live projector had not caught up with the topics, so differences may be only its lag');
  }
  if (values.check && report.differingTables.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`[rebuild] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
