/**
 * The caseload's logic, apart from the page so it is unit-tested: which cases need attention, the filters,
 * and how many cases each worker holds. The items are GET /pathways's, typed from libs/events' vocabulary.
 */
import type { DeadlineKind, PathwayStage, Team, Urgency } from '@sarp/events';

export interface CaseloadItem {
  pathwayId: string;
  personId: string;
  stage: PathwayStage;
  urgency: Urgency;
  team: Team | null;
  worker: string | null;
  openedAt: string;
  breaches: number;
  overdue: number;
  nextDeadline: { ruleId: string; rule: string; kind: DeadlineKind; dueAt: string } | null;
}

/** What a case needs, most pressing first: a breached limit, a deadline past due, one due within two days. */
export type Attention = 'breached' | 'overdue' | 'due-soon' | 'on-track' | 'no-deadline';

const TWO_DAYS_MS = 2 * 24 * 3_600_000;

export function attentionOf(item: CaseloadItem, now: Date): Attention {
  if (item.breaches > 0) return 'breached';
  if (item.overdue > 0) return 'overdue';
  if (!item.nextDeadline) return 'no-deadline';
  return Date.parse(item.nextDeadline.dueAt) - now.getTime() <= TWO_DAYS_MS ? 'due-soon' : 'on-track';
}

export interface CaseloadFilter {
  stage?: PathwayStage | '';
  /** Only cases that need attention now (breached or overdue). */
  needsAttention?: boolean;
  /** A worker's user id, or 'unassigned'. */
  worker?: string;
}

/** The open cases (a closed pathway is no longer anyone's caseload) that pass the filter, next deadline first. */
export function caseload(items: readonly CaseloadItem[], filter: CaseloadFilter, now: Date): CaseloadItem[] {
  return items
    .filter((item) => item.stage !== 'closed')
    .filter((item) => !filter.stage || item.stage === filter.stage)
    .filter((item) => !filter.needsAttention || ['breached', 'overdue'].includes(attentionOf(item, now)))
    .filter((item) => !filter.worker || (item.worker ?? 'unassigned') === filter.worker)
    .sort((a, b) => dueTime(a) - dueTime(b) || a.personId.localeCompare(b.personId));
}

function dueTime(item: CaseloadItem): number {
  return item.nextDeadline ? Date.parse(item.nextDeadline.dueAt) : Number.POSITIVE_INFINITY;
}

/** Open cases per worker ('unassigned' for none yet), most cases first. */
export function casesPerWorker(items: readonly CaseloadItem[]): { worker: string; cases: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    if (item.stage === 'closed') continue;
    const worker = item.worker ?? 'unassigned';
    counts.set(worker, (counts.get(worker) ?? 0) + 1);
  }
  return [...counts].map(([worker, cases]) => ({ worker, cases })).sort((a, b) => b.cases - a.cases || a.worker.localeCompare(b.worker));
}
