import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { SarpConfig } from '@sarp/config';
import type { Caller } from '@sarp/domain';
import type { Actor } from '@sarp/events';
import { PATHWAY_WORKFLOW_TYPE, pathwaySearchAttributeKeys, type StartPathwayInput } from '@sarp/workflows';
import { openPathwaysOfPerson, type Sql } from '@sarp/db';
import { withDatabase } from '../infrastructure/dependency-errors';
import { workflowCallProblem } from '../infrastructure/workflow-errors';
import { TemporalGateway } from '../infrastructure/temporal-gateway';
import { SARP_CONFIG, SQL } from '../infrastructure/tokens';
import { ConflictProblem } from '../problems/problem-details';
import { pathwayIdFor, requestDigest } from './pathway-ids';
import type { CreateReferralRequest } from './referral-request';

export interface ReferralStarted {
  pathwayId: string;
  /** false when this request repeated one already accepted. */
  created: boolean;
  /** The person's other open pathways, which this one is linked to. */
  linkedPathways: string[];
}

/**
 * Memo keys of a pathway workflow: the digest of the request that started it
 * (no personal data, just a hash) and that request's command id, which tells
 * this request whether it was the one that started the workflow.
 */
const REQUEST_DIGEST_MEMO = 'requestDigest';
const START_COMMAND_MEMO = 'startCommandId';

/** How long a request waits for Temporal before answering 503: long enough for a busy server, short enough for a person. */
const TEMPORAL_CALL_TIMEOUT_MS = 10_000;

@Injectable()
export class ReferralsService {
  constructor(
    @Inject(TemporalGateway) private readonly temporal: TemporalGateway,
    @Inject(SARP_CONFIG) private readonly config: SarpConfig,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  /**
   * Starts the person's pathway workflow, workflow id = pathway id.
   * `USE_EXISTING` makes a repeat return the running pathway instead of
   * failing; the request digest kept in the memo tells a repeat from a
   * different referral that reuses the same key.
   */
  async receiveReferral(
    body: CreateReferralRequest,
    /** The referring coordinator; their team holds the case unless the referral names another. */
    caller: Caller,
    idempotencyKey: string | undefined,
    correlationId: string,
  ): Promise<ReferralStarted> {
    const actor: Actor = { userId: caller.userId, role: caller.role };
    const holdingTeam = caller.team;
    const pathwayId = pathwayIdFor({ ...body, idempotencyKey, userId: actor.userId }, randomUUID);
    // With a key or the referrer's own reference the pathway id is derived from it, so the same referral
    // sent again finds its pathway instead of opening a second one.
    const pathwayIdIsStable = idempotencyKey !== undefined || Boolean(body.referralId);
    const digest = requestDigest(body);
    const commandId = randomUUID();
    const input: StartPathwayInput = {
      command: {
        type: 'ReceiveReferral',
        pathwayId,
        personId: body.personRef,
        referral: {
          referralId: body.referralId ?? null,
          referringAgency: body.referringAgency,
          presentingNeeds: body.presentingNeeds,
          urgency: body.urgency,
          team: body.team ?? holdingTeam,
        },
      },
      actor,
      correlationId,
      commandId,
    };

    try {
      // The person's other open pathways are read while the workflow starts (the new one is not among them yet);
      // the start's failure, if any, is the one reported: it says whether anything was changed.
      const [started, otherPathways] = await Promise.allSettled([
        this.temporal.call(TEMPORAL_CALL_TIMEOUT_MS, (client) => this.startOrFindPathway(client, pathwayId, input, digest, body)),
        withDatabase(() => openPathwaysOfPerson(this.sql, body.personRef, caller)),
      ]);
      if (started.status === 'rejected') throw started.reason;
      if (otherPathways.status === 'rejected') throw otherPathways.reason;
      const [created, others] = [started.value, otherPathways.value];
      // A later referral of the same person is a new pathway linked to the earlier ones (DOMAIN "The pathway");
      // the answer names only those the referrer works on (need-to-know).
      return { pathwayId, created, linkedPathways: others.filter((other) => other !== pathwayId) };
    } catch (error) {
      if (error instanceof ConflictProblem) throw error;
      throw workflowCallProblem(error, { kind: 'change', keyed: pathwayIdIsStable }, () => this.keyReused(body, 'its pathway is already closed'));
    }
  }

  /**
   * Starts the pathway and answers true; or, when a pathway of this id is running already (the same referral sent
   * again), answers false, refusing a different referral under the same key. A new referral costs one call to
   * Temporal: the running pathway's memo is read only when the start finds one.
   */
  private async startOrFindPathway(
    client: Client,
    pathwayId: string,
    input: StartPathwayInput,
    digest: string,
    body: CreateReferralRequest,
  ): Promise<boolean> {
    try {
      await client.workflow.start(PATHWAY_WORKFLOW_TYPE, {
        workflowId: pathwayId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        // A closed pathway is never reopened under the same id: a later referral is a new pathway.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { [REQUEST_DIGEST_MEMO]: digest, [START_COMMAND_MEMO]: input.commandId },
        typedSearchAttributes: [
          { key: pathwaySearchAttributeKeys.stage, value: 'referral' },
          { key: pathwaySearchAttributeKeys.urgency, value: body.urgency },
          // All three as the referral leaves them, so the workflow has none to write for it (it writes changes only).
          { key: pathwaySearchAttributeKeys.hasBreach, value: false },
        ],
      });
      return true;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const existing = await client.workflow.getHandle(pathwayId).describe();
      if (existing.status.name !== 'RUNNING') throw this.keyReused(body, 'its pathway is already closed');
      if (existing.memo?.[REQUEST_DIGEST_MEMO] !== digest) throw this.keyReused(body);
      return false;
    }
  }

  private keyReused(body: CreateReferralRequest, why = 'it was used for a different referral'): ConflictProblem {
    return new ConflictProblem(
      body.referralId
        ? `referral ${body.referralId} from ${body.referringAgency} cannot be accepted again: ${why}`
        : `this Idempotency-Key cannot be used again: ${why}; use a new key for a new referral`,
    );
  }
}
