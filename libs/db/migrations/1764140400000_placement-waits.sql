-- Up Migration

-- Issue 15: the wait-for-placement figure from placement_stays too: when the person was approved for the
-- placement's model (an assessment that did not need the panel, a panel approval, or a step-down plan), and the
-- team and urgency of the case when the placement began, as typed columns kept by the projector.
ALTER TABLE placement_stays ADD COLUMN approved_at timestamptz, ADD COLUMN team text, ADD COLUMN urgency text;

UPDATE placement_stays s SET
  approved_at = (
    SELECT a.occurred_at FROM event_log a
    WHERE a.pathway_id = s.pathway_id AND a.sequence < s.sequence AND (
      (a.type = 'AssessmentCompleted' AND a.envelope->'data'->'eligibility'->>'outcome' = 'eligible'
         AND a.envelope->'data'->'complexity'->>'complex' = 'false' AND a.envelope->'data'->>'requestedModel' = s.model)
      OR (a.type = 'PanelDecisionRecorded' AND a.envelope->'data'->>'decision' = 'approved' AND a.envelope->'data'->>'model' = s.model)
      OR (a.type = 'StepDownPlanned' AND a.envelope->'data'->>'toModel' = s.model))
    ORDER BY a.sequence DESC LIMIT 1),
  team = (
    SELECT t.envelope->'data'->>'team' FROM event_log t
    WHERE t.pathway_id = s.pathway_id AND t.sequence < s.sequence
      AND t.type IN ('ReferralReceived', 'AssessmentCompleted') AND t.envelope->'data'->>'team' IS NOT NULL
    ORDER BY t.sequence DESC LIMIT 1),
  urgency = (
    SELECT u.envelope->'data'->>'urgency' FROM event_log u
    WHERE u.pathway_id = s.pathway_id AND u.sequence < s.sequence AND u.type IN ('ReferralReceived', 'ReferralTriaged')
    ORDER BY u.sequence DESC LIMIT 1);

-- Down Migration
ALTER TABLE placement_stays DROP COLUMN approved_at, DROP COLUMN team, DROP COLUMN urgency;
