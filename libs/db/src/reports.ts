import type { PlacementModel, Team } from '@sarp/events';
import { deadlineKind } from '@sarp/domain';
import type { Sql } from './connection';

/**
 * The figures the service is judged by (seed 003's key indicators and seed
 * 001's savings), computed by event time from the projections of the event
 * log with typed columns (the deadlines, stays, cases, holders and stage
 * changes, and the facts of figure-facts.ts): only events that had happened
 * before the end of the period count, so a report for a
 * past month gives the same numbers whenever it is run, however many events
 * arrive later or however late they were projected. Months are London months.
 */
export interface ReportFilter {
  /** Start of the period (inclusive), an instant. */
  from: string;
  /** End of the period (exclusive), an instant; the report is as things stood then. */
  to: string;
  /** Only cases held by this team (as of the end of the period). */
  team?: Team;
  /** Only placements of this model (figures about placements). */
  model?: PlacementModel;
}

export interface ReportSettings {
  /** What a week of residential care would cost instead, in pence (the comparison for savings, seed 001). */
  residentialCareWeeklyPence: number;
  /** Units per scheme, for occupancy. */
  schemeUnits: Record<string, number>;
}

export interface Figure {
  id: string;
  title: string;
  /** The figure defined in one sentence: docs/reporting.md is generated from these. */
  definition: string;
  columns: readonly string[];
  compute(sql: Sql, filter: ReportFilter, settings: ReportSettings): Promise<Record<string, string | number | null>[]>;
}


/** The cases the filter's team held at the end of the period (the team named last by the referral or an assessment). */
function teamScope(sql: Sql, filter: ReportFilter, column = 'pathway_id') {
  if (!filter.team) return sql`true`;
  return sql`${sql(column)} IN (SELECT pathway_id FROM (${heldAtEnd(sql, filter, 'team')}) held WHERE holder = ${filter.team})`;
}

/** Who held each case of this kind (team or worker) at the end of the period: pathway_id and holder. */
function heldAtEnd(sql: Sql, filter: ReportFilter, holds: 'team' | 'worker') {
  return sql`SELECT pathway_id, holder FROM pathway_holders
    WHERE holds = ${holds} AND held_from < ${filter.to} AND (held_until IS NULL OR held_until >= ${filter.to})`;
}

/** The last London day the period touches (its end is exclusive: a period ending at midnight ends the day before). */
function lastDay(sql: Sql, filter: ReportFilter) {
  return sql`((${filter.to}::timestamptz - interval '1 microsecond') AT TIME ZONE 'Europe/London')::date`;
}

const count = (value: unknown) => Number(value ?? 0);
/** Funds other than Discretionary Housing Payments and the Emergency Living Fund (seed 003 subtotals them). */
const OTHER_FUNDS: readonly string[] = ['other_hardship_support', 'other_funds'];
/** Two decimal places: days and pounds are shown to the hundredth. */
const twoPlaces = (value: number) => Math.round(value * 100) / 100;
const pounds = (pence: unknown) => Math.round(Number(pence ?? 0)) / 100;

export const FIGURES: readonly Figure[] = [
  {
    id: 'referrals-per-month',
    title: 'Referrals received per month',
    definition: 'The number of referrals received (ReferralReceived events) in each London month of the period, by urgency.',
    columns: ['month', 'crisis', 'standard', 'total'],
    async compute(sql, filter) {
      // pathway_cases keeps each referral's time and the urgency it was received with.
      const rows = await sql<{ month: string; crisis: string; standard: string }[]>`
        SELECT to_char(referred_at AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month,
          count(*) FILTER (WHERE referral_urgency = 'crisis') AS crisis,
          count(*) FILTER (WHERE referral_urgency = 'standard') AS standard
        FROM pathway_cases
        WHERE referred_at >= ${filter.from} AND referred_at < ${filter.to} AND ${teamScope(sql, filter)}
        GROUP BY 1 ORDER BY 1`;
      return rows.map((row) => ({
        month: row.month,
        crisis: count(row.crisis),
        standard: count(row.standard),
        total: count(row.crisis) + count(row.standard),
      }));
    },
  },
  {
    id: 'cases-opened-and-closed',
    title: 'Cases opened and closed',
    definition:
      'For each London month of the period, the cases opened (referrals accepted into the service at triage) and closed (accepted cases whose pathway closed, any outcome) in it, and the cumulative totals of each since the service began; declined and redirected referrals are not cases (seed 003).',
    columns: ['month', 'opened', 'closed', 'cumulativeOpened', 'cumulativeClosed'],
    async compute(sql, filter) {
      const rows = await sql<{ month: string; opened: string; closed: string; cumulative_opened: string; cumulative_closed: string }[]>`
        WITH dated AS (
          SELECT accepted_at AS at, 1 AS opened, 0 AS closed FROM pathway_cases
          WHERE accepted_at < ${filter.to} AND ${teamScope(sql, filter)}
          UNION ALL
          -- Only triage closes a referral as declined or redirected: those were never cases.
          SELECT closed_at, 0, 1 FROM pathway_cases
          WHERE closed_at < ${filter.to} AND closed_outcome NOT IN ('declined', 'redirected') AND ${teamScope(sql, filter)}
        ), monthly AS (
          SELECT to_char(at AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month, sum(opened) AS opened, sum(closed) AS closed
          FROM dated GROUP BY 1
        ), running AS (
          SELECT month, opened, closed,
            sum(opened) OVER (ORDER BY month) AS cumulative_opened, sum(closed) OVER (ORDER BY month) AS cumulative_closed
          FROM monthly
        )
        SELECT * FROM running WHERE month >= to_char(${filter.from}::timestamptz AT TIME ZONE 'Europe/London', 'YYYY-MM') ORDER BY month`;
      return rows.map((row) => ({
        month: row.month,
        opened: count(row.opened),
        closed: count(row.closed),
        cumulativeOpened: count(row.cumulative_opened),
        cumulativeClosed: count(row.cumulative_closed),
      }));
    },
  },
  {
    id: 'caseload',
    title: 'Caseload per worker and team',
    definition:
      'The cases open at the end of the period (accepted into the service at triage before it and not closed by then; seed 003: open accepted cases), per worker holding the case at that time (the assessor assigned, or whoever took it over since, for example as emergency cover; "unassigned" before one is) and per team holding the case.',
    columns: ['team', 'worker', 'openCases'],
    async compute(sql, filter) {
      const rows = await sql<{ team: string | null; worker: string | null; open_cases: string }[]>`
        WITH open_cases AS (
          SELECT pathway_id FROM pathway_cases
          WHERE accepted_at < ${filter.to} AND (closed_at IS NULL OR closed_at >= ${filter.to}) AND ${teamScope(sql, filter)}
        )
        -- The worker as it stood at the end of the period: an emergency cover or reassignment counts from its date.
        SELECT t.holder AS team, w.holder AS worker, count(*) AS open_cases
        FROM open_cases o
        LEFT JOIN (${heldAtEnd(sql, filter, 'worker')}) w USING (pathway_id)
        LEFT JOIN (${heldAtEnd(sql, filter, 'team')}) t USING (pathway_id)
        GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS FIRST`;
      return rows.map((row) => ({ team: row.team ?? 'none', worker: row.worker ?? 'unassigned', openCases: count(row.open_cases) }));
    },
  },
  {
    id: 'deadline-compliance',
    title: 'Deadline compliance',
    definition:
      'For each deadline rule, subject access requests included, the deadlines due in the period and how each stood at its end: met, missed (a target such as the 4-week review, whose limit still runs), breached (a limit), cancelled, or still open.',
    columns: ['ruleId', 'kind', 'due', 'met', 'missed', 'breached', 'cancelled', 'open'],
    async compute(sql, filter) {
      const rows = await sql<{ rule_id: string; due: string; met: string; passed: string; cancelled: string }[]>`
        -- The deadlines projection: one row per deadline, with when it was set and how and when it closed.
        -- As things stood at the end of the period: a closing after it counts as still open.
        SELECT rule_id, count(*) AS due,
          count(*) FILTER (WHERE status = 'met' AND closed_at < ${filter.to}) AS met,
          count(*) FILTER (WHERE status IN ('missed', 'breached') AND closed_at < ${filter.to}) AS passed,
          count(*) FILTER (WHERE status = 'cancelled' AND closed_at < ${filter.to}) AS cancelled
        FROM pathway_deadlines
        WHERE due_at >= ${filter.from} AND due_at < ${filter.to} AND set_at < ${filter.to} AND ${teamScope(sql, filter)}
        GROUP BY 1 ORDER BY 1`;
      // Subject access requests belong to no team: their clock counts in the whole service's figures only.
      // Each request is one deadline, due at the last due time set before the period's end (a stopped clock
      // or an extension moves it); answered by then it is met, passed unanswered it is breached.
      if (!filter.team) {
        const [sar] = await sql<{ due: string; met: string; passed: string }[]>`
          WITH due AS (
            SELECT DISTINCT ON (request_id) request_id, (envelope->'data'->>'dueAt')::timestamptz AS due_at
            FROM subject_access_events WHERE type = 'SubjectAccessDueSet' AND occurred_at < ${filter.to}
            ORDER BY request_id, sequence DESC
          ), outcome AS (
            SELECT request_id,
              bool_or(type = 'SubjectAccessAnswered') AS answered,
              bool_or(type = 'SubjectAccessDeadlinePassed') AS passed
            FROM subject_access_events WHERE occurred_at < ${filter.to} GROUP BY 1
          )
          SELECT count(*) AS due,
            count(*) FILTER (WHERE o.answered AND NOT o.passed) AS met,
            count(*) FILTER (WHERE o.passed) AS passed
          FROM due d JOIN outcome o USING (request_id)
          WHERE d.due_at >= ${filter.from} AND d.due_at < ${filter.to}`;
        if (count(sar?.due) > 0)
          rows.push({ rule_id: 'subject-access-request', due: sar!.due, met: sar!.met, passed: sar!.passed, cancelled: '0' });
        rows.sort((x, y) => x.rule_id.localeCompare(y.rule_id));
      }
      // Whether a rule is a target or a limit is the rule's, the same in every policy version.
      return rows.map((row) => {
        const kind = deadlineKind(row.rule_id);
        const passed = count(row.passed);
        return {
          ruleId: row.rule_id,
          kind,
          due: count(row.due),
          met: count(row.met),
          missed: kind === 'target' ? passed : 0,
          breached: kind === 'limit' ? passed : 0,
          cancelled: count(row.cancelled),
          open: count(row.due) - count(row.met) - passed - count(row.cancelled),
        };
      });
    },
  },
  {
    id: 'time-in-stage',
    title: 'Time spent in each stage',
    definition:
      'For each stage, over the stays in it that ended in the period, the number of stays and the median and 90th-percentile time spent in it, in days.',
    columns: ['stage', 'stays', 'medianDays', 'p90Days'],
    async compute(sql, filter) {
      const rows = await sql<{ stage: string; stays: string; median_days: number; p90_days: number }[]>`
        -- Each stage change keeps when the pathway left the stage (the projection's left_at).
        SELECT stage, count(*) AS stays,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at)) / 86400 AS median_days,
          percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at)) / 86400 AS p90_days
        FROM stage_changes
        WHERE left_at >= ${filter.from} AND left_at < ${filter.to} AND stage <> 'closed' AND ${teamScope(sql, filter)}
        GROUP BY 1 ORDER BY 1`;
      return rows.map((row) => ({
        stage: row.stage,
        stays: count(row.stays),
        medianDays: twoPlaces(Number(row.median_days)),
        p90Days: twoPlaces(Number(row.p90_days)),
      }));
    },
  },
  {
    id: 'placements',
    title: 'Placements by model and occupancy per scheme',
    definition:
      'Per scheme, the placements started in the period, and the units occupied at its end (placements started before it and not ended by a later placement or a closure) against the units the scheme has.',
    columns: ['scheme', 'model', 'started', 'occupied', 'units'],
    async compute(sql, filter, settings) {
      const rows = await sql<{ scheme: string; model: string; started: string; occupied: string }[]>`
        -- The placement stays projection (typed columns, one row per placement).
        WITH placements AS (
          SELECT pathway_id, started_at, model, scheme_id AS scheme
          FROM placement_stays WHERE started_at < ${filter.to} AND ${teamScope(sql, filter)}
            AND (${filter.model ?? null}::text IS NULL OR model = ${filter.model ?? null})
        ), occupied AS (
          -- A pathway's stay that had begun by the end and not yet ended (by its next placement or its closure),
          -- for the pathways the filter's placements are of.
          SELECT c.scheme_id AS scheme, count(*) AS n FROM placement_stays c
          WHERE c.started_at < ${filter.to} AND (c.ended_at IS NULL OR c.ended_at >= ${filter.to})
            AND c.pathway_id IN (SELECT pathway_id FROM placements)
          GROUP BY 1
        ), started AS (
          SELECT scheme, count(*) FILTER (WHERE started_at >= ${filter.from}) AS n FROM placements GROUP BY 1
        )
        SELECT s.scheme, s.model, coalesce(started.n, 0) AS started, coalesce(occupied.n, 0) AS occupied
        FROM (SELECT DISTINCT scheme, model FROM placements) s
          LEFT JOIN started USING (scheme) LEFT JOIN occupied USING (scheme)
        ORDER BY s.model, s.scheme`;
      return rows.map((row) => ({
        scheme: row.scheme,
        model: row.model,
        started: count(row.started),
        occupied: count(row.occupied),
        units: settings.schemeUnits[row.scheme] ?? null,
      }));
    },
  },
  {
    id: 'outcomes',
    title: 'Step-down and move-on outcomes',
    definition:
      'The step-downs planned (by the model stepped down to), the moves on (by destination) and the pathways closed (by outcome) in the period.',
    columns: ['kind', 'outcome', 'count'],
    async compute(sql, filter) {
      const rows = await sql<{ kind: string; outcome: string; n: string }[]>`
        SELECT kind, outcome, count(*) AS n FROM pathway_outcomes
        WHERE occurred_at >= ${filter.from} AND occurred_at < ${filter.to} AND ${teamScope(sql, filter)}
        GROUP BY 1, 2 ORDER BY 1, 2`;
      return rows.map((row) => ({ kind: row.kind, outcome: row.outcome, count: count(row.n) }));
    },
  },
  {
    id: 'panel',
    title: 'QA panel: decisions, turnaround and spend',
    definition:
      'Per decision outcome, the panel decisions recorded in the period, the median and 90th-percentile days from the case’s referral to the panel to the decision, and the weekly funding approved.',
    columns: ['decision', 'decisions', 'medianTurnaroundDays', 'p90TurnaroundDays', 'weeklyFundingApproved'],
    async compute(sql, filter) {
      const rows = await sql<
        { decision: string; decisions: string; median_days: number | null; p90_days: number | null; funding: number | null }[]
      >`
        -- Each decision keeps when its case was last referred to the panel before it (figure-facts.ts).
        SELECT decision, count(*) AS decisions,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - referred_at)) / 86400 AS median_days,
          percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - referred_at)) / 86400 AS p90_days,
          sum(weekly_funding) FILTER (WHERE decision = 'approved') AS funding
        FROM panel_decisions
        WHERE decided_at >= ${filter.from} AND decided_at < ${filter.to} AND ${teamScope(sql, filter)}
        GROUP BY 1 ORDER BY 1`;
      return rows.map((row) => ({
        decision: row.decision,
        decisions: count(row.decisions),
        medianTurnaroundDays: row.median_days === null ? null : twoPlaces(Number(row.median_days)),
        p90TurnaroundDays: row.p90_days === null ? null : twoPlaces(Number(row.p90_days)),
        weeklyFundingApproved: row.funding === null ? 0 : Number(row.funding),
      }));
    },
  },
  {
    id: 'panel-spend-by-stream',
    title: 'QA panel: spend by funding stream',
    definition:
      'Per funding stream (council, NHS Continuing Healthcare, joint, NHS-funded Nursing Care, or not_recorded for approvals made before streams were kept), the approvals the panel recorded in the period and the weekly funding they approved.',
    columns: ['fundingStream', 'approvals', 'weeklyFundingApproved'],
    async compute(sql, filter) {
      const rows = await sql<{ stream: string; approvals: string; funding: string | null }[]>`
        SELECT coalesce(funding_stream, 'not_recorded') AS stream, count(*) AS approvals, sum(weekly_funding) AS funding
        FROM panel_decisions
        WHERE decision = 'approved' AND decided_at >= ${filter.from} AND decided_at < ${filter.to} AND ${teamScope(sql, filter)}
        GROUP BY 1 ORDER BY 1`;
      return rows.map((row) => ({
        fundingStream: row.stream,
        approvals: count(row.approvals),
        weeklyFundingApproved: Number(row.funding ?? 0),
      }));
    },
  },
  {
    id: 'panel-themes',
    title: 'QA panel: themes',
    definition: 'The complexity rules that sent cases to the panel in the period, each with the number of cases it sent.',
    columns: ['rule', 'cases'],
    async compute(sql, filter) {
      const rows = await sql<{ rule: string; cases: string }[]>`
        SELECT rule, count(*) AS cases FROM panel_referral_rules
        WHERE referred_at >= ${filter.from} AND referred_at < ${filter.to} AND ${teamScope(sql, filter)}
        GROUP BY 1 ORDER BY 2 DESC, 1`;
      return rows.map((row) => ({ rule: row.rule, cases: count(row.cases) }));
    },
  },
  {
    id: 'plan-copies',
    title: 'Copies of support plans given to the person',
    definition:
      'The support plan versions agreed in the period (by an assessment or a review) and, at its end, how many had a copy recorded as given to the person and how many were still outstanding.',
    columns: ['agreed', 'copyGiven', 'outstanding'],
    async compute(sql, filter) {
      const [row] = await sql<{ agreed: string; given: string }[]>`
        WITH versions AS (
          -- A re-assessment agrees version 1 again: its latest word on the copy counts.
          SELECT DISTINCT ON (pathway_id, version) pathway_id, version, copy_given_then
          FROM plan_versions_agreed
          WHERE agreed_at >= ${filter.from} AND agreed_at < ${filter.to} AND ${teamScope(sql, filter)}
          ORDER BY pathway_id, version, sequence DESC
        )
        SELECT count(*) AS agreed,
          count(*) FILTER (WHERE v.copy_given_then OR EXISTS (
            SELECT 1 FROM plan_copies_given c
            WHERE c.pathway_id = v.pathway_id AND c.version = v.version AND c.recorded_at < ${filter.to})) AS given
        FROM versions v`;
      const agreed = count(row?.agreed);
      const given = count(row?.given);
      return [{ agreed, copyGiven: given, outstanding: agreed - given }];
    },
  },
  {
    id: 'funds-and-vouchers',
    title: 'Funds accessed and food vouchers issued',
    definition:
      'For each London month of the period (by the date awarded or issued), the number and total value in pounds of funds accessed to sustain tenancies, per fund, with a subtotal of the funds other than DHP and the Emergency Living Fund, and of food vouchers issued (approximate value).',
    columns: ['month', 'type', 'count', 'totalPounds'],
    async compute(sql, filter) {
      const rows = await sql<{ month: string; type: string; n: string; pence: string }[]>`
        SELECT to_char(given_on, 'YYYY-MM') AS month, type, count(*) AS n, sum(pence) AS pence
        FROM funds_and_vouchers
        WHERE recorded_at < ${filter.to} AND ${teamScope(sql, filter)}
          AND given_on >= (${filter.from}::timestamptz AT TIME ZONE 'Europe/London')::date AND given_on <= ${lastDay(sql, filter)}
        GROUP BY 1, 2 ORDER BY 1, 2`;
      const figures = rows.map((row) => ({ month: row.month, type: row.type, count: count(row.n), totalPounds: pounds(row.pence) }));
      // Seed 003 reports funds other than DHP and ELF as a subtotal of their own, after the funds of each month.
      const subtotals = [...new Set(figures.map((row) => row.month))].flatMap((month) => {
        const others = rows.filter((row) => row.month === month && OTHER_FUNDS.includes(row.type));
        if (others.length === 0) return [];
        const pence = others.reduce((sum, row) => sum + Number(row.pence), 0);
        return [
          {
            month,
            type: 'subtotal_other_than_dhp_and_elf',
            count: others.reduce((sum, row) => sum + count(row.n), 0),
            totalPounds: pounds(pence),
          },
        ];
      });
      return [...figures, ...subtotals].sort((x, y) => x.month.localeCompare(y.month));
    },
  },
  {
    id: 'feedback',
    title: 'Complaints and compliments',
    definition:
      'For each London month of the period (by the date received), the complaints and the compliments recorded, by what they were about, by how they arrived (letter, email, phone, in person or online; not recorded before channels were kept), and whether about a person’s pathway or about the service and tied to no pathway.',
    columns: ['month', 'kind', 'about', 'channel', 'tiedTo', 'count'],
    async compute(sql, filter) {
      // Feedback tied to no pathway belongs to no team: it is counted only in the whole service's figures.
      const rows = await sql<{ month: string; kind: string; about: string; channel: string; tied_to: string; n: string }[]>`
        SELECT month, kind, about, channel, tied_to, count(*) AS n FROM (
          SELECT to_char(received_on, 'YYYY-MM') AS month, kind, about, coalesce(channel, 'not_recorded') AS channel, 'pathway' AS tied_to
          FROM pathway_feedback
          WHERE recorded_at < ${filter.to} AND ${teamScope(sql, filter)}
            AND received_on >= (${filter.from}::timestamptz AT TIME ZONE 'Europe/London')::date AND received_on <= ${lastDay(sql, filter)}
          UNION ALL
          SELECT to_char(received_on, 'YYYY-MM'), kind, about, channel, 'service'
          FROM service_feedback
          WHERE ${filter.team ?? null}::text IS NULL AND recorded_at < ${filter.to}
            AND received_on >= (${filter.from}::timestamptz AT TIME ZONE 'Europe/London')::date AND received_on <= ${lastDay(sql, filter)}
        ) feedback
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
      return rows.map((row) => ({
        month: row.month,
        kind: row.kind,
        about: row.about,
        channel: row.channel,
        tiedTo: row.tied_to,
        count: count(row.n),
      }));
    },
  },
  {
    id: 'savings',
    title: 'Estimated savings against residential care',
    definition:
      'Per placement model, the days people spent in placements within the period and what those days would have cost in residential care (at the configured weekly cost) less the weekly funding approved for the placement, in pounds.',
    columns: ['model', 'placementDays', 'residentialCostPounds', 'placementCostPounds', 'savingPounds'],
    async compute(sql, filter, settings) {
      const rows = await sql<{ model: string; days: number; placement_pence: number }[]>`
        -- The placement stays projection: one row per placement with its funding, start and end (typed columns).
        -- As things stood at the end of the period: an end after it is no end yet.
        WITH placements AS (
          SELECT pathway_id, started_at, model, weekly_funding AS weekly_pounds,
            CASE WHEN ended_at < ${filter.to} THEN ended_at END AS ended_at
          FROM placement_stays
          WHERE started_at < ${filter.to} AND (ended_at IS NULL OR ended_at > ${filter.from}) AND ${teamScope(sql, filter, 'pathway_id')}
            AND (${filter.model ?? null}::text IS NULL OR model = ${filter.model ?? null})
        ), clamped AS (
          SELECT model, weekly_pounds,
            extract(epoch FROM least(coalesce(ended_at, ${filter.to}::timestamptz), ${filter.to}::timestamptz)
              - greatest(started_at, ${filter.from}::timestamptz)) / 86400 AS days
          FROM placements
        )
        SELECT model, sum(days) AS days, sum(days * coalesce(weekly_pounds, 0) * 100 / 7) AS placement_pence
        FROM clamped WHERE days > 0 GROUP BY 1 ORDER BY 1`;
      return rows.map((row) => {
        const days = Number(row.days);
        const residential = (days * settings.residentialCareWeeklyPence) / 7;
        const placement = Number(row.placement_pence);
        return {
          model: row.model,
          placementDays: twoPlaces(days),
          residentialCostPounds: pounds(residential),
          placementCostPounds: pounds(placement),
          savingPounds: pounds(residential - placement),
        };
      });
    },
  },
  // ---------------------------------------------------------------- fair access (issue 11)
  {
    id: 'offers-by-list-order',
    title: 'Offers made in and out of waiting-list order',
    definition:
      'The units offered in the period by model: in list order, or out of it by the recorded reason (offers made before waiting lists existed are counted apart).',
    columns: ['model', 'order', 'offers'],
    async compute(sql, filter) {
      const rows = await sql<{ model: string; order: string; offers: string }[]>`
        SELECT model,
          CASE WHEN NOT had_waiting_list THEN 'before waiting lists'
               WHEN out_of_order_reason IS NULL THEN 'in list order'
               ELSE 'out of order: ' || out_of_order_reason END AS order,
          count(*) AS offers
        FROM unit_offers
        WHERE offered_at >= ${filter.from} AND offered_at < ${filter.to} AND ${teamScope(sql, filter)}
          AND (${filter.model ?? null}::text IS NULL OR model = ${filter.model ?? null})
        GROUP BY 1, 2 ORDER BY 1, 2`;
      return rows.map((row) => ({ model: row.model, order: row.order, offers: count(row.offers) }));
    },
  },
  {
    id: 'wait-for-placement',
    title: 'Wait from approval to placement',
    definition:
      'For the placements started in the period, the days from the approval for that model (an assessment that did not need the panel, a panel approval, or a step-down plan) to the placement, by model, team and urgency at the time.',
    columns: ['model', 'team', 'urgency', 'placements', 'medianDays', 'longestDays'],
    async compute(sql, filter) {
      const rows = await sql<
        { model: string; team: string | null; urgency: string; placements: string; median: string; longest: string }[]
      >`
        -- The placement stays projection: each placement with its approval, and the case's team and urgency then.
        SELECT model, team, urgency, count(*) AS placements,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - approved_at)) / 86400 AS median,
          max(extract(epoch FROM started_at - approved_at)) / 86400 AS longest
        FROM placement_stays
        WHERE started_at >= ${filter.from} AND started_at < ${filter.to} AND approved_at IS NOT NULL AND ${teamScope(sql, filter)}
          AND (${filter.model ?? null}::text IS NULL OR model = ${filter.model ?? null})
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
      return rows.map((row) => ({
        model: row.model,
        team: row.team,
        urgency: row.urgency,
        placements: count(row.placements),
        medianDays: twoPlaces(Number(row.median)),
        longestDays: twoPlaces(Number(row.longest)),
      }));
    },
  },
  {
    id: 'void-days',
    title: 'Void days per scheme',
    definition:
      "Per scheme, the days its units were out of use (void) within the period, from the catalogue's events, and the units voided in it.",
    columns: ['scheme', 'model', 'voidDays', 'unitsVoided'],
    async compute(sql, filter) {
      const rows = await sql<{ scheme: string; model: string; void_days: string; voided: string }[]>`
        WITH voids AS (
          SELECT v.scheme_id, v.occurred_at AS began, v.envelope->'data'->>'unitId' AS unit_id,
            coalesce((
              SELECT min(e.occurred_at) FROM accommodation_events e
              WHERE e.scheme_id = v.scheme_id AND e.envelope->'data'->>'unitId' = v.envelope->'data'->>'unitId'
                AND e.type IN ('UnitReturnedToUse', 'UnitRetired') AND e.sequence > v.sequence
            ), 'infinity'::timestamptz) AS ended
          FROM accommodation_events v WHERE v.type = 'UnitVoided' AND v.occurred_at < ${filter.to}
        )
        SELECT s.scheme_id AS scheme, s.model,
          coalesce(sum(extract(epoch FROM least(voids.ended, ${filter.to}::timestamptz, now()) - greatest(voids.began, ${filter.from}::timestamptz)))
            FILTER (WHERE voids.began IS NOT NULL AND least(voids.ended, ${filter.to}::timestamptz, now()) > greatest(voids.began, ${filter.from}::timestamptz)), 0) / 86400 AS void_days,
          count(voids.began) FILTER (WHERE voids.began >= ${filter.from}) AS voided
        FROM accommodation_schemes s LEFT JOIN voids ON voids.scheme_id = s.scheme_id
        WHERE (${filter.model ?? null}::text IS NULL OR s.model = ${filter.model ?? null})
        GROUP BY 1, 2 ORDER BY 2, 1`;
      return rows.map((row) => ({
        scheme: row.scheme,
        model: row.model,
        voidDays: twoPlaces(Number(row.void_days)),
        unitsVoided: count(row.voided),
      }));
    },
  },
  {
    id: 'occupancy-by-month',
    title: 'Occupancy per scheme over time',
    definition:
      'Per London month of the period and per scheme, the unit-days occupied by placements (from their start to the next placement of the same pathway or its closure) against the unit-days of the units the scheme has, as a percentage.',
    columns: ['month', 'scheme', 'occupiedDays', 'units', 'occupancyPercent'],
    async compute(sql, filter, settings) {
      // A month's occupied unit-days are the integral over the month of the number of stays open: the stays open
      // when the period begins, each filling whole months until it ends, and the starts and ends within the
      // period, each falling in one month. So a year reads the stays that began or ended in it (and counts those
      // open at its start), not every stay times every month it spans: most stays span many months.
      const inTeam = filter.team ? sql`pathway_id IN (SELECT pathway_id FROM team_cases)` : sql`true`;
      const rows = await sql<{ month: string; scheme: string; occupied: string; days: string }[]>`
        WITH team_cases AS MATERIALIZED (
          -- Worked out once for the three reads of the stays below (all cases when no team is asked for).
          ${filter.team ? sql`SELECT pathway_id FROM (${heldAtEnd(sql, filter, 'team')}) held WHERE holder = ${filter.team}` : sql`SELECT NULL::uuid AS pathway_id WHERE false`}
        ), months AS MATERIALIZED (
          -- London months: stepped in London's local time, so that a month is a calendar month whatever the clocks do.
          SELECT greatest(m AT TIME ZONE 'Europe/London', ${filter.from}::timestamptz) AS starts,
            least((m + interval '1 month') AT TIME ZONE 'Europe/London', ${filter.to}::timestamptz) AS ends,
            to_char(m, 'YYYY-MM') AS month
          FROM generate_series(
            date_trunc('month', ${filter.from}::timestamptz AT TIME ZONE 'Europe/London'),
            (${filter.to}::timestamptz - interval '1 microsecond') AT TIME ZONE 'Europe/London', interval '1 month') AS m
        ), open_at_start AS (
          SELECT scheme_id AS scheme, count(*) AS stays FROM placement_stays
          WHERE started_at < ${filter.from} AND (ended_at IS NULL OR ended_at > ${filter.from}) AND ${inTeam}
          GROUP BY 1
        ), changes AS (
          -- +1 at each start in the period; -1 at the end in the period of each stay open at its start or begun in it.
          SELECT scheme_id AS scheme, started_at AS at, 1 AS delta FROM placement_stays
          WHERE started_at >= ${filter.from} AND started_at < ${filter.to} AND ${inTeam}
          UNION ALL
          SELECT scheme_id, ended_at, -1 FROM placement_stays
          WHERE ended_at >= ${filter.from} AND ended_at < ${filter.to} AND (ended_at > ${filter.from} OR started_at >= ${filter.from})
            AND ${inTeam}
        ), monthly_changes AS (
          -- Per month: the net change in open stays, and the sum of each change times its instant (seconds), from
          -- which the seconds between each change and the month's end follow.
          SELECT to_char(at AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month, scheme, sum(delta) AS delta,
            sum(delta * extract(epoch FROM at)) AS weighted
          FROM changes GROUP BY 1, 2
        ), grid AS (
          SELECT months.month, s.scheme_id AS scheme, extract(epoch FROM months.ends - months.starts) AS seconds,
            extract(epoch FROM months.ends) AS ends, coalesce(c.delta, 0) AS delta, coalesce(c.weighted, 0) AS weighted
          FROM months CROSS JOIN accommodation_schemes s LEFT JOIN monthly_changes c ON c.month = months.month AND c.scheme = s.scheme_id
          WHERE (${filter.model ?? null}::text IS NULL OR s.model = ${filter.model ?? null})
        )
        SELECT grid.month, grid.scheme,
          ((coalesce(o.stays, 0) + coalesce(sum(grid.delta) OVER earlier, 0)) * grid.seconds + grid.delta * grid.ends - grid.weighted)
            / 86400 AS occupied,
          grid.seconds / 86400 AS days
        FROM grid LEFT JOIN open_at_start o ON o.scheme = grid.scheme
        WINDOW earlier AS (PARTITION BY grid.scheme ORDER BY grid.month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ORDER BY 1, 2`;
      return rows.map((row) => {
        const units = settings.schemeUnits[row.scheme] ?? 0;
        const occupied = Number(row.occupied);
        const available = units * Number(row.days);
        return {
          month: row.month,
          scheme: row.scheme,
          occupiedDays: twoPlaces(occupied),
          units,
          occupancyPercent: available > 0 ? twoPlaces((100 * occupied) / available) : null,
        };
      });
    },
  },
];

/** Every figure defined in one sentence, as the list in docs/reporting.md. */
export function renderFigureDefinitions(): string {
  return FIGURES.map((figure) => `- **${figure.title}** (\`/reports/${figure.id}\`): ${figure.definition}`).join('\n');
}

export function findFigure(id: string): Figure | undefined {
  return FIGURES.find((figure) => figure.id === id);
}

/** How a spreadsheet tells a formula from text: a cell beginning with one of these (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A table as CSV (RFC 4180): a header of the columns, then one line per row. Text a spreadsheet would run
 * as a formula (a scheme named `=HYPERLINK(...)`) is written with a leading apostrophe, so it opens as the
 * text it is; numbers are written as they are (a negative number is not a formula).
 */
export function toCsv(columns: readonly string[], rows: Record<string, string | number | null>[]): string {
  const cell = (value: string | number | null | undefined) => {
    const raw = value === null || value === undefined ? '' : String(value);
    const text = typeof value === 'string' && FORMULA_START.test(value) ? `'${raw}` : raw;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.map(cell).join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\r\n') + '\r\n';
}
