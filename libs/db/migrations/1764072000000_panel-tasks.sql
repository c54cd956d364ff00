-- Up Migration

-- The QA panel's worklist: one task each time a complex case is referred to
-- the panel, with the case summary a panel member decides from. Fed by events
-- like the rest of the read model.
CREATE TABLE panel_tasks (
  task_id        text PRIMARY KEY,
  pathway_id     uuid        NOT NULL REFERENCES pathways (pathway_id),
  person_id      text        NOT NULL,
  status         text        NOT NULL CHECK (status IN ('pending', 'decided', 'returned', 'withdrawn')),
  priority       text        NOT NULL CHECK (priority IN ('crisis', 'standard')),
  referred_at    timestamptz NOT NULL,
  due_at         timestamptz,
  -- Needs, risks, eligibility outcome and criteria version, requested model,
  -- package and funding, and the complexity rules that fired.
  summary        jsonb       NOT NULL,
  referred_by    text        NOT NULL,
  assessed_by    text,
  deferrals      integer     NOT NULL DEFAULT 0,
  decision       text,
  decided_by     text,
  decided_at     timestamptz,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX panel_tasks_worklist_idx ON panel_tasks (status, priority, due_at);
CREATE UNIQUE INDEX panel_tasks_one_pending_per_pathway ON panel_tasks (pathway_id) WHERE status = 'pending';

-- Down Migration
DROP TABLE panel_tasks;
