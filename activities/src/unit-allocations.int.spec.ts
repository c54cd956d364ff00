/**
 * A unit is never allocated to two people at once, even when many
 * reservations race for it (real PostgreSQL, concurrent connections).
 */
import { randomUUID } from 'node:crypto';
import { createSql, type Sql } from '@sarp/db';
import { releaseUnitIn, reserveUnitIn } from './unit-allocations';

let sql: Sql;

beforeAll(() => {
  const url = process.env.SARP_TEST_DATABASE_URL;
  if (!url) throw new Error('SARP_TEST_DATABASE_URL is not set: run integration tests through jest, whose global setup starts the stack');
  sql = createSql({ url, maxConnections: 10 });
});

afterAll(async () => {
  await sql?.end();
});

/** A unit id of its own for each test, so tests sharing the database cannot collide. */
const freshUnit = () => ({ schemeId: 'orchard-house', unitId: `flat-test-${randomUUID().slice(0, 8)}` });

describe('unit allocation', () => {
  it('gives a unit to exactly one of ten pathways that ask for it at the same moment', async () => {
    const unit = freshUnit();
    const pathways = Array.from({ length: 10 }, () => randomUUID());
    const outcomes = await Promise.allSettled(
      pathways.map((pathwayId) => reserveUnitIn(sql, { unit, pathwayId, offerId: `offer-${pathwayId}` })),
    );

    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refusals = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as { type?: string; nonRetryable?: boolean }] : [],
    );
    expect(winners).toHaveLength(1);
    expect(refusals).toHaveLength(9);
    expect(refusals.every((refusal) => refusal.type === 'UnitUnavailable' && refusal.nonRetryable === true)).toBe(true);

    const holders = await sql`SELECT pathway_id FROM unit_allocations WHERE unit_id = ${unit.unitId} AND released_at IS NULL`;
    expect(holders).toHaveLength(1);
  });

  it('is idempotent for the same offer, and free again once released', async () => {
    const unit = freshUnit();
    const [first, second] = [randomUUID(), randomUUID()];
    await reserveUnitIn(sql, { unit, pathwayId: first, offerId: 'o1' });
    await reserveUnitIn(sql, { unit, pathwayId: first, offerId: 'o1' }); // a retried activity
    await expect(reserveUnitIn(sql, { unit, pathwayId: second, offerId: 'o2' })).rejects.toMatchObject({ type: 'UnitUnavailable' });

    await releaseUnitIn(sql, { unit, pathwayId: second }); // not the holder: changes nothing
    await expect(reserveUnitIn(sql, { unit, pathwayId: second, offerId: 'o2' })).rejects.toMatchObject({ type: 'UnitUnavailable' });

    await releaseUnitIn(sql, { unit, pathwayId: first });
    await expect(reserveUnitIn(sql, { unit, pathwayId: second, offerId: 'o2' })).resolves.toBeUndefined();
  });
});
