import { ApplicationFailure } from '@temporalio/activity';
import { EventSchemaError, parsePathwayEvent, type PathwayEventEnvelope } from '@sarp/events';
import { CoalescingSender, toKafkaMessage } from '@sarp/kafka';
import type { Sql } from '@sarp/db';
import type { PanelSchedule } from '@sarp/domain';
import type { SubjectAccessEventEnvelope, TenancyType, UnitRef } from '@sarp/events';
import type { Producer } from 'kafkajs';
import { offerOrderFor, recordSubjectAccessEvents, recordWaitingListEntry, tenancyTypeOfScheme } from '@sarp/db';
import type { CaseTies, OfferOrderCheck, WaitingListEntry } from '@sarp/domain';
import { allocateUnitIn, releaseUnitIn, reserveUnitIn, type UnitAllocationRequest } from './unit-allocations';

export interface ActivityDependencies {
  /** An idempotent producer (see `createEventProducer`), renewed after a failed send (`RenewingProducer`). */
  producer: Pick<Producer, 'send'>;
  pathwayEventsTopic: string;
  /** PostgreSQL, for the write side's unit allocations. */
  sql: Sql;
  /** When the QA panel sits: a deployment setting the workflow reads through an activity. */
  panelSchedule: PanelSchedule;
}

export function createActivities({ producer, pathwayEventsTopic, sql, panelSchedule }: ActivityDependencies) {
  // Pathways publishing at once share produce requests (see CoalescingSender).
  const pathwayEvents = new CoalescingSender(producer, pathwayEventsTopic);
  return {
    /** The panel's sitting schedule as configured now; recorded in the workflow's history when read. */
    getPanelSchedule(): Promise<PanelSchedule> {
      return Promise.resolve(panelSchedule);
    },

    /** Holds a unit for an offer; refused (UnitUnavailable, not retried) when someone else holds it. */
    async reserveUnit(request: { unit: UnitRef; pathwayId: string; offerId: string }): Promise<void> {
      await reserveUnitIn(sql, request);
    },

    /**
     * Holds a unit for an offer against the managed catalogue, with "one person, one place"
     * (pathways since waiting lists). Refusals: UnitNotOfferable, UnitUnavailable, PersonHoldsPlace.
     */
    async allocateUnit(request: UnitAllocationRequest): Promise<void> {
      await allocateUnitIn(sql, request);
    },

    /** Where an offer to this person stands on their model's waiting list now (read model). */
    async checkWaitingListOrder(candidate: WaitingListEntry): Promise<OfferOrderCheck> {
      return offerOrderFor(sql, candidate);
    },

    /**
     * Records the pathway's place on its waiting list (or that it has none) as the workflow now
     * decides it, so the next offer's check sees it. Idempotent: a retried or older write changes nothing.
     */
    async recordWaitingListEntry(record: {
      pathwayId: string;
      sequence: number;
      entry: WaitingListEntry | null;
      ties: CaseTies;
    }): Promise<void> {
      await recordWaitingListEntry(sql, record);
    },

    /** The tenancy type of the unit's scheme (seed 003: leaving a sheltered or specialist tenancy affects it). */
    async tenancyTypeOfUnit(unit: UnitRef): Promise<TenancyType | null> {
      return tenancyTypeOfScheme(sql, unit.schemeId);
    },

    /** Stores a subject access request's events and the request as they fold (idempotent: a retry skips what is stored). */
    async recordSubjectAccessEvents(events: SubjectAccessEventEnvelope[]): Promise<void> {
      await recordSubjectAccessEvents(sql, events);
    },

    /** Gives a unit back when an offer is declined, a person steps down, or the pathway closes. */
    async releaseUnit(request: { unit: UnitRef; pathwayId: string }): Promise<void> {
      await releaseUnitIn(sql, request);
    },

    /**
     * Publishes a pathway's events, in order, to the pathway-events topic.
     *
     * Idempotency key: each event's deterministic id. A retried activity may
     * publish an event again; the projector's unique event id makes that
     * harmless. A schema violation is permanent, so it is not retried.
     */
    async publishPathwayEvents(events: PathwayEventEnvelope[]): Promise<void> {
      let validated: PathwayEventEnvelope[];
      try {
        validated = events.map((event) => parsePathwayEvent(event));
      } catch (error) {
        if (error instanceof EventSchemaError) {
          throw ApplicationFailure.nonRetryable(error.message, 'EventSchemaError');
        }
        throw error;
      }
      await pathwayEvents.send(validated.map(toKafkaMessage));
    },
  };
}

export type PathwayActivities = ReturnType<typeof createActivities>;
