#!/bin/sh
# One-shot run by the `temporal-namespace` service once the server is up:
# registers SARP's namespace and the custom search attributes its workflows
# upsert (SarpStage, SarpUrgency, SarpPlacementModel, SarpHasBreach).
# Safe to run again: an existing namespace or attribute is left as it is.
# POSIX sh on purpose: newer admin-tools images are plain Alpine without bash.
set -eu

: "${TEMPORAL_ADDRESS:=temporal:7233}"
: "${TEMPORAL_NAMESPACE:=default}"
# Retention applies to *closed* workflows only; auditors replay histories, so
# keep them a while. Pathways themselves stay open for months or years.
: "${TEMPORAL_NAMESPACE_RETENTION:=720h}"
: "${TEMPORAL_WAIT_SECONDS:=180}"

retry_until() {
  # retry_until <what> <command...>: runs the command every second until it
  # succeeds or TEMPORAL_WAIT_SECONDS have passed.
  what="$1"
  shift
  waited=0
  until "$@" >/dev/null 2>&1; do
    waited=$((waited + 1))
    if [ "$waited" -ge "$TEMPORAL_WAIT_SECONDS" ]; then
      echo "temporal-namespace: gave up waiting for $what after ${TEMPORAL_WAIT_SECONDS}s" >&2
      "$@" || true
      exit 1
    fi
    sleep 1
  done
}

cluster_serving() {
  temporal operator cluster health --address "$TEMPORAL_ADDRESS" | grep -q SERVING
}

namespace_exists() {
  temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE"
}

search_attributes_readable() {
  temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE"
}

add_search_attribute() {
  name="$1"
  type="$2"
  if temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" \
      --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type"; then
    echo "temporal-namespace: search attribute $name ($type) registered"
  elif search_attributes_readable 2>/dev/null | grep -qw "$name"; then
    # "already exists" is fine: this script runs on every `docker compose up`.
    echo "temporal-namespace: search attribute $name already registered"
  else
    echo "temporal-namespace: could not register search attribute $name ($type)" >&2
    return 1
  fi
}

echo "temporal-namespace: waiting for Temporal at $TEMPORAL_ADDRESS"
retry_until "the Temporal server" cluster_serving

if namespace_exists >/dev/null 2>&1; then
  echo "temporal-namespace: namespace '$TEMPORAL_NAMESPACE' already registered"
else
  echo "temporal-namespace: registering namespace '$TEMPORAL_NAMESPACE' (retention $TEMPORAL_NAMESPACE_RETENTION)"
  # A concurrent registration makes create fail; describe settles it below.
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" \
    --namespace "$TEMPORAL_NAMESPACE" --retention "$TEMPORAL_NAMESPACE_RETENTION" \
    --description "SARP pathways" || true
  retry_until "namespace '$TEMPORAL_NAMESPACE'" namespace_exists
fi

# A new namespace takes a few seconds to reach every frontend's cache.
retry_until "the search attributes of '$TEMPORAL_NAMESPACE'" search_attributes_readable

add_search_attribute SarpStage Keyword
add_search_attribute SarpUrgency Keyword
add_search_attribute SarpPlacementModel Keyword
add_search_attribute SarpHasBreach Bool

echo "temporal-namespace: done"
