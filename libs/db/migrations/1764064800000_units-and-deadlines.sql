-- Up Migration

-- Write side: which unit is held for which pathway. The partial unique index is
-- what makes "a unit is never allocated to two people at once" true even when
-- two workers reserve the same unit at the same moment.
CREATE TABLE unit_allocations (
  id          bigserial PRIMARY KEY,
  scheme_id   text        NOT NULL,
  unit_id     text        NOT NULL,
  pathway_id  uuid        NOT NULL,
  offer_id    text        NOT NULL,
  reserved_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);
CREATE UNIQUE INDEX unit_allocations_one_holder ON unit_allocations (scheme_id, unit_id) WHERE released_at IS NULL;

-- Read side: every deadline a pathway has had, and how it ended.
CREATE TABLE pathway_deadlines (
  deadline_id    text        NOT NULL,
  pathway_id     uuid        NOT NULL REFERENCES pathways (pathway_id),
  rule_id        text        NOT NULL,
  policy_version text        NOT NULL,
  rule           text        NOT NULL,
  source         text        NOT NULL,
  due_at         timestamptz NOT NULL,
  status         text        NOT NULL CHECK (status IN ('open', 'met', 'breached', 'cancelled')),
  closed_at      timestamptz,
  PRIMARY KEY (pathway_id, deadline_id)
);
CREATE INDEX pathway_deadlines_open_idx ON pathway_deadlines (due_at) WHERE status = 'open';

-- Read side: escalations raised by breaches, for a worklist.
CREATE TABLE escalations (
  event_id    text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id  uuid        NOT NULL REFERENCES pathways (pathway_id),
  deadline_id text        NOT NULL,
  rule_id     text        NOT NULL,
  due_at      timestamptz NOT NULL,
  raised_at   timestamptz NOT NULL,
  message     text        NOT NULL
);

ALTER TABLE pathways ADD COLUMN placement_model text;
ALTER TABLE pathways ADD COLUMN breaches integer NOT NULL DEFAULT 0;
CREATE INDEX pathways_breached_idx ON pathways (breaches) WHERE breaches > 0;

-- Down Migration
DROP INDEX pathways_breached_idx;
ALTER TABLE pathways DROP COLUMN breaches;
ALTER TABLE pathways DROP COLUMN placement_model;
DROP TABLE escalations;
DROP TABLE pathway_deadlines;
DROP TABLE unit_allocations;
