import { ApplicationFailure } from '@temporalio/activity';
import type { Sql, TransactionSql } from '@sarp/db';
import type { PlacementModel, UnitRef } from '@sarp/events';

/**
 * Holds a unit for a pathway's offer. Idempotent on (unit, pathway, offer), so
 * a retried activity finds its own reservation; a unit held by anyone else is
 * refused for good (not retried), and the offer is not made.
 */
export async function reserveUnitIn(sql: Sql, request: { unit: UnitRef; pathwayId: string; offerId: string }): Promise<void> {
  await holdUnit(sql, { ...request, personId: null });
}

/**
 * The partial unique index decides who holds a unit: the insert wins, or
 * finds this very offer's reservation (a retry), or someone else's (refused
 * for good).
 */
async function holdUnit(
  sql: Sql | TransactionSql,
  request: { unit: UnitRef; pathwayId: string; offerId: string; personId: string | null },
): Promise<void> {
  const { unit, pathwayId, offerId, personId } = request;
  const inserted = await sql`
    INSERT INTO unit_allocations (scheme_id, unit_id, pathway_id, offer_id, person_id)
    VALUES (${unit.schemeId}, ${unit.unitId}, ${pathwayId}, ${offerId}, ${personId})
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

export interface UnitAllocationRequest {
  unit: UnitRef;
  model: PlacementModel;
  pathwayId: string;
  personId: string;
  offerId: string;
}

/**
 * Reserves a unit for an offer against the managed catalogue (issue 11), in
 * one transaction: the unit must exist, be of the offer's model and in use
 * (its row is locked FOR SHARE, so an admin cannot retire or void it
 * meanwhile); the person must hold no offer or unit on another pathway (a
 * lock per person serialises two offers to the same person); and no one else
 * may hold the unit (the partial unique index decides between two offers at
 * once). Each refusal is permanent and typed, so the workflow refuses the
 * command with it. Idempotent on (unit, pathway, offer) for retries.
 */
export async function allocateUnitIn(sql: Sql, request: UnitAllocationRequest): Promise<void> {
  const { unit, model, pathwayId, personId } = request;
  await sql.begin(async (tx) => {
    const [catalogued] = await tx<{ status: string; model: PlacementModel }[]>`
      SELECT u.status, s.model FROM accommodation_units u JOIN accommodation_schemes s USING (scheme_id)
      WHERE u.scheme_id = ${unit.schemeId} AND u.unit_id = ${unit.unitId}
      FOR SHARE OF u`;
    if (!catalogued) {
      const [scheme] = await tx`SELECT 1 FROM accommodation_schemes WHERE scheme_id = ${unit.schemeId}`;
      throw ApplicationFailure.nonRetryable(
        scheme ? `unknown unit ${unit.unitId} in ${unit.schemeId}` : `unknown scheme ${unit.schemeId}`,
        'UnitNotOfferable',
      );
    }
    if (catalogued.model !== model) {
      throw ApplicationFailure.nonRetryable(`${unit.schemeId} offers ${catalogued.model} placements, not ${model}`, 'UnitNotOfferable');
    }
    if (catalogued.status !== 'in_use') {
      const why = catalogued.status === 'void' ? 'is out of use (void)' : 'is retired';
      throw ApplicationFailure.nonRetryable(`unit ${unit.unitId} at ${unit.schemeId} ${why}`, 'UnitUnavailable');
    }
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`person:${personId}`}))`;
    const [elsewhere] = await tx<{ pathway_id: string }[]>`
      SELECT pathway_id FROM unit_allocations
      WHERE person_id = ${personId} AND released_at IS NULL AND pathway_id <> ${pathwayId}
      ORDER BY reserved_at LIMIT 1`;
    if (elsewhere) {
      throw ApplicationFailure.nonRetryable(
        `this person already holds an offer or a unit on pathway ${elsewhere.pathway_id}: one person, one place`,
        'PersonHoldsPlace',
      );
    }
    await holdUnit(tx, request);
  });
}
