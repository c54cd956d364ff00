/**
 * Commands reach a running pathway as Temporal Updates with validators, on
 * the real Temporal dev server: an invalid command is refused at once with
 * its reason, and nothing is written to the workflow's history.
 */
import { randomUUID } from 'node:crypto';
import type { PathwayCommandRequest } from '@sarp/workflows';
import { pathwayCommandUpdate, pathwaySearchAttributeKeys, pathwayStateQuery } from '@sarp/workflows';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { isolatedTestConfig, startSarp, type SarpHarness } from './support/sarp-harness';
import { startPathwayDirectly } from './support/start-pathway';
import { waitFor } from './support/wait-for';
import { waitUntilIdle } from './support/workflow-idle';

let sarp: SarpHarness;
let client: Client;

beforeAll(async () => {
  // A read model of its own: the waiting lists its offers are checked against hold only its own people.
  sarp = await startSarp({ config: await isolatedTestConfig('commands') });
  client = new Client({ connection: await Connection.connect({ address: sarp.config.temporal.address }) });
});

afterAll(async () => {
  await client?.connection.close();
  await sarp?.close();
});

const coordinator = { userId: 'coordinator-ann', role: 'coordinator' } as const;

const startPathway = () => startPathwayDirectly(client, sarp.config.temporal.taskQueue, 'P-CMD-1');

function send(handle: Awaited<ReturnType<typeof startPathway>>, command: PathwayCommandRequest['command']) {
  return handle.executeUpdate(pathwayCommandUpdate, {
    args: [{ command, actor: coordinator, correlationId: 'commands-spec', commandId: randomUUID() }],
  });
}

/** WorkflowTaskScheduled, Started, Completed, TimedOut, Failed. */
const WORKFLOW_TASK_EVENT_TYPES = new Set([5, 6, 7, 8, 9]);

describe('an invalid command', () => {
  it('is refused at once with the reason, and nothing is written to the history', async () => {
    const handle = await startPathway();
    const historyBefore = await waitUntilIdle(handle);

    const wrongStage = await send(handle, {
      type: 'OfferUnit',
      offerId: 'o-x',
      model: 'transitional',
      unit: { schemeId: 'orchard-house', unitId: 'flat-1' },
    }).catch((error: unknown) => error);
    expect(wrongStage).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((wrongStage as WorkflowUpdateFailedError).cause).toMatchObject({
      type: 'InvalidTransitionError',
      message: expect.stringMatching(/placement or step-down/),
    });

    const missingReason = await send(handle, {
      type: 'TriageReferral',
      outcome: 'decline',
      urgency: 'standard',
      reason: null,
      redirectedTo: null,
    }).catch((error: unknown) => error);
    expect((missingReason as WorkflowUpdateFailedError).cause).toMatchObject({
      type: 'RuleViolationError',
      message: 'declining a referral needs a reason',
    });

    // Nothing written: no event after the idle point but workflow-task bookkeeping (a refused update's
    // speculative task is normally dropped; on a loaded machine the server may keep it, and that is all it keeps).
    const after = ((await handle.fetchHistory()).events ?? []).slice(historyBefore).map((event) => Number(event.eventType));
    expect(after.filter((type) => !WORKFLOW_TASK_EVENT_TYPES.has(type))).toEqual([]);
    expect(await handle.query(pathwayStateQuery)).toMatchObject({ stage: 'referral', lastSequence: 1 });

    // A valid command still goes through.
    const accepted = await send(handle, {
      type: 'TriageReferral',
      outcome: 'accept',
      urgency: 'standard',
      reason: null,
      redirectedTo: null,
    });
    expect(accepted.events.map((event) => event.type)).toEqual(['ReferralTriaged', 'DeadlineSet']);
  });

  it('keeps its typed search attributes current (stage, urgency, has-breach)', async () => {
    const handle = await startPathway();
    await send(handle, { type: 'TriageReferral', outcome: 'accept', urgency: 'standard', reason: null, redirectedTo: null });
    const attributes = await waitFor(
      async () => {
        const { typedSearchAttributes } = await handle.describe();
        return typedSearchAttributes.get(pathwaySearchAttributeKeys.stage) === 'assessment' ? typedSearchAttributes : undefined;
      },
      { what: 'the stage search attribute to move to assessment' },
    );
    expect(attributes.get(pathwaySearchAttributeKeys.urgency)).toBe('standard');
    expect(attributes.get(pathwaySearchAttributeKeys.hasBreach)).toBe(false);
  });
});
