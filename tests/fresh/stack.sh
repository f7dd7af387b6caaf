#!/usr/bin/env bash
# A fresh machine's stack: empty cache, empty state, empty Maven repository, other ports; fetch, verify, start,
# run the end-to-end test against it, then stop it and remove everything. Run by `make test-fresh` and CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.venv/bin}
scratch=$(mktemp -d /tmp/newswire-fresh.XXXXXX)
chmod 755 "$scratch"  # Elasticsearch runs as an unprivileged user when root starts it: it must traverse this
export NEWSWIRE_CACHE_DIR=$scratch/cache NEWSWIRE_STATE_DIR=$scratch/state NEWSWIRE_MAVEN_REPO_LOCAL=$scratch/m2
export NEWSWIRE_KAFKA_PORT=29092 NEWSWIRE_KAFKA_CONTROLLER_PORT=29093 NEWSWIRE_ES_PORT=29200 NEWSWIRE_ES_TRANSPORT_PORT=29300
mkdir -p "$NEWSWIRE_CACHE_DIR" "$NEWSWIRE_STATE_DIR" "$NEWSWIRE_MAVEN_REPO_LOCAL"
chmod 755 "$NEWSWIRE_CACHE_DIR" "$NEWSWIRE_STATE_DIR"
cleanup() { "$BIN/newswire" stack down >/dev/null 2>&1 || true; rm -rf "$scratch"; }
trap cleanup EXIT
start=$(date +%s)
"$BIN/newswire" stack up
echo "fresh stack: fetched, verified against the lock and started in $(( $(date +%s) - start )) s"
test -n "$(ls -A "$NEWSWIRE_MAVEN_REPO_LOCAL")" || { echo "the fetch did not go through the empty Maven repository"; exit 1; }
"$BIN/pytest" -q -p no:cacheprovider tests/integration/test_end_to_end.py
