/**
 * The projector's batched write (one transaction per Kafka batch, one
 * set-based statement per table) against the real PostgreSQL: it must leave
 * exactly the read model that applying the same messages one at a time
 * leaves, duplicates and all, and refuse a run with an event out of order
 * without writing any of it.
 */
import {
  createSql,
  differingTables,
  findPanelTask,
  findPathwayDeadlines,
  foldDeadlines,
  foldPanelTasks,
  panelTaskView,
  projectPathwayEvent,
  projectPathwayEvents,
  ProjectionConflictError,
  readModelDigest,
  verifyPathwayChain,
  type EventToProject,
  type Sql,
} from '@sarp/db';
import type { PathwayEventEnvelope } from '@sarp/events';
import { ASSESSOR, assessmentCommand, generatePathways, PANEL_CHAIR, PANEL_MEMBER, PathwayScript } from './support/pathway-script';
import { isolatedTestConfig } from './support/sarp-harness';

const GROUP = 'projection-batch-spec';

/** Two read models of their own (other files' events are not counted), one written each way. */
let oneByOne: Sql;
let batched: Sql;

beforeAll(async () => {
  oneByOne = createSql((await isolatedTestConfig('projection_one_by_one')).database);
  batched = createSql((await isolatedTestConfig('projection_batched')).database);
}, 120_000);

afterAll(async () => {
  await oneByOne?.end();
  await batched?.end();
});

/** A safeguarding referral made and the person told of it, so the batch updates a row it inserted. */
function safeguardingCase(): PathwayScript {
  const script = new PathwayScript('P-BATCH-SG')
    .referral('2026-03-02T09:00:00Z', 'standard', 'localities')
    .at('2026-03-02T10:00:00Z', {
      type: 'MakeSafeguardingReferral',
      agency: 'adult_safeguarding',
      concern: 'A concern',
      consent: 'refused',
      withoutConsentReason: 'risk_to_adult',
    })
    .at('2026-03-03T10:00:00Z', { type: 'RecordSafeguardingNotice', referralEventId: null, told: true, toldOn: '2026-03-03', reasonNotTold: null });
  return script;
}

/**
 * Panel cases the generated ones lack: one claimed, commented on, deferred and still pending; one sent back for
 * more information, assessed again and referred again (a second task, opened after the first was returned); one
 * withdrawn while at panel.
 */
function panelCases(): PathwayScript[] {
  const atPanel = (personId: string) =>
    new PathwayScript(personId)
      .referral('2026-03-02T09:00:00Z', 'crisis', 'localities')
      .at('2026-03-02T10:00:00Z', { type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null })
      .at('2026-03-02T11:00:00Z', { type: 'AssignAssessor', assessorId: ASSESSOR.userId })
      .at('2026-03-03T09:00:00Z', assessmentCommand('intensive', 'high', 1_800), ASSESSOR);
  const pending = atPanel('P-BATCH-PANEL-1')
    .at('2026-03-03T12:00:00Z', { type: 'ClaimPanelTask' }, PANEL_MEMBER)
    .at('2026-03-03T12:30:00Z', { type: 'CommentOnPanelTask', comment: 'Ask about the tenancy' }, PANEL_MEMBER)
    .at('2026-03-04T09:00:00Z', { type: 'RecordPanelDecision', decision: { decision: 'deferred', reason: 'Waiting for a report' } }, PANEL_CHAIR);
  const referredAgain = atPanel('P-BATCH-PANEL-2')
    .at(
      '2026-03-04T09:00:00Z',
      {
        type: 'RecordPanelDecision',
        decision: { decision: 'more_information_requested', informationRequested: 'A housing history', dueBy: '2026-03-11T09:00:00Z' },
      },
      PANEL_CHAIR,
    )
    .at('2026-03-06T09:00:00Z', assessmentCommand('intensive', 'high', 1_500), ASSESSOR)
    .at('2026-03-06T10:00:00Z', { type: 'ClaimPanelTask' }, PANEL_MEMBER);
  const withdrawn = atPanel('P-BATCH-PANEL-3').at('2026-03-04T09:00:00Z', { type: 'WithdrawReferral', reason: 'Moved away' });
  return [pending, referredAgain, withdrawn];
}

/**
 * The pathways' events interleaved (one from each in turn, as pathways move
 * at once in a live service), each delivered again now and then (at-least-once).
 */
function deliveries(scripts: PathwayScript[]): PathwayEventEnvelope[] {
  const queues = scripts.map((script) => [...script.events]);
  const out: PathwayEventEnvelope[] = [];
  while (queues.some((queue) => queue.length > 0)) {
    for (const queue of queues) {
      const event = queue.shift();
      if (!event) continue;
      out.push(event);
      if (out.length % 7 === 0) out.push(event);
    }
  }
  return out;
}

const at = (offset: number) => ({ consumerGroup: GROUP, topic: 'sarp.pathway-events.v1', partition: 0, offset: String(offset) });

describe('projecting a batch of events in one transaction', () => {
  it('leaves the same read model as projecting them one at a time, duplicates and all, with every chain intact', async () => {
    const scripts = [
      ...generatePathways(25, { from: '2026-01-05T09:00:00Z', days: 20, idPrefix: 'P-BATCH' }),
      safeguardingCase(),
      ...panelCases(),
    ];
    const items: EventToProject[] = deliveries(scripts).map((event, index) => ({ event, position: at(index) }));

    for (const { event, position } of items) await projectPathwayEvent(oneByOne, event, position);
    const outcomes = [];
    for (let start = 0; start < items.length; start += 60) outcomes.push(...(await projectPathwayEvents(batched, items.slice(start, start + 60))));

    const events = scripts.reduce((sum, script) => sum + script.events.length, 0);
    expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(events);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(items.length - events);
    const [expected, actual] = await Promise.all([
      readModelDigest(oneByOne, 'public', GROUP),
      readModelDigest(batched, 'public', GROUP),
    ]);
    expect(actual.event_log.rows).toBe(events);
    expect(actual.safeguarding_referrals.rows).toBe(1);
    expect(differingTables(expected, actual)).toEqual([]);
    for (const script of scripts) expect((await verifyPathwayChain(batched, script.pathwayId)).verified).toBe(true);

    // The worklist as projected is the worklist that auditors' time travel folds from the same events.
    const folded = scripts.map((script) => foldPanelTasks(script.events).panel);
    const tasks = folded.flatMap((panel) => panel.tasks.map((task) => panelTaskView(task, panel.comments)));
    expect(tasks.map((task) => task.status).sort()).toEqual([...Array(5).fill('decided'), 'pending', 'pending', 'returned', 'withdrawn']);
    expect(tasks.find((task) => task.personId === 'P-BATCH-PANEL-1')).toMatchObject({ deferrals: 1, comments: [{ comment: 'Ask about the tenancy' }] });
    for (const task of tasks) expect(await findPanelTask(batched, task.taskId)).toEqual(task);

    // And so are the deadlines: every one set, and how it ended.
    const byDue = (a: { dueAt: string; deadlineId: string }, b: { dueAt: string; deadlineId: string }) =>
      a.dueAt.localeCompare(b.dueAt) || a.deadlineId.localeCompare(b.deadlineId);
    for (const script of scripts) {
      const folded = foldDeadlines(script.events).map(({ pathwayId: _pathwayId, setAt: _setAt, ...view }) => view);
      expect((await findPathwayDeadlines(batched, script.pathwayId)).sort(byDue)).toEqual(folded);
    }
    const statuses = scripts.flatMap((script) => foldDeadlines(script.events)).map((deadline) => deadline.status);
    expect(new Set(statuses)).toEqual(new Set(['open', 'met', 'breached', 'cancelled']));
  });

  it('refuses a batch holding an event out of order, and writes none of it, not even the position', async () => {
    const [script] = generatePathways(1, { from: '2026-02-01T09:00:00Z', days: 1, idPrefix: 'P-GAP' });
    const events = script!.events;
    const withGap: EventToProject[] = [events[0]!, events[1]!, events[3]!].map((event, index) => ({ event, position: at(10_000 + index) }));

    await expect(projectPathwayEvents(batched, withGap)).rejects.toThrow(ProjectionConflictError);
    const [logged] = await batched<{ n: number }[]>`SELECT count(*)::int AS n FROM event_log WHERE pathway_id = ${script!.pathwayId}`;
    expect(logged?.n).toBe(0);
    const [position] = await batched<{ next_offset: string }[]>`
      SELECT next_offset FROM projector_positions WHERE consumer_group = ${GROUP}`;
    expect(BigInt(position?.next_offset ?? '0')).toBeLessThan(10_000n);
  });
});
