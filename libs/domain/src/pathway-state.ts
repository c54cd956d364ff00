import type { PathwayStage, ReferringAgency, Urgency } from '@sarp/events';

/** A pathway that has not received its referral yet. */
export interface EmptyPathway {
  status: 'empty';
  lastSequence: 0;
}

/** A person's pathway as the events so far have shaped it. */
export interface OpenPathway {
  status: 'open';
  pathwayId: string;
  personId: string;
  stage: PathwayStage;
  urgency: Urgency;
  referringAgency: ReferringAgency;
  referralId: string | null;
  /** When the referral was received (ISO 8601): the start of every pathway-level deadline. */
  openedAt: string;
  /** Workflow time of the last event applied. */
  updatedAt: string;
  /** Sequence number of the last event applied: the stream revision. */
  lastSequence: number;
}

export type PathwayState = EmptyPathway | OpenPathway;

export const EMPTY_PATHWAY: EmptyPathway = { status: 'empty', lastSequence: 0 };
