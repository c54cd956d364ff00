-- Up Migration

-- Issue 15: the deadline-compliance figure reads the deadlines projection (typed columns, one row per
-- deadline) instead of every DeadlineSet and closing event in the event log. It counts a deadline only
-- once it had been set by the end of the period, so the projection keeps when each was set.
ALTER TABLE pathway_deadlines ADD COLUMN set_at timestamptz;
UPDATE pathway_deadlines d SET set_at = e.occurred_at
FROM event_log e
WHERE e.type = 'DeadlineSet' AND e.pathway_id = d.pathway_id AND e.envelope->'data'->>'deadlineId' = d.deadline_id;
-- Every deadline row comes from a DeadlineSet event in the log.
UPDATE pathway_deadlines SET set_at = due_at WHERE set_at IS NULL;
ALTER TABLE pathway_deadlines ALTER COLUMN set_at SET NOT NULL;
CREATE INDEX pathway_deadlines_due_idx ON pathway_deadlines (due_at);

-- Down Migration
DROP INDEX pathway_deadlines_due_idx;
ALTER TABLE pathway_deadlines DROP COLUMN set_at;
