import { deadlineKind, EMPTY_PATHWAY, evolve, type PathwayState } from '@sarp/domain';
import { deadlineChangeOf } from './deadline-fold';
import type { PathwayEventEnvelope } from '@sarp/events';
import type { Sql } from './connection';
import { addFigureFacts, insertFigureFacts, noFigureFacts } from './figure-facts';
import { noticeProjected } from './projection-notices';
import { changesPanelTasks, evolvePanelTasks, type PathwayPanelTasks } from './panel-task-fold';
import { loadPanelTasks, writePanelTasks } from './panel-tasks';
import { summarizeEvent } from './summaries';
import { AuditKeyring, chainLink } from './tamper-evidence';

/** Where an event was read from; stored with it and as the consumer position. */
export interface KafkaPosition {
  consumerGroup: string;
  topic: string;
  partition: number;
  offset: string;
}

export type ProjectionOutcome = 'applied' | 'duplicate';

/**
 * The event cannot be applied in order (a gap, or another event already holds
 * its sequence). Permanent for this event: the projector dead-letters it.
 */
export class ProjectionConflictError extends Error {
  override readonly name = 'ProjectionConflictError';
}

/** Without the audit keys (tests of the projection alone, benchmarks): links are chained but not keyed. */
const UNKEYED_RING = new AuditKeyring(undefined);

/** An event and where it was read from. */
export interface EventToProject {
  event: PathwayEventEnvelope;
  position: KafkaPosition;
}

/** Applies one event to the read model and moves the consumer position, in one transaction (STYLE 7). */
export async function projectPathwayEvent(
  sql: Sql,
  event: PathwayEventEnvelope,
  position: KafkaPosition,
  keyring: AuditKeyring = UNKEYED_RING,
): Promise<ProjectionOutcome> {
  const [outcome] = await projectPathwayEvents(sql, [{ event, position }], keyring);
  return outcome!;
}

/**
 * Applies events to the read model, in the order given, and moves the
 * consumer positions past them, all in one transaction: the projector hands
 * it a Kafka batch at a time. The read model's rows are folded in memory
 * (`ReadModelChanges`) and written with one set-based statement per table,
 * so a batch costs a handful of round trips and one commit however many
 * events it holds.
 *
 * The unique event id makes a redelivered event a no-op ('duplicate'), also
 * one delivered twice within the batch; the stream-revision guard refuses an
 * event that does not follow the last one applied to its pathway, and then
 * nothing of the batch is written (ProjectionConflictError: the caller
 * applies the batch event by event to find the one to dead-letter).
 */
export async function projectPathwayEvents(
  sql: Sql,
  items: readonly EventToProject[],
  keyring: AuditKeyring = UNKEYED_RING,
): Promise<ProjectionOutcome[]> {
  if (items.length === 0) return [];
  return sql.begin(async (transaction) => {
    const tx = transaction as unknown as Sql;
    const eventIds = [...new Set(items.map(({ event }) => event.eventId))];
    const pathwayIds = [...new Set(items.map(({ event }) => event.pathwayId))].sort();
    // The worklist is folded only for the pathways whose events may change it (few of a batch).
    const panelPathways = [...new Set(items.filter(({ event }) => changesPanelTasks(event)).map(({ event }) => event.pathwayId))];
    const referredToPanel = [...new Set(items.filter(({ event }) => event.type === 'CaseReferredToPanel').map(({ event }) => event.pathwayId))];
    // Sent together (postgres.js pipelines them on the transaction's connection). The pathways are locked in a
    // fixed order, so two writers of one database cannot deadlock on them.
    const [stored, current, panelTasks] = await Promise.all([
      tx<{ event_id: string }[]>`SELECT event_id FROM event_log WHERE event_id IN ${tx(eventIds)}`,
      tx<{ pathway_id: string; state: PathwayState }[]>`
        SELECT pathway_id, state FROM pathways WHERE pathway_id IN ${tx(pathwayIds)} ORDER BY pathway_id FOR UPDATE`,
      loadPanelTasks(tx, panelPathways, referredToPanel),
    ]);

    const changes = new ReadModelChanges(
      new Map(current.map((row) => [row.pathway_id, row.state])),
      new Set(stored.map((row) => row.event_id)),
      panelTasks,
    );
    const outcomes = items.map(({ event, position }) => changes.apply(event, position));
    await changes.write(tx, keyring);
    await noticeProjected(tx, pathwayIds);
    await savePositions(
      tx,
      items.map(({ position }) => position),
    );
    return outcomes;
  });
}

/**
 * What a run of events does to the read model's tables, folded in memory by
 * the domain's own `evolve`: the pathway rows as they end, and the rows each
 * event adds to the event log, timeline, stage changes, deadlines,
 * escalations and safeguarding records. A deadline set and closed within the
 * run is written once, already closed.
 */
class ReadModelChanges {
  private readonly seen: Set<string>;
  private readonly events: { event: PathwayEventEnvelope; position: KafkaPosition }[] = [];
  private readonly changedPathways = new Set<string>();
  private readonly newDeadlines = new Map<string, DeadlineRow>();
  private readonly closedDeadlines: { pathway_id: string; deadline_id: string; status: string; closed_at: string }[] = [];
  private readonly stageChanges: StageChangeRow[] = [];
  /** The stage each pathway is in as of this run, when it entered it in this run; and the stages entered before it that this run left. */
  private readonly openStageOf = new Map<string, StageChangeRow>();
  private readonly leftStages: { pathway_id: string; left_at: string }[] = [];
  /** Placements begun in this run, by pathway while still open; and the stays begun before it that this run ended. */
  private readonly newStays: PlacementStayRow[] = [];
  private readonly openStayOf = new Map<string, PlacementStayRow>();
  private readonly endedStays: { pathway_id: string; ended_at: string }[] = [];
  /** When each pathway touched became a case and closed, as far as this run knows. */
  private readonly cases = new Map<string, CaseRow>();
  /** Who came to hold a case in this run (team, worker), the open one per pathway and kind, and the holds begun before it that this run ended. */
  private readonly newHolders: HolderRow[] = [];
  private readonly openHolderOf = new Map<string, HolderRow>();
  private readonly endedHolders: { pathway_id: string; holds: string; held_until: string }[] = [];
  private readonly timeline: object[] = [];
  private readonly escalations: object[] = [];
  private readonly newSafeguardingReferrals = new Map<string, SafeguardingRow>();
  private readonly safeguardingNotices: SafeguardingNotice[] = [];
  /** The figures' facts the run's events state (figure-facts.ts), and the panel decisions whose referral time the state lacked. */
  private readonly figureFacts = noFigureFacts();
  private readonly decisionsWithoutReferralTime: string[] = [];
  /** The worklist's part of each pathway the run may change, folded by `evolvePanelTasks` from what was stored. */
  private readonly panelTasks: Map<string, PathwayPanelTasks>;

  constructor(
    private readonly states: Map<string, PathwayState>,
    alreadyStored: Set<string>,
    private readonly storedPanelTasks: ReadonlyMap<string, PathwayPanelTasks>,
  ) {
    this.seen = new Set(alreadyStored);
    this.panelTasks = new Map(storedPanelTasks);
  }

  apply(event: PathwayEventEnvelope, position: KafkaPosition): ProjectionOutcome {
    if (this.seen.has(event.eventId)) return 'duplicate';
    const before = this.states.get(event.pathwayId) ?? EMPTY_PATHWAY;
    if (event.sequence !== before.lastSequence + 1) {
      throw new ProjectionConflictError(
        `event ${event.eventId} has sequence ${event.sequence}, but the pathway's last applied sequence is ${before.lastSequence}`,
      );
    }
    const next = evolve(before, event);
    if (next.status !== 'started') throw new ProjectionConflictError(`event ${event.eventId} did not start its pathway`);
    this.seen.add(event.eventId);
    this.states.set(event.pathwayId, next);
    this.changedPathways.add(event.pathwayId);
    this.events.push({ event, position });

    if (before.status !== 'started' || before.stage !== next.stage)
      this.applyToStageChanges(event, next.stage, before.status === 'started');
    this.timeline.push({
      event_id: event.eventId,
      pathway_id: event.pathwayId,
      sequence: event.sequence,
      type: event.type,
      occurred_at: event.occurredAt,
      actor_user_id: event.actor.userId,
      actor_role: event.actor.role,
      summary: summarizeEvent(event),
    });
    this.applyToDeadlinesAndRecords(event);
    this.applyToPlacementStays(event, before);
    this.applyToCases(event);
    this.applyToHolders(event);
    if (addFigureFacts(this.figureFacts, event, before).referralTimeUnknown) this.decisionsWithoutReferralTime.push(event.eventId);
    const panelTasks = this.panelTasks.get(event.pathwayId);
    if (panelTasks) this.panelTasks.set(event.pathwayId, evolvePanelTasks(panelTasks, event, before));
    return 'applied';
  }

  /** Keeps the deadline and escalation tables in step (every deadline ever set, and how it ended), and safeguarding records. */
  private applyToDeadlinesAndRecords(event: PathwayEventEnvelope): void {
    const deadline = deadlineChangeOf(event);
    if (deadline && 'set' in deadline) {
      const { set } = deadline;
      this.newDeadlines.set(`${set.pathwayId} ${set.deadlineId}`, {
        deadline_id: set.deadlineId,
        pathway_id: set.pathwayId,
        rule_id: set.ruleId,
        kind: set.kind,
        policy_version: set.policyVersion,
        rule: set.rule,
        source: set.source,
        due_at: set.dueAt,
        status: set.status,
        set_at: set.setAt,
        closed_at: set.closedAt,
      });
    } else if (deadline) {
      const { pathwayId, deadlineId, status, closedAt } = deadline.close;
      const setInThisRun = this.newDeadlines.get(`${pathwayId} ${deadlineId}`);
      if (setInThisRun) Object.assign(setInThisRun, { status, closed_at: closedAt });
      else this.closedDeadlines.push({ pathway_id: pathwayId, deadline_id: deadlineId, status, closed_at: closedAt });
    }
    switch (event.type) {
      case 'SafeguardingReferralMade':
        // The concern itself (free text about the person) stays in the event log only.
        this.newSafeguardingReferrals.set(event.eventId, {
          event_id: event.eventId,
          pathway_id: event.pathwayId,
          person_id: event.personId,
          agency: event.data.agency,
          consent: event.data.consent,
          without_consent_reason: event.data.withoutConsentReason,
          flagged_for_audit: event.data.flaggedForAudit,
          made_by: event.actor.userId,
          made_by_role: event.actor.role,
          made_at: event.occurredAt,
          person_told: null,
          person_told_on: null,
          notice_recorded_at: null,
        });
        return;
      case 'PersonToldOfSafeguardingReferral': {
        // Whether and when; the reason for not telling (free text) stays in the event log only.
        const notice = {
          event_id: event.data.referralEventId,
          pathway_id: event.pathwayId,
          person_told: event.data.told,
          person_told_on: event.data.toldOn,
          notice_recorded_at: event.occurredAt,
        };
        const madeInThisRun = this.newSafeguardingReferrals.get(notice.event_id);
        if (madeInThisRun?.pathway_id === notice.pathway_id) Object.assign(madeInThisRun, notice);
        else this.safeguardingNotices.push(notice);
        return;
      }
      case 'EscalationRaised':
        this.escalations.push({
          event_id: event.eventId,
          pathway_id: event.pathwayId,
          deadline_id: event.data.deadlineId,
          rule_id: event.data.ruleId,
          kind: event.data.kind ?? deadlineKind(event.data.ruleId),
          due_at: event.data.dueAt,
          raised_at: event.occurredAt,
          message: event.data.message,
        });
        return;
      default:
        return;
    }
  }

  /** A placement's stay begins with it and ends with the pathway's next placement or its closure. */
  private applyToPlacementStays(event: PathwayEventEnvelope, before: PathwayState): void {
    if (event.type !== 'PlacementStarted' && event.type !== 'PathwayClosed') return;
    const open = this.openStayOf.get(event.pathwayId);
    if (open) open.ended_at = event.occurredAt;
    else this.endedStays.push({ pathway_id: event.pathwayId, ended_at: event.occurredAt });
    this.openStayOf.delete(event.pathwayId);
    if (event.type !== 'PlacementStarted') return;
    const started = before.status === 'started' ? before : undefined;
    const funding = started?.weeklyFunding;
    // An offer is only of the approved model (decide refuses any other), so the approval is the state's.
    const approvedAt = started?.approvedModel === event.data.model ? started.approvedAt : undefined;
    const stay: PlacementStayRow = {
      event_id: event.eventId,
      pathway_id: event.pathwayId,
      sequence: event.sequence,
      scheme_id: event.data.unit.schemeId,
      unit_id: event.data.unit.unitId,
      model: event.data.model,
      weekly_funding: funding ?? null,
      // A state folded before it kept the funding: looked up in the event log instead (see write()).
      weekly_funding_known: funding !== undefined,
      approved_at: approvedAt ?? null,
      // States folded before approvals were timed have none: looked up in the event log (see write()).
      approved_at_known: approvedAt !== undefined,
      team: started?.team ?? null,
      urgency: started?.urgency ?? null,
      started_at: event.occurredAt,
      ended_at: null,
    };
    this.newStays.push(stay);
    this.openStayOf.set(event.pathwayId, stay);
  }

  /** A stage is stayed in from the event that entered it until the one that entered the next. */
  private applyToStageChanges(event: PathwayEventEnvelope, stage: string, hadStage: boolean): void {
    const open = this.openStageOf.get(event.pathwayId);
    if (open) open.left_at = event.occurredAt;
    // A pathway's first stage (its referral) leaves none behind: no update to send for it.
    else if (hadStage) this.leftStages.push({ pathway_id: event.pathwayId, left_at: event.occurredAt });
    const row: StageChangeRow = {
      event_id: event.eventId,
      pathway_id: event.pathwayId,
      sequence: event.sequence,
      stage,
      entered_at: event.occurredAt,
      left_at: null,
    };
    this.stageChanges.push(row);
    this.openStageOf.set(event.pathwayId, row);
  }

  /** A pathway is referred, becomes a case when triage accepts the referral, and ends when it closes (seed 003). */
  private applyToCases(event: PathwayEventEnvelope): void {
    const accepted = event.type === 'ReferralTriaged' && event.data.outcome === 'accepted';
    if (!accepted && event.type !== 'PathwayClosed' && event.type !== 'ReferralReceived') return;
    const row = this.cases.get(event.pathwayId) ?? {
      pathway_id: event.pathwayId,
      referred_at: null,
      referral_urgency: null,
      accepted_at: null,
      closed_at: null,
      closed_outcome: null,
    };
    if (event.type === 'ReferralReceived') Object.assign(row, { referred_at: event.occurredAt, referral_urgency: event.data.urgency });
    if (accepted) row.accepted_at ??= event.occurredAt;
    if (event.type === 'PathwayClosed' && row.closed_at === null)
      Object.assign(row, { closed_at: event.occurredAt, closed_outcome: event.data.outcome });
    this.cases.set(event.pathwayId, row);
  }

  /** The team named by a referral or an assessment, the worker by an assignment or reassignment, holds the case until the next. */
  private applyToHolders(event: PathwayEventEnvelope): void {
    const named =
      event.type === 'ReferralReceived' || event.type === 'AssessmentCompleted'
        ? { holds: 'team', holder: event.data.team ?? null }
        : event.type === 'AssessorAssigned' || event.type === 'WorkerReassigned'
          ? { holds: 'worker', holder: event.data.assessorId }
          : undefined;
    if (!named?.holder) return;
    const key = `${event.pathwayId} ${named.holds}`;
    const open = this.openHolderOf.get(key);
    if (open) open.held_until = event.occurredAt;
    else this.endedHolders.push({ pathway_id: event.pathwayId, holds: named.holds, held_until: event.occurredAt });
    const row: HolderRow = {
      event_id: event.eventId,
      pathway_id: event.pathwayId,
      sequence: event.sequence,
      holds: named.holds,
      holder: named.holder,
      held_from: event.occurredAt,
      held_until: null,
    };
    this.newHolders.push(row);
    this.openHolderOf.set(key, row);
  }

  /**
   * One statement per table. The statements of a step are sent together (postgres.js pipelines them on the
   * transaction's connection, so the next one's rows are serialised while PostgreSQL runs the one before);
   * the steps keep the foreign keys' order: the event log and the pathways before the rows that refer to them.
   */
  async write(tx: Sql, keyring: AuditKeyring): Promise<void> {
    if (this.events.length === 0) return;
    await Promise.all([insertChainedEvents(tx, this.events, keyring), this.upsertPathways(tx)]);
    await Promise.all([
      this.writeDeadlines(tx),
      this.writeSafeguarding(tx),
      this.writeEscalations(tx),
      this.writeStageChanges(tx),
      this.writeStays(tx),
      this.writeCases(tx),
      this.writeHolders(tx),
      this.writeTimeline(tx),
      insertFigureFacts(tx, this.figureFacts, this.decisionsWithoutReferralTime),
      writePanelTasks(tx, this.storedPanelTasks, this.panelTasks),
    ]);
  }

  private async upsertPathways(tx: Sql): Promise<void> {
    const pathways = [...this.changedPathways].map((pathwayId) => pathwayRow(this.states.get(pathwayId) as StartedPathway));
    await tx`
      INSERT INTO pathways (pathway_id, person_id, stage, urgency, referring_agency, opened_at, updated_at, last_sequence,
        placement_model, breaches, state, team, referred_by, assessor_id, outcome)
      SELECT pathway_id, person_id, stage, urgency, referring_agency, opened_at, updated_at, last_sequence,
        placement_model, breaches, state, team, referred_by, assessor_id, outcome
      FROM jsonb_to_recordset(${tx.json(pathways as never)}) AS r(pathway_id uuid, person_id text, stage text, urgency text,
        referring_agency text, opened_at timestamptz, updated_at timestamptz, last_sequence integer, placement_model text,
        breaches integer, state jsonb, team text, referred_by text, assessor_id text, outcome text)
      ON CONFLICT (pathway_id) DO UPDATE SET
        stage = EXCLUDED.stage, urgency = EXCLUDED.urgency, updated_at = EXCLUDED.updated_at,
        last_sequence = EXCLUDED.last_sequence, placement_model = EXCLUDED.placement_model,
        breaches = EXCLUDED.breaches, state = EXCLUDED.state, team = EXCLUDED.team, assessor_id = EXCLUDED.assessor_id,
        outcome = EXCLUDED.outcome`;
  }

  /** New deadlines, and those set before this run that it closed (a deadline set and closed in it is new, already closed). */
  private async writeDeadlines(tx: Sql): Promise<void> {
    if (this.newDeadlines.size > 0) {
      await tx`
        INSERT INTO pathway_deadlines (deadline_id, pathway_id, rule_id, kind, policy_version, rule, source, due_at, status,
          set_at, closed_at)
        SELECT * FROM jsonb_to_recordset(${tx.json([...this.newDeadlines.values()] as never)}) AS r(deadline_id text,
          pathway_id uuid, rule_id text, kind text, policy_version text, rule text, source text, due_at timestamptz,
          status text, set_at timestamptz, closed_at timestamptz)`;
    }
    if (this.closedDeadlines.length > 0) {
      await tx`
        UPDATE pathway_deadlines d SET status = c.status, closed_at = c.closed_at
        FROM jsonb_to_recordset(${tx.json(this.closedDeadlines)}) AS c(pathway_id uuid, deadline_id text, status text,
          closed_at timestamptz)
        WHERE d.pathway_id = c.pathway_id AND d.deadline_id = c.deadline_id`;
    }
  }

  private async writeSafeguarding(tx: Sql): Promise<void> {
    if (this.newSafeguardingReferrals.size > 0) {
      await tx`
        INSERT INTO safeguarding_referrals (event_id, pathway_id, person_id, agency, consent, without_consent_reason,
          flagged_for_audit, made_by, made_by_role, made_at, person_told, person_told_on, notice_recorded_at)
        SELECT * FROM jsonb_to_recordset(${tx.json([...this.newSafeguardingReferrals.values()] as never)}) AS r(event_id text,
          pathway_id uuid, person_id text, agency text, consent text, without_consent_reason text, flagged_for_audit boolean,
          made_by text, made_by_role text, made_at timestamptz, person_told boolean, person_told_on text,
          notice_recorded_at timestamptz)`;
    }
    if (this.safeguardingNotices.length > 0) {
      await tx`
        UPDATE safeguarding_referrals s SET person_told = n.person_told, person_told_on = n.person_told_on,
          notice_recorded_at = n.notice_recorded_at
        FROM jsonb_to_recordset(${tx.json(this.safeguardingNotices as never)}) AS n(event_id text, pathway_id uuid,
          person_told boolean, person_told_on text, notice_recorded_at timestamptz)
        WHERE s.event_id = n.event_id AND s.pathway_id = n.pathway_id`;
    }
  }

  private async writeEscalations(tx: Sql): Promise<void> {
    if (this.escalations.length > 0) {
      await tx`
        INSERT INTO escalations (event_id, pathway_id, deadline_id, rule_id, kind, due_at, raised_at, message)
        SELECT * FROM jsonb_to_recordset(${tx.json(this.escalations as never)}) AS r(event_id text, pathway_id uuid,
          deadline_id text, rule_id text, kind text, due_at timestamptz, raised_at timestamptz, message text)`;
    }
  }

  /** The stages this run left, then the ones it entered (as with stays). */
  private async writeStageChanges(tx: Sql): Promise<void> {
    if (this.leftStages.length > 0) {
      await tx`
        UPDATE stage_changes s SET left_at = l.left_at
        FROM jsonb_to_recordset(${tx.json(this.leftStages)}) AS l(pathway_id uuid, left_at timestamptz)
        WHERE s.pathway_id = l.pathway_id AND s.left_at IS NULL`;
    }
    if (this.stageChanges.length > 0) {
      await tx`
        INSERT INTO stage_changes (event_id, pathway_id, sequence, stage, entered_at, left_at)
        SELECT * FROM jsonb_to_recordset(${tx.json(this.stageChanges as never)}) AS r(event_id text, pathway_id uuid,
          sequence integer, stage text, entered_at timestamptz, left_at timestamptz)`;
    }
  }

  /** The stays this run ended, then the ones it began: in that order, or the update would end a stay just begun. */
  private async writeStays(tx: Sql): Promise<void> {
    if (this.endedStays.length > 0) {
      await tx`
        UPDATE placement_stays s SET ended_at = e.ended_at
        FROM jsonb_to_recordset(${tx.json(this.endedStays)}) AS e(pathway_id uuid, ended_at timestamptz)
        WHERE s.pathway_id = e.pathway_id AND s.ended_at IS NULL`;
    }
    if (this.newStays.length > 0) {
      await tx`
        INSERT INTO placement_stays (event_id, pathway_id, sequence, scheme_id, unit_id, model, weekly_funding, started_at, ended_at,
          approved_at, team, urgency)
        SELECT r.event_id, r.pathway_id, r.sequence, r.scheme_id, r.unit_id, r.model,
          CASE WHEN r.weekly_funding_known THEN r.weekly_funding ELSE (
            -- As the migration that made this table filled it in.
            SELECT coalesce((f.envelope->'data'->>'weeklyFunding')::numeric, (f.envelope->'data'->>'requestedWeeklyFunding')::numeric)
            FROM event_log f
            WHERE f.pathway_id = r.pathway_id AND f.sequence < r.sequence
              AND (f.type = 'AssessmentCompleted' OR (f.type = 'PanelDecisionRecorded' AND f.envelope->'data'->>'decision' = 'approved'))
            ORDER BY f.sequence DESC LIMIT 1) END,
          r.started_at, r.ended_at,
          CASE WHEN r.approved_at_known THEN r.approved_at ELSE (
            -- As the migration that added the column filled it in.
            SELECT a.occurred_at FROM event_log a
            WHERE a.pathway_id = r.pathway_id AND a.sequence < r.sequence AND (
              (a.type = 'AssessmentCompleted' AND a.envelope->'data'->'eligibility'->>'outcome' = 'eligible'
                 AND a.envelope->'data'->'complexity'->>'complex' = 'false' AND a.envelope->'data'->>'requestedModel' = r.model)
              OR (a.type = 'PanelDecisionRecorded' AND a.envelope->'data'->>'decision' = 'approved' AND a.envelope->'data'->>'model' = r.model)
              OR (a.type = 'StepDownPlanned' AND a.envelope->'data'->>'toModel' = r.model))
            ORDER BY a.sequence DESC LIMIT 1) END,
          r.team, r.urgency
        FROM jsonb_to_recordset(${tx.json(this.newStays as never)}) AS r(event_id text, pathway_id uuid, sequence integer,
          scheme_id text, unit_id text, model text, weekly_funding numeric, weekly_funding_known boolean,
          started_at timestamptz, ended_at timestamptz, approved_at timestamptz, approved_at_known boolean, team text, urgency text)`;
    }
  }

  /** The referral, the first acceptance and the closure are kept; a run that saw none of them leaves what is stored. */
  private async writeCases(tx: Sql): Promise<void> {
    if (this.cases.size === 0) return;
    await tx`
      INSERT INTO pathway_cases (pathway_id, referred_at, referral_urgency, accepted_at, closed_at, closed_outcome)
      SELECT * FROM jsonb_to_recordset(${tx.json([...this.cases.values()] as never)}) AS r(pathway_id uuid, referred_at timestamptz,
        referral_urgency text, accepted_at timestamptz, closed_at timestamptz, closed_outcome text)
      ON CONFLICT (pathway_id) DO UPDATE SET
        referred_at = coalesce(pathway_cases.referred_at, EXCLUDED.referred_at),
        referral_urgency = coalesce(pathway_cases.referral_urgency, EXCLUDED.referral_urgency),
        accepted_at = coalesce(pathway_cases.accepted_at, EXCLUDED.accepted_at),
        closed_outcome = CASE WHEN pathway_cases.closed_at IS NULL THEN EXCLUDED.closed_outcome ELSE pathway_cases.closed_outcome END,
        closed_at = coalesce(pathway_cases.closed_at, EXCLUDED.closed_at)`;
  }

  /** The holds this run ended, then the ones it began (as with stays). */
  private async writeHolders(tx: Sql): Promise<void> {
    if (this.endedHolders.length > 0) {
      await tx`
        UPDATE pathway_holders h SET held_until = e.held_until
        FROM jsonb_to_recordset(${tx.json(this.endedHolders)}) AS e(pathway_id uuid, holds text, held_until timestamptz)
        WHERE h.pathway_id = e.pathway_id AND h.holds = e.holds AND h.held_until IS NULL`;
    }
    if (this.newHolders.length > 0) {
      await tx`
        INSERT INTO pathway_holders (event_id, pathway_id, sequence, holds, holder, held_from, held_until)
        SELECT * FROM jsonb_to_recordset(${tx.json(this.newHolders as never)}) AS r(event_id text, pathway_id uuid, sequence integer,
          holds text, holder text, held_from timestamptz, held_until timestamptz)`;
    }
  }

  private async writeTimeline(tx: Sql): Promise<void> {
    await tx`
      INSERT INTO pathway_timeline (event_id, pathway_id, sequence, type, occurred_at, actor_user_id, actor_role, summary)
      SELECT * FROM jsonb_to_recordset(${tx.json(this.timeline as never)}) AS r(event_id text, pathway_id uuid, sequence integer,
        type text, occurred_at timestamptz, actor_user_id text, actor_role text, summary text)`;
  }
}

type StartedPathway = Extract<PathwayState, { status: 'started' }>;

interface DeadlineRow {
  deadline_id: string;
  pathway_id: string;
  rule_id: string;
  kind: string;
  policy_version: string;
  rule: string;
  source: string;
  due_at: string;
  status: string;
  set_at: string;
  closed_at: string | null;
}

interface PlacementStayRow {
  event_id: string;
  pathway_id: string;
  sequence: number;
  scheme_id: string;
  unit_id: string;
  model: string;
  weekly_funding: number | null;
  weekly_funding_known: boolean;
  approved_at: string | null;
  approved_at_known: boolean;
  team: string | null;
  urgency: string | null;
  started_at: string;
  ended_at: string | null;
}

interface StageChangeRow {
  event_id: string;
  pathway_id: string;
  sequence: number;
  stage: string;
  entered_at: string;
  left_at: string | null;
}

interface CaseRow {
  pathway_id: string;
  referred_at: string | null;
  referral_urgency: string | null;
  accepted_at: string | null;
  closed_at: string | null;
  closed_outcome: string | null;
}

interface HolderRow {
  event_id: string;
  pathway_id: string;
  sequence: number;
  holds: string;
  holder: string;
  held_from: string;
  held_until: string | null;
}

interface SafeguardingNotice {
  event_id: string;
  pathway_id: string;
  person_told: boolean | null;
  person_told_on: string | null;
  notice_recorded_at: string | null;
}

interface SafeguardingRow extends SafeguardingNotice {
  person_id: string;
  agency: string;
  consent: string;
  without_consent_reason: string | null;
  flagged_for_audit: boolean;
  made_by: string;
  made_by_role: string;
  made_at: string;
}

function pathwayRow(state: StartedPathway) {
  return {
    pathway_id: state.pathwayId,
    person_id: state.personId,
    stage: state.stage,
    urgency: state.urgency,
    referring_agency: state.referringAgency,
    opened_at: state.openedAt,
    updated_at: state.updatedAt,
    last_sequence: state.lastSequence,
    placement_model: state.placement?.model ?? null,
    breaches: state.breaches,
    state,
    team: state.team ?? null,
    referred_by: state.referredBy,
    assessor_id: state.assessorId,
    outcome: state.closure?.outcome ?? null,
  };
}

/**
 * Appends events to the event log, each chained to the one before it in its pathway (tamper evidence,
 * docs/audit.md): its link is an HMAC, under the audit key, of the link before it (the last stored one, or
 * the one before it in this run), its id and its envelope. Computed here, not in SQL, so that the key never
 * reaches the database.
 */
async function insertChainedEvents(tx: Sql, events: readonly EventToProject[], keyring: AuditKeyring): Promise<void> {
  const inRun = new Set(events.map(({ event }) => `${event.pathwayId}/${event.sequence}`));
  const firsts = events.filter(({ event }) => !inRun.has(`${event.pathwayId}/${event.sequence - 1}`)).map(({ event }) => event);
  const storedBefore = firsts.length
    ? await tx<{ pathway_id: string; sequence: number; chain_hash: string }[]>`
        SELECT e.pathway_id, e.sequence, e.chain_hash FROM event_log e
        JOIN unnest(${tx.array(firsts.map((event) => event.pathwayId))}::uuid[], ${tx.array(firsts.map((event) => event.sequence - 1))}::int[])
          AS wanted(pathway_id, sequence) ON e.pathway_id = wanted.pathway_id AND e.sequence = wanted.sequence`
    : [];
  const links = new Map(storedBefore.map((row) => [`${row.pathway_id}/${row.sequence}`, row.chain_hash]));
  const ordered = [...events].sort((a, b) => a.event.pathwayId.localeCompare(b.event.pathwayId) || a.event.sequence - b.event.sequence);
  const rows = ordered.map(({ event, position }) => {
    const { chainHash, chainKeyId } = chainLink(keyring, links.get(`${event.pathwayId}/${event.sequence - 1}`) ?? null, event.eventId, event);
    links.set(`${event.pathwayId}/${event.sequence}`, chainHash);
    return {
      event_id: event.eventId,
      pathway_id: event.pathwayId,
      person_id: event.personId,
      sequence: event.sequence,
      type: event.type,
      schema_version: event.schemaVersion,
      occurred_at: event.occurredAt,
      actor_user_id: event.actor.userId,
      actor_role: event.actor.role,
      policy_version: event.policyVersion,
      correlation_id: event.correlationId,
      causation_id: event.causationId,
      envelope: event,
      kafka_topic: position.topic,
      kafka_partition: position.partition,
      kafka_offset: position.offset,
      chain_hash: chainHash,
      chain_key_id: chainKeyId,
    };
  });
  await tx`
    INSERT INTO event_log (event_id, pathway_id, person_id, sequence, type, schema_version, occurred_at,
      actor_user_id, actor_role, policy_version, correlation_id, causation_id, envelope,
      kafka_topic, kafka_partition, kafka_offset, chain_hash, chain_key_id)
    SELECT * FROM jsonb_to_recordset(${tx.json(rows)}) AS r(event_id text, pathway_id uuid, person_id text,
      sequence integer, type text, schema_version integer, occurred_at timestamptz, actor_user_id text, actor_role text,
      policy_version text, correlation_id text, causation_id text, envelope jsonb, kafka_topic text,
      kafka_partition integer, kafka_offset bigint, chain_hash text, chain_key_id text)`;
}

/** Moves each partition's position past the furthest of the messages. */
async function savePositions(tx: Sql, positions: readonly KafkaPosition[]): Promise<void> {
  const furthest = new Map<string, KafkaPosition>();
  for (const position of positions) {
    const key = `${position.consumerGroup} ${position.topic} ${position.partition}`;
    const known = furthest.get(key);
    if (!known || BigInt(position.offset) > BigInt(known.offset)) furthest.set(key, position);
  }
  for (const position of furthest.values()) await savePosition(tx, position);
}

/** Moves a consumer group's position past a message; call inside the transaction that applied it. */
export async function savePosition(tx: Sql, position: KafkaPosition): Promise<void> {
  await tx`
    INSERT INTO projector_positions (consumer_group, topic, partition, next_offset)
    VALUES (${position.consumerGroup}, ${position.topic}, ${position.partition}, ${(BigInt(position.offset) + 1n).toString()})
    ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET
      next_offset = GREATEST(projector_positions.next_offset, EXCLUDED.next_offset), updated_at = now()`;
}

/** Records an event the projector gave up on, and moves past it, in one transaction. */
export async function recordDeadLetter(sql: Sql, position: KafkaPosition, eventId: string | null, reason: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO dead_letters (kafka_topic, kafka_partition, kafka_offset, event_id, reason)
      VALUES (${position.topic}, ${position.partition}, ${position.offset}, ${eventId}, ${reason})
      ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO NOTHING`;
    await savePosition(tx as unknown as Sql, position);
  });
}
