#!/usr/bin/env bash
# Extraction measured on text the project did not write: the shared dev set (54 real articles, six languages) and
# PolNeAR dev (English attributions), each with its shared scorer. Run by `make eval`; needs ../shared beside the
# checkout, and says so when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
SHARED=${SHARED:-../shared}
out=$(mktemp -d /tmp/newswire-eval.XXXXXX)
trap 'rm -rf "$out"' EXIT
if [ -f "$SHARED/dev/score.py" ]; then
  echo "== dev set: $SHARED/dev (real articles, annotated by others)"
  "$BIN/newswire" extract --jsonl "$SHARED/dev/input.jsonl" > "$out/dev.jsonl"
  python3 "$SHARED/dev/score.py" "$out/dev.jsonl"
else
  echo "== dev set: $SHARED/dev not found; skipped"
fi
polnear="$SHARED/corpora/claims"
if [ -f "$polnear/score_polnear.py" ]; then
  echo "== PolNeAR dev (English attributions)"
  python3 "$polnear/score_polnear.py" --input "$polnear/polnear_dev.jsonl.gz" > "$out/polnear_in.jsonl"
  "$BIN/newswire" extract --jsonl "$out/polnear_in.jsonl" > "$out/polnear_out.jsonl"
  python3 "$polnear/score_polnear.py" "$polnear/polnear_dev.jsonl.gz" "$out/polnear_out.jsonl"
fi
