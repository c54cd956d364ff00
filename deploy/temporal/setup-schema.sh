#!/bin/sh
# One-shot run by the `temporal-admin-tools` service: creates (first run) and
# migrates (every run) Temporal's two PostgreSQL schemas with temporal-sql-tool,
# the way the deprecated auto-setup image used to. Both steps are idempotent:
# setup-schema only creates the version tables and records 0.0 when nothing is
# there yet, update-schema applies only the versions not yet applied.
#
# The databases themselves are created by deploy/postgres/initdb/.
# POSIX sh on purpose: newer admin-tools images are plain Alpine without bash.
set -eu

: "${SQL_PLUGIN:=postgres12}"
: "${SQL_HOST:=postgres}"
: "${SQL_PORT:=5432}"
: "${SQL_USER:=temporal}"
: "${SQL_PASSWORD:?SQL_PASSWORD must be set}"
: "${TEMPORAL_DB:=temporal}"
: "${TEMPORAL_VISIBILITY_DB:=temporal_visibility}"
# Schema files shipped in the admin-tools image, one folder per PostgreSQL flavour.
: "${TEMPORAL_SCHEMA_DIR:=/etc/temporal/schema/postgresql/v12}"

sql_tool() {
  temporal-sql-tool \
    --plugin "$SQL_PLUGIN" \
    --endpoint "$SQL_HOST" \
    --port "$SQL_PORT" \
    --user "$SQL_USER" \
    --password "$SQL_PASSWORD" \
    "$@"
}

setup_database() {
  database="$1"
  schema_dir="$2"
  echo "temporal-admin-tools: preparing database '$database' from $schema_dir"
  # Note: -d means --disable-versioning for setup-schema but --schema-dir for
  # update-schema, so long flag names are used throughout.
  sql_tool --database "$database" setup-schema --version 0.0
  sql_tool --database "$database" update-schema --schema-dir "$schema_dir"
}

setup_database "$TEMPORAL_DB" "$TEMPORAL_SCHEMA_DIR/temporal/versioned"
setup_database "$TEMPORAL_VISIBILITY_DB" "$TEMPORAL_SCHEMA_DIR/visibility/versioned"
echo "temporal-admin-tools: schemas are up to date"
