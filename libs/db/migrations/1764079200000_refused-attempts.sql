-- Up Migration

-- Commands that were refused (wrong role, wrong stage, four eyes): auditors see attempts, not only successes.
CREATE TABLE refused_attempts (
  event_id        uuid PRIMARY KEY,
  pathway_id      uuid,
  command         text        NOT NULL,
  actor_user_id   text        NOT NULL,
  actor_role      text        NOT NULL,
  status          integer     NOT NULL,
  code            text        NOT NULL,
  reason          text        NOT NULL,
  occurred_at     timestamptz NOT NULL,
  correlation_id  text        NOT NULL,
  kafka_topic     text        NOT NULL,
  kafka_partition integer     NOT NULL,
  kafka_offset    bigint      NOT NULL
);
CREATE INDEX refused_attempts_pathway_idx ON refused_attempts (pathway_id, occurred_at);

-- Down Migration
DROP TABLE refused_attempts;
