-- Up Migration

-- Seed 003: complaints and compliments about the service that are tied to no person's pathway. Kept here, not
-- in a pathway's event log: there is no pathway. Append-only: a record is never changed or deleted.
-- The summary is free text (it may name people): it is read only through the API, never logged.
CREATE TABLE service_feedback (
  feedback_id   uuid        PRIMARY KEY,
  kind          text        NOT NULL CHECK (kind IN ('complaint', 'compliment')),
  received_on   date        NOT NULL,
  about         text        NOT NULL,
  channel       text        NOT NULL CHECK (channel IN ('letter', 'email', 'phone', 'in_person', 'online')),
  officer       text,
  summary       text        NOT NULL,
  recorded_by   text        NOT NULL,
  recorded_role text        NOT NULL,
  recorded_at   timestamptz NOT NULL
);
CREATE INDEX service_feedback_received_idx ON service_feedback (received_on);

-- Down Migration
DROP TABLE service_feedback;
