/** What the auditor pages both show: events as recorded and refused attempts, from the /audit endpoints. */
import { timeElement, type Child } from './dom';
import { actorText, table } from './tables';

export interface AuditedEvent {
  envelope: { sequence: number; type: string; occurredAt: string; actor: { userId: string; role: string }; policyVersion?: string | null };
}

export interface RefusedAttempt {
  occurredAt: string;
  command: string;
  actor: { userId: string; role: string };
  status: number;
  code: string;
  reason: string;
}

export function eventCells(item: AuditedEvent): Child[] {
  const { envelope } = item;
  return [String(envelope.sequence), envelope.type, timeElement(envelope.occurredAt), actorText(envelope.actor), envelope.policyVersion ?? 'not recorded'];
}

export function refusedTable(attempts: readonly RefusedAttempt[] | undefined): HTMLElement {
  return table(
    'Refused attempts, as recorded',
    ['When', 'Command', 'By', 'Status', 'Code', 'Reason'],
    (attempts ?? []).map((attempt) => [timeElement(attempt.occurredAt), attempt.command, actorText(attempt.actor), String(attempt.status), attempt.code, attempt.reason]),
    'No refused attempts.',
  );
}
