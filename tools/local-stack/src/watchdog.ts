/**
 * Watchdog of an attached (test) stack: `node watchdog.js <ownerPid> <stateDir>`.
 *
 * The test global setup owns its stack and stops it in global teardown. If
 * the owner dies first (Ctrl-C, a CI timeout's SIGKILL, a crash), teardown
 * never runs; this small detached process notices and stops the stack, so no
 * Kafka, Temporal or PostgreSQL is left behind. stopLocalStack terminates it
 * on a normal stop.
 */
import { isAlive } from './processes';
import { stopStackInDir } from './stop';

const POLL_MS = 1000;

function main(): void {
  const [ownerArg, stateDir] = process.argv.slice(2);
  const owner = Number(ownerArg);
  if (!Number.isInteger(owner) || !stateDir) {
    console.error('usage: watchdog.js <ownerPid> <stateDir>');
    process.exit(2);
  }
  process.on('SIGTERM', () => process.exit(0));
  const timer = setInterval(() => {
    if (isAlive(owner)) return;
    clearInterval(timer);
    console.log(`owner ${owner} is gone; stopping the stack in ${stateDir}`);
    stopStackInDir(stateDir, (message) => console.log(message)).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }, POLL_MS);
}

main();
