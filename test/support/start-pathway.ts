import { randomUUID } from 'node:crypto';
import type { Actor } from '@sarp/events';
import { pathwayStateQuery, PATHWAY_WORKFLOW_TYPE, type StartPathwayInput } from '@sarp/workflows';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { waitFor } from './wait-for';

export const TEST_COORDINATOR: Actor = { userId: 'coordinator-ann', role: 'coordinator' };

/**
 * Starts a pathway workflow straight on Temporal (not through the API), with
 * a standard self-referral, and waits until the workflow has taken it in.
 */
export async function startPathwayDirectly(client: Client, taskQueue: string, personId: string): Promise<WorkflowHandle> {
  const pathwayId = randomUUID();
  const input: StartPathwayInput = {
    command: {
      type: 'ReceiveReferral',
      pathwayId,
      personId,
      referral: { referralId: null, referringAgency: 'self', presentingNeeds: ['Needs help'], urgency: 'standard' },
    },
    actor: TEST_COORDINATOR,
    correlationId: 'workflow-test',
    commandId: randomUUID(),
  };
  const handle = await client.workflow.start(PATHWAY_WORKFLOW_TYPE, { workflowId: pathwayId, taskQueue, args: [input] });
  await waitFor(async () => ((await handle.query(pathwayStateQuery)).lastSequence > 0 ? true : undefined), { what: 'the referral' });
  return handle;
}
