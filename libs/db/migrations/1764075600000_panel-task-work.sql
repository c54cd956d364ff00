-- Up Migration

-- Who holds a panel case, and a decision proposed by one person awaiting a second's confirmation.
ALTER TABLE panel_tasks ADD COLUMN claimed_by text;
ALTER TABLE panel_tasks ADD COLUMN proposal jsonb;
ALTER TABLE panel_tasks ADD COLUMN proposed_by text;
CREATE INDEX panel_tasks_claimed_idx ON panel_tasks (claimed_by) WHERE status = 'pending';

-- Panel members' comments on a case (personal data: shown to panel roles only).
CREATE TABLE panel_task_comments (
  event_id    text PRIMARY KEY REFERENCES event_log (event_id),
  task_id     text        NOT NULL REFERENCES panel_tasks (task_id),
  author      text        NOT NULL,
  author_role text        NOT NULL,
  comment     text        NOT NULL,
  written_at  timestamptz NOT NULL
);
CREATE INDEX panel_task_comments_task_idx ON panel_task_comments (task_id, written_at);

-- Down Migration
DROP TABLE panel_task_comments;
DROP INDEX panel_tasks_claimed_idx;
ALTER TABLE panel_tasks DROP COLUMN proposed_by;
ALTER TABLE panel_tasks DROP COLUMN proposal;
ALTER TABLE panel_tasks DROP COLUMN claimed_by;
