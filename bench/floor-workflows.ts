/**
 * The floors the benchmarks are held against (issue 15): the least a Temporal workflow can do on the same
 * server, in the same run. Bundled by the bench's own worker, on a task queue of its own.
 */
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

/** Start, one no-op activity, complete: the floor of a referral reaching the read model. */
export async function floorWorkflow(): Promise<void> {
  await noop();
}

export const floorUpdate = defineUpdate<number>('floorUpdate');
export const floorDone = defineSignal('floorDone');

/** Waits for updates, each running one no-op activity: the floor of a command's round trip. */
export async function floorUpdatable(): Promise<void> {
  let done = false;
  let updates = 0;
  setHandler(floorUpdate, async () => {
    await noop();
    return ++updates;
  });
  setHandler(floorDone, () => {
    done = true;
  });
  await condition(() => done);
}
