-- Up Migration

-- Issue 12: a missed 4-week review target is told apart from a breached limit. Every deadline and escalation
-- says which kind it is; a deadline whose target was missed ends 'missed', not 'breached'. The kind is a
-- property of the rule in every policy version, so rows written before it was kept are filled from the rule.
ALTER TABLE pathway_deadlines ADD COLUMN kind text NOT NULL DEFAULT 'limit' CHECK (kind IN ('target', 'limit'));
ALTER TABLE escalations ADD COLUMN kind text NOT NULL DEFAULT 'limit' CHECK (kind IN ('target', 'limit'));
UPDATE pathway_deadlines SET kind = 'target' WHERE rule_id = 'support-plan-review-target';
UPDATE escalations SET kind = 'target' WHERE rule_id = 'support-plan-review-target';
ALTER TABLE pathway_deadlines DROP CONSTRAINT pathway_deadlines_status_check;
UPDATE pathway_deadlines SET status = 'missed' WHERE kind = 'target' AND status = 'breached';
ALTER TABLE pathway_deadlines ADD CONSTRAINT pathway_deadlines_status_check
  CHECK (status IN ('open', 'met', 'missed', 'breached', 'cancelled'));

-- Down Migration
ALTER TABLE pathway_deadlines DROP CONSTRAINT pathway_deadlines_status_check;
UPDATE pathway_deadlines SET status = 'breached' WHERE status = 'missed';
ALTER TABLE pathway_deadlines ADD CONSTRAINT pathway_deadlines_status_check CHECK (status IN ('open', 'met', 'breached', 'cancelled'));
ALTER TABLE escalations DROP COLUMN kind;
ALTER TABLE pathway_deadlines DROP COLUMN kind;
