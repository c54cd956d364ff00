/**
 * Workflows for test/time-skipping.int.spec.ts. They wait real Temporal
 * timers of workflow time (months, years, a day); the time-skipping test
 * server jumps over them. Date.now() is workflow time here (deterministic in
 * the workflow sandbox), so the results show how far workflow time moved.
 */
import { defineSearchAttributeKey } from '@temporalio/common';
import { condition, defineSignal, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';

export interface SleepTimes {
  startedAt: number;
  after90Days: number;
  after3Years: number;
}

/** Waits 90 days, then 3 years (1095 days), and reports workflow time at each step. */
export async function sleepThreeMonthsThenThreeYears(): Promise<SleepTimes> {
  const startedAt = Date.now();
  await sleep('90 days');
  const after90Days = Date.now();
  await sleep('1095 days');
  return { startedAt, after90Days, after3Years: Date.now() };
}

export const wakeUpSignal = defineSignal('wakeUp');

export interface WaitOutcome {
  /** condition()'s answer: true when the signal came first, false when the 24 hours ran out. */
  signalled: boolean;
  waitedMs: number;
}

/** A 24-hour timer races a signal, the shape of every SARP deadline. */
export async function waitForWakeUpOrTimeout(): Promise<WaitOutcome> {
  let woken = false;
  setHandler(wakeUpSignal, () => {
    woken = true;
  });
  const startedAt = Date.now();
  const signalled = await condition(() => woken, '24 hours');
  return { signalled, waitedMs: Date.now() - startedAt };
}

export const sarpStageKey = defineSearchAttributeKey('SarpStage', 'KEYWORD');

/** Sets a custom search attribute, as the pathway workflow does, across a 14-day timer. */
export async function markStageAcrossTwoWeeks(stage: string): Promise<void> {
  upsertSearchAttributes([{ key: sarpStageKey, value: stage }]);
  await sleep('14 days');
}
