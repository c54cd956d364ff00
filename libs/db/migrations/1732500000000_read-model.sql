-- Up Migration

-- Every pathway event ever projected, as received: the audit log of the read side.
-- event_id is unique, which is what makes a redelivered event change nothing.
CREATE TABLE event_log (
  event_id        text PRIMARY KEY,
  pathway_id      uuid        NOT NULL,
  person_id       text        NOT NULL,
  sequence        integer     NOT NULL CHECK (sequence > 0),
  type            text        NOT NULL,
  schema_version  integer     NOT NULL,
  occurred_at     timestamptz NOT NULL,
  actor_user_id   text        NOT NULL,
  actor_role      text        NOT NULL,
  policy_version  text,
  correlation_id  text        NOT NULL,
  causation_id    text        NOT NULL,
  envelope        jsonb       NOT NULL,
  kafka_topic     text        NOT NULL,
  kafka_partition integer     NOT NULL,
  kafka_offset    bigint      NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pathway_id, sequence)
);
CREATE INDEX event_log_person_idx ON event_log (person_id, occurred_at);

-- One row per pathway: the state folded by the domain's evolve(), plus columns to filter on.
CREATE TABLE pathways (
  pathway_id       uuid PRIMARY KEY,
  person_id        text        NOT NULL,
  stage            text        NOT NULL,
  urgency          text        NOT NULL,
  referring_agency text        NOT NULL,
  opened_at        timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  -- The stream revision: the sequence of the last event applied.
  last_sequence    integer     NOT NULL,
  state            jsonb       NOT NULL
);
CREATE INDEX pathways_stage_idx ON pathways (stage, urgency);

-- What happened to a pathway, in order, in words a coordinator reads.
CREATE TABLE pathway_timeline (
  event_id      text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id    uuid        NOT NULL REFERENCES pathways (pathway_id),
  sequence      integer     NOT NULL,
  type          text        NOT NULL,
  occurred_at   timestamptz NOT NULL,
  actor_user_id text        NOT NULL,
  actor_role    text        NOT NULL,
  summary       text        NOT NULL,
  UNIQUE (pathway_id, sequence)
);

-- Where each projector consumer group stands in each partition, written in the
-- same transaction as the read-model change it reflects.
CREATE TABLE projector_positions (
  consumer_group text        NOT NULL,
  topic          text        NOT NULL,
  partition      integer     NOT NULL,
  next_offset    bigint      NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, partition)
);

-- Events the projector could not apply, with the reason (also sent to the dead-letter topic).
CREATE TABLE dead_letters (
  id              bigserial PRIMARY KEY,
  kafka_topic     text        NOT NULL,
  kafka_partition integer     NOT NULL,
  kafka_offset    bigint      NOT NULL,
  event_id        text,
  reason          text        NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);

-- Down Migration
DROP TABLE dead_letters;
DROP TABLE projector_positions;
DROP TABLE pathway_timeline;
DROP TABLE pathways;
DROP TABLE event_log;
