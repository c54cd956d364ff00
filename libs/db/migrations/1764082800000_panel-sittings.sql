-- Up Migration

-- The sitting whose agenda a panel case is on, and how often it was carried over.
ALTER TABLE panel_tasks ADD COLUMN sitting_at timestamptz;
ALTER TABLE panel_tasks ADD COLUMN carry_overs integer NOT NULL DEFAULT 0;
-- The assessing team: panel members (team managers) filter the worklist by it.
ALTER TABLE panel_tasks ADD COLUMN team text;
CREATE INDEX panel_tasks_sitting_idx ON panel_tasks (sitting_at) WHERE status = 'pending';

-- Down Migration
DROP INDEX panel_tasks_sitting_idx;
ALTER TABLE panel_tasks DROP COLUMN team;
ALTER TABLE panel_tasks DROP COLUMN carry_overs;
ALTER TABLE panel_tasks DROP COLUMN sitting_at;
