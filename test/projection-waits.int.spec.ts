/**
 * A read asking for `?atLeastSequence=` wakes on the projector's notice (PostgreSQL NOTIFY, sent when the
 * projecting transaction commits), against the real PostgreSQL: it checks the read model once before and once
 * after the notice, and does not poll in between.
 */
import { createSql, projectPathwayEvent, projectPathwayEvents, projectedSequence, type Sql } from '@sarp/db';
import { ProjectionNotices, waitUntilProjected } from '../apps/api/src/infrastructure/projection-wait';
import { PathwayScript } from './support/pathway-script';
import { isolatedTestConfig } from './support/sarp-harness';

let sql: Sql;
let notices: ProjectionNotices;

beforeAll(async () => {
  sql = createSql((await isolatedTestConfig('projection_waits')).database);
  notices = new ProjectionNotices(sql);
  expect(await notices.startListening()).toBe(true);
  // No recheck without a notice within the test's time: only a notice can wake the reader.
  notices.checkWhileNotifiedMs = 10 * 60_000;
}, 120_000);

afterAll(async () => {
  await sql?.end();
});

const position = (offset: number) => ({
  consumerGroup: 'projection-waits-spec',
  topic: 'sarp.pathway-events.v1',
  partition: 0,
  offset: String(offset),
});

/** Resolves once `done()` holds, giving other work its turn between looks (no timer). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

/** Projects and waits for the projection's notice, so no notice of it is still on its way when the test goes on. */
async function projectedAndNoticed(pathwayId: string, project: () => Promise<unknown>): Promise<void> {
  const wake = notices.wakeOn(pathwayId, 60_000);
  try {
    await project();
    await wake.woken;
  } finally {
    wake.cancel();
  }
}

it("wakes a waiting reader when its pathway's events are projected, without polling", async () => {
  const script = new PathwayScript('P-WAIT-1').referral('2026-03-02T09:00:00Z', 'crisis', 'localities');
  expect(script.events.length).toBeGreaterThan(1);
  const [first, ...rest] = script.events;
  await projectedAndNoticed(script.pathwayId, () => projectPathwayEvent(sql, first!, position(0)));

  const checks: (number | undefined)[] = [];
  const lastSequence = async () => {
    const sequence = await projectedSequence(sql, script.pathwayId);
    checks.push(sequence);
    return sequence;
  };
  const answer = waitUntilProjected(script.pathwayId, lastSequence, script.events.length, notices);
  await until(() => checks.length === 1);
  expect(checks).toEqual([1]);

  await projectPathwayEvents(
    sql,
    rest.map((event, index) => ({ event, position: position(index + 1) })),
  );
  await expect(answer).resolves.toBe(true);
  expect(checks).toEqual([1, script.events.length]);
});

it("is not woken by another pathway's projection", async () => {
  const mine = new PathwayScript('P-WAIT-2').referral('2026-03-02T09:00:00Z', 'standard', 'localities');
  const other = new PathwayScript('P-WAIT-3').referral('2026-03-02T09:00:00Z', 'standard', 'localities');
  let checks = 0;
  const answer = waitUntilProjected(
    mine.pathwayId,
    async () => {
      checks += 1;
      return projectedSequence(sql, mine.pathwayId);
    },
    1,
    notices,
  );
  await until(() => checks === 1);
  await projectPathwayEvents(
    sql,
    other.events.map((event, index) => ({ event, position: position(100 + index) })),
  );
  // The other pathway's notice has been delivered once a notice sent after it has (notices arrive in commit order).
  await projectPathwayEvents(
    sql,
    mine.events.map((event, index) => ({ event, position: position(200 + index) })),
  );
  await expect(answer).resolves.toBe(true);
  expect(checks).toBe(2);
});
