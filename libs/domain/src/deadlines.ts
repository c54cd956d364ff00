import type { PathwayDomainEvent } from '@sarp/events';
import { englandAndWalesCalendar } from './calendar';
import type { OpenDeadline, StartedPathway } from './pathway-state';
import { computeDueAt, deadlineKind, deadlinePolicy, findDeadlineRule } from './policy';

/**
 * Deadline events a decision adds. Ids are filled in by {@link numberDeadlines}
 * once the position of each event in the stream is known.
 */
export function setDeadline(ruleId: string, from: Date, policyVersion: string): PathwayDomainEvent {
  const due = computeDueAt(ruleId, from, deadlinePolicy(policyVersion), englandAndWalesCalendar);
  return {
    type: 'DeadlineSet',
    policyVersion: due.policyVersion,
    data: { deadlineId: '', ruleId: due.ruleId, dueAt: due.dueAt, kind: deadlineKind(due.ruleId), rule: due.rule, source: due.source },
  };
}

/** A deadline of a rule whose due time is fixed by something else (the panel's sitting), not by the rule's duration. */
export function setDeadlineDueAt(ruleId: string, dueAt: Date, policyVersion: string, why: string): PathwayDomainEvent {
  const rule = findDeadlineRule(deadlinePolicy(policyVersion), ruleId);
  return {
    type: 'DeadlineSet',
    policyVersion,
    data: {
      deadlineId: '',
      ruleId,
      dueAt: dueAt.toISOString(),
      kind: rule.kind,
      rule: `${rule.rule} ${why}`.slice(0, 500),
      source: rule.source,
    },
  };
}

export function openDeadlines(state: StartedPathway, ...ruleIds: string[]): OpenDeadline[] {
  return state.deadlines.filter((deadline) => ruleIds.includes(deadline.ruleId));
}

/** Marks open deadlines of these rules met (the thing they waited for happened). */
export function meetDeadlines(state: StartedPathway, ...ruleIds: string[]): PathwayDomainEvent[] {
  return openDeadlines(state, ...ruleIds).map((deadline) => ({
    type: 'DeadlineMet',
    policyVersion: deadline.policyVersion,
    data: { deadlineId: deadline.deadlineId, ruleId: deadline.ruleId, reason: null },
  }));
}

/** Cancels open deadlines of these rules (or all, with none named): the stage ended some other way. */
export function cancelDeadlines(state: StartedPathway, reason: string, ...ruleIds: string[]): PathwayDomainEvent[] {
  const deadlines = ruleIds.length === 0 ? state.deadlines : openDeadlines(state, ...ruleIds);
  return deadlines.map((deadline) => ({
    type: 'DeadlineCancelled',
    policyVersion: deadline.policyVersion,
    data: { deadlineId: deadline.deadlineId, ruleId: deadline.ruleId, reason },
  }));
}

/**
 * Gives each new deadline its id, `<rule id>#<sequence of its DeadlineSet event>`:
 * unique within the pathway and stable on replay.
 */
export function numberDeadlines(lastSequence: number, events: PathwayDomainEvent[]): PathwayDomainEvent[] {
  /** The id given to the last deadline of each rule set in this decision. */
  const setHere = new Map<string, string>();
  return events.map((event, index) => {
    if (event.type === 'DeadlineSet' && event.data.deadlineId === '') {
      const deadlineId = `${event.data.ruleId}#${lastSequence + index + 1}`;
      setHere.set(event.data.ruleId, deadlineId);
      return { ...event, data: { ...event.data, deadlineId } };
    }
    // A deadline breached in the same decision that set it (already overdue when it was set).
    if ((event.type === 'DeadlineBreached' || event.type === 'EscalationRaised') && event.data.deadlineId === '') {
      const deadlineId = setHere.get(event.data.ruleId);
      if (!deadlineId) throw new Error(`a ${event.type} names no deadline set before it`);
      return { ...event, data: { ...event.data, deadlineId } } as PathwayDomainEvent;
    }
    return event;
  });
}

/** The deadline that falls due first, if any: what the workflow's timer waits for. */
export function nextDeadline(state: StartedPathway): OpenDeadline | undefined {
  return [...state.deadlines].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
}
