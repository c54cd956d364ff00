-- Up Migration

-- Issue 15: referrals per month from pathway_cases too: each pathway's row now begins with its referral (when
-- it was received, and the urgency it was received with), so the figure reads a typed, indexed column instead
-- of every ReferralReceived event's JSON.
ALTER TABLE pathway_cases ADD COLUMN referred_at timestamptz, ADD COLUMN referral_urgency text;

INSERT INTO pathway_cases (pathway_id, referred_at, referral_urgency)
SELECT pathway_id, occurred_at, envelope->'data'->>'urgency' FROM event_log WHERE type = 'ReferralReceived'
ON CONFLICT (pathway_id) DO UPDATE SET referred_at = EXCLUDED.referred_at, referral_urgency = EXCLUDED.referral_urgency;

CREATE INDEX pathway_cases_referred_idx ON pathway_cases (referred_at);

-- Down Migration
DROP INDEX pathway_cases_referred_idx;
ALTER TABLE pathway_cases DROP COLUMN referred_at, DROP COLUMN referral_urgency;
