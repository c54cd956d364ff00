/**
 * The service's figures against the real stack, checked exactly: a known set
 * of pathways is written as events at chosen times (built with the domain's
 * own decide and stamp, published to Kafka, folded by the real projector),
 * each figure for October 2026 is compared with what those events say, and
 * the October report is unchanged after November's events arrive.
 *
 * A database and topics of its own, so that other test files' pathways
 * cannot be counted.
 */
import { createSql, type Sql } from '@sarp/db';
import { createEventProducer, createKafka, ensurePathwayTopics, toKafkaMessage } from '@sarp/kafka';
import { apiClient } from './support/api-client';
import {
  assessmentCommand as assessment,
  ASSESSOR as assessor,
  PANEL_CHAIR as chair,
  PANEL_MEMBER as member,
  PathwayScript as Script,
  SUPPORT_PLAN as plan,
} from './support/pathway-script';
import { isolatedTestConfig, startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

let sarp: SarpHarness;
let sql: Sql;
const tokens: Record<string, string> = {};
const { call } = apiClient(() => sarp.baseUrl, tokens);


/** October 2026 in London: BST until the 25th, so it starts at 23:00 UTC on 30 September. */
const OCTOBER = { from: '2026-09-30T23:00:00.000Z', to: '2026-11-01T00:00:00.000Z' };
const NOVEMBER = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };

// A: a crisis referral (localities), supported within hours, assessed, placed at Orchard House, helped with funds.
const a = new Script('P-REP-A')
  .referral('2026-10-05T09:00:00Z', 'crisis', 'localities')
  .at('2026-10-05T12:00:00Z', { type: 'ArrangeCrisisSupport', arrangement: 'Crisis house bed' })
  .at('2026-10-05T13:00:00Z', { type: 'TriageReferral', outcome: 'accept', urgency: 'crisis', reason: null, redirectedTo: null })
  .at('2026-10-06T09:00:00Z', { type: 'AssignAssessor', assessorId: 'assessor-raj' })
  .at('2026-10-08T13:00:00Z', assessment('transitional', 'low', 400), assessor)
  .at('2026-10-10T09:00:00Z', {
    type: 'OfferUnit',
    offerId: 'offer-a',
    model: 'transitional',
    unit: { schemeId: 'orchard-house', unitId: 'flat-1' },
  })
  .at('2026-10-11T09:00:00Z', { type: 'RespondToOffer', offerId: 'offer-a', accepted: true, reason: null })
  .at('2026-10-12T00:00:00Z', { type: 'StartPlacement', offerId: 'offer-a' })
  .at('2026-10-15T10:00:00Z', {
    type: 'RecordFundsAccessed',
    funds: { fund: 'discretionary_housing_payment', amountPence: 25_000, accessedOn: '2026-10-15', workerId: null },
  })
  .at('2026-10-16T10:00:00Z', {
    type: 'RecordFoodVoucher',
    voucher: { approximateValuePence: 1_500, issuedOn: '2026-10-16', workerId: null },
  })
  .at('2026-10-20T10:00:00Z', {
    type: 'RecordFeedback',
    feedback: {
      kind: 'complaint',
      receivedOn: '2026-10-20',
      about: 'waiting_time',
      summary: 'Waited a week for a call back',
      channel: 'phone',
      officer: 'hso-jo',
    },
  })
  // Funds other than DHP and ELF are subtotalled (seed 003).
  .at('2026-10-21T10:00:00Z', {
    type: 'RecordFundsAccessed',
    funds: { fund: 'other_hardship_support', amountPence: 5_000, accessedOn: '2026-10-21', workerId: null },
  })
  .at('2026-10-22T10:00:00Z', {
    type: 'RecordFundsAccessed',
    funds: { fund: 'other_funds', amountPence: 2_050, accessedOn: '2026-10-22', workerId: null },
  })
  // A review makes plan version 2; no copy of it is recorded as given by the end of October.
  .at('2026-10-26T10:00:00Z', { type: 'CompleteReview', kind: 'routine', supportPlan: plan, notes: null }, assessor);

// B: a standard referral (learning disability), never assessed: the 7-day deadline is breached, then it is withdrawn.
const b = new Script('P-REP-B')
  .referral('2026-10-07T09:00:00Z', 'standard', 'learning_disability')
  .at('2026-10-07T10:00:00Z', { type: 'TriageReferral', outcome: 'accept', urgency: 'standard', reason: null, redirectedTo: null });
b.at(
  '2026-10-14T10:00:00Z',
  { type: 'MarkDeadlineBreached', deadlineId: b.deadline('assessment-and-support-plan') },
  { userId: 'sarp-workflow', role: 'system' },
).at('2026-10-20T10:00:00Z', { type: 'WithdrawReferral', reason: 'Moved out of the area' });

// C: referred in September (no team), still waiting for an assessor at the end of October.
const c = new Script('P-REP-C')
  .referral('2026-09-20T09:00:00Z', 'standard', null)
  .at('2026-09-21T09:00:00Z', { type: 'TriageReferral', outcome: 'accept', urgency: 'standard', reason: null, redirectedTo: null });

// D: a complex case (adult mental health) decided by the QA panel a week after it was referred there.
const d = new Script('P-REP-D')
  .referral('2026-10-01T10:00:00Z', 'standard', 'adult_mental_health')
  .at('2026-10-01T11:00:00Z', { type: 'TriageReferral', outcome: 'accept', urgency: 'standard', reason: null, redirectedTo: null })
  .at('2026-10-01T12:00:00Z', { type: 'AssignAssessor', assessorId: 'assessor-raj' })
  .at('2026-10-02T10:00:00Z', assessment('intensive', 'high', 1_800), assessor)
  .at(
    '2026-10-09T10:00:00Z',
    {
      type: 'ProposePanelDecision',
      decision: {
        decision: 'approved',
        model: 'intensive',
        packageHours: 40,
        weeklyFunding: 1_700,
        fundingStream: 'joint',
        conditions: [],
      },
    },
    member,
  )
  .at('2026-10-09T11:00:00Z', { type: 'ConfirmPanelDecision' }, chair);
// D's plan (agreed at the assessment on 2 October) is not reviewed within 4 weeks: the target is missed, not a limit breached.
d.at(
  '2026-10-30T12:00:00Z',
  { type: 'MarkDeadlineBreached', deadlineId: d.deadline('support-plan-review-target') },
  { userId: 'sarp-workflow', role: 'system' },
);

/** November: C is withdrawn, a new referral comes in, A gets more help. None of it may change October's figures. */
function november(): Script[] {
  c.at('2026-11-03T10:00:00Z', { type: 'WithdrawReferral', reason: 'No longer needs support' });
  a.at('2026-11-04T10:00:00Z', {
    type: 'RecordFundsAccessed',
    funds: { fund: 'emergency_living_fund', amountPence: 8_000, accessedOn: '2026-11-04', workerId: 'hso-jo' },
  });
  // The copy of A's plan version 2 is given in November: October still counts it outstanding.
  a.at(
    '2026-11-06T10:00:00Z',
    { type: 'RecordPlanCopy', planVersion: 2, given: true, givenOn: '2026-11-06', how: 'post', reasonNotGiven: null },
    assessor,
  );
  // F is declined at triage: a referral received, never a case opened or closed (seed 003: cases opened = referrals accepted).
  const f = new Script('P-REP-F').referral('2026-11-05T09:00:00Z', 'standard', 'localities').at('2026-11-05T10:00:00Z', {
    type: 'TriageReferral',
    outcome: 'decline',
    urgency: 'standard',
    reason: 'Not in the council area',
    redirectedTo: null,
  });
  // D's worker is off sick from 10 November: assessor-kim covers the case (seed 003, emergency cover).
  d.at('2026-11-10T09:00:00Z', { type: 'ReassignWorker', assessorId: 'assessor-kim', reason: 'sickness', temporary: true });
  return [c, a, d, new Script('P-REP-E').referral('2026-11-02T09:00:00Z', 'crisis', 'localities'), f];
}

const published = new Map<Script, number>();

async function publish(scripts: Script[]): Promise<void> {
  const producer = createEventProducer(createKafka(sarp.config.kafka));
  await producer.connect();
  let expected = 0;
  for (const script of scripts) {
    const fresh = script.events.slice(published.get(script) ?? 0);
    published.set(script, script.events.length);
    if (fresh.length > 0)
      await producer.send({ topic: sarp.config.kafka.pathwayEventsTopic, acks: -1, messages: fresh.map(toKafkaMessage) });
  }
  await producer.disconnect();
  for (const script of published.keys()) expected += script.events.length;
  await waitFor(
    async () => ((await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM event_log`)[0]?.n === expected ? true : undefined),
    {
      what: `all ${expected} events to be projected`,
    },
  );
}

const report = async (figure: string, period: { from: string; to: string }, extra = '') => {
  const answer = await call('GET', `/reports/${figure}?from=${period.from}&to=${period.to}${extra}`, 'chair');
  if (answer.status !== 200) throw new Error(`${figure} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.rows as Record<string, unknown>[];
};

beforeAll(async () => {
  const config = await isolatedTestConfig('reports', { SARP_RESIDENTIAL_CARE_WEEKLY_COST: '1150' });
  // No worker here (the events are written directly), so create the topics it would have.
  await ensurePathwayTopics(config.kafka.brokers, config.kafka);
  sarp = await startSarp({ worker: false, config });
  sql = createSql(sarp.config.database);
  tokens.chair = await sarp.tokenFor('chair-sam', 'panel_chair');
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  await publish([a, b, c, d]);
});

afterAll(async () => {
  await sarp?.close();
  await sql?.end();
});

/** Every figure for October, as the API gives it. */
async function octoberFigures(): Promise<Record<string, unknown>> {
  const ids = ((await call('GET', '/reports', 'chair')).body.figures as { id: string }[]).map((figure) => figure.id);
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await report(id, OCTOBER)] as const)));
}

describe("the service's figures", () => {
  let october: Record<string, unknown>;

  beforeAll(async () => {
    october = await octoberFigures();
  });

  it('count referrals and cases opened and closed by London month, with running totals', () => {
    expect(october['referrals-per-month']).toEqual([{ month: '2026-10', crisis: 1, standard: 2, total: 3 }]);
    expect(october['cases-opened-and-closed']).toEqual([
      { month: '2026-10', opened: 3, closed: 1, cumulativeOpened: 4, cumulativeClosed: 1 },
    ]);
  });

  it('give the caseload at the end of the period per team and worker', () => {
    expect(october.caseload).toEqual([
      { team: 'adult_mental_health', worker: 'assessor-raj', openCases: 1 },
      { team: 'localities', worker: 'assessor-raj', openCases: 1 },
      { team: 'none', worker: 'unassigned', openCases: 1 },
    ]);
  });

  it('give deadline compliance for the deadlines due in the period, as they stood at its end', () => {
    expect(october['deadline-compliance']).toEqual([
      { ruleId: 'assessment-and-support-plan', kind: 'limit', due: 3, met: 2, missed: 0, breached: 1, cancelled: 0, open: 0 },
      { ruleId: 'crisis-response', kind: 'limit', due: 1, met: 1, missed: 0, breached: 0, cancelled: 0, open: 0 },
      { ruleId: 'panel-decision', kind: 'limit', due: 1, met: 1, missed: 0, breached: 0, cancelled: 0, open: 0 },
      { ruleId: 'support-plan-review-target', kind: 'target', due: 1, met: 0, missed: 1, breached: 0, cancelled: 0, open: 0 },
    ]);
  });

  it('measure the time spent in each stage over the stays that ended in the period', () => {
    // Referral stays: A 4 h, B 1 h, D 1 h; assessment stays: A 3 days, B 13 days (to its withdrawal), D 1 day less 1 h.
    const hours = (n: number) => n / 24;
    expect(october['time-in-stage']).toEqual([
      { stage: 'assessment', stays: 3, medianDays: 3, p90Days: round(percentile([hours(23), 3, 13], 0.9)) },
      { stage: 'panel', stays: 1, medianDays: round(7 + hours(1)), p90Days: round(7 + hours(1)) },
      { stage: 'referral', stays: 3, medianDays: round(hours(1)), p90Days: round(percentile([hours(1), hours(1), hours(4)], 0.9)) },
    ]);
  });

  it('count placements and occupancy, outcomes, and the panel’s decisions, turnaround, spend and themes', () => {
    expect(october.placements).toEqual([{ scheme: 'orchard-house', model: 'transitional', started: 1, occupied: 1, units: 13 }]);
    expect(october.outcomes).toEqual([{ kind: 'closed', outcome: 'withdrawn', count: 1 }]);
    expect(october['panel-spend-by-stream']).toEqual([{ fundingStream: 'joint', approvals: 1, weeklyFundingApproved: 1700 }]);
    expect(october.panel).toEqual([
      {
        decision: 'approved',
        decisions: 1,
        medianTurnaroundDays: round(7 + 1 / 24),
        p90TurnaroundDays: round(7 + 1 / 24),
        weeklyFundingApproved: 1700,
      },
    ]);
    const referred = d.events.find((event) => event.type === 'CaseReferredToPanel');
    const rules = referred?.type === 'CaseReferredToPanel' ? referred.data.rulesFired.map((fired) => fired.rule).sort() : [];
    expect(rules).toContain('high-risk');
    expect(october['panel-themes']).toEqual(rules.map((rule) => ({ rule, cases: 1 })));
  });

  it('total funds, vouchers and feedback by month, and estimate savings against residential care', () => {
    expect(october['funds-and-vouchers']).toEqual([
      { month: '2026-10', type: 'discretionary_housing_payment', count: 1, totalPounds: 250 },
      { month: '2026-10', type: 'food_vouchers', count: 1, totalPounds: 15 },
      { month: '2026-10', type: 'other_funds', count: 1, totalPounds: 20.5 },
      { month: '2026-10', type: 'other_hardship_support', count: 1, totalPounds: 50 },
      { month: '2026-10', type: 'subtotal_other_than_dhp_and_elf', count: 2, totalPounds: 70.5 },
    ]);
    // Versions agreed in October: A's and D's assessments (copies given) and A's review (none yet).
    expect(october['plan-copies']).toEqual([{ agreed: 3, copyGiven: 2, outstanding: 1 }]);
    expect(october.feedback).toEqual([
      { month: '2026-10', kind: 'complaint', about: 'waiting_time', channel: 'phone', tiedTo: 'pathway', count: 1 },
    ]);
    // A's 20 days at Orchard House (from 12 October): £1150 a week in residential care against the £400 a week requested.
    expect(october.savings).toEqual([
      { model: 'transitional', placementDays: 20, residentialCostPounds: 3285.71, placementCostPounds: 1142.86, savingPounds: 2142.86 },
    ]);
  });

  it('give the fair-access figures: offers by list order, the wait for a placement, void days and occupancy over time', () => {
    // A's offer was written without a waiting-list check (as offers before waiting lists were).
    expect(october['offers-by-list-order']).toEqual([{ model: 'transitional', order: 'before waiting lists', offers: 1 }]);
    // A: approved by a simple assessment on 8 October 13:00, placed on 12 October 00:00: 3 days 11 hours.
    expect(october['wait-for-placement']).toEqual([
      {
        model: 'transitional',
        team: 'localities',
        urgency: 'crisis',
        placements: 1,
        medianDays: round(3 + 11 / 24),
        longestDays: round(3 + 11 / 24),
      },
    ]);
    expect((october['void-days'] as { voidDays: number }[]).map((row) => row.voidDays)).toEqual([0, 0, 0, 0]);
    // October in London is 31 days and an hour (the clocks went back); A occupied an Orchard House flat for its last 20 days.
    const octoberDays = 31 + 1 / 24;
    expect(october['occupancy-by-month']).toEqual([
      { month: '2026-10', scheme: 'crisis-house', occupiedDays: 0, units: 6, occupancyPercent: 0 },
      { month: '2026-10', scheme: 'northside-cluster', occupiedDays: 0, units: 4, occupancyPercent: 0 },
      { month: '2026-10', scheme: 'orchard-house', occupiedDays: 20, units: 13, occupancyPercent: round((100 * 20) / (13 * octoberDays)) },
      { month: '2026-10', scheme: 'riverside-cluster', occupiedDays: 0, units: 3, occupancyPercent: 0 },
    ]);
  });

  it('filter by team and model, and export each table as CSV', async () => {
    expect(await report('referrals-per-month', OCTOBER, '&team=localities')).toEqual([
      { month: '2026-10', crisis: 1, standard: 0, total: 1 },
    ]);
    expect(await report('savings', OCTOBER, '&model=intensive')).toEqual([]);
    const csv = await fetch(`${sarp.baseUrl}/reports/funds-and-vouchers?from=${OCTOBER.from}&to=${OCTOBER.to}&format=csv`, {
      headers: { authorization: `Bearer ${tokens.chair}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toBe(
      'month,type,count,totalPounds\r\n2026-10,discretionary_housing_payment,1,250\r\n2026-10,food_vouchers,1,15\r\n' +
        '2026-10,other_funds,1,20.5\r\n2026-10,other_hardship_support,1,50\r\n2026-10,subtotal_other_than_dhp_and_elf,2,70.5\r\n',
    );
    expect((await call('GET', '/reports/caseload', 'coordinator')).status).toBe(403);
    expect((await call('GET', `/reports/caseload?from=${OCTOBER.to}&to=${OCTOBER.from}`, 'chair')).status).toBe(400);
  });

  it('give the same figures for October after November’s events arrive, and count those in November', async () => {
    await publish(november());
    expect(await octoberFigures()).toEqual(october);
    expect(await report('referrals-per-month', NOVEMBER)).toEqual([{ month: '2026-11', crisis: 1, standard: 1, total: 2 }]);
    // E is not triaged yet and F was declined: neither is a case opened; C's withdrawal closes a case.
    expect(await report('cases-opened-and-closed', NOVEMBER)).toEqual([
      { month: '2026-11', opened: 0, closed: 1, cumulativeOpened: 4, cumulativeClosed: 2 },
    ]);
    // Open accepted cases at the end of November: A and D (C withdrew; E and F were never accepted); D with its cover.
    expect(await report('caseload', NOVEMBER)).toEqual([
      { team: 'adult_mental_health', worker: 'assessor-kim', openCases: 1 },
      { team: 'localities', worker: 'assessor-raj', openCases: 1 },
    ]);
    expect(await report('funds-and-vouchers', NOVEMBER)).toEqual([
      { month: '2026-11', type: 'emergency_living_fund', count: 1, totalPounds: 80 },
    ]);
  });

  it('count feedback about the service that is tied to no pathway, with its channel, in the whole service’s figures only', async () => {
    const missingChannel = await call('POST', '/feedback', 'coordinator', {
      kind: 'compliment',
      receivedOn: '2026-10-21',
      about: 'staff',
      summary: 'Thanks to the team',
    });
    expect(missingChannel.status).toBe(400);
    const recorded = await call('POST', '/feedback', 'coordinator', {
      kind: 'compliment',
      receivedOn: '2026-10-21',
      about: 'staff',
      summary: 'Thanks to the whole team for the open day',
      channel: 'letter',
      officer: 'hso-jo',
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ kind: 'compliment', channel: 'letter', officer: 'hso-jo', recordedBy: 'coordinator-ann' });
    expect((await call('POST', '/feedback', 'chair', { ...recorded.body, feedbackId: undefined })).status).toBe(403);
    const listed = await call('GET', '/feedback?from=2026-10-01&to=2026-10-31', 'chair');
    expect(listed.body.items).toEqual([recorded.body]);

    // Recorded today: counted in a period that reaches today (the figures stand as things were recorded by the period's end).
    const untilNow = { from: OCTOBER.from, to: new Date().toISOString() };
    expect(await report('feedback', untilNow)).toEqual([
      { month: '2026-10', kind: 'complaint', about: 'waiting_time', channel: 'phone', tiedTo: 'pathway', count: 1 },
      { month: '2026-10', kind: 'compliment', about: 'staff', channel: 'letter', tiedTo: 'service', count: 1 },
    ]);
    expect(await report('feedback', untilNow, '&team=localities')).toEqual([
      { month: '2026-10', kind: 'complaint', about: 'waiting_time', channel: 'phone', tiedTo: 'pathway', count: 1 },
    ]);
    expect(await report('feedback', OCTOBER)).toEqual(october.feedback);
  });
});

const round = (value: number) => Math.round(value * 100) / 100;

/** PostgreSQL's percentile_cont: linear interpolation between the ordered values. */
function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}
