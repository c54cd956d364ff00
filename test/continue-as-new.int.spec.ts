/**
 * On the real Temporal server: a command sent the moment a pathway starts is
 * taken (it is decided against the referred pathway, not refused as "not
 * received its referral yet"), and a pathway driven through many commands
 * continues as new, run after run, without losing one; every run of its
 * history, exported, replays deterministically on the current code.
 */
import { randomUUID } from 'node:crypto';
import { connectTemporal, exportPathwayHistory, replayPathwayHistory } from '@sarp/worker';
import {
  pathwayCommandUpdate,
  pathwayStateQuery,
  PATHWAY_WORKFLOW_TYPE,
  type PathwayCommandRequest,
  type StartPathwayInput,
} from '@sarp/workflows';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { TEST_COORDINATOR } from './support/start-pathway';

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

/** Starts a pathway and returns at once, without waiting for the workflow to take the referral in. */
async function startWithoutWaiting(continueAsNewAfterEvents?: number): Promise<WorkflowHandle> {
  const pathwayId = randomUUID();
  const input: StartPathwayInput = {
    command: {
      type: 'ReceiveReferral',
      pathwayId,
      personId: 'P-CAN-001',
      referral: { referralId: null, referringAgency: 'self', presentingNeeds: ['Needs help'], urgency: 'standard' },
    },
    actor: TEST_COORDINATOR,
    correlationId: 'continue-as-new-test',
    commandId: randomUUID(),
    ...(continueAsNewAfterEvents ? { continueAsNewAfterEvents } : {}),
  };
  return client.workflow.start(PATHWAY_WORKFLOW_TYPE, { workflowId: pathwayId, taskQueue: sarp.config.temporal.taskQueue, args: [input] });
}

const send = (handle: WorkflowHandle, command: PathwayCommandRequest['command']) =>
  client.workflow
    .getHandle(handle.workflowId)
    .executeUpdate(pathwayCommandUpdate, { args: [{ command, actor: TEST_COORDINATOR, correlationId: 'can', commandId: randomUUID() }] });

const triage: PathwayCommandRequest['command'] = {
  type: 'TriageReferral',
  outcome: 'accept',
  urgency: 'standard',
  reason: null,
  redirectedTo: null,
};
const consent: PathwayCommandRequest['command'] = {
  type: 'RecordConsent',
  consent: { granted: true, agencies: ['nhs'], overrideReason: null },
};

describe('commands at the edges of a run', () => {
  it('takes a command sent the moment the pathway starts', async () => {
    const handles = await Promise.all(Array.from({ length: 5 }, () => startWithoutWaiting()));
    const results = await Promise.all(handles.map((handle) => send(handle, triage)));
    expect(results.map((result) => result.state.status === 'started' && result.state.stage)).toEqual(Array(5).fill('assessment'));
    expect(results.map((result) => result.events[0]?.sequence)).toEqual(Array(5).fill(2));
  });

  it('continues as new run after run without losing a command, and every run replays deterministically', async () => {
    const handle = await startWithoutWaiting(30);
    await send(handle, triage);
    for (let i = 0; i < 10; i++) await send(handle, consent);
    const state = await client.workflow.getHandle(handle.workflowId).query(pathwayStateQuery);
    expect(state.lastSequence).toBe(1 + 2 + 10); // referral; triage with its deadline; ten consents

    const exported = await exportPathwayHistory(client, handle.workflowId);
    expect(exported.runs.length).toBeGreaterThan(2);
    const report = await replayPathwayHistory(exported);
    expect(report.deterministic).toBe(true);
    expect(report.runs.map((run) => run.outcome)).toEqual(exported.runs.map(() => 'deterministic'));
  });

  it('recognises a keyed command after the run continued as new: the first answer, no new event', async () => {
    const handle = await startWithoutWaiting(30);
    const keyedRequest = (commandId: string, digest = 'digest-of-the-consent') => ({
      command: consent,
      actor: TEST_COORDINATOR,
      correlationId: 'can-keyed',
      commandId,
      idempotency: { key: 'coordinator:key-0001', digest },
    });
    await send(handle, triage);
    const first = await client.workflow
      .getHandle(handle.workflowId)
      .executeUpdate(pathwayCommandUpdate, { args: [keyedRequest(randomUUID())] });
    const firstRun = (await client.workflow.getHandle(handle.workflowId).describe()).runId;
    // Enough unkeyed commands to make the run continue as new (after 30 history events).
    for (let i = 0; i < 8; i++) await send(handle, consent);
    expect((await client.workflow.getHandle(handle.workflowId).describe()).runId).not.toBe(firstRun);

    // A new update id, as after an API restart: only the workflow's own memory of the key can answer it.
    const retry = await client.workflow
      .getHandle(handle.workflowId)
      .executeUpdate(pathwayCommandUpdate, { args: [keyedRequest(randomUUID())] });
    expect(retry).toMatchObject({ repeated: true });
    expect(retry.events.map((event) => event.eventId)).toEqual(first.events.map((event) => event.eventId));
    expect(retry.state.lastSequence).toBe(1 + 2 + 1 + 8);
    await expect(
      client.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(pathwayCommandUpdate, { args: [keyedRequest(randomUUID(), 'another-digest')] }),
    ).rejects.toThrow();
  });
});
