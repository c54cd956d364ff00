import { rmSync } from 'node:fs';
import { stopPostgres } from './postgres';
import { isOurProcess, terminate, type Log } from './processes';
import { readState, removeState, withLock, type PartName, type PartState, type StackState } from './state';

/**
 * How long each part gets to shut down cleanly after SIGTERM before SIGKILL.
 * Kafka's controlled shutdown flushes and closes every log segment.
 */
const GRACE_MS: Record<PartName, number> = { temporal: 20_000, kafka: 30_000, postgres: 40_000 };

/**
 * Stops one part we started; external services are left alone. A recorded pid
 * is only signalled while its command line still proves it is our part.
 */
export async function stopPart(part: PartState | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  if (!part || part.external) return;
  if (part.name === 'postgres') return stopPostgres(part, env);
  if (isOurProcess(part.pid, part.markers ?? [])) await terminate(part.pid, GRACE_MS[part.name]);
}

/** Stops the named parts of a state in parallel (they do not depend on each other). */
export async function stopParts(state: StackState, names: PartName[], env: NodeJS.ProcessEnv): Promise<void> {
  await Promise.all(names.map((name) => stopPart(state.parts[name], env)));
}

/**
 * Stops everything recorded in a state dir: the watchdog first (so it does
 * not race us), then the parts. A test stack's dir is deleted afterwards
 * (SARP_KEEP_TEST_STACK=1 keeps it, logs included, for a post-mortem); the
 * dev stack keeps its data and only forgets the pids.
 */
export async function stopStackInDir(stateDir: string, log: Log, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await withLock(stateDir, 120_000, async () => {
    const state = readState(stateDir);
    if (!state) {
      log(`No local stack is recorded in ${stateDir}.`);
      return;
    }
    if (state.watchdogPid !== undefined && state.watchdogPid !== process.pid && isOurProcess(state.watchdogPid, ['watchdog'])) {
      await terminate(state.watchdogPid, 5_000);
    }
    await stopParts(state, ['temporal', 'kafka', 'postgres'], env);
    if (state.profile === 'test' && env.SARP_KEEP_TEST_STACK !== '1') {
      rmSync(stateDir, { recursive: true, force: true });
    } else {
      removeState(stateDir);
    }
    log(`Stopped the ${state.profile} stack (${stateDir}).`);
  });
}
