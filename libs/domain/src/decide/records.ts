import type { PathwayDomainEvent } from '@sarp/events';
import { SHARING_WITHOUT_CONSENT_REASONS } from '@sarp/events/plain';
import type { CommandOf, DecisionContext } from '../commands';
import { InvalidTransitionError, RuleViolationError } from '../errors';
import { FIRST_POLICY_VERSION, type StartedPathway } from '../pathway-state';

/** Seed 003: why information may be shared without the person's consent (the safeguarding referral's list). */
const SHARING_REASONS: readonly string[] = SHARING_WITHOUT_CONSENT_REASONS;

export function recordConsent(command: CommandOf<'RecordConsent'>, state: StartedPathway): PathwayDomainEvent[] {
  const { consent } = command;
  if (!consent.granted && consent.agencies.length > 0 && !consent.overrideReason) {
    // Seed 003: sharing without consent only where someone is in danger or a crime was committed, with the reason recorded.
    throw new RuleViolationError('sharing without consent needs the reason (someone in danger, or a crime committed)');
  }
  if (consent.granted && consent.overrideReason) throw new RuleViolationError('an override reason is only for sharing without consent');
  // Since policy 2 the reason must be one from the same fixed list as a safeguarding referral's (issue 12);
  // pathways under policy 1 keep the free-text reason they began with.
  if (consent.overrideReason && state.policyVersion !== FIRST_POLICY_VERSION && !SHARING_REASONS.includes(consent.overrideReason)) {
    throw new RuleViolationError(`sharing without consent is only for one of these reasons: ${SHARING_REASONS.join(', ')}`);
  }
  return [{ type: 'ConsentRecorded', data: consent }];
}

/**
 * Seed 003: a safeguarding referral asks the person's consent first; without
 * it (refused, or not asked because it could not wait), it goes ahead only for
 * a reason from the allowed list, and is flagged for auditors.
 */
export function makeSafeguardingReferral(command: CommandOf<'MakeSafeguardingReferral'>): PathwayDomainEvent[] {
  const withConsent = command.consent === 'given';
  if (!withConsent && !command.withoutConsentReason) {
    throw new RuleViolationError(
      'a safeguarding referral without consent needs its reason: danger to the person, a risk to an adult or a child, or a crime',
    );
  }
  if (withConsent && command.withoutConsentReason) {
    throw new RuleViolationError('a reason for going ahead without consent is only for a referral made without it');
  }
  return [
    {
      type: 'SafeguardingReferralMade',
      data: {
        agency: command.agency,
        concern: command.concern,
        consent: command.consent,
        withoutConsentReason: command.withoutConsentReason,
        flaggedForAudit: !withConsent,
      },
    },
  ];
}

/** Seed 003: the person is advised of a safeguarding referral made about them, or why not is recorded. */
export function recordSafeguardingNotice(
  command: CommandOf<'RecordSafeguardingNotice'>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  const owed = state.safeguardingNoticesOwed ?? [];
  const referralEventId = command.referralEventId ?? owed[0];
  if (!referralEventId)
    throw new InvalidTransitionError('there is no safeguarding referral whose notice to the person is still to be recorded');
  if (!owed.includes(referralEventId)) {
    throw new InvalidTransitionError(`${referralEventId} is not a safeguarding referral of this pathway still waiting for its notice`);
  }
  if (command.told) {
    if (!command.toldOn || command.reasonNotTold)
      throw new RuleViolationError('a person who was told needs the day they were told (toldOn), and no reason');
    if (Date.parse(`${command.toldOn}T00:00:00Z`) > context.now.getTime())
      throw new RuleViolationError('the day they were told is in the future');
  } else if (!command.reasonNotTold || command.toldOn) {
    throw new RuleViolationError('a person who was not told needs the reason why not (reasonNotTold), and no day');
  }
  return [
    {
      type: 'PersonToldOfSafeguardingReferral',
      data: { referralEventId, told: command.told, toldOn: command.toldOn, reasonNotTold: command.reasonNotTold },
    },
  ];
}

/** Tenancy sustainment (seed 003): the worker who helped is the one recording it when not named. */
export function recordFundsAccessed(command: CommandOf<'RecordFundsAccessed'>, context: DecisionContext): PathwayDomainEvent[] {
  return [{ type: 'FundsAccessed', data: { ...command.funds, workerId: command.funds.workerId ?? context.actor.userId } }];
}

export function recordFoodVoucher(command: CommandOf<'RecordFoodVoucher'>, context: DecisionContext): PathwayDomainEvent[] {
  return [{ type: 'FoodVoucherIssued', data: { ...command.voucher, workerId: command.voucher.workerId ?? context.actor.userId } }];
}

/**
 * Seed 003: the person is given a copy of each version of their support plan
 * (the assessment's and every review's). Records that one was given (the day
 * and how), or why not; a version not given stays owed.
 */
export function recordPlanCopy(
  command: CommandOf<'RecordPlanCopy'>,
  state: StartedPathway,
  context: DecisionContext,
): PathwayDomainEvent[] {
  if (state.planVersion < 1) throw new InvalidTransitionError('there is no support plan yet: the assessment agrees its first version');
  const planVersion = command.planVersion ?? state.planVersion;
  if (planVersion > state.planVersion)
    throw new RuleViolationError(`the latest support plan version is ${state.planVersion}, not ${planVersion}`);
  if (command.given) {
    if (!command.givenOn || !command.how || command.reasonNotGiven) {
      throw new RuleViolationError('a copy that was given needs the day (givenOn) and how (how), and no reason');
    }
    if (Date.parse(`${command.givenOn}T00:00:00Z`) > context.now.getTime())
      throw new RuleViolationError('the day the copy was given is in the future');
  } else if (!command.reasonNotGiven || command.givenOn || command.how) {
    throw new RuleViolationError('a copy that was not given needs the reason why not (reasonNotGiven), and no day or way');
  }
  return [
    {
      type: 'SupportPlanCopyRecorded',
      data: { planVersion, given: command.given, givenOn: command.givenOn, how: command.how, reasonNotGiven: command.reasonNotGiven },
    },
  ];
}
