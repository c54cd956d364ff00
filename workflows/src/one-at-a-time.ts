/**
 * A queue for a workflow's commands: each piece of work starts when the one
 * before it has finished (whether it succeeded or failed), in the order asked.
 * Decide, stamp, fold and store are then never interleaved between two
 * commands, so events leave in order. Deterministic: promises only.
 */
export function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
}
