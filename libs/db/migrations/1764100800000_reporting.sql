-- Up Migration

-- Reports read the event log by type and event time.
CREATE INDEX event_log_type_time_idx ON event_log (type, occurred_at);

-- Every change of a pathway's stage, at event time: what "time spent in each stage" is measured from.
-- Pathways projected before this table existed get their rows from a rebuild (npm run rebuild-read-model).
CREATE TABLE stage_changes (
  event_id   text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id uuid        NOT NULL REFERENCES pathways (pathway_id),
  sequence   integer     NOT NULL,
  stage      text        NOT NULL,
  entered_at timestamptz NOT NULL
);
CREATE INDEX stage_changes_pathway_idx ON stage_changes (pathway_id, entered_at);

-- Down Migration
DROP TABLE stage_changes;
DROP INDEX event_log_type_time_idx;
