import {
  checkOfferOrder,
  decideCatalogue,
  evolveScheme,
  foldPathway,
  rankWaitingList,
  stampCatalogueEvents,
  unitHoldingsOf,
  waitingListEntryOf,
  type CaseTies,
  type CatalogueCommand,
  type PathwayState,
  type RankedEntry,
  type SchemeState,
  type UnitHolding,
  type WaitingListEntry,
} from '@sarp/domain';
import {
  parseCatalogueEvent,
  parsePathwayEvent,
  type Actor,
  type CatalogueEventEnvelope,
  type PlacementModel,
  type TenancyType,
} from '@sarp/events';
import type { Sql } from './connection';

/**
 * The accommodation catalogue's write side and the reads over it (issue 11).
 * Schemes and units live in PostgreSQL: each admin command is one
 * transaction that locks the scheme (and the unit), decides with the pure
 * `decideCatalogue`, appends the events and stores the folded state, so two
 * admins, or an admin and an offer, can never cross.
 */

export class SchemeNotFoundError extends Error {
  override readonly name = 'SchemeNotFoundError';
}

export interface CatalogueCommandMeta {
  now: Date;
  actor: Actor;
  correlationId: string;
  causationId: string;
}

export interface CatalogueCommandResult {
  scheme: SchemeState;
  events: CatalogueEventEnvelope[];
}

/** Runs one admin command on a scheme. Throws the domain's refusals (409/422) or SchemeNotFoundError (404). */
export async function executeCatalogueCommand(
  sql: Sql,
  schemeId: string,
  command: CatalogueCommand,
  meta: CatalogueCommandMeta,
): Promise<CatalogueCommandResult> {
  return sql.begin(async (tx) => {
    // Registering takes a lock on the id itself: two admins registering the same scheme at once meet here.
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`scheme:${schemeId}`}))`;
    const [row] = await tx<{ state: SchemeState }[]>`SELECT state FROM accommodation_schemes WHERE scheme_id = ${schemeId} FOR UPDATE`;
    const scheme = row?.state ?? null;
    if (!scheme && command.type !== 'RegisterScheme') throw new SchemeNotFoundError(`no scheme ${schemeId}`);
    let heldUnitIds = new Set<string>();
    if (command.type !== 'RegisterScheme' && command.type !== 'AddUnit') {
      // Locks out offers of this unit until the command commits (they take the row FOR SHARE).
      await tx`SELECT 1 FROM accommodation_units WHERE scheme_id = ${schemeId} AND unit_id = ${command.unitId} FOR UPDATE`;
      const held = await tx<{ unit_id: string }[]>`
        SELECT unit_id FROM unit_allocations WHERE scheme_id = ${schemeId} AND released_at IS NULL`;
      heldUnitIds = new Set(held.map((h) => h.unit_id));
    }
    const decided = decideCatalogue(command, scheme, { now: meta.now, heldUnitIds });
    // Each event checked against its schema before it is stored (the domain stamps them unchecked).
    const events = stampCatalogueEvents(scheme, schemeId, decided, meta).map((event) => parseCatalogueEvent(event));
    let next = scheme;
    for (const event of events) {
      next = evolveScheme(next, event);
      await tx`
        INSERT INTO accommodation_events (event_id, scheme_id, sequence, type, occurred_at, actor_user_id, actor_role, envelope)
        VALUES (${event.eventId}, ${event.schemeId}, ${event.sequence}, ${event.type}, ${event.occurredAt},
                ${event.actor.userId}, ${event.actor.role}, ${tx.json(event)})`;
    }
    if (!next) throw new Error('a catalogue command decided nothing');
    await tx`
      INSERT INTO accommodation_schemes (scheme_id, model, area, last_sequence, state)
      VALUES (${schemeId}, ${next.model}, ${next.area}, ${next.lastSequence}, ${tx.json(next as never)})
      ON CONFLICT (scheme_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence, state = EXCLUDED.state`;
    for (const unit of next.units) {
      await tx`
        INSERT INTO accommodation_units (scheme_id, unit_id, status) VALUES (${schemeId}, ${unit.unitId}, ${unit.status})
        ON CONFLICT (scheme_id, unit_id) DO UPDATE SET status = EXCLUDED.status WHERE accommodation_units.status <> EXCLUDED.status`;
    }
    return { scheme: next, events };
  });
}

/** Every scheme as it stands, in id order. */
export async function listSchemes(sql: Sql): Promise<SchemeState[]> {
  const rows = await sql<{ state: SchemeState }[]>`SELECT state FROM accommodation_schemes ORDER BY scheme_id`;
  return rows.map((row) => row.state);
}

export async function findSchemeState(sql: Sql, schemeId: string): Promise<SchemeState | undefined> {
  const [row] = await sql<{ state: SchemeState }[]>`SELECT state FROM accommodation_schemes WHERE scheme_id = ${schemeId}`;
  return row?.state;
}

/** The catalogue's events up to an instant (all of them without one), oldest first: what auditors replay. */
export async function catalogueEvents(sql: Sql, options: { asOf?: string; schemeId?: string } = {}): Promise<CatalogueEventEnvelope[]> {
  const rows = await sql<{ envelope: unknown }[]>`
    SELECT envelope FROM accommodation_events
    WHERE (${options.asOf ?? null}::timestamptz IS NULL OR occurred_at <= ${options.asOf ?? null}::timestamptz)
      AND (${options.schemeId ?? null}::text IS NULL OR scheme_id = ${options.schemeId ?? null}::text)
    ORDER BY occurred_at, scheme_id, sequence`;
  return rows.map((row) => parseCatalogueEvent(row.envelope));
}

/** The units pathways hold now, from the read model's folded states. */
export async function currentUnitHoldings(sql: Sql): Promise<UnitHolding[]> {
  const rows = await sql<{ state: PathwayState }[]>`
    SELECT state FROM pathways
    WHERE stage <> 'closed' AND (jsonb_typeof(state->'offer') = 'object' OR jsonb_typeof(state->'placement') = 'object')`;
  return rows.flatMap((row) => unitHoldingsOf(row.state));
}

/** The units pathways held at an instant: each pathway that had had an offer by then, folded up to it. */
export async function unitHoldingsAsOf(sql: Sql, asOf: string): Promise<UnitHolding[]> {
  const rows = await sql<{ pathway_id: string; envelope: unknown }[]>`
    SELECT pathway_id, envelope FROM event_log
    WHERE occurred_at <= ${asOf}
      AND pathway_id IN (SELECT pathway_id FROM event_log WHERE type = 'UnitOffered' AND occurred_at <= ${asOf})
    ORDER BY pathway_id, sequence`;
  return foldEach(rows).flatMap((state) => unitHoldingsOf(state));
}

/** A waiting-list entry with what ties its case to the people who may see who it is (need-to-know). */
export type WaitingListRow = WaitingListEntry & { ties: CaseTies };

/**
 * Who waits for a unit of a model now (unordered: rank with `rankWaitingList`):
 * the write side's entries, which the workflows record before their commands
 * answer, and, for pathways that began before those were kept, the read model.
 */
export async function waitingListEntries(sql: Sql, model: PlacementModel): Promise<WaitingListRow[]> {
  const [recorded, projected] = await Promise.all([
    sql<{ entry: WaitingListEntry; ties: CaseTies }[]>`
      SELECT entry, ties FROM waiting_list_entries WHERE model = ${model} AND entry IS NOT NULL`,
    sql<{ state: PathwayState; ties: CaseTies }[]>`
      SELECT state, ${tiesColumn(sql)} AS ties FROM pathways
      WHERE stage IN ('placement', 'step_down') AND state->>'approvedModel' = ${model}
        AND NOT EXISTS (SELECT 1 FROM waiting_list_entries w WHERE w.pathway_id = pathways.pathway_id)`,
  ]);
  return [
    ...recorded.map((row) => ({ ...row.entry, ties: row.ties })),
    ...projected.flatMap((row) => {
      const entry = waitingListEntryOf(row.state);
      return entry ? [{ ...entry, ties: row.ties }] : [];
    }),
  ];
}

/** Records a pathway's place-in-waiting (null: not on a list), unless a newer one is recorded already. */
export async function recordWaitingListEntry(
  sql: Sql,
  record: { pathwayId: string; sequence: number; entry: WaitingListEntry | null; ties: CaseTies },
): Promise<void> {
  await sql`
    INSERT INTO waiting_list_entries (pathway_id, model, entry, ties, sequence)
    VALUES (${record.pathwayId}, ${record.entry?.model ?? null}, ${record.entry ? sql.json(record.entry as never) : null},
            ${sql.json(record.ties as never)}, ${record.sequence})
    ON CONFLICT (pathway_id) DO UPDATE SET model = EXCLUDED.model, entry = EXCLUDED.entry, ties = EXCLUDED.ties,
      sequence = EXCLUDED.sequence, updated_at = now()
    WHERE waiting_list_entries.sequence < EXCLUDED.sequence`;
}

/** The waiting list of a model now, in the current priority rule's order, each position explained. */
export async function rankedWaitingList(sql: Sql, model: PlacementModel): Promise<(RankedEntry & { ties: CaseTies })[]> {
  return rankWaitingList(await waitingListEntries(sql, model));
}

/** The case ties of some pathways, by id (for need-to-know on listings that name them). */
export async function caseTiesOfPathways(sql: Sql, pathwayIds: readonly string[]): Promise<Map<string, CaseTies>> {
  if (pathwayIds.length === 0) return new Map();
  const rows = await sql<{ pathway_id: string; ties: CaseTies }[]>`
    SELECT pathway_id, ${tiesColumn(sql)} AS ties FROM pathways WHERE pathway_id = ANY(${pathwayIds as string[]}::uuid[])`;
  return new Map(rows.map((row) => [row.pathway_id, row.ties]));
}

/** The need-to-know columns of a pathways row as a CaseTies object. */
function tiesColumn(sql: Sql) {
  return sql`jsonb_build_object(
    'team', team, 'referredBy', referred_by, 'assessorId', assessor_id,
    'cameToPanel', EXISTS (SELECT 1 FROM panel_tasks t WHERE t.pathway_id = pathways.pathway_id))`;
}

/** The tenancy type of a unit's scheme in the managed catalogue (null for a scheme it does not know). */
export async function tenancyTypeOfScheme(sql: Sql, schemeId: string): Promise<TenancyType | null> {
  const [row] = await sql<{ tenancy_type: TenancyType | null }[]>`
    SELECT state->>'tenancyType' AS tenancy_type FROM accommodation_schemes WHERE scheme_id = ${schemeId}`;
  return row?.tenancy_type ?? null;
}

/** Where an offer to this person stands on their model's list right now (see `checkOfferOrder`). */
export async function offerOrderFor(sql: Sql, candidate: WaitingListEntry) {
  return checkOfferOrder(candidate, await waitingListEntries(sql, candidate.model));
}

function foldEach(rows: readonly { pathway_id: string; envelope: unknown }[]): PathwayState[] {
  const byPathway = new Map<string, unknown[]>();
  for (const row of rows) {
    const events = byPathway.get(row.pathway_id);
    if (events) events.push(row.envelope);
    else byPathway.set(row.pathway_id, [row.envelope]);
  }
  return [...byPathway.values()].map((events) => foldPathway(events.map((event) => parsePathwayEvent(event))));
}
