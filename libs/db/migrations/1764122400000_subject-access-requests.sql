-- Up Migration

-- Subject access requests (seed 003; UK GDPR): each request's events, one numbered stream per request, written
-- by its workflow; and the request as they fold, for the information governance worklist and auditors.
-- A request belongs to a person, not a pathway (a person may ask long after leaving the service).
CREATE TABLE subject_access_events (
  event_id    text        PRIMARY KEY,
  request_id  uuid        NOT NULL,
  person_id   text        NOT NULL,
  sequence    integer     NOT NULL,
  type        text        NOT NULL,
  occurred_at timestamptz NOT NULL,
  envelope    jsonb       NOT NULL,
  UNIQUE (request_id, sequence)
);
CREATE INDEX subject_access_events_type_idx ON subject_access_events (type, occurred_at);

CREATE TABLE subject_access_requests (
  request_id      uuid        PRIMARY KEY,
  person_id       text        NOT NULL,
  received_at     timestamptz NOT NULL,
  due_at          timestamptz,
  awaiting        text,
  extension_months integer    NOT NULL DEFAULT 0,
  overdue         boolean     NOT NULL DEFAULT false,
  answered_at     timestamptz,
  last_sequence   integer     NOT NULL,
  state           jsonb       NOT NULL
);
CREATE INDEX subject_access_requests_person_idx ON subject_access_requests (person_id);

-- Down Migration
DROP TABLE subject_access_requests;
DROP TABLE subject_access_events;
