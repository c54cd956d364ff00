-- Up Migration

-- Seed 003: the person is told of a safeguarding referral made about them, or why not is recorded. Whether and
-- when are kept here; the reason for not telling (free text about the person) stays in the event log only.
ALTER TABLE safeguarding_referrals ADD COLUMN person_told boolean;
-- A London date, as text (YYYY-MM-DD), like the event: no time zone to shift it.
ALTER TABLE safeguarding_referrals ADD COLUMN person_told_on text;
ALTER TABLE safeguarding_referrals ADD COLUMN notice_recorded_at timestamptz;

-- Down Migration
ALTER TABLE safeguarding_referrals DROP COLUMN notice_recorded_at;
ALTER TABLE safeguarding_referrals DROP COLUMN person_told_on;
ALTER TABLE safeguarding_referrals DROP COLUMN person_told;
