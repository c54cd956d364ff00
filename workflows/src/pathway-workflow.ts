import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { PathwayActivities } from '@sarp/activities';
import {
  caseTiesOf,
  CURRENT_POLICY_VERSION,
  decide,
  DomainError,
  EMPTY_PATHWAY,
  evolve,
  FIRST_POLICY_VERSION,
  followsPolicy,
  mayWorkOnCase,
  nextDeadline,
  stampEvents,
  waitingListEntryOf,
  type PathwayCommand,
  type PanelSchedule,
  type PathwayState,
} from '@sarp/domain';
import type { Actor, PathwayEventEnvelope, UnitRef } from '@sarp/events';
import {
  NOT_YOUR_CASE,
  pathwayCommandUpdate,
  pathwayStateQuery,
  REMEMBERED_COMMANDS,
  type AnsweredCommand,
  type PathwayCommandRequest,
  type PathwayCommandResult,
  type StartPathwayInput,
} from './pathway-api';
import { oneAtATime } from './one-at-a-time';
import { pathwaySearchAttributeKeys } from './search-attributes';

/**
 * The outbox's publish: a Kafka send that takes milliseconds when the broker is up. A short timeout means an
 * attempt lost with its worker (killed, restarted) is tried again within seconds rather than after half a
 * minute, while the rest of the outbox (published in order) waits behind it; a broker that is down is retried
 * with the same backoff as the others.
 */
const { publishPathwayEvents } = proxyActivities<PathwayActivities>({
  startToCloseTimeout: '8 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const {
  reserveUnit,
  allocateUnit,
  checkWaitingListOrder,
  recordWaitingListEntry,
  releaseUnit,
  getPanelSchedule,
  tenancyTypeOfUnit,
} = proxyActivities<PathwayActivities>({
  // Kafka or PostgreSQL may be down for a while: keep retrying with backoff rather than
  // lose an event; permanent failures are thrown as non-retryable by the activities.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The panel's sitting schedule read as a local activity (since 'generation-2026-12'): it is a setting the worker
 * holds in memory, so the read runs inside the workflow task that asks for it (a marker in the history) instead
 * of a round trip through the server's activity queue and one more workflow task for every new pathway.
 */
const { getPanelSchedule: getPanelScheduleLocally } = proxyLocalActivities<PathwayActivities>({
  startToCloseTimeout: '10 seconds',
});

/** Why the write side may refuse to hold a unit for an offer (activities/src/unit-allocations.ts). */
const ALLOCATION_REFUSALS: readonly string[] = ['UnitUnavailable', 'UnitNotOfferable', 'PersonHoldsPlace'];

/** The workflow's own actor: deadlines breach without anyone asking. */
const SYSTEM: Actor = { userId: 'sarp-workflow', role: 'system' };

/**
 * One person's pathway through the SARP, from referral to move-on.
 * Workflow id = pathway id, so a repeated start of the same referral is harmless.
 *
 * Commands arrive as the `pathwayCommand` Update; every deadline is a durable
 * timer (the loop below sleeps until the earliest one); a long stay continues
 * as new when Temporal suggests it, carrying the state and event sequence.
 */
export async function pathwayWorkflow(input: StartPathwayInput): Promise<PathwayState> {
  let state: PathwayState = input.resumeState ?? EMPTY_PATHWAY;
  /** The panel's sitting schedule, once read (see 'panel-sittings' below). Declared before the handlers that read it. */
  let panelSchedule: PanelSchedule | undefined;
  /** The policy version the referral opens the pathway under (see 'deadline-policy-2' below). */
  let newPathwayPolicyVersion: string | undefined;
  const pathwayId = workflowInfo().workflowId;
  if (input.command.pathwayId !== pathwayId) {
    throw ApplicationFailure.nonRetryable('the workflow id must be the pathway id', 'InvalidStart');
  }

  // Pathways started since 'generation-2026-12' follow every change below that sits behind a patch, recorded by
  // this one marker: each patch marker costs the server a history event and a search-attribute write (Temporal
  // keeps `TemporalChangeVersion` current), so a new pathway pays once instead of once per change. It also brings
  // two changes of its own: the panel schedule is read by a local activity, and a search attribute is written
  // only when its value changes. Runs begun before it check each patch as their histories say. A later change
  // gets a patch of its own, checked after this one.
  const generation = patched('generation-2026-12');
  /** Whether this run follows the change behind `patchId`. */
  const follows = (patchId: string): boolean => generation || patched(patchId);

  // Since 'publish-after-answer' (issue 13): a command is answered once it is decided and folded; its events
  // wait in this outbox, in order, until Kafka takes them, so a stalled broker never holds up an answer. The
  // outbox is carried over when the run continues as new and emptied before the workflow ends. Runs that
  // began before publish inside each command, as their histories say.
  const publishesAfterAnswer = follows('publish-after-answer');
  const outbox: PathwayEventEnvelope[] = [...(input.unpublished ?? [])];
  let publisher: Promise<void> | undefined;
  let publishFailure: Error | undefined;
  /** Throws the outbox's permanent failure, if it has one (read through a function: handlers assign it while the loop waits). */
  const throwIfPublishingFailed = (): void => {
    if (publishFailure) throw publishFailure;
  };
  /** Set when this run is about to continue as new: the batch in flight finishes, the rest goes to the next run. */
  let handingOver = false;
  if (outbox.length > 0) drainOutbox();

  /** One command at a time: decide, stamp, fold and publish are never interleaved, so events leave in order. */
  const exclusively = oneAtATime();

  async function handle(
    command: PathwayCommand,
    actor: Actor,
    correlationId: string,
    causationId: string,
  ): Promise<PathwayEventEnvelope[]> {
    const now = new Date(Date.now()); // workflow time: deterministic on replay
    let decided = decide(command, state, { now, actor, panelSchedule, newPathwayPolicyVersion });
    if (command.type === 'OfferUnit') {
      // The unit is reserved before it is offered: a unit never goes to two people at once.
      // Since 'waiting-lists': the offer is checked against the model's waiting list first (an offer
      // out of list order needs a reason), and the unit is reserved against the managed catalogue,
      // one person holding one place. Runs that offered before keep the plain reservation.
      if (follows('waiting-lists')) {
        const candidate = waitingListEntryOf(state);
        if (candidate) decided = decide(command, state, { now, actor, panelSchedule, offerOrder: await checkWaitingListOrder(candidate) });
        await refusedAsUpdate(() =>
          allocateUnit({ unit: command.unit, model: command.model, pathwayId, personId: input.command.personId, offerId: command.offerId }),
        );
      } else {
        await refusedAsUpdate(() => reserveUnit({ unit: command.unit, pathwayId, offerId: command.offerId }));
      }
    }
    if (command.type === 'RequestLeaving' && state.status === 'started' && state.placement && followsPolicy(state, '3')) {
      // Since policy 3 the request records the tenancy type of the person's unit, and for a sheltered or
      // specialist tenancy needs its effect explained. Older pathways never make this call, so replay unchanged.
      const tenancyType = await tenancyTypeOfUnit(state.placement.unit);
      decided = decide(command, state, { now, actor, panelSchedule, tenancyType });
    }
    const before = state;
    const envelopes = applyEvents(decided, { now, actor, correlationId, causationId });
    await publishAndRelease(before, envelopes);
    // Since 'waiting-lists': the pathway's place on its waiting list is recorded before the command answers,
    // so an offer made the next moment is checked against a list that has this person on it.
    if (follows('waiting-lists')) await keepWaitingListEntry(before);
    return envelopes;
  }

  /** Records the place-in-waiting (or its end) when this command changed it, or who may see it. */
  async function keepWaitingListEntry(before: PathwayState): Promise<void> {
    const was = waitingListEntryOf(before) ?? null;
    const now = waitingListEntryOf(state) ?? null;
    const ties = caseTiesOf(state);
    if (!ties || (was === null && now === null)) return;
    if (JSON.stringify([was, caseTiesOf(before)]) === JSON.stringify([now, ties])) return;
    await recordWaitingListEntry({ pathwayId, sequence: state.lastSequence, entry: now, ties });
  }

  /** Surfaces an allocation's permanent refusal ("someone else holds it") as the update's own refusal, not as an activity failure. */
  async function refusedAsUpdate(allocation: () => Promise<void>): Promise<void> {
    try {
      await allocation();
    } catch (error) {
      if (
        error instanceof ActivityFailure &&
        error.cause instanceof ApplicationFailure &&
        ALLOCATION_REFUSALS.includes(error.cause.type ?? '')
      ) {
        throw ApplicationFailure.nonRetryable(error.cause.message, error.cause.type);
      }
      throw error;
    }
  }

  /** Stamps decided events and folds them into the state, at once (no await): queries and validators see them. */
  function applyEvents(
    decided: ReturnType<typeof decide>,
    meta: { now: Date; actor: Actor; correlationId: string; causationId: string },
  ): PathwayEventEnvelope[] {
    const envelopes = stampEvents(state, decided, { pathwayId, personId: input.command.personId, ...meta });
    for (const event of envelopes) state = evolve(state, event);
    keepSearchAttributesCurrent(state, generation);
    return envelopes;
  }

  async function publishAndRelease(before: PathwayState, envelopes: PathwayEventEnvelope[]): Promise<void> {
    if (publishesAfterAnswer) {
      outbox.push(...envelopes);
      drainOutbox();
    } else {
      await publishPathwayEvents(envelopes);
    }
    for (const unit of unitsFreedBy(before, envelopes)) await releaseUnit({ unit, pathwayId });
  }

  /** Publishes the outbox in order, one batch at a time, until it is empty; a batch leaves it only once Kafka has it. */
  function drainOutbox(): void {
    if (publisher || handingOver) return;
    publisher = (async () => {
      while (outbox.length > 0 && !handingOver) {
        const batch = outbox.slice(0, 100);
        await publishPathwayEvents(batch);
        outbox.splice(0, batch.length);
      }
    })().then(
      () => {
        publisher = undefined;
      },
      (error: unknown) => {
        // Only a permanent failure gets here (the activity retries the rest): fail loudly in the main loop.
        publishFailure = error instanceof Error ? error : new Error(String(error));
        publisher = undefined;
      },
    );
  }

  /**
   * Keyed commands answered lately (Idempotency-Key): a repeat gets the first answer's events and
   * decides nothing; carried over when the run continues as new. Only requests that carry a key use
   * it, so histories written before keys replay unchanged.
   */
  const answered = new Map<string, AnsweredCommand>((input.recentCommands ?? []).map((command) => [command.key, command]));
  function repeatOf(request: PathwayCommandRequest): AnsweredCommand | undefined {
    const seen = request.idempotency && answered.get(request.idempotency.key);
    if (seen && seen.digest !== request.idempotency?.digest) {
      throw ApplicationFailure.nonRetryable(
        'this Idempotency-Key was used for a different command: send a new key for a new command',
        'IdempotencyKeyReused',
      );
    }
    return seen;
  }
  function remember(request: PathwayCommandRequest, events: PathwayEventEnvelope[]): void {
    if (!request.idempotency) return;
    answered.set(request.idempotency.key, { ...request.idempotency, events });
    for (const key of answered.keys()) {
      if (answered.size <= REMEMBERED_COMMANDS) break;
      answered.delete(key);
    }
  }

  /** Need-to-know for a caller's own command (validators are not replayed, so this changes no history). */
  function refuseUnlessWorksOnCase(request: PathwayCommandRequest): void {
    if (!request.needToKnow || request.actor.role === 'system') return;
    const ties = caseTiesOf(state);
    if (ties && !mayWorkOnCase({ userId: request.actor.userId, role: request.actor.role, team: request.needToKnow.team }, ties)) {
      throw ApplicationFailure.nonRetryable('this is not a case you work on (need to know)', NOT_YOUR_CASE);
    }
  }

  function registerHandlers(): void {
    setHandler(pathwayStateQuery, () => state);
    setHandler(
      pathwayCommandUpdate,
      (request): Promise<PathwayCommandResult> =>
        exclusively(async () => {
          const repeat = repeatOf(request);
          if (repeat) return { state, events: repeat.events, repeated: true };
          try {
            const events = await handle(request.command, request.actor, request.correlationId, request.commandId);
            remember(request, events);
            return { state, events };
          } catch (error) {
            // The state may have moved since the validator ran; a refusal now fails this update only.
            if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.name);
            throw error;
          }
        }),
      {
        validator: (request: PathwayCommandRequest) => {
          // Throwing here refuses the update before anything is written to history. A repeat of a keyed
          // command is not decided again: the handler answers it with the first answer.
          refuseUnlessWorksOnCase(request);
          if (repeatOf(request)) return;
          decide(request.command, state, { now: new Date(Date.now()), actor: request.actor, panelSchedule });
        },
      },
    );
  }

  // Pathways started since the panel-sittings change read the sitting schedule (and follow its rules);
  // running pathways that began before it keep the 2-week panel deadline (no marker in their history).
  const followsSittings = follows('panel-sittings');
  // Commands that arrive with the start, or while a run continues as new, are handed to the workflow as soon
  // as its handler is registered. Since 'referral-before-commands', the referral is folded into the state and
  // its publishing and the schedule read are queued before that: such a command is validated against the
  // referred pathway (not refused as "not received its referral yet") and decided once the schedule is known.
  // Runs that began before keep the old order (handler first), so their histories replay unchanged.
  const referralFirst = follows('referral-before-commands');
  if (!referralFirst) registerHandlers();

  // A new pathway opens under the policy version of the newest marker: since 'deadline-policy-3' version 3
  // (review clocks from the latest plan version), since 'deadline-policy-2' version 2 (the crisis clock from
  // the referral's receipt), before them version 1. Running pathways keep theirs; their histories replay unchanged.
  if (state.status === 'empty') newPathwayPolicyVersion = newPathwayPolicy(generation);

  let started: Promise<unknown> | undefined;
  if (state.status === 'empty') {
    started = referralFirst
      ? foldReferralNow()
      : exclusively(() => handle(input.command, input.actor, input.correlationId, input.commandId));
  }
  // Since 'generation-2026-12' the read is a local activity (see getPanelScheduleLocally); runs that began
  // before read it through the activity queue, as their histories say.
  const scheduleRead = followsSittings
    ? exclusively(async () => {
        panelSchedule = generation ? await getPanelScheduleLocally() : await getPanelSchedule();
      })
    : undefined;
  if (referralFirst) registerHandlers();
  try {
    await started;
  } catch (error) {
    // A refused start is permanent: fail the workflow instead of retrying its task forever.
    if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.name);
    throw error;
  }
  await scheduleRead;

  /** Decides and folds the referral at once; its publishing is queued first. */
  function foldReferralNow(): Promise<unknown> {
    const now = new Date(Date.now());
    try {
      const decided = decide(input.command, state, { now, actor: input.actor, panelSchedule, newPathwayPolicyVersion });
      const envelopes = applyEvents(decided, { now, actor: input.actor, correlationId: input.correlationId, causationId: input.commandId });
      return exclusively(() => publishAndRelease(EMPTY_PATHWAY, envelopes));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  while (!isClosed(state)) {
    const lastSeen = state.lastSequence;
    const due = state.status === 'started' ? nextDeadline(state) : undefined;
    const changed = await condition(
      () => state.lastSequence !== lastSeen || shouldContinueAsNew(input) || publishFailure !== undefined,
      // At least 1 ms: a timeout of 0 would mean "no timeout".
      due ? Math.max(1, Date.parse(due.dueAt) - Date.now()) : undefined,
    );
    if (!changed && due) {
      try {
        await exclusively(() => handle({ type: 'MarkDeadlineBreached', deadlineId: due.deadlineId }, SYSTEM, pathwayId, due.deadlineId));
      } catch (error) {
        // A command queued just before the timer fired may have met or cancelled the deadline: nothing to breach.
        if (!(error instanceof DomainError)) throw error;
      }
    }
    throwIfPublishingFailed();
    if (shouldContinueAsNew(input) && !isClosed(state)) {
      // The new run starts with nothing in flight: every handler has finished and the batch Kafka is taking has
      // been taken; what is still in the outbox goes to the new run, in order. (A stalled broker only postpones
      // this; commands are still answered meanwhile.)
      handingOver = true;
      await condition(() => allHandlersFinished() && (publisher === undefined || publishFailure !== undefined));
      throwIfPublishingFailed();
      if (state.status === 'started') {
        await continueAsNew<typeof pathwayWorkflow>({
          ...input,
          resumeState: state,
          recentCommands: [...answered.values()],
          ...(outbox.length > 0 ? { unpublished: [...outbox] } : {}),
        });
      }
    }
  }
  await condition(allHandlersFinished);
  // Every event reaches Kafka before the workflow ends.
  await condition(() => (outbox.length === 0 && publisher === undefined) || publishFailure !== undefined);
  throwIfPublishingFailed();
  return state;
}

/** The policy version for a new pathway; the checks run newest first, so a new run records only the newest marker. */
function newPathwayPolicy(generation: boolean): string {
  if (generation || patched('deadline-policy-3')) return CURRENT_POLICY_VERSION;
  if (patched('deadline-policy-2')) return '2';
  return FIRST_POLICY_VERSION;
}

/** A long pathway (a 3-year stay with reviews) must not grow its history without bound. */
function shouldContinueAsNew(input: StartPathwayInput): boolean {
  const info = workflowInfo();
  return (
    info.continueAsNewSuggested || (input.continueAsNewAfterEvents !== undefined && info.historyLength >= input.continueAsNewAfterEvents)
  );
}

function isClosed(state: PathwayState): boolean {
  return state.status === 'started' && state.stage === 'closed';
}

/** Units given back by these events: a declined offer, the unit left behind at a step-down, everything at closing. */
function unitsFreedBy(before: PathwayState, events: PathwayEventEnvelope[]): UnitRef[] {
  if (before.status !== 'started') return [];
  const freed: UnitRef[] = [];
  for (const event of events) {
    if (event.type === 'OfferDeclined' && before.offer) freed.push(before.offer.unit);
    if (event.type === 'PlacementStarted' && before.placement) freed.push(before.placement.unit);
    if (event.type === 'PathwayClosed') {
      if (before.placement) freed.push(before.placement.unit);
      if (before.offer && before.offer.offerId !== before.placement?.offerId) freed.push(before.offer.unit);
    }
  }
  return freed;
}

/** Keeps the pathway's search attributes current; since 'generation-2026-12' only those whose value changed are written. */
function keepSearchAttributesCurrent(state: PathwayState, onlyChanged: boolean): void {
  if (state.status !== 'started') return;
  const current = [
    { key: pathwaySearchAttributeKeys.stage, value: state.stage },
    { key: pathwaySearchAttributeKeys.urgency, value: state.urgency },
    { key: pathwaySearchAttributeKeys.hasBreach, value: state.breaches > 0 },
    ...(state.placement ? [{ key: pathwaySearchAttributeKeys.placementModel, value: state.placement.model }] : []),
  ];
  const known = workflowInfo().typedSearchAttributes;
  const changed = onlyChanged ? current.filter(({ key, value }) => known.get(key) !== value) : current;
  if (changed.length > 0) upsertSearchAttributes(changed);
}
