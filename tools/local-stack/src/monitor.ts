/**
 * Watches the stack's parts for `npm start`: when Temporal, Kafka or
 * PostgreSQL stops answering, says what that means for SARP and what to do;
 * says so again when it is back. SARP's own processes keep running meanwhile
 * (they reconnect by themselves), so a part that is down is an outage to
 * report, not a reason to stop everything.
 */
import type { PartName } from './state';

export interface WatchedPart {
  name: PartName;
  external: boolean;
  running: boolean;
  address: string;
}

/** What a part being down means for the people using SARP, and what the person at the terminal can do. */
export function partDownAdvice(part: Pick<WatchedPart, 'name' | 'external' | 'address'>): string {
  const fix = part.external
    ? `it is your own service at ${part.address}: check it there; SARP reconnects when it answers again`
    : 'start it again from another terminal with `npm run stack -- start` (it reuses the parts still running); SARP reconnects by itself';
  switch (part.name) {
    case 'temporal':
      return `Temporal is down: commands and referrals answer 503 (nothing is changed, send them again later) and timers fire when it is back. To fix: ${fix}.`;
    case 'kafka':
      return `Kafka is down: commands are still answered; their events wait in the workflows and reach the read model once the broker is back, so pages and figures lag until then. To fix: ${fix}.`;
    case 'postgres':
      return `PostgreSQL is down: reads answer 503, the projector and unit offers wait and carry on when it is back. To fix: ${fix}.`;
  }
}

const LABELS: Record<PartName, string> = { temporal: 'Temporal', kafka: 'Kafka', postgres: 'PostgreSQL' };

/**
 * Checks the parts every intervalMs and reports each change (down, back up). Returns a function that stops
 * watching. A failed check (the status itself could not be read) is skipped, not reported as an outage.
 */
export function watchParts(
  readParts: () => Promise<WatchedPart[]>,
  report: (message: string) => void,
  intervalMs = 5_000,
): () => void {
  const wasRunning = new Map<PartName, boolean>();
  let checking = false;
  const check = async (): Promise<void> => {
    if (checking) return;
    checking = true;
    try {
      for (const part of await readParts()) {
        const before = wasRunning.get(part.name) ?? true;
        if (before && !part.running) report(partDownAdvice(part));
        if (!before && part.running) report(`${LABELS[part.name]} is back at ${part.address}.`);
        wasRunning.set(part.name, part.running);
      }
    } catch {
      // Reading the status failed (a state file being rewritten): try again at the next interval.
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
