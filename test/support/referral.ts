import type { ApiClient } from './api-client';
import { waitFor } from './wait-for';

/** Posts a referral as `as` and waits until its workflow answers; returns the pathway id. */
export async function referAndWait(client: ApiClient, as: string, body: Record<string, unknown>): Promise<string> {
  const referral = await client.call('POST', '/referrals', as, body);
  if (referral.status !== 202) throw new Error(`the referral answered ${referral.status}: ${JSON.stringify(referral.body)}`);
  const id = referral.body.pathwayId as string;
  await waitFor(async () => ((await client.call('GET', `/pathways/${id}/live`, as)).status === 200 ? true : undefined), {
    what: 'the pathway workflow',
  });
  return id;
}

/** A support plan as an assessor writes it (seed 004's asset-based headings). */
export const SUPPORT_PLAN = {
  wellbeing: 'Anxious in crowds',
  satisfactionWithHome: 'Unhappy in the hostel',
  communityConnections: 'Attends a walking group',
  aspirations: 'A flat of her own',
  strengths: 'Organised',
};

/**
 * A referral taken through triage and a simple (not complex) assessment, so
 * that the person is approved for `model` and waits on its list; returns the
 * pathway id once the read model shows the approval (the waiting list is read
 * from it). Tokens needed: `coordinator`, `assessor` (user `assessor-raj`).
 */
export async function approvedForPlacement(
  client: ApiClient,
  personRef: string,
  options: {
    urgency?: 'crisis' | 'standard';
    model?: 'transitional' | 'independent';
    /** Return as soon as the assessment is accepted. */ noWait?: boolean;
  } = {},
): Promise<string> {
  const urgency = options.urgency ?? 'standard';
  const id = await referAndWait(client, 'coordinator', {
    personRef,
    referringAgency: 'housing',
    presentingNeeds: ['Tenancy at risk'],
    urgency,
  });
  await client.ok(`/pathways/${id}/triage`, 'coordinator', { outcome: 'accept', urgency });
  await client.ok(`/pathways/${id}/assessor`, 'coordinator', { assessorId: 'assessor-raj' });
  const assessed = await client.ok(`/pathways/${id}/assessment`, 'assessor', {
    needs: ['Budgeting'],
    risk: { level: 'low', summary: 'Low', positiveRiskTaking: null },
    eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
    supportPlan: SUPPORT_PLAN,
    careBundles: [],
    requestedModel: options.model ?? 'transitional',
    requestedPackageHours: 6,
    requestedWeeklyFunding: 200,
    copyGivenToPerson: true,
  });
  if (options.noWait) return id;
  const sequence = Math.max(...(assessed.events as { sequence: number }[]).map((event) => event.sequence));
  await waitFor(
    async () => {
      const read = await client.call('GET', `/pathways/${id}?atLeastSequence=${sequence}`, 'coordinator');
      return read.status === 200 && read.body.stage === 'placement' && (read.body.lastSequence as number) >= sequence ? true : undefined;
    },
    { what: `pathway ${id} approved in the read model` },
  );
  return id;
}
