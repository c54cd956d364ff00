-- Up Migration

-- Tamper evidence anchored outside the database (issue 16; docs/audit.md).
--
-- 1. Each event's chain link becomes an HMAC-SHA256 computed by the application under a key the database
--    never holds (SARP_AUDIT_KEYS), named here by its id. Links made before this migration keep a NULL key id:
--    they were computed by sarp_event_chain_hash (plain SHA-256, which anyone who can write the database can
--    recompute), and `verify` says so.
ALTER TABLE event_log ADD COLUMN chain_key_id text;

-- 2. Each access-log row is sealed the same way (an HMAC of its content), and the rows are chained in
--    segments by the signed checkpoints published to Kafka. Rows from before this migration have no seal.
ALTER TABLE access_log ADD COLUMN seal text, ADD COLUMN seal_key_id text;

-- 3. The application's own role: it may read everything and keep the derived read model, but may only insert
--    into the event log and the access log, never change or remove a row of them. Migrations and read-model
--    rebuilds run as the role that owns the tables (SARP_MIGRATION_DATABASE_URL); a deployment grants
--    sarp_app to the login the API and worker use (GRANT sarp_app TO <login>).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sarp_app') THEN
    CREATE ROLE sarp_app NOLOGIN;
  END IF;
  -- current_schema(): public, or a read-model rebuild's schema of its own (its tables move to public with their grants).
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO sarp_app', current_schema());
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO sarp_app', current_schema());
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO sarp_app', current_schema());
END $$;
REVOKE UPDATE, DELETE, TRUNCATE ON event_log, access_log FROM sarp_app, PUBLIC;
-- Tables made by later migrations (by this same owner) are the derived read model's: the app keeps them.
ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sarp_app;
ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO sarp_app;

-- Down Migration
ALTER DEFAULT PRIVILEGES REVOKE USAGE, SELECT ON SEQUENCES FROM sarp_app;
ALTER DEFAULT PRIVILEGES REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM sarp_app;
DO $$
BEGIN
  EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM sarp_app', current_schema());
  EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM sarp_app', current_schema());
  EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM sarp_app', current_schema());
END $$;
ALTER TABLE access_log DROP COLUMN seal, DROP COLUMN seal_key_id;
ALTER TABLE event_log DROP COLUMN chain_key_id;
