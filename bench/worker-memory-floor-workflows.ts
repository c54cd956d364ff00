/**
 * The floor of the worker-memory benchmark (issue 15): the least an open workflow waiting on a timer can be, one
 * durable timer and a signal that could end it early, and nothing else. Bundled by the bench's floor worker (a
 * process of its own, on a task queue of its own), with the same workflow cache as SARP's worker.
 */
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const floorWake = defineSignal('floorWake');

/** Sets a 30-day timer and waits on it (or on the signal), as an open pathway waits on its deadlines. */
export async function floorWaitingOnTimer(): Promise<void> {
  let woken = false;
  setHandler(floorWake, () => {
    woken = true;
  });
  await condition(() => woken, '30 days');
}
