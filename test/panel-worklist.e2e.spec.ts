/**
 * The QA panel's worklist over HTTP against the real stack: a complex case
 * appears as a task; members claim and comment; one proposes and a second
 * person confirms; whoever referred or assessed the case is refused.
 */
import { apiClient } from './support/api-client';
import { caseAtPanel as caseAtPanelOver, complexAssessment } from './support/panel-case';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  sarp = await startSarp();
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator');
  tokens.assessor = await sarp.tokenFor('assessor-raj', 'assessor');
  tokens.lee = await sarp.tokenFor('panel-lee', 'panel_member');
  tokens.kim = await sarp.tokenFor('panel-kim', 'panel_member');
  tokens.chair = await sarp.tokenFor('chair-sam', 'panel_chair');
  // The assessor also sits on the panel: four eyes keeps them out of this case.
  tokens.assessorOnPanel = await sarp.tokenFor('assessor-raj', 'panel_member');
  tokens.auditor = await sarp.tokenFor('auditor-bo', 'auditor');
});

afterAll(async () => {
  await sarp?.close();
});

const client = apiClient(() => sarp.baseUrl, tokens);
const { call, ok } = client;
const caseAtPanel = (personRef: string) => caseAtPanelOver(client, personRef);

/** The task once the read model shows a condition. */
async function taskWhen(taskId: string, check: (task: Record<string, any>) => boolean) {
  return waitFor(
    async () => {
      const task = await call('GET', `/tasks/${taskId}`, 'lee');
      return task.status === 200 && check(task.body) ? task.body : undefined;
    },
    { what: `task ${taskId}` },
  );
}

describe('the QA panel worklist', () => {
  it('lets members claim and comment, and records a decision only when a second person confirms it', async () => {
    const { pathwayId, taskId } = await caseAtPanel('P-PANEL-001');

    // Four eyes: the assessor, sitting on the panel, can neither claim nor propose.
    expect((await call('POST', `/tasks/${taskId}/claim`, 'assessorOnPanel', {})).status).toBe(422);
    expect(
      (await call('POST', `/tasks/${taskId}/decision`, 'assessorOnPanel', { decision: 'rejected', reason: 'Not suitable' })).status,
    ).toBe(422);

    await ok(`/tasks/${taskId}/claim`, 'lee');
    const taken = await call('POST', `/tasks/${taskId}/claim`, 'kim', {});
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toMatch(/claimed by panel-lee/);
    await ok(`/tasks/${taskId}/comments`, 'kim', { text: 'GP letter supports 24/7 support' });
    await taskWhen(taskId, (task) => task.claimedBy === 'panel-lee' && task.comments.length === 1);

    const byTeam = await call('GET', '/worklist?team=adult_mental_health&status=pending', 'lee');
    expect((byTeam.body.items as { taskId: string; team: string }[]).find((item) => item.taskId === taskId)?.team).toBe(
      'adult_mental_health',
    );
    const otherTeam = await call('GET', '/worklist?team=learning_disability', 'lee');
    expect((otherTeam.body.items as { taskId: string }[]).map((item) => item.taskId)).not.toContain(taskId);

    // Listing the worklist shows case summaries: each listed person's access log records it.
    const accessLog = await call('GET', '/audit/persons/P-PANEL-001/access-log', 'auditor');
    expect(accessLog.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: 'panel-lee', action: 'GET /worklist', pathwayId })]),
    );

    const mine = await call('GET', '/worklist?assignedToMe=true', 'lee');
    expect((mine.body.items as { taskId: string }[]).map((item) => item.taskId)).toContain(taskId);
    expect(
      ((await call('GET', '/worklist?assignedToMe=true', 'kim')).body.items as { taskId: string }[]).map((item) => item.taskId),
    ).not.toContain(taskId);

    const approve = {
      decision: 'approved',
      model: 'intensive',
      packageHours: 60,
      weeklyFunding: 1800,
      fundingStream: 'council',
      conditions: ['Review at 6 weeks'],
    };
    const proposed = await ok(`/tasks/${taskId}/decision`, 'lee', approve);
    expect(proposed.events.map((event: { type: string }) => event.type)).toEqual(['PanelDecisionProposed']);
    expect(proposed.state.stage).toBe('panel');

    // The proposer cannot confirm their own proposal; the chair can.
    const alone = await call('POST', `/tasks/${taskId}/confirmation`, 'lee', {});
    expect(alone.status).toBe(422);
    expect(alone.body.detail).toMatch(/second person/);
    const confirmed = await ok(`/tasks/${taskId}/confirmation`, 'chair');
    expect(confirmed.state.stage).toBe('placement');

    // The API waits for the read model to catch up with the command it accepted: no polling needed.
    const lastSequence = Math.max(...(confirmed.events as { sequence: number }[]).map((event) => event.sequence));
    const decided = await call('GET', `/tasks/${taskId}?atLeastSequence=${lastSequence}`, 'lee');
    expect(decided.body).toMatchObject({ status: 'decided', decision: 'approved', decidedBy: 'chair-sam', proposal: null });
    expect((await call('GET', `/pathways/${pathwayId}`, 'lee')).body.stage).toBe('placement');

    // Every refused attempt is on record for auditors: Temporal keeps no trace of a rejected update.
    const refused = await waitFor(
      async () => {
        const attempts = await call('GET', `/pathways/${pathwayId}/refused-attempts`, 'auditor');
        return (attempts.body as unknown as Record<string, any>[]).length >= 4
          ? (attempts.body as unknown as Record<string, any>[])
          : undefined;
      },
      { what: 'the refused attempts to be recorded' },
    );
    expect(refused.map((attempt): unknown[] => [attempt.command, attempt.actor.userId, attempt.status, attempt.code])).toEqual([
      ['claim', 'assessor-raj', 422, 'rule-violation'],
      ['decision', 'assessor-raj', 422, 'rule-violation'],
      ['claim', 'panel-kim', 409, 'invalid-transition'],
      ['confirmation', 'panel-lee', 422, 'rule-violation'],
    ]);
    expect(refused[0]?.reason).toMatch(/referred or assessed/);
    expect((await call('GET', `/pathways/${pathwayId}/refused-attempts`, 'lee')).status).toBe(403);
  });

  it('lets two members defer a case to the next sitting: the task stays on the worklist', async () => {
    const { taskId } = await caseAtPanel('P-PANEL-002');
    await ok(`/tasks/${taskId}/decision`, 'kim', { decision: 'deferred', reason: 'Awaiting the psychiatric report' });
    await ok(`/tasks/${taskId}/confirmation`, 'lee');
    const deferred = await taskWhen(taskId, (task) => task.deferrals === 1);
    expect(deferred).toMatchObject({ status: 'pending', proposal: null });
  });

  it('refuses panel actions to other roles, and unknown actions', async () => {
    const { taskId } = await caseAtPanel('P-PANEL-003');
    expect((await call('POST', `/tasks/${taskId}/claim`, 'coordinator', {})).status).toBe(403);
    const refusedRole = await waitFor(
      async () =>
        ((await call('GET', `/pathways/${taskId.split(':')[0]}/refused-attempts`, 'auditor')).body as unknown as Record<string, any>[])[0],
      { what: 'the role refusal to be recorded' },
    );
    expect(refusedRole).toMatchObject({
      command: 'claim',
      actor: { userId: 'coordinator-ann', role: 'coordinator' },
      status: 403,
      code: 'forbidden',
    });
    expect((await call('POST', `/tasks/${taskId}/assign`, 'lee', { assignee: 'panel-kim' })).status).toBe(403);
    expect((await call('POST', `/tasks/${taskId}/vote`, 'lee', {})).status).toBe(404);
    await ok(`/tasks/${taskId}/assign`, 'chair', { assignee: 'panel-kim' });
    await taskWhen(taskId, (task) => task.claimedBy === 'panel-kim');
  });

  it('keeps a case waiting for its decision across a worker restart, and resumes on the decision', async () => {
    const { pathwayId, taskId } = await caseAtPanel('P-PANEL-004');
    await ok(`/tasks/${taskId}/decision`, 'lee', {
      decision: 'approved',
      model: 'intensive',
      packageHours: 60,
      weeklyFunding: 1800,
      fundingStream: 'council',
      conditions: [],
    });

    // The worker goes away (a deployment, a crash) while the case waits; the workflow lives on in Temporal.
    await sarp.restartWorker();

    const confirmed = await ok(`/tasks/${taskId}/confirmation`, 'chair');
    expect(confirmed.state).toMatchObject({ stage: 'placement', approvedModel: 'intensive' });
    const lastSequence = Math.max(...(confirmed.events as { sequence: number }[]).map((event) => event.sequence));
    // The read model takes the decision in once its events are published. Right after a worker restart that
    // can take longer than the API's read-your-writes wait (a publish the old worker had in flight is retried
    // after its activity timeout, and the outbox publishes in order): look again until it has.
    const projected = await waitFor(
      async () => {
        const pathway = await call('GET', `/pathways/${pathwayId}?atLeastSequence=${lastSequence}`, 'lee');
        return (pathway.body.lastSequence as number) >= lastSequence ? pathway.body : undefined;
      },
      { what: `the read model to take in the decision on pathway ${pathwayId}`, timeoutMs: 90_000 },
    );
    expect(projected.stage).toBe('placement');
  }, 180_000);

  it('rejects a case (the pathway closes) and sends another back for more information (it returns after reassessment)', async () => {
    const rejected = await caseAtPanel('P-PANEL-005');
    await ok(`/tasks/${rejected.taskId}/decision`, 'lee', { decision: 'rejected', reason: 'Needs are met by the community team' });
    const closed = await ok(`/tasks/${rejected.taskId}/confirmation`, 'kim');
    expect(closed.state).toMatchObject({ stage: 'closed', closure: { outcome: 'panel_rejected' } });

    const returned = await caseAtPanel('P-PANEL-006');
    const sitting = (await taskWhen(returned.taskId, (task) => task.sittingAt !== null)).sittingAt as string;
    const agenda = await call('GET', `/worklist?sitting=${sitting.slice(0, 10)}`, 'lee');
    expect((agenda.body.items as { taskId: string }[]).map((item) => item.taskId)).toContain(returned.taskId);

    await ok(`/tasks/${returned.taskId}/decision`, 'lee', {
      decision: 'more_information_requested',
      informationRequested: 'Forensic history from probation',
      dueBy: new Date(Date.now() + 7 * 24 * 3_600_000).toISOString(),
    });
    const backToAssessment = await ok(`/tasks/${returned.taskId}/confirmation`, 'chair');
    expect(backToAssessment.state.stage).toBe('assessment');
    expect((await taskWhen(returned.taskId, (task) => task.status === 'returned')).decision).toBe('more_information_requested');

    // Reassessed, still complex: a new task, back on the worklist.
    await ok(`/pathways/${returned.pathwayId}/assessment`, 'assessor', complexAssessment('Risk of self-harm; probation report received'));
    const again = await waitFor(
      async () =>
        ((await call('GET', '/worklist?status=pending', 'lee')).body.items as Record<string, any>[]).find(
          (item) => item.pathwayId === returned.pathwayId && item.taskId !== returned.taskId,
        ),
      { what: 'the case back on the worklist' },
    );
    expect(again).toMatchObject({ status: 'pending', summary: { risk: { summary: 'Risk of self-harm; probation report received' } } });
  });
});
