import type { WorkflowHandle } from '@temporalio/client';
import { waitFor } from './wait-for';

const WORKFLOW_TASK_SCHEDULED = 5;
const WORKFLOW_TASK_COMPLETED = 7;

/**
 * Waits until a workflow has nothing in flight: no activity pending and no
 * workflow task scheduled after the last completed one. Returns the history
 * length at that point, so a test can compare histories like with like.
 */
export async function waitUntilIdle(handle: WorkflowHandle, timeoutMs = 20_000): Promise<number> {
  return waitFor(
    async () => {
      const { raw } = await handle.describe();
      const events = (await handle.fetchHistory()).events ?? [];
      const types = events.map((event) => Number(event.eventType));
      const lastCompleted = types.lastIndexOf(WORKFLOW_TASK_COMPLETED);
      const taskPending = types.lastIndexOf(WORKFLOW_TASK_SCHEDULED) > lastCompleted;
      return (raw.pendingActivities?.length ?? 0) === 0 && lastCompleted >= 0 && !taskPending ? events.length : undefined;
    },
    { what: 'the workflow to be idle', timeoutMs },
  );
}
