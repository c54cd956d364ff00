-- Up Migration

-- Write side of the waiting lists (issue 11): each pathway's place-in-waiting as its workflow last decided it,
-- written by an activity before the command that changed it answers. An offer's check against the list reads
-- this, so a person approved a moment ago is on the list even while the read model catches up. A pathway that
-- leaves its list keeps its row with entry NULL: a row says "this pathway's list membership is known here";
-- pathways that began before (no row) are read from the read model. `sequence` is the pathway's stream revision
-- when the row was written, so a retried older write never overwrites a newer one.
CREATE TABLE waiting_list_entries (
  pathway_id uuid PRIMARY KEY,
  model      text,
  entry      jsonb,
  ties       jsonb       NOT NULL,
  sequence   integer     NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waiting_list_entries_model_idx ON waiting_list_entries (model) WHERE entry IS NOT NULL;

-- Down Migration
DROP TABLE waiting_list_entries;
