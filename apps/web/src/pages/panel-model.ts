/** The panel page's logic, apart from the page so it is unit-tested: a decision in words, and a decision's body. */

export type PanelDecision =
  | { decision: 'approved'; model: string; packageHours: number | null; weeklyFunding: number | null; fundingStream?: string; conditions: string[] }
  | { decision: 'rejected' | 'deferred'; reason: string }
  | { decision: 'more_information_requested'; informationRequested: string; dueBy: string };

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

export const formatMoney = (pounds: number): string => money.format(pounds);

/** A panel decision in words: what was decided and its terms. */
export function describeDecision(decision: PanelDecision | null | undefined): string {
  if (!decision) return 'nothing';
  switch (decision.decision) {
    case 'approved':
      return `Approve: ${decision.model.toLowerCase()} placement, ${decision.packageHours} hours of support a week, ${money.format(decision.weeklyFunding ?? 0)} a week${
        decision.conditions.length > 0 ? `; conditions: ${decision.conditions.join('; ')}` : '; no conditions'
      }`;
    case 'rejected':
      return `Reject: ${decision.reason}`;
    case 'deferred':
      return `Defer to the next sitting: ${decision.reason}`;
    case 'more_information_requested':
      return `Ask the assessor for more information by ${dateTime.format(new Date(decision.dueBy))}: ${decision.informationRequested}`;
  }
}

export interface DecisionFormValues {
  decision: string;
  model: string;
  packageHours: string;
  weeklyFunding: string;
  fundingStream: string;
  conditions: string;
  reason: string;
  informationRequested: string;
  /** A date (YYYY-MM-DD) in the panel member's own time zone. */
  dueBy: string;
}

const numberOrNull = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

/** The body of a decision: exactly the panel decision, nothing else (the API checks it). */
export function decisionBody(values: DecisionFormValues): PanelDecision {
  if (values.decision === 'approved') {
    return {
      decision: 'approved',
      model: values.model,
      packageHours: numberOrNull(values.packageHours),
      weeklyFunding: numberOrNull(values.weeklyFunding),
      fundingStream: values.fundingStream,
      conditions: values.conditions
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    };
  }
  if (values.decision === 'rejected' || values.decision === 'deferred') return { decision: values.decision, reason: values.reason.trim() };
  return {
    decision: 'more_information_requested',
    informationRequested: values.informationRequested.trim(),
    // End of that working day, in the panel member's time zone.
    dueBy: values.dueBy ? new Date(`${values.dueBy}T17:00:00`).toISOString() : '',
  };
}
