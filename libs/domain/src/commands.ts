import type { Actor, ReferralDetails } from '@sarp/events';

/** A referral arrives and opens a pathway for the person. */
export interface ReceiveReferral {
  type: 'ReceiveReferral';
  pathwayId: string;
  personId: string;
  referral: ReferralDetails;
}

export type PathwayCommand = ReceiveReferral;

/** What a decision needs besides the command and the state: passed in, never looked up. */
export interface DecisionContext {
  /** Workflow time. */
  now: Date;
  actor: Actor;
}
