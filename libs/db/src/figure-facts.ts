import type { PathwayState } from '@sarp/domain';
import type { PathwayEventEnvelope } from '@sarp/events';
import type { Sql } from './connection';

/**
 * The facts the figures count (libs/db/src/reports.ts), one typed row per event that states one, kept by the
 * projector beside the event log and filled for events already stored by their migration
 * (1764151200000_figure-facts.sql). Insert-only: an event states its fact once and never changes it. The figures
 * read these indexed columns instead of JSON paths into `event_log`, so a renamed event field fails the build
 * here instead of quietly emptying a figure, and a year's figure reads a year's rows of one kind.
 *
 * Each table's columns with their SQL types: the projector writes them from JSON with these types.
 */
export const FIGURE_FACT_TABLES = {
  /** Each panel decision, with when its case was referred to the panel (the turnaround counts from there). */
  panel_decisions: {
    event_id: 'text',
    pathway_id: 'uuid',
    sequence: 'integer',
    decided_at: 'timestamptz',
    decision: 'text',
    weekly_funding: 'numeric',
    funding_stream: 'text',
    referred_at: 'timestamptz',
  },
  /** Each complexity rule that sent a case to the panel, in the order the finding gave them. */
  panel_referral_rules: { event_id: 'text', position: 'integer', pathway_id: 'uuid', referred_at: 'timestamptz', rule: 'text' },
  /** Each step-down planned (to a model), move-on (to a destination) and closure (with its outcome). */
  pathway_outcomes: { event_id: 'text', pathway_id: 'uuid', occurred_at: 'timestamptz', kind: 'text', outcome: 'text' },
  /** Each fund accessed and each issue of food vouchers, by the London date it was awarded or issued. */
  funds_and_vouchers: {
    event_id: 'text',
    pathway_id: 'uuid',
    recorded_at: 'timestamptz',
    given_on: 'date',
    type: 'text',
    pence: 'bigint',
  },
  /** Each support plan version agreed: version 1 by an assessment (which may record the copy given), later ones by reviews. */
  plan_versions_agreed: {
    event_id: 'text',
    pathway_id: 'uuid',
    sequence: 'integer',
    version: 'integer',
    agreed_at: 'timestamptz',
    copy_given_then: 'boolean',
  },
  /** Each copy of a plan version recorded as given to the person. */
  plan_copies_given: { event_id: 'text', pathway_id: 'uuid', version: 'integer', recorded_at: 'timestamptz' },
  /** Each unit offered, and how it stood against the waiting list (no allocation record: made before waiting lists). */
  unit_offers: {
    event_id: 'text',
    pathway_id: 'uuid',
    offered_at: 'timestamptz',
    model: 'text',
    had_waiting_list: 'boolean',
    out_of_order_reason: 'text',
  },
  /** Each complaint and compliment about a person's pathway (feedback about the service is in service_feedback). */
  pathway_feedback: {
    event_id: 'text',
    pathway_id: 'uuid',
    recorded_at: 'timestamptz',
    received_on: 'date',
    kind: 'text',
    about: 'text',
    channel: 'text',
  },
} as const;

export type FigureFactTable = keyof typeof FIGURE_FACT_TABLES;
type FactRow<Table extends FigureFactTable> = { [Column in keyof (typeof FIGURE_FACT_TABLES)[Table]]: string | number | boolean | null };
export type FigureFacts = { [Table in FigureFactTable]: FactRow<Table>[] };

/** No facts yet: one empty list per table. */
export function noFigureFacts(): FigureFacts {
  return Object.fromEntries(Object.keys(FIGURE_FACT_TABLES).map((table) => [table, []])) as unknown as FigureFacts;
}

/**
 * Adds the facts one event states to `facts`. Pure: the event and the pathway as it stood before it are all it
 * reads. Answers whether the panel decision it added lacks its referral time (a state folded before panel tasks
 * kept one), which the writer then looks up in the event log.
 */
export function addFigureFacts(facts: FigureFacts, event: PathwayEventEnvelope, before: PathwayState): { referralTimeUnknown: boolean } {
  const of = { event_id: event.eventId, pathway_id: event.pathwayId };
  switch (event.type) {
    case 'PanelDecisionRecorded': {
      const referredAt = before.status === 'started' ? (before.panelTask?.referredAt ?? null) : null;
      const approval = event.data.decision === 'approved' ? event.data : undefined;
      facts.panel_decisions.push({
        ...of,
        sequence: event.sequence,
        decided_at: event.occurredAt,
        decision: event.data.decision,
        weekly_funding: approval?.weeklyFunding ?? null,
        funding_stream: approval?.fundingStream ?? null,
        referred_at: referredAt,
      });
      return { referralTimeUnknown: referredAt === null };
    }
    case 'CaseReferredToPanel':
      event.data.rulesFired.forEach(({ rule }, position) =>
        facts.panel_referral_rules.push({ ...of, position, referred_at: event.occurredAt, rule }),
      );
      break;
    case 'StepDownPlanned':
      facts.pathway_outcomes.push({ ...of, occurred_at: event.occurredAt, kind: 'step-down planned', outcome: event.data.toModel });
      break;
    case 'MovedOn':
      facts.pathway_outcomes.push({ ...of, occurred_at: event.occurredAt, kind: 'moved on', outcome: event.data.destination });
      break;
    case 'PathwayClosed':
      facts.pathway_outcomes.push({ ...of, occurred_at: event.occurredAt, kind: 'closed', outcome: event.data.outcome });
      break;
    case 'FundsAccessed':
      facts.funds_and_vouchers.push({
        ...of,
        recorded_at: event.occurredAt,
        given_on: event.data.accessedOn,
        type: event.data.fund,
        pence: event.data.amountPence,
      });
      break;
    case 'FoodVoucherIssued':
      facts.funds_and_vouchers.push({
        ...of,
        recorded_at: event.occurredAt,
        given_on: event.data.issuedOn,
        type: 'food_vouchers',
        pence: event.data.approximateValuePence,
      });
      break;
    case 'AssessmentCompleted':
      facts.plan_versions_agreed.push({
        ...of,
        sequence: event.sequence,
        version: 1,
        agreed_at: event.occurredAt,
        copy_given_then: event.data.copyGivenToPerson,
      });
      break;
    case 'ReviewCompleted':
      facts.plan_versions_agreed.push({
        ...of,
        sequence: event.sequence,
        version: event.data.planVersion,
        agreed_at: event.occurredAt,
        copy_given_then: false,
      });
      break;
    case 'SupportPlanCopyRecorded':
      if (event.data.given) facts.plan_copies_given.push({ ...of, version: event.data.planVersion, recorded_at: event.occurredAt });
      break;
    case 'UnitOffered':
      facts.unit_offers.push({
        ...of,
        offered_at: event.occurredAt,
        model: event.data.model,
        had_waiting_list: event.data.allocation !== null,
        out_of_order_reason: event.data.allocation?.outOfOrderReason ?? null,
      });
      break;
    case 'FeedbackRecorded':
      facts.pathway_feedback.push({
        ...of,
        recorded_at: event.occurredAt,
        received_on: event.data.receivedOn,
        kind: event.data.kind,
        about: event.data.about,
        channel: event.data.channel ?? null,
      });
      break;
    default:
      break;
  }
  return { referralTimeUnknown: false };
}

/**
 * Writes the facts, one set-based statement per table that has any (sent together: postgres.js pipelines them),
 * then looks up the referral time of decisions whose state did not know it, as the migration filled it in.
 * Names come from FIGURE_FACT_TABLES only; the rows go as one JSON parameter.
 */
export async function insertFigureFacts(tx: Sql, facts: FigureFacts, decisionsWithoutReferralTime: readonly string[]): Promise<void> {
  await Promise.all(
    (Object.keys(FIGURE_FACT_TABLES) as FigureFactTable[])
      .filter((table) => facts[table].length > 0)
      .map((table) => {
        const rows = facts[table];
        const columns = Object.entries(FIGURE_FACT_TABLES[table]);
        const names = columns.map(([name]) => name).join(', ');
        const types = columns.map(([name, type]) => `${name} ${type}`).join(', ');
        return tx.unsafe(`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1) AS r(${types})`, [
          tx.json(rows as never) as never,
        ]);
      }),
  );
  if (decisionsWithoutReferralTime.length > 0) {
    await tx`
      UPDATE panel_decisions d SET referred_at = (
        SELECT max(r.occurred_at) FROM event_log r
        WHERE r.pathway_id = d.pathway_id AND r.type = 'CaseReferredToPanel' AND r.sequence < d.sequence)
      WHERE d.event_id IN ${tx(decisionsWithoutReferralTime)}`;
  }
}
