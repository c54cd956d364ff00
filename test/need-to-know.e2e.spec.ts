/**
 * Need-to-know against the real stack: coordinators and assessors see their
 * team's cases (and the ones they referred or assess), the panel sees the
 * cases that came to it, auditors see everything, admins see no one's data.
 * Listings leave out what the caller may not see; reads and commands on such
 * a case are refused with 403, and the refusal is recorded for auditors.
 */
import { PROJECTION_WAIT_MS } from '../apps/api/src/infrastructure/projection-wait';
import { apiClient } from './support/api-client';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
const tokens: Record<string, string> = {};
const { call, ok } = apiClient(() => sarp.baseUrl, tokens);

beforeAll(async () => {
  sarp = await startSarp();
  tokens.ann = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.cy = await sarp.tokenFor('coordinator-cy', 'coordinator', 'localities');
  tokens.dee = await sarp.tokenFor('coordinator-dee', 'coordinator', 'learning_disability');
  tokens.raj = await sarp.tokenFor('assessor-raj', 'assessor', 'adult_mental_health');
  tokens.lee = await sarp.tokenFor('panel-lee', 'panel_member');
  tokens.bo = await sarp.tokenFor('auditor-bo', 'auditor');
  tokens.al = await sarp.tokenFor('admin-al', 'admin');
});

afterAll(async () => {
  await sarp?.close();
});

const listed = async (as: string) =>
  ((await call('GET', '/pathways?limit=200', as)).body.items as { pathwayId: string }[]).map((p) => p.pathwayId);

describe('need-to-know', () => {
  it('follows the case to the worker who covers it (seed 003: emergency cover), with the reason on the record', async () => {
    const referral = await call('POST', '/referrals', 'ann', {
      personRef: 'P-NTK-COVER',
      referringAgency: 'housing',
      presentingNeeds: ['Rent arrears'],
      urgency: 'standard',
    });
    const id = referral.body.pathwayId as string;
    await waitFor(async () => ((await call('GET', `/pathways/${id}/live`, 'ann')).status === 200 ? true : undefined), {
      what: 'the pathway',
    });
    await ok(`/pathways/${id}/triage`, 'ann', { outcome: 'accept', urgency: 'standard' });
    await ok(`/pathways/${id}/assessor`, 'ann', { assessorId: 'assessor-zed' });
    expect((await call('GET', `/pathways/${id}/live`, 'raj')).status).toBe(403);
    expect((await call('POST', `/pathways/${id}/worker`, 'ann', { assessorId: 'assessor-raj', reason: 'holiday' })).status).toBe(400);
    const moved = await ok(`/pathways/${id}/worker`, 'ann', { assessorId: 'assessor-raj', reason: 'leave', temporary: true });
    expect(moved.events[0].data).toEqual({
      assessorId: 'assessor-raj',
      previousAssessorId: 'assessor-zed',
      reason: 'leave',
      temporary: true,
    });
    // The covering assessor (of another team) now works on the case.
    expect((await call('GET', `/pathways/${id}/live`, 'raj')).status).toBe(200);
  });

  it('shows a case to its team, its referrer, its assessor, the panel once it is there, and auditors; refuses everyone else, on the record', async () => {
    const referral = await call('POST', '/referrals', 'ann', {
      personRef: 'P-NTK-001',
      referringAgency: 'housing',
      presentingNeeds: ['Eviction notice'],
      urgency: 'standard',
    });
    const id = referral.body.pathwayId as string;
    await waitFor(async () => ((await call('GET', `/pathways/${id}`, 'ann')).status === 200 ? true : undefined), { what: 'the pathway' });

    // The holding team (the referrer's own) and auditors see it; another team, an unassigned assessor, the panel and admins do not.
    expect((await call('GET', `/pathways/${id}`, 'cy')).status).toBe(200);
    expect((await call('GET', `/pathways/${id}`, 'bo')).status).toBe(200);
    expect(await listed('cy')).toContain(id);
    expect(await listed('bo')).toContain(id);
    for (const outsider of ['dee', 'raj', 'lee']) {
      expect({ outsider, status: (await call('GET', `/pathways/${id}`, outsider)).status }).toEqual({ outsider, status: 403 });
      expect({ outsider, status: (await call('GET', `/pathways/${id}/live`, outsider)).status }).toEqual({ outsider, status: 403 });
      expect(await listed(outsider)).not.toContain(id);
    }
    expect((await call('GET', `/pathways/${id}`, 'al')).status).toBe(403);

    // Asking to wait for a sequence the case has not reached is refused first, not after the wait: the answer's
    // time tells an outsider nothing about the case's progress. (The wait would be PROJECTION_WAIT_MS, 10 s.)
    const asked = Date.now();
    expect((await call('GET', `/pathways/${id}?atLeastSequence=1000`, 'dee')).status).toBe(403);
    expect(Date.now() - asked).toBeLessThan(PROJECTION_WAIT_MS);

    // Commands too: another team's coordinator cannot triage it (the role alone would allow it).
    const triage = await call('POST', `/pathways/${id}/triage`, 'dee', { outcome: 'accept', urgency: 'standard' });
    expect(triage.status).toBe(403);
    expect(triage.body.detail).toMatch(/not a case you work on/);
    await ok(`/pathways/${id}/triage`, 'cy', { outcome: 'accept', urgency: 'standard' });

    // Assigned, the assessor of another team may now see and work on it.
    const assigned = await ok(`/pathways/${id}/assessor`, 'ann', { assessorId: 'assessor-raj' });
    const lastSequence = Math.max(...(assigned.events as { sequence: number }[]).map((event) => event.sequence));
    expect((await call('GET', `/pathways/${id}?atLeastSequence=${lastSequence}`, 'raj')).status).toBe(200);
    expect(await listed('raj')).toContain(id);

    // Every refusal is on the record, for auditors.
    const refused = await waitFor(
      async () => {
        const attempts = (await call('GET', `/pathways/${id}/refused-attempts`, 'bo')).body as unknown as {
          command: string;
          actor: { userId: string };
        }[];
        return attempts.length >= 7 ? attempts : undefined;
      },
      { what: 'the refusals to be recorded' },
    );
    expect(refused.map((attempt) => `${attempt.actor.userId} ${attempt.command}`)).toEqual(
      expect.arrayContaining([
        'coordinator-dee GET /pathways/:id',
        'coordinator-dee GET /pathways/:id/live',
        'coordinator-dee triage',
        'assessor-raj GET /pathways/:id',
        'panel-lee GET /pathways/:id/live',
      ]),
    );
  });

  it('gives the case the team the referral names, or none when the referrer has none (then only they and auditors see it)', async () => {
    tokens.noTeam = await sarp.tokenFor('coordinator-fay', 'coordinator');
    const named = await call('POST', '/referrals', 'ann', {
      personRef: 'P-NTK-002',
      referringAgency: 'nhs',
      presentingNeeds: ['Discharge from hospital'],
      urgency: 'standard',
      team: 'learning_disability',
    });
    const own = await call('POST', '/referrals', 'noTeam', {
      personRef: 'P-NTK-003',
      referringAgency: 'self',
      presentingNeeds: ['Needs help'],
      urgency: 'standard',
    });
    const namedId = named.body.pathwayId as string;
    const ownId = own.body.pathwayId as string;
    await waitFor(async () => ((await call('GET', `/pathways/${ownId}`, 'noTeam')).status === 200 ? true : undefined), {
      what: 'the pathway',
    });
    await waitFor(async () => ((await call('GET', `/pathways/${namedId}`, 'dee')).status === 200 ? true : undefined), {
      what: 'the named team to see its case',
    });
    expect((await call('GET', `/pathways/${namedId}`, 'ann')).status).toBe(200); // the referrer
    expect((await call('GET', `/pathways/${namedId}`, 'cy')).status).toBe(403); // the referrer's team, not the case's
    expect((await call('GET', `/pathways/${ownId}`, 'cy')).status).toBe(403);
    expect(await listed('noTeam')).toEqual([ownId]);
  });
});
