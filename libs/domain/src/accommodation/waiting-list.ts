import type { PlacementModel, Team, Urgency } from '@sarp/events';
import { englandAndWalesCalendar } from '../calendar';
import type { PathwayState } from '../pathway-state';
import { computeDueAt, deadlinePolicy } from '../policy';

/**
 * Waiting lists (issue 11; seed 001 "fair access"): a person approved for a
 * placement model waits on that model's list until they are placed, withdraw
 * or their pathway closes. The order comes from a written, versioned priority
 * rule, so that every position can be explained and an offer out of that
 * order must say why.
 */

/** One person waiting for a unit of a model, as their pathway's state shows it. */
export interface WaitingListEntry {
  pathwayId: string;
  personId: string;
  team: Team | null;
  model: PlacementModel;
  urgency: Urgency;
  /** When they were approved for the model (by assessment, panel, or a step-down plan). */
  approvedAt: string;
  /** The stay limit of the placement they are in now (step-down), if it has one: nearest first. */
  stayLimitAt: string | null;
  /** They hold an offer not yet moved into: they keep their place, but are not the next to offer to. */
  holdsOffer: boolean;
}

/** The rule's terms, applied in order; each one that separates two people says why one is ahead. */
export interface PriorityRule {
  version: string;
  /** Where the rule comes from: the council owns it, and changes it as a new version. */
  source: string;
  terms: readonly { id: 'crisis-first' | 'nearest-stay-limit' | 'longest-wait'; rule: string }[];
}

export const PRIORITY_RULES: Readonly<Record<string, PriorityRule>> = {
  '1': {
    version: '1',
    source:
      "001_1463ac6e6ab1b23b.txt (the SARP controls movement into and out of accommodation and fair access); the council's default order, theirs to change as a new version",
    terms: [
      { id: 'crisis-first', rule: 'Crisis cases come before standard ones.' },
      {
        id: 'nearest-stay-limit',
        rule: "Then people whose current placement's stay limit is nearest, so that step-down flows (no current limit comes last).",
      },
      { id: 'longest-wait', rule: 'Then the longest wait since approval for the model.' },
    ],
  },
};

/** The priority rule new offers are checked against. */
export const CURRENT_PRIORITY_RULE_VERSION = '1';

export interface RankedEntry extends WaitingListEntry {
  position: number;
  priorityRuleVersion: string;
  /** The terms of the rule that placed them here, in words. */
  why: string[];
}

const STAY_LIMIT_RULES: Partial<Record<PlacementModel, string>> = {
  intensive: 'intensive-stay-limit',
  transitional: 'transitional-stay-limit',
};

/** The person's place-in-waiting, when their pathway puts them on a list; undefined otherwise. */
export function waitingListEntryOf(state: PathwayState): WaitingListEntry | undefined {
  if (state.status !== 'started' || !state.approvedModel) return undefined;
  const waiting = (state.stage === 'placement' && !state.placement) || state.stage === 'step_down';
  if (!waiting) return undefined;
  let stayLimitAt: string | null = null;
  const limitRule = state.placement ? STAY_LIMIT_RULES[state.placement.model] : undefined;
  if (state.placement && limitRule) {
    const open = state.deadlines.find((deadline) => deadline.ruleId === limitRule);
    // A limit already breached is no longer open: it is where it was, in the past, and so the nearest.
    stayLimitAt =
      open?.dueAt ?? computeDueAt(limitRule, state.placement.startedAt, deadlinePolicy(state.policyVersion), englandAndWalesCalendar).dueAt;
  }
  const offerPending = state.offer !== null && state.offer.offerId !== state.placement?.offerId;
  return {
    pathwayId: state.pathwayId,
    personId: state.personId,
    team: state.team ?? null,
    model: state.approvedModel,
    urgency: state.urgency,
    // Pathways approved before the approval time was kept: their last change is the closest we know.
    approvedAt: state.approvedAt ?? state.updatedAt,
    stayLimitAt,
    holdsOffer: offerPending,
  };
}

/** Orders one model's waiting list by a priority rule version, each position with its reasons. */
export function rankWaitingList<T extends WaitingListEntry>(
  entries: readonly T[],
  ruleVersion: string = CURRENT_PRIORITY_RULE_VERSION,
): (T & Omit<RankedEntry, keyof WaitingListEntry>)[] {
  const rule = PRIORITY_RULES[ruleVersion];
  if (!rule) throw new Error(`unknown waiting-list priority rule version ${ruleVersion}`);
  const limit = (entry: WaitingListEntry) => (entry.stayLimitAt === null ? Number.POSITIVE_INFINITY : Date.parse(entry.stayLimitAt));
  const sorted = [...entries].sort(
    (a, b) =>
      Number(b.urgency === 'crisis') - Number(a.urgency === 'crisis') ||
      limit(a) - limit(b) ||
      Date.parse(a.approvedAt) - Date.parse(b.approvedAt) ||
      // Same instant on every term: a fixed order, so the list never shuffles between reads.
      a.pathwayId.localeCompare(b.pathwayId),
  );
  return sorted.map((entry, index) => ({
    ...entry,
    position: index + 1,
    priorityRuleVersion: rule.version,
    why: [
      entry.urgency === 'crisis' ? 'crisis case: ahead of standard cases' : 'standard case',
      entry.stayLimitAt === null
        ? 'no current stay limit: after those with one'
        : `current placement's stay limit ${entry.stayLimitAt}: nearest first`,
      `waiting since ${entry.approvedAt}`,
      ...(entry.holdsOffer ? ['holds an offer: keeps this place, is not offered another'] : []),
    ],
  }));
}

export interface OfferOrderCheck {
  priorityRuleVersion: string;
  position: number;
  listLength: number;
  /** Suitable people ahead of the candidate (not already holding an offer): whom this offer passes over. */
  passedOver: string[];
}

/**
 * Where an offer to `candidate` stands on its model's list: the others on the
 * list (their own entry, if present, is replaced by the candidate's as the
 * workflow sees it, so a read model that lags cannot misplace them).
 */
export function checkOfferOrder(
  candidate: WaitingListEntry,
  others: readonly WaitingListEntry[],
  ruleVersion: string = CURRENT_PRIORITY_RULE_VERSION,
): OfferOrderCheck {
  const list = rankWaitingList(
    [candidate, ...others.filter((entry) => entry.pathwayId !== candidate.pathwayId && entry.model === candidate.model)],
    ruleVersion,
  );
  const position = list.findIndex((entry) => entry.pathwayId === candidate.pathwayId) + 1;
  return {
    priorityRuleVersion: ruleVersion,
    position,
    listLength: list.length,
    passedOver: list
      .slice(0, position - 1)
      .filter((entry) => !entry.holdsOffer)
      .map((entry) => entry.pathwayId),
  };
}
