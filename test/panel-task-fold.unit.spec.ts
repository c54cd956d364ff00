/**
 * The worklist's fold (`evolvePanelTasks`), on histories the domain itself writes: what a task says at each step,
 * and that a step which changes nothing hands back the same objects (the projector writes what differs by identity).
 */
import { EMPTY_PATHWAY, evolve, type PathwayState } from '@sarp/domain';
import type { PanelDecisionDetails } from '@sarp/events';
import { evolvePanelTasks, foldPanelTasks, NO_PANEL_TASKS, type PathwayPanelTasks } from '@sarp/db';
import { ASSESSOR, assessmentCommand, COORDINATOR, PANEL_CHAIR, PANEL_MEMBER, PathwayScript } from './support/pathway-script';

const approval: PanelDecisionDetails = {
  decision: 'approved',
  model: 'intensive',
  packageHours: 40,
  weeklyFunding: 1_700,
  fundingStream: 'joint',
  conditions: [],
};

function caseAtPanel(personId: string): PathwayScript {
  return new PathwayScript(personId)
    .referral('2026-03-02T09:00:00Z', 'crisis', 'localities')
    .at('2026-03-02T10:00:00Z', { type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null })
    .at('2026-03-02T11:00:00Z', { type: 'AssignAssessor', assessorId: ASSESSOR.userId })
    .at('2026-03-03T09:00:00Z', assessmentCommand('intensive', 'high', 1_800), ASSESSOR);
}

/** Each step's tasks, folded one event at a time as the projector does. */
function steps(script: PathwayScript): PathwayPanelTasks[] {
  let state: PathwayState = EMPTY_PATHWAY;
  let panel = NO_PANEL_TASKS;
  const out: PathwayPanelTasks[] = [];
  for (const event of script.events) {
    panel = evolvePanelTasks(panel, event, state);
    state = evolve(state, event);
    out.push(panel);
  }
  return out;
}

describe("the panel worklist's fold", () => {
  it('opens a task from the assessment that sent the case, follows claim, comment, deferral and proposal, and closes it on the decision', () => {
    const script = caseAtPanel('P-FOLD-1');
    const referred = script.events.find((event) => event.type === 'CaseReferredToPanel')!;
    const atReferral = foldPanelTasks(script.events).panel;
    expect(atReferral.tasks).toHaveLength(1);
    expect(atReferral.tasks[0]).toMatchObject({
      taskId: `${script.pathwayId}:panel:${referred.sequence}`,
      personId: 'P-FOLD-1',
      status: 'pending',
      priority: 'crisis',
      referredAt: referred.occurredAt,
      referredBy: COORDINATOR.userId,
      assessedBy: ASSESSOR.userId,
      summary: { needs: ['Support with money'], requestedModel: 'intensive', requestedWeeklyFunding: 1_800 },
    });
    expect(atReferral.tasks[0]!.dueAt).not.toBeNull(); // the panel-decision deadline set with the referral

    script
      .at('2026-03-03T12:00:00Z', { type: 'ClaimPanelTask' }, PANEL_MEMBER)
      .at('2026-03-03T12:30:00Z', { type: 'CommentOnPanelTask', comment: 'Ask about the tenancy' }, PANEL_MEMBER)
      .at(
        '2026-03-04T09:00:00Z',
        { type: 'RecordPanelDecision', decision: { decision: 'deferred', reason: 'Waiting for a report' } },
        PANEL_CHAIR,
      );
    const deferred = foldPanelTasks(script.events).panel;
    expect(deferred.tasks[0]).toMatchObject({ status: 'pending', claimedBy: PANEL_MEMBER.userId, deferrals: 1, proposal: null });
    expect(deferred.comments).toEqual([
      expect.objectContaining({ taskId: deferred.tasks[0]!.taskId, author: PANEL_MEMBER.userId, comment: 'Ask about the tenancy' }),
    ]);

    script.at('2026-03-05T09:00:00Z', { type: 'ProposePanelDecision', decision: approval }, PANEL_MEMBER);
    expect(foldPanelTasks(script.events).panel.tasks[0]).toMatchObject({ proposal: approval, proposedBy: PANEL_MEMBER.userId });

    script.at('2026-03-05T10:00:00Z', { type: 'ConfirmPanelDecision' }, PANEL_CHAIR);
    const decided = script.events[script.events.length - 1]!;
    expect(foldPanelTasks(script.events).panel.tasks[0]).toMatchObject({
      status: 'decided',
      decision: 'approved',
      decidedBy: PANEL_CHAIR.userId,
      decidedAt: decided.occurredAt,
      proposal: null,
      updatedAt: decided.occurredAt,
    });
  });

  it('withdraws the pending task when the pathway closes at panel', () => {
    const script = caseAtPanel('P-FOLD-2').at('2026-03-04T09:00:00Z', { type: 'WithdrawReferral', reason: 'Moved away' });
    expect(foldPanelTasks(script.events).panel.tasks.map((task) => task.status)).toEqual(['withdrawn']);
  });

  it('hands back the very same task objects for events that do not change them', () => {
    const script = caseAtPanel('P-FOLD-3').at('2026-03-03T12:00:00Z', { type: 'ClaimPanelTask' }, PANEL_MEMBER);
    const folded = steps(script);
    for (let index = 1; index < script.events.length; index++) {
      const event = script.events[index]!;
      const [before, after] = [folded[index - 1]!, folded[index]!];
      const changesTasks =
        event.type === 'CaseReferredToPanel' ||
        event.type === 'PanelTaskClaimed' ||
        (event.type === 'DeadlineSet' && event.data.ruleId === 'panel-decision' && before.tasks.length > 0);
      if (changesTasks) expect(after.tasks).not.toBe(before.tasks);
      else after.tasks.forEach((task, at) => expect(task).toBe(before.tasks[at]));
    }
  });
});
