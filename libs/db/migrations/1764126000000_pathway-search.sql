-- Up Migration

-- Issue 14: auditors find pathways by person reference, team, stage, outcome, breaches or the date opened.
-- The outcome of a closed pathway is a typed column of its own (filled from the folded state for rows
-- written before it), so a search never reads a JSON path.
ALTER TABLE pathways ADD COLUMN outcome text;
UPDATE pathways SET outcome = state -> 'closure' ->> 'outcome' WHERE state -> 'closure' ->> 'outcome' IS NOT NULL;
CREATE INDEX pathways_person_idx ON pathways (person_id);
CREATE INDEX pathways_opened_idx ON pathways (opened_at);

-- Down Migration
DROP INDEX pathways_opened_idx;
DROP INDEX pathways_person_idx;
ALTER TABLE pathways DROP COLUMN outcome;
