/**
 * An auditor exports a pathway's Temporal history and replays it against the workflow code: the current
 * code decides the same way; a deliberately non-deterministic change is
 * caught, with the divergence named.
 */
import { randomUUID } from 'node:crypto';
import { connectTemporal, exportPathwayHistory, replayPathwayHistory } from '@sarp/worker';
import type { PathwayCommandRequest } from '@sarp/workflows';
import { pathwayCommandUpdate } from '@sarp/workflows';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { startPathwayDirectly } from './support/start-pathway';

let sarp: SarpHarness;
let client: Client;

beforeAll(async () => {
  sarp = await startSarp();
  client = await connectTemporal(sarp.config.temporal);
});

afterAll(async () => {
  await client?.connection.close();
  await sarp?.close();
});

const coordinator = { userId: 'coordinator-ann', role: 'coordinator' } as const;

/** A pathway with a few commands behind it, driven like any other. */
async function pathwayWithHistory(): Promise<string> {
  const handle = await startPathwayDirectly(client, sarp.config.temporal.taskQueue, 'P-REPLAY-1');
  const send = (command: PathwayCommandRequest['command']) =>
    handle.executeUpdate(pathwayCommandUpdate, {
      args: [{ command, actor: coordinator, correlationId: 'audit-replay', commandId: randomUUID() }],
    });
  await send({ type: 'TriageReferral', outcome: 'accept', urgency: 'standard', reason: null, redirectedTo: null });
  await send({ type: 'RecordConsent', consent: { granted: true, agencies: ['nhs'], overrideReason: null } });
  await send({ type: 'AssignAssessor', assessorId: 'assessor-raj' });
  return handle.workflowId;
}

describe('workflow history replay', () => {
  // Export walks the continue-as-new chain (every run); multi-run histories are replayed from the stored
  // fixtures (test/workflow-replay.unit.spec.ts), recorded from time-skipping runs that continued as new.
  it('exports a pathway and replays it deterministically on the current code', async () => {
    const pathwayId = await pathwayWithHistory();
    const exported = await exportPathwayHistory(client, pathwayId);
    expect(exported.runs.length).toBe(1);
    expect((exported.runs[0]?.history.events as unknown[]).length).toBeGreaterThan(10);

    const report = await replayPathwayHistory(JSON.parse(JSON.stringify(exported)) as typeof exported);
    expect(report).toMatchObject({ workflowId: pathwayId, deterministic: true });
    expect(report.runs.map((run) => run.outcome)).toEqual(exported.runs.map(() => 'deterministic'));
  });

  it('names the divergence when the workflow code changed in a non-deterministic way', async () => {
    const pathwayId = await pathwayWithHistory();
    const exported = await exportPathwayHistory(client, pathwayId);
    const changedCode = await bundleWorkflowCode({
      workflowsPath: require.resolve('@sarp/workflows'),
      workflowInterceptorModules: [require.resolve('./support/nondeterministic-interceptor')],
      logger: new DefaultLogger('WARN'),
    });
    const report = await replayPathwayHistory(exported, { workflowBundle: changedCode });
    expect(report.deterministic).toBe(false);
    expect(report.runs[0]).toMatchObject({ outcome: 'diverged', divergence: expect.stringMatching(/[Nn]ondetermin/) });
  });
});
