-- Up Migration

-- Safeguarding referrals made to other agencies (seed 003). Those made without the person's consent are
-- flagged: auditors review each one and the reason it went ahead.
CREATE TABLE safeguarding_referrals (
  event_id              text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id            uuid        NOT NULL REFERENCES pathways (pathway_id),
  person_id             text        NOT NULL,
  agency                text        NOT NULL,
  consent               text        NOT NULL CHECK (consent IN ('given', 'refused', 'not_asked')),
  without_consent_reason text,
  flagged_for_audit     boolean     NOT NULL,
  made_by               text        NOT NULL,
  made_by_role          text        NOT NULL,
  made_at               timestamptz NOT NULL
);
CREATE INDEX safeguarding_referrals_flagged_idx ON safeguarding_referrals (made_at) WHERE flagged_for_audit;

-- Down Migration
DROP TABLE safeguarding_referrals;
