/**
 * `npm run audit -- <events|state|verify|export|replay> <pathway id> [options]`
 * for auditors who prefer a terminal. events, state and verify ask the API (as
 * the auditor whose token is in SARP_TOKEN, so the access is checked and
 * recorded like any other); export and replay read the pathway's Temporal
 * history and replay it against the workflow code of this checkout.
 *
 *   npm run audit -- events <id>
 *   npm run audit -- state <id> --as-of 2026-12-01T09:00:00Z
 *   npm run audit -- verify <id>                 (exit 1 when a link is broken)
 *   npm run audit -- export <id> --out history.json
 *   npm run audit -- replay <id>                 (exit 1 on a divergence)
 *   npm run audit -- replay --file history.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '@sarp/config';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { dataConverterFor } from '@sarp/temporal';
import { connectTemporal, exportPathwayHistory, replayPathwayHistory, type PathwayWorkflowExport } from '../audit/workflow-history';

const USAGE =
  'usage: npm run audit -- <events|state|verify|export|replay> <pathway id> [--as-of <ISO time>] [--out <file>] [--file <file>]';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'as-of': { type: 'string' }, out: { type: 'string' }, file: { type: 'string' } },
  });
  const [command, pathwayId] = positionals;
  const config = loadConfig();
  switch (command) {
    case 'events':
    case 'state':
    case 'verify': {
      if (!pathwayId) return usage();
      const path =
        command === 'events'
          ? `/audit/pathways/${pathwayId}/events?limit=500`
          : command === 'state'
            ? `/audit/pathways/${pathwayId}/state?asOf=${encodeURIComponent(values['as-of'] ?? new Date().toISOString())}`
            : `/audit/pathways/${pathwayId}/verify`;
      const answer = await askApi(config.api.publicUrl, path);
      print(answer);
      return command === 'verify' && (answer as { verified?: boolean }).verified === false ? 1 : 0;
    }
    case 'export': {
      if (!pathwayId) return usage();
      const client = await connectTemporal(config.temporal);
      try {
        const exported = await exportPathwayHistory(client, pathwayId);
        if (values.out) writeFileSync(values.out, `${JSON.stringify(exported)}\n`);
        else print(exported);
        if (values.out) console.error(`exported ${exported.runs.length} run(s) of ${pathwayId} to ${values.out}`);
      } finally {
        await client.connection.close();
      }
      return 0;
    }
    case 'replay': {
      let exported: PathwayWorkflowExport;
      if (values.file) {
        exported = JSON.parse(readFileSync(values.file, 'utf8')) as PathwayWorkflowExport;
      } else {
        if (!pathwayId) return usage();
        const client = await connectTemporal(config.temporal);
        try {
          exported = await exportPathwayHistory(client, pathwayId);
        } finally {
          await client.connection.close();
        }
      }
      Runtime.install({ logger: new DefaultLogger('ERROR') });
      // An export holds the payloads as Temporal keeps them (encrypted, when keys are set): replay decrypts them with the same keys.
      const report = await replayPathwayHistory(exported, {
        workflowsPath: require.resolve('@sarp/workflows'),
        dataConverter: dataConverterFor(config.temporal),
      });
      print(report);
      return report.deterministic ? 0 : 1;
    }
    default:
      return usage();
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function askApi(baseUrl: string, path: string): Promise<unknown> {
  const token = process.env.SARP_TOKEN;
  if (!token)
    throw new Error('set SARP_TOKEN to an auditor token (with the embedded default: npm run token -- --user <id> --role auditor)');
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
