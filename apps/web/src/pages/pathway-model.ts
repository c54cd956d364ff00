/** The pathway page's own logic, apart from the page so it is unit-tested. */

export interface WaitingListEntry {
  position: number;
  pathwayId: string | null;
  holdsOffer: boolean;
  why: string[];
}

/**
 * Where the person stands on their model's waiting list, in words, for the offer form: an offer to anyone
 * but the first suitable person needs a reason, so the coordinator sees who is ahead before choosing.
 */
export function waitingListNote(entries: readonly WaitingListEntry[], pathwayId: string, model: string, ruleVersion: string): string {
  const own = entries.find((entry) => entry.pathwayId === pathwayId);
  if (!own) return `This person is not on the ${model} waiting list.`;
  const ahead = entries.filter((entry) => entry.position < own.position && !entry.holdsOffer).length;
  const place = `Number ${own.position} of ${entries.length} on the ${model} waiting list (priority rule ${ruleVersion}: ${own.why.join('; ')}).`;
  return ahead === 0
    ? `${place} Nobody waiting ahead of them: an offer now is in list order.`
    : `${place} ${ahead} ${ahead === 1 ? 'person waits' : 'people wait'} ahead without an offer: an offer now needs a reason for going out of list order.`;
}
