-- Up Migration

-- Issue 15: the facts the remaining figures counted straight from the event log's JSON, as typed rows kept by the
-- projector (libs/db/src/figure-facts.ts), one per event that states one, never changed once written. The
-- figures read a period's rows of one kind through an index instead of every event of those types. Each table
-- is filled here for the events already stored, with the rows the projector writes for them
-- (test/report-projections-backfill.int.spec.ts checks that they are the same).

-- Panel decisions, with when the case was last referred to the panel before each (the turnaround's start).
CREATE TABLE panel_decisions (
  event_id       text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id     uuid        NOT NULL REFERENCES pathways (pathway_id),
  sequence       integer     NOT NULL,
  decided_at     timestamptz NOT NULL,
  decision       text        NOT NULL,
  -- Pounds a week and who pays, for approvals (the stream kept since policy 3).
  weekly_funding numeric,
  funding_stream text,
  referred_at    timestamptz
);
CREATE INDEX panel_decisions_decided_idx ON panel_decisions (decided_at);
INSERT INTO panel_decisions (event_id, pathway_id, sequence, decided_at, decision, weekly_funding, funding_stream, referred_at)
SELECT d.event_id, d.pathway_id, d.sequence, d.occurred_at, d.envelope->'data'->>'decision',
  CASE WHEN d.envelope->'data'->>'decision' = 'approved' THEN (d.envelope->'data'->>'weeklyFunding')::numeric END,
  CASE WHEN d.envelope->'data'->>'decision' = 'approved' THEN d.envelope->'data'->>'fundingStream' END,
  (SELECT max(r.occurred_at) FROM event_log r
    WHERE r.pathway_id = d.pathway_id AND r.type = 'CaseReferredToPanel' AND r.sequence < d.sequence)
FROM event_log d WHERE d.type = 'PanelDecisionRecorded';

-- The complexity rules that sent each case to the panel.
CREATE TABLE panel_referral_rules (
  event_id    text        NOT NULL REFERENCES event_log (event_id),
  position    integer     NOT NULL,
  pathway_id  uuid        NOT NULL REFERENCES pathways (pathway_id),
  referred_at timestamptz NOT NULL,
  rule        text        NOT NULL,
  PRIMARY KEY (event_id, position)
);
CREATE INDEX panel_referral_rules_referred_idx ON panel_referral_rules (referred_at);
INSERT INTO panel_referral_rules (event_id, position, pathway_id, referred_at, rule)
SELECT e.event_id, (fired.position - 1)::integer, e.pathway_id, e.occurred_at, fired.value->>'rule'
FROM event_log e, jsonb_array_elements(e.envelope->'data'->'rulesFired') WITH ORDINALITY AS fired(value, position)
WHERE e.type = 'CaseReferredToPanel';

-- Step-downs planned, moves on and closures.
CREATE TABLE pathway_outcomes (
  event_id    text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id  uuid        NOT NULL REFERENCES pathways (pathway_id),
  occurred_at timestamptz NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('step-down planned', 'moved on', 'closed')),
  outcome     text        NOT NULL
);
CREATE INDEX pathway_outcomes_occurred_idx ON pathway_outcomes (occurred_at);
INSERT INTO pathway_outcomes (event_id, pathway_id, occurred_at, kind, outcome)
SELECT event_id, pathway_id, occurred_at,
  CASE type WHEN 'StepDownPlanned' THEN 'step-down planned' WHEN 'MovedOn' THEN 'moved on' ELSE 'closed' END,
  CASE type WHEN 'StepDownPlanned' THEN envelope->'data'->>'toModel' WHEN 'MovedOn' THEN envelope->'data'->>'destination'
    ELSE envelope->'data'->>'outcome' END
FROM event_log WHERE type IN ('StepDownPlanned', 'MovedOn', 'PathwayClosed');

-- Funds accessed (by fund) and food vouchers issued, in pence, by the London date given.
CREATE TABLE funds_and_vouchers (
  event_id    text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id  uuid        NOT NULL REFERENCES pathways (pathway_id),
  recorded_at timestamptz NOT NULL,
  given_on    date        NOT NULL,
  type        text        NOT NULL,
  pence       bigint      NOT NULL
);
CREATE INDEX funds_and_vouchers_given_idx ON funds_and_vouchers (given_on);
INSERT INTO funds_and_vouchers (event_id, pathway_id, recorded_at, given_on, type, pence)
SELECT event_id, pathway_id, occurred_at,
  coalesce(envelope->'data'->>'accessedOn', envelope->'data'->>'issuedOn')::date,
  CASE type WHEN 'FundsAccessed' THEN envelope->'data'->>'fund' ELSE 'food_vouchers' END,
  coalesce((envelope->'data'->>'amountPence')::bigint, (envelope->'data'->>'approximateValuePence')::bigint)
FROM event_log WHERE type IN ('FundsAccessed', 'FoodVoucherIssued');

-- Support plan versions agreed, and copies recorded as given.
CREATE TABLE plan_versions_agreed (
  event_id        text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id      uuid        NOT NULL REFERENCES pathways (pathway_id),
  sequence        integer     NOT NULL,
  version         integer     NOT NULL,
  agreed_at       timestamptz NOT NULL,
  copy_given_then boolean     NOT NULL
);
CREATE INDEX plan_versions_agreed_idx ON plan_versions_agreed (agreed_at);
INSERT INTO plan_versions_agreed (event_id, pathway_id, sequence, version, agreed_at, copy_given_then)
SELECT event_id, pathway_id, sequence,
  CASE type WHEN 'AssessmentCompleted' THEN 1 ELSE (envelope->'data'->>'planVersion')::int END,
  occurred_at,
  type = 'AssessmentCompleted' AND coalesce((envelope->'data'->>'copyGivenToPerson')::boolean, false)
FROM event_log WHERE type IN ('AssessmentCompleted', 'ReviewCompleted');

CREATE TABLE plan_copies_given (
  event_id    text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id  uuid        NOT NULL REFERENCES pathways (pathway_id),
  version     integer     NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX plan_copies_given_idx ON plan_copies_given (pathway_id, version, recorded_at);
INSERT INTO plan_copies_given (event_id, pathway_id, version, recorded_at)
SELECT event_id, pathway_id, (envelope->'data'->>'planVersion')::int, occurred_at
FROM event_log WHERE type = 'SupportPlanCopyRecorded' AND (envelope->'data'->>'given')::boolean;

-- Units offered, and how each stood against the waiting list.
CREATE TABLE unit_offers (
  event_id            text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id          uuid        NOT NULL REFERENCES pathways (pathway_id),
  offered_at          timestamptz NOT NULL,
  model               text        NOT NULL,
  had_waiting_list    boolean     NOT NULL,
  out_of_order_reason text
);
CREATE INDEX unit_offers_offered_idx ON unit_offers (offered_at);
INSERT INTO unit_offers (event_id, pathway_id, offered_at, model, had_waiting_list, out_of_order_reason)
SELECT event_id, pathway_id, occurred_at, envelope->'data'->>'model',
  jsonb_typeof(envelope->'data'->'allocation') IS NOT DISTINCT FROM 'object',
  envelope->'data'->'allocation'->>'outOfOrderReason'
FROM event_log WHERE type = 'UnitOffered';

-- Complaints and compliments about a person's pathway.
CREATE TABLE pathway_feedback (
  event_id    text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id  uuid        NOT NULL REFERENCES pathways (pathway_id),
  recorded_at timestamptz NOT NULL,
  received_on date        NOT NULL,
  kind        text        NOT NULL,
  about       text        NOT NULL,
  channel     text
);
CREATE INDEX pathway_feedback_received_idx ON pathway_feedback (received_on);
INSERT INTO pathway_feedback (event_id, pathway_id, recorded_at, received_on, kind, about, channel)
SELECT event_id, pathway_id, occurred_at, (envelope->'data'->>'receivedOn')::date, envelope->'data'->>'kind',
  envelope->'data'->>'about', envelope->'data'->>'channel'
FROM event_log WHERE type = 'FeedbackRecorded';

-- Down Migration
DROP TABLE pathway_feedback;
DROP TABLE unit_offers;
DROP TABLE plan_copies_given;
DROP TABLE plan_versions_agreed;
DROP TABLE funds_and_vouchers;
DROP TABLE pathway_outcomes;
DROP TABLE panel_referral_rules;
DROP TABLE panel_decisions;
