/**
 * An auditor exports a pathway's Temporal history (every run, across
 * continue-as-new) and replays it against the workflow code: the current
 * code decides the same way; a deliberately non-deterministic change is
 * caught, with the divergence named.
 */
import { randomUUID } from 'node:crypto';
import { connectTemporal, exportPathwayHistory, replayPathwayHistory } from '@sarp/worker';
import type { PathwayCommandRequest, StartPathwayInput } from '@sarp/workflows';
import { pathwayCommandUpdate, pathwayStateQuery, PATHWAY_WORKFLOW_TYPE } from '@sarp/workflows';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let client: Client;

beforeAll(async () => {
  sarp = await startSarp();
  client = await connectTemporal(sarp.config.temporal.address, sarp.config.temporal.namespace);
});

afterAll(async () => {
  await client?.connection.close();
  await sarp?.close();
});

const coordinator = { userId: 'coordinator-ann', role: 'coordinator' } as const;

/** A pathway that continues as new after a few commands, so its history has more than one run. */
async function longPathway(): Promise<string> {
  const pathwayId = randomUUID();
  const input: StartPathwayInput = {
    command: {
      type: 'ReceiveReferral',
      pathwayId,
      personId: 'P-REPLAY-1',
      referral: { referralId: null, referringAgency: 'self', presentingNeeds: ['Help'], urgency: 'standard' },
    },
    actor: coordinator,
    correlationId: 'audit-replay',
    commandId: randomUUID(),
    continueAsNewAfterEvents: 30,
  };
  const handle = await client.workflow.start(PATHWAY_WORKFLOW_TYPE, {
    workflowId: pathwayId,
    taskQueue: sarp.config.temporal.taskQueue,
    args: [input],
  });
  await waitFor(async () => ((await handle.query(pathwayStateQuery)).lastSequence > 0 ? true : undefined), { what: 'the referral' });
  const send = (command: PathwayCommandRequest['command']) =>
    client.workflow.getHandle(pathwayId).executeUpdate(pathwayCommandUpdate, {
      args: [{ command, actor: coordinator, correlationId: 'audit-replay', commandId: randomUUID() }],
    });
  await send({ type: 'TriageReferral', outcome: 'accept', urgency: 'standard', reason: null, redirectedTo: null });
  for (let i = 0; i < 8; i++) await send({ type: 'RecordConsent', consent: { granted: true, agencies: ['nhs'], overrideReason: null } });
  await waitFor(
    async () => {
      const { runId } = await client.workflow.getHandle(pathwayId).describe();
      return runId !== handle.firstExecutionRunId ? true : undefined;
    },
    { what: 'the workflow to continue as new' },
  );
  await send({ type: 'AssignAssessor', assessorId: 'assessor-raj' });
  return pathwayId;
}

describe('workflow history replay', () => {
  it('exports every run of a pathway and replays them deterministically on the current code', async () => {
    const pathwayId = await longPathway();
    const exported = await exportPathwayHistory(client, pathwayId);
    expect(exported.runs.length).toBeGreaterThanOrEqual(2);

    const report = await replayPathwayHistory(JSON.parse(JSON.stringify(exported)) as typeof exported);
    expect(report).toMatchObject({ workflowId: pathwayId, deterministic: true });
    expect(report.runs.map((run) => run.outcome)).toEqual(exported.runs.map(() => 'deterministic'));
  });

  it('names the divergence when the workflow code changed in a non-deterministic way', async () => {
    const pathwayId = await longPathway();
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
