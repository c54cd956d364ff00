/**
 * The read-model projection against the real PostgreSQL: idempotent on the
 * event id, guarded by the stream revision, and moving the consumer
 * position in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { createSql, findPathway, listPathways, ProjectionConflictError, projectPathwayEvent, type Sql } from '@sarp/db';
import type { PathwayEventEnvelope } from '@sarp/events';

let sql: Sql;

beforeAll(() => {
  const url = process.env.SARP_TEST_DATABASE_URL;
  if (!url) throw new Error('SARP_TEST_DATABASE_URL is not set: run integration tests through jest, whose global setup starts the stack');
  sql = createSql({ url, maxConnections: 2 });
});

afterAll(async () => {
  await sql?.end();
});

function referralReceived(pathwayId: string, sequence = 1): PathwayEventEnvelope {
  return {
    eventId: `${pathwayId}:${sequence}`,
    pathwayId,
    personId: 'P-000042',
    sequence,
    type: 'ReferralReceived',
    schemaVersion: 1,
    occurredAt: '2026-11-25T10:00:00.000Z',
    actor: { userId: 'coordinator-ann', role: 'coordinator' },
    policyVersion: null,
    correlationId: 'corr',
    causationId: 'cmd',
    data: { referralId: null, referringAgency: 'social_work', presentingNeeds: ['Needs supported housing'], urgency: 'standard' },
  };
}

const group = `projection-spec-${randomUUID()}`;
const at = (offset: number) => ({ consumerGroup: group, topic: 'pathway-events', partition: 0, offset: String(offset) });

async function position(): Promise<string | undefined> {
  const [row] = await sql<{ next_offset: string }[]>`
    SELECT next_offset FROM projector_positions WHERE consumer_group = ${group} AND topic = 'pathway-events' AND partition = 0`;
  return row?.next_offset;
}

describe('projecting a pathway event', () => {
  it('applies it once, however often it is delivered, and records the position each time', async () => {
    const pathwayId = randomUUID();
    expect(await projectPathwayEvent(sql, referralReceived(pathwayId), at(10))).toBe('applied');
    expect(await position()).toBe('11');
    expect(await projectPathwayEvent(sql, referralReceived(pathwayId), at(11))).toBe('duplicate');
    expect(await position()).toBe('12');

    const pathway = await findPathway(sql, pathwayId);
    expect(pathway).toMatchObject({ stage: 'referral', urgency: 'standard', lastSequence: 1 });
    expect(pathway?.timeline).toHaveLength(1);
  });

  it('refuses an event that skips a sequence number, and writes nothing of it', async () => {
    const pathwayId = randomUUID();
    await expect(projectPathwayEvent(sql, referralReceived(pathwayId, 2), at(20))).rejects.toThrow(ProjectionConflictError);

    const [logged] = await sql<{ count: number }[]>`SELECT count(*)::int AS count FROM event_log WHERE pathway_id = ${pathwayId}`;
    expect(logged?.count).toBe(0);
    expect(await findPathway(sql, pathwayId)).toBeUndefined();
  });

  it('shows deadlines with the rule that set them, a breach, and its escalation', async () => {
    const pathwayId = randomUUID();
    const base = referralReceived(pathwayId);
    const envelope = <T extends PathwayEventEnvelope['type']>(
      sequence: number,
      type: T,
      data: Extract<PathwayEventEnvelope, { type: T }>['data'],
    ) =>
      ({
        ...base,
        eventId: `${pathwayId}:${sequence}`,
        sequence,
        type,
        data,
        policyVersion: '1',
        occurredAt: '2026-11-26T10:00:00.000Z',
      }) as PathwayEventEnvelope;
    const deadline = { deadlineId: 'crisis-response#2', ruleId: 'crisis-response' };
    const events = [
      base,
      envelope(2, 'DeadlineSet', {
        ...deadline,
        dueAt: '2026-11-26T10:00:00.000Z',
        rule: 'Support within 24 hours of a crisis referral',
        source: 'seed 003',
      }),
      envelope(3, 'DeadlineBreached', { ...deadline, reason: null }),
      envelope(4, 'EscalationRaised', { ...deadline, dueAt: '2026-11-26T10:00:00.000Z', message: 'crisis-response deadline passed' }),
    ];
    for (const [index, event] of events.entries()) await projectPathwayEvent(sql, event, at(100 + index));

    const pathway = await findPathway(sql, pathwayId);
    expect(pathway?.breaches).toBe(1);
    expect(pathway?.deadlines).toEqual([
      expect.objectContaining({
        deadlineId: 'crisis-response#2',
        status: 'breached',
        policyVersion: '1',
        source: 'seed 003',
        rule: expect.stringContaining('24 hours'),
      }),
    ]);
    expect(pathway?.escalations).toEqual([
      expect.objectContaining({ deadlineId: 'crisis-response#2', message: 'crisis-response deadline passed' }),
    ]);
    const breached = await listPathways(
      sql,
      { breached: true, limit: 200, offset: 0 },
      { userId: 'auditor-bo', role: 'auditor', team: null },
    );
    expect(breached.items.map((item) => item.pathwayId)).toContain(pathwayId);
  });

  it('tells a missed review target apart from a breached limit, also for events written before the kind was kept', async () => {
    const pathwayId = randomUUID();
    const base = referralReceived(pathwayId);
    const envelope = (sequence: number, type: PathwayEventEnvelope['type'], data: Record<string, unknown>) =>
      ({
        ...base,
        eventId: `${pathwayId}:${sequence}`,
        sequence,
        type,
        data,
        policyVersion: '1',
        occurredAt: '2026-11-26T10:00:00.000Z',
      }) as PathwayEventEnvelope;
    const target = { deadlineId: 'support-plan-review-target#2', ruleId: 'support-plan-review-target' };
    const limit = { deadlineId: 'support-plan-review-limit#3', ruleId: 'support-plan-review-limit' };
    const set = { rule: 'The support plan is reviewed', source: 'seed 003' };
    const events = [
      base,
      // Without `kind`, as policy 1 wrote them: the kind comes from the rule.
      envelope(2, 'DeadlineSet', { ...target, ...set, dueAt: '2026-12-24T10:00:00.000Z' }),
      envelope(3, 'DeadlineSet', { ...limit, ...set, kind: 'limit', dueAt: '2027-02-18T10:00:00.000Z' }),
      envelope(4, 'DeadlineBreached', { ...target, reason: null }),
      envelope(5, 'EscalationRaised', {
        ...target,
        dueAt: '2026-12-24T10:00:00.000Z',
        message: 'support-plan-review-target deadline passed',
      }),
      envelope(6, 'DeadlineBreached', { ...limit, reason: null, kind: 'limit' }),
      envelope(7, 'EscalationRaised', {
        ...limit,
        kind: 'limit',
        dueAt: '2027-02-18T10:00:00.000Z',
        message: 'support-plan-review-limit deadline passed',
      }),
    ];
    for (const [index, event] of events.entries()) await projectPathwayEvent(sql, event, at(200 + index));

    const pathway = await findPathway(sql, pathwayId);
    expect(pathway?.deadlines.map((deadline) => [deadline.ruleId, deadline.kind, deadline.status])).toEqual([
      ['support-plan-review-target', 'target', 'missed'],
      ['support-plan-review-limit', 'limit', 'breached'],
    ]);
    expect(pathway?.escalations.map((escalation) => [escalation.ruleId, escalation.kind])).toEqual([
      ['support-plan-review-target', 'target'],
      ['support-plan-review-limit', 'limit'],
    ]);
  });
});
