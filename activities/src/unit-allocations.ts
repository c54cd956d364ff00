import { ApplicationFailure } from '@temporalio/activity';
import type { Sql } from '@sarp/db';
import type { UnitRef } from '@sarp/events';

/**
 * Holds a unit for a pathway's offer. Idempotent on (unit, pathway, offer), so
 * a retried activity finds its own reservation; a unit held by anyone else is
 * refused for good (not retried), and the offer is not made.
 */
export async function reserveUnitIn(sql: Sql, request: { unit: UnitRef; pathwayId: string; offerId: string }): Promise<void> {
  const { unit, pathwayId, offerId } = request;
  const inserted = await sql`
    INSERT INTO unit_allocations (scheme_id, unit_id, pathway_id, offer_id)
    VALUES (${unit.schemeId}, ${unit.unitId}, ${pathwayId}, ${offerId})
    ON CONFLICT (scheme_id, unit_id) WHERE released_at IS NULL DO NOTHING
    RETURNING id`;
  if (inserted.length > 0) return;
  const [holder] = await sql<{ pathway_id: string; offer_id: string }[]>`
    SELECT pathway_id, offer_id FROM unit_allocations
    WHERE scheme_id = ${unit.schemeId} AND unit_id = ${unit.unitId} AND released_at IS NULL`;
  if (holder?.pathway_id === pathwayId && holder.offer_id === offerId) return;
  if (!holder) throw new Error(`unit ${unit.unitId} at ${unit.schemeId} was released while reserving; try again`);
  throw ApplicationFailure.nonRetryable(`unit ${unit.unitId} at ${unit.schemeId} is already allocated`, 'UnitUnavailable');
}

/** Gives a unit back; harmless when it is not held by this pathway (already released, or never reserved). */
export async function releaseUnitIn(sql: Sql, request: { unit: UnitRef; pathwayId: string }): Promise<void> {
  await sql`
    UPDATE unit_allocations SET released_at = now()
    WHERE scheme_id = ${request.unit.schemeId} AND unit_id = ${request.unit.unitId}
      AND pathway_id = ${request.pathwayId} AND released_at IS NULL`;
}
