/**
 * A deliberately non-deterministic change, for proving that replay catches
 * one: bundled in, it makes every workflow start a timer first, a command
 * that no stored history has.
 */
import { sleep, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        await sleep('1 minute');
        return next(input);
      },
    },
  ],
});
