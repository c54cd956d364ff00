-- Up Migration

-- Issue 15: each placement as one row with typed columns, kept by the projector: where, which model, the
-- weekly funding it was approved at, and when it began and ended (the pathway's next placement or its
-- closure). The savings and occupancy figures read these instead of re-deriving every stay from the event
-- log's JSON on every request.
CREATE TABLE placement_stays (
  event_id       text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id     uuid        NOT NULL REFERENCES pathways (pathway_id),
  sequence       integer     NOT NULL,
  scheme_id      text        NOT NULL,
  unit_id        text        NOT NULL,
  model          text        NOT NULL,
  -- Pounds a week: the panel's approval, else the assessment's request, made last before the placement.
  weekly_funding numeric,
  started_at     timestamptz NOT NULL,
  ended_at       timestamptz
);
CREATE INDEX placement_stays_started_idx ON placement_stays (started_at);
CREATE UNIQUE INDEX placement_stays_one_open_per_pathway ON placement_stays (pathway_id) WHERE ended_at IS NULL;

INSERT INTO placement_stays (event_id, pathway_id, sequence, scheme_id, unit_id, model, weekly_funding, started_at, ended_at)
SELECT p.event_id, p.pathway_id, p.sequence, p.envelope->'data'->'unit'->>'schemeId', p.envelope->'data'->'unit'->>'unitId',
  p.envelope->'data'->>'model',
  (SELECT coalesce((f.envelope->'data'->>'weeklyFunding')::numeric, (f.envelope->'data'->>'requestedWeeklyFunding')::numeric)
    FROM event_log f
    WHERE f.pathway_id = p.pathway_id AND f.sequence < p.sequence
      AND (f.type = 'AssessmentCompleted' OR (f.type = 'PanelDecisionRecorded' AND f.envelope->'data'->>'decision' = 'approved'))
    ORDER BY f.sequence DESC LIMIT 1),
  p.occurred_at,
  (SELECT min(x.occurred_at) FROM event_log x
    WHERE x.pathway_id = p.pathway_id AND x.sequence > p.sequence AND x.type IN ('PlacementStarted', 'PathwayClosed'))
FROM event_log p WHERE p.type = 'PlacementStarted';

-- Down Migration
DROP TABLE placement_stays;
