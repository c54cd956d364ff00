-- Up Migration

-- Every read of a person's data (seed 003: need to know; every view recorded): who, in which role, what, when, why.
CREATE TABLE access_log (
  id          bigserial PRIMARY KEY,
  user_id     text        NOT NULL,
  role        text        NOT NULL,
  action      text        NOT NULL,
  pathway_id  uuid,
  person_id   text,
  reason      text,
  accessed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_log_person_idx ON access_log (person_id, accessed_at);
CREATE INDEX access_log_pathway_idx ON access_log (pathway_id, accessed_at);

-- Down Migration
DROP TABLE access_log;
