/**
 * A complex case on its way to the QA panel, driven over HTTP: for the tests
 * that need a pending panel task to work on.
 */
import type { ApiClient } from './api-client';
import { referAndWait } from './referral';
import { waitFor } from './wait-for';

/** An assessment that makes the case complex (high risk, intensive), so it goes to the panel. */
export function complexAssessment(riskSummary: string) {
  return {
    needs: ['24/7 support while medication is reviewed'],
    risk: { level: 'high', summary: riskSummary, positiveRiskTaking: null },
    eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
    supportPlan: {
      wellbeing: 'Low',
      satisfactionWithHome: 'None',
      communityConnections: 'Brother',
      aspirations: 'Stability',
      strengths: 'Artistic',
    },
    careBundles: [],
    requestedModel: 'intensive',
    requestedPackageHours: 60,
    requestedWeeklyFunding: 1800,
    copyGivenToPerson: true,
    team: 'adult_mental_health',
  };
}

/**
 * A crisis referral assessed as complex (intensive), waiting at the panel;
 * returns its pending task once projected. The client's tokens must include
 * `coordinator`, `assessor` (user assessor-raj) and `lee` (a panel member).
 */
export async function caseAtPanel(client: ApiClient, personRef: string): Promise<{ pathwayId: string; taskId: string }> {
  const { call, ok } = client;
  const id = await referAndWait(client, 'coordinator', {
    personRef,
    referringAgency: 'nhs',
    presentingNeeds: ['Psychosis, no safe home'],
    urgency: 'crisis',
  });
  await ok(`/pathways/${id}/triage`, 'coordinator', { outcome: 'accept', urgency: 'crisis' });
  await ok(`/pathways/${id}/assessor`, 'coordinator', { assessorId: 'assessor-raj' });
  await ok(`/pathways/${id}/assessment`, 'assessor', complexAssessment('Risk of self-harm'));
  const task = await waitFor(
    async () => {
      const list = await call('GET', '/worklist?status=pending&priority=crisis', 'lee');
      return (list.body.items as Record<string, any>[]).find((item) => item.pathwayId === id);
    },
    { what: 'the panel task' },
  );
  return { pathwayId: id, taskId: task.taskId as string };
}
