-- Up Migration

-- Issue 15: deadline compliance counts, per rule, the deadlines due in the period and how they had closed by its
-- end. With every column it reads in the index (in place of pathway_deadlines_due_idx, on due_at alone), a year
-- at 100,000 pathways is an index-only scan of the deadlines due in it, not a scan of every deadline ever set.
CREATE INDEX pathway_deadlines_compliance_idx ON pathway_deadlines (due_at) INCLUDE (rule_id, status, closed_at, set_at);
DROP INDEX pathway_deadlines_due_idx;

-- Down Migration
CREATE INDEX pathway_deadlines_due_idx ON pathway_deadlines (due_at);
DROP INDEX pathway_deadlines_compliance_idx;
