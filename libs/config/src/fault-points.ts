/**
 * Fault points for the fault-injection suite (test/fault-injection.e2e.spec.ts): a few named places where
 * a crash is the hardest to survive. When the configuration names one (SARP_FAULT_POINT, refused in
 * production), the process kills itself there with SIGKILL: no clean-up, as a power cut would.
 */
export const FAULT_POINTS = [
  /** The projector has committed a batch to PostgreSQL and not yet its offset to Kafka. */
  'after-projection-commit',
] as const;

export type FaultPointName = (typeof FAULT_POINTS)[number];

export function faultPoint(name: FaultPointName, configured: FaultPointName | undefined): void {
  if (configured === name) process.kill(process.pid, 'SIGKILL');
}
