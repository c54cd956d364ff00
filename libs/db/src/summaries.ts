import type { PathwayEventEnvelope } from '@sarp/events';

/**
 * One line for the timeline, about what happened rather than to whom:
 * no free text from the event (it may hold personal data) goes into it.
 */
export function summarizeEvent(event: PathwayEventEnvelope): string {
  switch (event.type) {
    case 'ReferralReceived':
      return `${event.data.urgency === 'crisis' ? 'Crisis' : 'Standard'} referral received from ${event.data.referringAgency.replace('_', ' ')}`;
    default:
      return assertNever(event.type);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled event type: ${String(value)}`);
}
