#!/usr/bin/env bash
# The package as a package: build the wheel, install it into a new virtualenv outside the checkout, and use it from
# there (version, settings, schemas, templates, lock, lexicons, and extraction of a French sample). Run by
# `make test-wheel` and CI.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-python3}
scratch=$(mktemp -d /tmp/newswire-wheel.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
"$PYTHON" -m pip wheel -q --no-deps -w "$scratch/dist" "$root" 2>&1 | grep -v -i warning || true
"$PYTHON" -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install -q "$scratch"/dist/newswire-*.whl
sample=$(ls "$root"/../shared/samples/*.txt 2>/dev/null | head -1 || true)
sample=${sample:-$root/samples/fr_sommet_geneve.txt}
cp "$sample" "$scratch/article.txt"
cd "$scratch"  # nothing of the checkout is importable from here
"$scratch/venv/bin/newswire" --version
"$scratch/venv/bin/newswire" config >/dev/null
"$scratch/venv/bin/python" - "$scratch/article.txt" <<'PY'
import json, subprocess, sys
from pathlib import Path
import pipeline
from pipeline.records import load_schema, SCHEMA_FILES
from pipeline.index.templates import template_for
from pipeline.stack.lock import read_lock
from pipeline.config import load_settings
from pipeline.extract.lexicon import LANGUAGES, cues

assert "site-packages" in pipeline.__file__, pipeline.__file__
for name in SCHEMA_FILES:
    load_schema(name)
for kind in ("articles", "events", "claims"):
    template_for("newswire-", kind, {})
assert read_lock(load_settings())
for lang in LANGUAGES:
    cues(lang)
out = subprocess.run([str(Path(sys.executable).parent / "newswire"), "extract", sys.argv[1]],
                     capture_output=True, text=True, check=True).stdout
record = json.loads(out.splitlines()[0])
assert record["language"]["code"] == "fr", record["language"]
assert len(record["claims"]) >= 1, "no claim extracted"
print(f"wheel ok: installed in {Path(pipeline.__file__).parent}, extract gave fr with {len(record['claims'])} claims")
PY
