-- Up Migration

-- Issue 15: occupancy by month reads the stays that ended within the period (beside those that began in it,
-- placement_stays_started_idx), rather than every stay times every month it spans.
CREATE INDEX placement_stays_ended_idx ON placement_stays (ended_at) WHERE ended_at IS NOT NULL;

-- Down Migration
DROP INDEX placement_stays_ended_idx;
