/**
 * The forms of the pathway page, one per command route (POST /pathways/{id}/{action}), as data: each field's
 * name is its path in the request body ("risk.level" → { risk: { level } }), so the API's field errors land
 * on the field they name. Which forms show is the API's answer (`actions`: stage and role), never the page's.
 */
type Choices = readonly (readonly [value: string, label: string])[];

export type FieldSpec = {
  name: string;
  label: string;
  hint?: string;
  /** Left empty: omitted from the body, or sent as null where the API needs the field present. */
  optional?: 'omit' | 'null';
  initial?: string;
} & (
  | { kind: 'text' | 'textarea' | 'date' }
  /** A whole number or a decimal, sent as a number. */
  | { kind: 'number' }
  /** Typed in pounds, sent in pence. */
  | { kind: 'pounds-as-pence' }
  /** One entry per line, sent as a list. */
  | { kind: 'lines' }
  | { kind: 'select' | 'radios'; choices: Choices }
  | { kind: 'checkboxes'; choices: Choices }
  /** Yes or no, sent as true or false. */
  | { kind: 'yes-no' }
  /** Filled by the page from the pathway (its approved model, its offer): shown, not typed. */
  | { kind: 'from-pathway'; source: 'approvedModel' | 'offerId' }
  /** A unit chosen from the vacancies of the approved model, sent as { schemeId, unitId }. */
  | { kind: 'free-unit' }
);

export interface ActionForm {
  action: string;
  title: string;
  /** What it does, in the words of the rule it serves. */
  description: string;
  button: string;
  /** The stage's own work, or the records kept at any stage. */
  group: 'stage' | 'records';
  fields: FieldSpec[];
}

const MODELS: Choices = [
  ['intensive', 'Intensive'],
  ['transitional', 'Transitional'],
  ['independent', 'Independent'],
];
const URGENCIES: Choices = [
  ['standard', 'Standard'],
  ['crisis', 'Crisis (support within 24 hours)'],
];
const SHARING_REASONS: Choices = [
  ['danger_to_person', 'The person is in danger'],
  ['risk_to_adult', 'Risk to another adult'],
  ['risk_to_child', 'Risk to a child'],
  ['crime', 'A crime was committed'],
];
const AGENCIES: Choices = [
  ['social_work', 'Social work'],
  ['nhs', 'NHS'],
  ['police', 'Police'],
  ['housing', 'Housing'],
  ['self', 'Self'],
  ['other', 'Other'],
];
const TEAMS: Choices = [
  ['localities', 'Localities'],
  ['contact_and_prevention', 'Contact and prevention'],
  ['learning_disability', 'Learning disability'],
  ['adult_mental_health', 'Adult mental health'],
];
const DESTINATIONS: Choices = [
  ['independent_tenancy_with_floating_support', 'Independent tenancy with floating support'],
  ['living_support_network', 'Living with their support network'],
  ['other', 'Other'],
];

const SUPPORT_PLAN: FieldSpec[] = [
  { name: 'supportPlan.wellbeing', label: 'Wellbeing', kind: 'textarea' },
  { name: 'supportPlan.satisfactionWithHome', label: 'Satisfaction with their home', kind: 'textarea' },
  { name: 'supportPlan.communityConnections', label: 'Connections to the community', kind: 'textarea' },
  { name: 'supportPlan.aspirations', label: 'Aspirations', kind: 'textarea' },
  { name: 'supportPlan.strengths', label: 'Strengths', kind: 'textarea' },
];

export const ACTION_FORMS: readonly ActionForm[] = [
  {
    action: 'triage',
    title: 'Triage the referral',
    description: 'Accepting starts the 7-day assessment deadline; a crisis needs support in place within 24 hours.',
    button: 'Record triage',
    group: 'stage',
    fields: [
      { name: 'outcome', label: 'Outcome', kind: 'radios', choices: [['accept', 'Accept'], ['decline', 'Decline'], ['redirect', 'Redirect to another service']] },
      { name: 'urgency', label: 'Urgency', kind: 'radios', choices: URGENCIES },
      { name: 'reason', label: 'Reason', hint: 'Needed to decline', kind: 'text', optional: 'omit' },
      { name: 'redirectedTo', label: 'Redirected to', hint: 'Needed to redirect', kind: 'text', optional: 'omit' },
    ],
  },
  {
    action: 'crisis-support',
    title: 'Record crisis support in place',
    description: 'Meets the 24-hour crisis deadline.',
    button: 'Record crisis support',
    group: 'stage',
    fields: [{ name: 'arrangement', label: 'What is in place', kind: 'textarea' }],
  },
  {
    action: 'assessor',
    title: 'Assign the assessor',
    description: 'The assessor completes the assessment within 7 days of triage.',
    button: 'Assign assessor',
    group: 'stage',
    fields: [{ name: 'assessorId', label: "Assessor's user id", kind: 'text' }],
  },
  {
    action: 'assessment',
    title: 'Complete the asset-based assessment',
    description: 'Agrees version 1 of the support plan; a complex case goes to the QA panel.',
    button: 'Complete assessment',
    group: 'stage',
    fields: [
      { name: 'needs', label: 'Needs', hint: 'One need per line', kind: 'lines' },
      { name: 'risk.level', label: 'Risk level', kind: 'radios', choices: [['low', 'Low'], ['medium', 'Medium'], ['high', 'High']] },
      { name: 'risk.summary', label: 'Risk summary', kind: 'textarea' },
      { name: 'risk.positiveRiskTaking', label: 'Positive risk taking', hint: 'What the person wants to try, and how the risk is managed', kind: 'textarea', optional: 'null' },
      { name: 'eligibility.outcome', label: 'Eligibility', kind: 'radios', choices: [['eligible', 'Eligible'], ['not_eligible', 'Not eligible']] },
      { name: 'eligibility.criteriaSet', label: 'Criteria set', kind: 'text', initial: 'care-act-2014' },
      { name: 'eligibility.criteriaVersion', label: 'Criteria version', kind: 'text', initial: '2015' },
      ...SUPPORT_PLAN,
      { name: 'careBundles', label: 'Care bundles', hint: 'One per line, for example medication-support', kind: 'lines' },
      { name: 'requestedModel', label: 'Placement model requested', kind: 'radios', choices: MODELS },
      { name: 'requestedPackageHours', label: 'Support package, hours a week', kind: 'number' },
      { name: 'requestedWeeklyFunding', label: 'Weekly funding requested, in pounds', kind: 'number' },
      { name: 'copyGivenToPerson', label: 'Has the person co-produced the plan and been given a copy?', kind: 'yes-no' },
      { name: 'team', label: 'Assessing team', kind: 'select', choices: TEAMS, optional: 'omit' },
    ],
  },
  {
    action: 'offers',
    title: 'Offer a unit',
    description: 'A free unit of the approved model; an offer to anyone but the first suitable person on the waiting list needs a reason.',
    button: 'Make the offer',
    group: 'stage',
    fields: [
      { name: 'model', label: 'Approved model', kind: 'from-pathway', source: 'approvedModel' },
      { name: 'unit', label: 'Unit', kind: 'free-unit' },
      {
        name: 'outOfOrderReason',
        label: 'Reason for offering out of waiting-list order',
        hint: 'Only when someone suitable is ahead on the list',
        kind: 'select',
        optional: 'omit',
        choices: [
          ['unit_does_not_meet_access_needs', 'The unit does not meet their access needs'],
          ['location', 'Location'],
          ['risk', 'Risk'],
          ['single_gender_scheme', 'Single-gender scheme'],
          ['first_person_unreachable', 'The first person could not be reached'],
        ],
      },
    ],
  },
  {
    action: 'offer-response',
    title: "Record the person's answer to the offer",
    description: 'Declining releases the unit and needs a reason.',
    button: 'Record answer',
    group: 'stage',
    fields: [
      { name: 'offerId', label: 'Offer', kind: 'from-pathway', source: 'offerId' },
      { name: 'accepted', label: 'Did the person accept the offer?', kind: 'yes-no' },
      { name: 'reason', label: 'Reason for declining', kind: 'text', optional: 'omit' },
    ],
  },
  {
    action: 'placement',
    title: 'Start the placement',
    description: 'Sets the review deadlines and the stay limit of the model.',
    button: 'Start placement',
    group: 'stage',
    fields: [{ name: 'offerId', label: 'Accepted offer', kind: 'from-pathway', source: 'offerId' }],
  },
  {
    action: 'reviews',
    title: 'Complete a support plan review',
    description: 'A new plan version: restarts the 4-week review target and the 12-week limit.',
    button: 'Complete review',
    group: 'stage',
    fields: [
      { name: 'kind', label: 'Review', kind: 'radios', choices: [['routine', 'Routine'], ['annual', 'Annual']] },
      ...SUPPORT_PLAN,
      { name: 'notes', label: 'Notes', kind: 'textarea', optional: 'omit' },
    ],
  },
  {
    action: 'step-down',
    title: 'Plan the step-down',
    description: 'Intensive to transitional, transitional to independent.',
    button: 'Plan step-down',
    group: 'stage',
    fields: [{ name: 'toModel', label: 'Step down to', kind: 'radios', choices: MODELS.slice(1) }],
  },
  {
    action: 'move-on',
    title: 'Plan the move-on',
    description: 'Out of supported accommodation.',
    button: 'Plan move-on',
    group: 'stage',
    fields: [
      { name: 'destination', label: 'Moving on to', kind: 'radios', choices: DESTINATIONS },
      { name: 'notes', label: 'Notes', kind: 'textarea', optional: 'omit' },
    ],
  },
  {
    action: 'move-on-completion',
    title: 'Record that the person has moved on',
    description: 'Closes the pathway.',
    button: 'Record move-on',
    group: 'stage',
    fields: [],
  },
  {
    action: 'leaving-request',
    title: 'Record a request to leave',
    description: 'Written confirmation is due within 7 working days.',
    button: 'Record request',
    group: 'stage',
    fields: [
      { name: 'reason', label: 'Reason', kind: 'textarea', optional: 'omit' },
      {
        name: 'tenancyEffectExplained',
        label: 'Was the effect of leaving on their tenancy explained?',
        hint: 'Needed for a sheltered or specialist tenancy',
        kind: 'yes-no',
        optional: 'omit',
      },
    ],
  },
  {
    action: 'leaving-confirmation',
    title: 'Confirm the request to leave in writing',
    description: 'Meets the 7-working-day confirmation deadline.',
    button: 'Record confirmation',
    group: 'stage',
    fields: [
      { name: 'letterRef', label: 'Letter reference', kind: 'text' },
      { name: 'arrangements', label: 'Arrangements agreed', kind: 'textarea', optional: 'omit' },
      { name: 'wayBack', label: 'How the person can come back to the service', kind: 'textarea', optional: 'omit' },
    ],
  },
  {
    action: 'exit',
    title: 'Complete the planned exit',
    description: 'After a confirmed request to leave; closes the pathway.',
    button: 'Complete exit',
    group: 'stage',
    fields: [{ name: 'reason', label: 'Reason', kind: 'text', optional: 'omit' }],
  },
  {
    action: 'withdrawal',
    title: 'Withdraw the referral',
    description: 'Before a placement; closes the pathway.',
    button: 'Withdraw referral',
    group: 'stage',
    fields: [{ name: 'reason', label: 'Reason', kind: 'text' }],
  },
  {
    action: 'worker',
    title: 'Move the case to another worker',
    description: 'Emergency cover for sickness or leave, or caseload.',
    button: 'Move case',
    group: 'records',
    fields: [
      { name: 'assessorId', label: "New worker's user id", kind: 'text' },
      {
        name: 'reason',
        label: 'Reason',
        kind: 'select',
        choices: [
          ['sickness', 'Sickness'],
          ['leave', 'Leave'],
          ['caseload', 'Caseload'],
          ['left_the_service', 'Left the service'],
          ['other', 'Other'],
        ],
      },
      { name: 'temporary', label: 'Is this cover for a while?', kind: 'yes-no', optional: 'omit' },
    ],
  },
  {
    action: 'consent',
    title: 'Record consent to share information',
    description: 'Sharing without consent only where someone is in danger or a crime was committed.',
    button: 'Record consent',
    group: 'records',
    fields: [
      { name: 'granted', label: 'Did the person agree to their information being shared?', kind: 'yes-no' },
      { name: 'agencies', label: 'With these agencies', kind: 'checkboxes', choices: AGENCIES },
      { name: 'overrideReason', label: 'Reason for sharing without consent', kind: 'select', choices: SHARING_REASONS, optional: 'null' },
    ],
  },
  {
    action: 'safeguarding-referral',
    title: 'Refer a safeguarding concern',
    description: "With the person's consent, or without it only for a reason from the list (flagged for auditors).",
    button: 'Make referral',
    group: 'records',
    fields: [
      {
        name: 'agency',
        label: 'Agency',
        kind: 'select',
        choices: [
          ['adult_safeguarding', 'Adult safeguarding'],
          ['childrens_services', "Children's services"],
          ['police', 'Police'],
          ['nhs', 'NHS'],
          ['other', 'Other'],
        ],
      },
      { name: 'concern', label: 'Concern', kind: 'textarea' },
      { name: 'consent', label: 'Consent', kind: 'radios', choices: [['given', 'Given'], ['refused', 'Refused'], ['not_asked', 'Not asked: it could not wait']] },
      { name: 'withoutConsentReason', label: 'Reason to go ahead without consent', kind: 'select', choices: SHARING_REASONS, optional: 'omit' },
    ],
  },
  {
    action: 'safeguarding-notice',
    title: 'Record whether the person was told of the safeguarding referral',
    description: 'For the oldest referral still waiting for its notice.',
    button: 'Record notice',
    group: 'records',
    fields: [
      { name: 'told', label: 'Was the person told?', kind: 'yes-no' },
      { name: 'toldOn', label: 'Told on', kind: 'date', optional: 'omit' },
      { name: 'reasonNotTold', label: 'Why they were not told', kind: 'text', optional: 'omit' },
    ],
  },
  {
    action: 'plan-copy',
    title: 'Record a copy of the support plan',
    description: 'The person is given a copy of each version of their plan.',
    button: 'Record copy',
    group: 'records',
    fields: [
      { name: 'planVersion', label: 'Plan version', hint: 'Leave empty for the latest', kind: 'number', optional: 'omit' },
      { name: 'given', label: 'Was a copy given?', kind: 'yes-no' },
      { name: 'givenOn', label: 'Given on', kind: 'date', optional: 'omit' },
      {
        name: 'how',
        label: 'How',
        kind: 'select',
        optional: 'omit',
        choices: [
          ['in_person', 'In person'],
          ['post', 'By post'],
          ['email', 'By email'],
          ['accessible_format', 'In an accessible format'],
        ],
      },
      { name: 'reasonNotGiven', label: 'Why no copy was given', kind: 'text', optional: 'omit' },
    ],
  },
  {
    action: 'funds',
    title: 'Record funds accessed',
    description: 'Funds the person was helped to access to sustain their tenancy.',
    button: 'Record funds',
    group: 'records',
    fields: [
      {
        name: 'fund',
        label: 'Fund',
        kind: 'select',
        choices: [
          ['discretionary_housing_payment', 'Discretionary Housing Payment'],
          ['emergency_living_fund', 'Emergency Living Fund'],
          ['other_hardship_support', 'Other hardship support'],
          ['other_funds', 'Other funds'],
        ],
      },
      { name: 'amountPence', label: 'Amount, in pounds', kind: 'pounds-as-pence' },
      { name: 'accessedOn', label: 'Awarded on', kind: 'date' },
      { name: 'workerId', label: 'Worker who helped', hint: 'Leave empty if it was you', kind: 'text', optional: 'omit' },
    ],
  },
  {
    action: 'food-vouchers',
    title: 'Record food vouchers issued',
    description: 'With their approximate value.',
    button: 'Record vouchers',
    group: 'records',
    fields: [
      { name: 'approximateValuePence', label: 'Approximate value, in pounds', kind: 'pounds-as-pence' },
      { name: 'issuedOn', label: 'Issued on', kind: 'date' },
      { name: 'workerId', label: 'Worker who issued them', hint: 'Leave empty if it was you', kind: 'text', optional: 'omit' },
    ],
  },
  {
    action: 'feedback',
    title: 'Record a complaint or a compliment',
    description: 'About the service on this pathway, with how it arrived.',
    button: 'Record feedback',
    group: 'records',
    fields: [
      { name: 'kind', label: 'Kind', kind: 'radios', choices: [['complaint', 'Complaint'], ['compliment', 'Compliment']] },
      { name: 'receivedOn', label: 'Received on', kind: 'date' },
      {
        name: 'about',
        label: 'About',
        kind: 'select',
        choices: [
          ['support', 'Support'],
          ['accommodation', 'Accommodation'],
          ['communication', 'Communication'],
          ['staff', 'Staff'],
          ['waiting_time', 'Waiting time'],
          ['other', 'Other'],
        ],
      },
      { name: 'summary', label: 'Summary', kind: 'textarea' },
      {
        name: 'channel',
        label: 'How it arrived',
        kind: 'select',
        choices: [
          ['letter', 'Letter'],
          ['email', 'Email'],
          ['phone', 'Phone'],
          ['in_person', 'In person'],
          ['online', 'Online'],
        ],
      },
      { name: 'officer', label: 'Officer it names', kind: 'text', optional: 'omit' },
    ],
  },
];
