-- Up Migration

-- Tamper evidence: each event in the audit log carries a hash chained to the
-- previous event of its pathway. The hash is computed by PostgreSQL from the
-- envelope's canonical jsonb text, here and when verifying, so both always
-- compute it the same way.
ALTER TABLE event_log ADD COLUMN chain_hash text;

CREATE FUNCTION sarp_event_chain_hash(previous_hash text, event_id text, envelope jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(coalesce(previous_hash, '') || '|' || event_id || '|' || envelope::text, 'UTF8')), 'hex')
$$;

-- Chain the events already stored, pathway by pathway, in sequence order.
DO $$
DECLARE
  row record;
  last_pathway uuid := NULL;
  last_hash text := NULL;
BEGIN
  FOR row IN SELECT event_id, pathway_id, envelope FROM event_log ORDER BY pathway_id, sequence LOOP
    IF row.pathway_id IS DISTINCT FROM last_pathway THEN
      last_hash := NULL;
      last_pathway := row.pathway_id;
    END IF;
    last_hash := sarp_event_chain_hash(last_hash, row.event_id, row.envelope);
    UPDATE event_log SET chain_hash = last_hash WHERE event_id = row.event_id;
  END LOOP;
END $$;

ALTER TABLE event_log ALTER COLUMN chain_hash SET NOT NULL;

-- Down Migration
ALTER TABLE event_log DROP COLUMN chain_hash;
DROP FUNCTION sarp_event_chain_hash(text, text, jsonb);
