import type { ApiClient } from './api-client';
import { waitFor } from './wait-for';

/**
 * A pathway referred, triaged and given an assessor (four events), fully projected: a short history for the
 * audit tests. The client needs `coordinator` and `auditor` tokens.
 */
export async function pathwayWithHistory({ call, ok }: ApiClient, personRef: string): Promise<{ id: string; lastSequence: number }> {
  const referral = await call('POST', '/referrals', 'coordinator', {
    personRef,
    referringAgency: 'housing',
    presentingNeeds: ['Eviction notice'],
    urgency: 'standard',
  });
  const id = referral.body.pathwayId as string;
  await waitFor(async () => ((await call('GET', `/pathways/${id}/live`, 'coordinator')).body.lastSequence > 0 ? true : undefined), {
    what: 'the referral',
  });
  await ok(`/pathways/${id}/triage`, 'coordinator', { outcome: 'accept', urgency: 'standard' });
  const assigned = await ok(`/pathways/${id}/assessor`, 'coordinator', { assessorId: 'assessor-raj' });
  const lastSequence = Math.max(...(assigned.events as { sequence: number }[]).map((event) => event.sequence));
  await call('GET', `/pathways/${id}?atLeastSequence=${lastSequence}`, 'auditor');
  return { id, lastSequence };
}
