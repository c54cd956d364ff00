#!/bin/sh
# Creates the roles and databases that share this PostgreSQL server:
#   - temporal / temporal_visibility, owned by role `temporal` (Temporal's
#     persistence and visibility stores; schemas are created afterwards by the
#     `temporal-admin-tools` one-shot with temporal-sql-tool);
#   - sarp, owned by role `sarp` (SARP's read model; tables come from the
#     `migrate` one-shot, which runs as `sarp`);
#   - sarp_app (no login), whose privileges the migrations set: keep the read
#     model, only insert into event_log and access_log; and sarp_api, the
#     login in it that the worker and the API use. Made here because `sarp`
#     may not create roles.
#
# The postgres image runs files in /docker-entrypoint-initdb.d only when the
# data volume is empty (first start). Changing TEMPORAL_DB_PASSWORD or
# SARP_DB_PASSWORD or SARP_APP_DB_PASSWORD later therefore needs `docker compose down -v` (or ALTER ROLE).
#
# The image *sources* this file when it is not executable (git does not always
# keep the mode), so it must not call `exit` or change shell options.
# Owning the database is what lets each role create tables in `public` on
# PostgreSQL 15+.

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v temporal_password="${TEMPORAL_DB_PASSWORD:-temporal}" \
  -v sarp_password="${SARP_DB_PASSWORD:-sarp}" \
  -v sarp_app_password="${SARP_APP_DB_PASSWORD:-sarp_api}" <<'EOSQL'
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

CREATE ROLE sarp LOGIN PASSWORD :'sarp_password';
CREATE DATABASE sarp OWNER sarp;

CREATE ROLE sarp_app NOLOGIN;
CREATE ROLE sarp_api LOGIN PASSWORD :'sarp_app_password' IN ROLE sarp_app;
EOSQL
