/**
 * Consent and safeguarding (seed 003) against the real stack: consent to
 * share is recorded per person; a safeguarding referral goes ahead with the
 * person's consent, or without it only for a reason from the allowed list,
 * and then it is flagged for auditors. A referral without consent and
 * without such a reason is refused, on the record.
 */
import { apiClient } from './support/api-client';
import { referAndWait } from './support/referral';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
const { call, ok } = client;

beforeAll(async () => {
  sarp = await startSarp();
  tokens.ann = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.dee = await sarp.tokenFor('coordinator-dee', 'coordinator', 'learning_disability');
  tokens.bo = await sarp.tokenFor('auditor-bo', 'auditor');
});

afterAll(async () => {
  await sarp?.close();
});

describe('consent and safeguarding', () => {
  it("shows a person's consent only from the pathways the caller works on, and links a referral only to those", async () => {
    const annsPathway = await referAndWait(client, 'ann', {
      personRef: 'P-SAFE-002',
      referringAgency: 'nhs',
      presentingNeeds: ['Support after a hospital stay'],
      urgency: 'standard',
    });
    const annsConsent = await ok(`/pathways/${annsPathway}/consent`, 'ann', { granted: true, agencies: ['nhs'], overrideReason: null });

    // Another team refers the same person: its answer names no pathway of ann's team.
    const deesReferral = await call('POST', '/referrals', 'dee', {
      personRef: 'P-SAFE-002',
      referringAgency: 'housing',
      presentingNeeds: ['Learning disability, tenancy at risk'],
      urgency: 'standard',
    });
    expect(deesReferral.status).toBe(202);
    expect(deesReferral.body.linkedPathways).toEqual([]);
    const deesPathway = deesReferral.body.pathwayId as string;
    expect((await call('GET', `/pathways/${deesPathway}?atLeastSequence=1`, 'dee')).status).toBe(200);
    const deesConsent = await ok(`/pathways/${deesPathway}/consent`, 'dee', { granted: true, agencies: ['housing'], overrideReason: null });
    for (const [who, pathway, recorded] of [
      ['ann', annsPathway, annsConsent],
      ['dee', deesPathway, deesConsent],
    ] as const) {
      await call('GET', `/pathways/${pathway}?atLeastSequence=${(recorded.events as { sequence: number }[])[0]!.sequence}`, who);
    }

    const history = async (who: string) =>
      ((await call('GET', '/persons/P-SAFE-002/consent', who)).body.history as { pathwayId: string }[]).map((record) => record.pathwayId);
    expect(await history('dee')).toEqual([deesPathway]);
    expect(await history('ann')).toEqual([annsPathway]);
    expect((await history('bo')).sort()).toEqual([annsPathway, deesPathway].sort());
  });

  it('records consent, refers with it, refuses a referral without consent or reason, and flags one made for a stated reason', async () => {
    const id = await referAndWait(client, 'ann', {
      personRef: 'P-SAFE-001',
      referringAgency: 'police',
      presentingNeeds: ['Exploited by a lodger'],
      urgency: 'crisis',
    });

    // Sharing without consent: only for a reason from the fixed list (seed 003), else 422 and nothing recorded.
    const freeText = await call('POST', `/pathways/${id}/consent`, 'ann', {
      granted: false,
      agencies: ['police'],
      overrideReason: 'They asked for it',
    });
    expect(freeText.body).toMatchObject({
      status: 422,
      detail: expect.stringMatching(/danger_to_person, risk_to_adult, risk_to_child, crime/),
    });
    const consent = await ok(`/pathways/${id}/consent`, 'ann', { granted: true, agencies: ['nhs', 'housing'], overrideReason: null });
    expect(consent.state.consent).toEqual({ granted: true, agencies: ['nhs', 'housing'], overrideReason: null });
    // Recorded against the person: read back across their pathways, by those who work on one of them.
    await call('GET', `/pathways/${id}?atLeastSequence=${(consent.events as { sequence: number }[])[0]!.sequence}`, 'ann');
    const personConsent = await call('GET', '/persons/P-SAFE-001/consent', 'ann');
    expect(personConsent.body).toMatchObject({
      personId: 'P-SAFE-001',
      current: { pathwayId: id, granted: true, agencies: ['nhs', 'housing'], recordedBy: { userId: 'coordinator-ann' } },
    });
    expect((await call('GET', '/persons/P-SAFE-001/consent', 'dee')).status).toBe(403);
    expect((await call('GET', '/persons/P-SAFE-001/consent', 'bo')).status).toBe(200);

    const withConsent = await ok(`/pathways/${id}/safeguarding-referral`, 'ann', {
      agency: 'adult_safeguarding',
      concern: 'Financial abuse by a lodger',
      consent: 'given',
    });
    expect(withConsent.events[0].data).toMatchObject({ consent: 'given', withoutConsentReason: null, flaggedForAudit: false });

    const noReason = await call('POST', `/pathways/${id}/safeguarding-referral`, 'ann', {
      agency: 'police',
      concern: 'Threats of violence',
      consent: 'refused',
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.detail).toMatch(/needs its reason/);
    const notOnTheList = await call('POST', `/pathways/${id}/safeguarding-referral`, 'ann', {
      agency: 'police',
      concern: 'Threats of violence',
      consent: 'refused',
      withoutConsentReason: 'it seemed best',
    });
    expect(notOnTheList.status).toBe(400);

    const withoutConsent = await ok(`/pathways/${id}/safeguarding-referral`, 'ann', {
      agency: 'police',
      concern: 'Threats of violence',
      consent: 'refused',
      withoutConsentReason: 'crime',
    });
    expect(withoutConsent.events[0].data).toMatchObject({ consent: 'refused', withoutConsentReason: 'crime', flaggedForAudit: true });
    expect(
      (await call('POST', `/pathways/${id}/safeguarding-referral`, 'dee', { agency: 'nhs', concern: 'x', consent: 'given' })).status,
    ).toBe(403);

    // Auditors see the flagged one, with its reason; and the refused attempt.
    const lastSequence = Math.max(...(withoutConsent.events as { sequence: number }[]).map((event) => event.sequence));
    await call('GET', `/pathways/${id}?atLeastSequence=${lastSequence}`, 'bo');
    const flagged = await call('GET', '/audit/safeguarding-referrals?flagged=true', 'bo');
    expect(flagged.status).toBe(200);
    expect((flagged.body.items as Record<string, unknown>[]).filter((item) => item.pathwayId === id)).toEqual([
      expect.objectContaining({
        personId: 'P-SAFE-001',
        agency: 'police',
        consent: 'refused',
        withoutConsentReason: 'crime',
        flaggedForAudit: true,
        madeBy: { userId: 'coordinator-ann', role: 'coordinator' },
      }),
    ]);
    const all = await call('GET', '/audit/safeguarding-referrals', 'bo');
    expect((all.body.items as { pathwayId: string }[]).filter((item) => item.pathwayId === id)).toHaveLength(2);

    // Seed 003, "we will advise you": the person is told of each referral, or why not is recorded.
    const today = new Date().toISOString().slice(0, 10);
    expect((await call('POST', `/pathways/${id}/safeguarding-notice`, 'ann', { told: true })).status).toBe(422);
    const toldOfFirst = await ok(`/pathways/${id}/safeguarding-notice`, 'ann', { told: true, toldOn: today });
    expect(toldOfFirst.events[0].data).toEqual({
      referralEventId: withConsent.events[0].eventId,
      told: true,
      toldOn: today,
      reasonNotTold: null,
    });
    const notTold = await ok(`/pathways/${id}/safeguarding-notice`, 'ann', {
      referralEventId: withoutConsent.events[0].eventId,
      told: false,
      reasonNotTold: 'Telling him would alert the person threatening him',
    });
    expect((await call('POST', `/pathways/${id}/safeguarding-notice`, 'ann', { told: true, toldOn: today })).status).toBe(409);
    const noticed = Math.max(...(notTold.events as { sequence: number }[]).map((event) => event.sequence));
    await call('GET', `/pathways/${id}?atLeastSequence=${noticed}`, 'bo');
    const told = await call('GET', '/audit/safeguarding-referrals', 'bo');
    expect(
      (told.body.items as { pathwayId: string; agency: string; personTold: { told: boolean; on: string | null } | null }[])
        .filter((item) => item.pathwayId === id)
        .map((item) => [item.agency, item.personTold?.told, item.personTold?.on]),
    ).toEqual([
      ['police', false, null],
      ['adult_safeguarding', true, today],
    ]);
    expect((await call('GET', '/audit/safeguarding-referrals', 'ann')).status).toBe(403);
    const pathway = await call('GET', `/pathways/${id}`, 'bo');
    expect((pathway.body.timeline as { summary: string }[]).map((entry) => entry.summary)).toContain(
      'Safeguarding referral to police without consent (crime): flagged for audit',
    );
    await waitFor(
      async () => {
        const refused = (await call('GET', `/pathways/${id}/refused-attempts`, 'bo')).body as unknown as {
          command: string;
          refusal?: unknown;
        }[];
        return refused.some((attempt) => attempt.command === 'safeguarding-referral') ? true : undefined;
      },
      { what: 'the refused referral to be on the record' },
    );
  });
});
