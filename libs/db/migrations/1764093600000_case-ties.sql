-- Up Migration

-- Need-to-know: what ties a case to the people who may see it (the holding team, the referrer, the
-- assessor), kept as columns so that listings can filter on them. Filled from the state for rows
-- projected before.
ALTER TABLE pathways ADD COLUMN team text;
ALTER TABLE pathways ADD COLUMN referred_by text;
ALTER TABLE pathways ADD COLUMN assessor_id text;
UPDATE pathways SET team = state->>'team', referred_by = state->>'referredBy', assessor_id = state->>'assessorId';
ALTER TABLE pathways ALTER COLUMN referred_by SET NOT NULL;
CREATE INDEX pathways_team_idx ON pathways (team);

-- Down Migration
DROP INDEX pathways_team_idx;
ALTER TABLE pathways DROP COLUMN assessor_id;
ALTER TABLE pathways DROP COLUMN referred_by;
ALTER TABLE pathways DROP COLUMN team;
