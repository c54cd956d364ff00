-- Up Migration

-- Issue 15: what the caseload, cases-opened-and-closed and every figure's team filter need, as typed rows kept
-- by the projector, instead of re-deriving them from the event log's JSON on every request.
--
-- pathway_cases: one row per pathway once triage accepts it (a case from then: seed 003) or it closes (and,
-- since the migration after this one, from its referral).
CREATE TABLE pathway_cases (
  pathway_id     uuid PRIMARY KEY REFERENCES pathways (pathway_id),
  accepted_at    timestamptz,
  closed_at      timestamptz,
  closed_outcome text
);
CREATE INDEX pathway_cases_accepted_idx ON pathway_cases (accepted_at);
CREATE INDEX pathway_cases_closed_idx ON pathway_cases (closed_at);

-- pathway_holders: who held a case when. A team is named by the referral or an assessment, a worker by the
-- assessor's assignment or a reassignment; each holds it from its event until the next of the same kind.
CREATE TABLE pathway_holders (
  event_id    text PRIMARY KEY REFERENCES event_log (event_id),
  pathway_id  uuid        NOT NULL REFERENCES pathways (pathway_id),
  sequence    integer     NOT NULL,
  holds       text        NOT NULL CHECK (holds IN ('team', 'worker')),
  holder      text        NOT NULL,
  held_from   timestamptz NOT NULL,
  held_until  timestamptz
);
CREATE INDEX pathway_holders_holder_idx ON pathway_holders (holds, holder, held_from);
CREATE INDEX pathway_holders_pathway_idx ON pathway_holders (pathway_id, holds, sequence);

INSERT INTO pathway_cases (pathway_id, accepted_at, closed_at, closed_outcome)
SELECT pathway_id,
  min(occurred_at) FILTER (WHERE type = 'ReferralTriaged'),
  min(occurred_at) FILTER (WHERE type = 'PathwayClosed'),
  min(envelope->'data'->>'outcome') FILTER (WHERE type = 'PathwayClosed')
FROM event_log
WHERE (type = 'ReferralTriaged' AND envelope->'data'->>'outcome' = 'accepted') OR type = 'PathwayClosed'
GROUP BY pathway_id;

INSERT INTO pathway_holders (event_id, pathway_id, sequence, holds, holder, held_from, held_until)
SELECT event_id, pathway_id, sequence, holds, holder, occurred_at,
  lead(occurred_at) OVER (PARTITION BY pathway_id, holds ORDER BY sequence)
FROM (
  SELECT event_id, pathway_id, sequence, occurred_at,
    CASE WHEN type IN ('ReferralReceived', 'AssessmentCompleted') THEN 'team' ELSE 'worker' END AS holds,
    CASE WHEN type IN ('ReferralReceived', 'AssessmentCompleted') THEN envelope->'data'->>'team' ELSE envelope->'data'->>'assessorId' END AS holder
  FROM event_log
  WHERE type IN ('ReferralReceived', 'AssessmentCompleted', 'AssessorAssigned', 'WorkerReassigned')
) named
WHERE holder IS NOT NULL;

-- stage_changes.left_at: when the pathway left the stage (entered the next), so time-in-stage reads the stays
-- that ended in a period by an index instead of ordering every stage change ever made.
ALTER TABLE stage_changes ADD COLUMN left_at timestamptz;
UPDATE stage_changes s SET left_at = n.left_at
FROM (SELECT event_id, lead(entered_at) OVER (PARTITION BY pathway_id ORDER BY entered_at, sequence) AS left_at FROM stage_changes) n
WHERE s.event_id = n.event_id AND n.left_at IS NOT NULL;
CREATE INDEX stage_changes_left_idx ON stage_changes (left_at);

-- Down Migration
DROP INDEX stage_changes_left_idx;
ALTER TABLE stage_changes DROP COLUMN left_at;
DROP TABLE pathway_holders;
DROP TABLE pathway_cases;
