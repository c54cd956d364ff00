import { temporalConnectionOptions, type TemporalConfig } from '@sarp/config';
import { dataConverterFor } from '@sarp/temporal';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';

/** A pathway's Temporal history: every run, oldest first (a pathway that continued as new has several). */
export interface PathwayWorkflowExport {
  workflowId: string;
  runs: { runId: string; history: Record<string, unknown> }[];
}

/** Exports every run of a pathway's workflow, walking the continue-as-new chain back from the latest run. */
export async function exportPathwayHistory(client: Client, pathwayId: string): Promise<PathwayWorkflowExport> {
  const runs: PathwayWorkflowExport['runs'] = [];
  let runId: string | undefined = (await client.workflow.getHandle(pathwayId).describe()).runId;
  while (runId) {
    const history = await client.workflow.getHandle(pathwayId, runId).fetchHistory();
    runs.unshift({
      runId,
      history: temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, {
        longs: String,
        enums: Number,
        bytes: String,
      }),
    });
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return { workflowId: pathwayId, runs };
}

export interface ReplayReport {
  workflowId: string;
  deterministic: boolean;
  runs: { runId: string; outcome: 'deterministic' | 'diverged'; divergence?: string }[];
}

/**
 * Replays every run against the workflow code given (by default the current
 * code) and says, per run, whether it decides the same way; a divergence is
 * reported with the SDK's own message (which event, which command).
 */
export async function replayPathwayHistory(
  exported: PathwayWorkflowExport,
  options: ReplayWorkerOptions = { workflowsPath: require.resolve('@sarp/workflows') },
): Promise<ReplayReport> {
  const runs: ReplayReport['runs'] = [];
  for (const run of exported.runs) {
    const history = temporal.api.history.v1.History.fromObject(run.history);
    try {
      await Worker.runReplayHistory({ ...options, replayName: `${exported.workflowId}/${run.runId}` }, history, exported.workflowId);
      runs.push({ runId: run.runId, outcome: 'deterministic' });
    } catch (error) {
      runs.push({ runId: run.runId, outcome: 'diverged', divergence: error instanceof Error ? error.message : String(error) });
    }
  }
  return { workflowId: exported.workflowId, deterministic: runs.every((run) => run.outcome === 'deterministic'), runs };
}

/** A client of the configured Temporal (its TLS and API key too, when set). */
export async function connectTemporal(config: TemporalConfig): Promise<Client> {
  return new Client({
    connection: await Connection.connect(temporalConnectionOptions(config)),
    namespace: config.namespace,
    dataConverter: dataConverterFor(config),
  });
}
