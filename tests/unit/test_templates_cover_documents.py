"""Every field a document can carry is mapped: the templates are strict, so a field they lack is a refused article."""

import json
from pathlib import Path

import pytest

from pipeline.extract.enrich import enrich
from pipeline.index.documents import bulk_actions
from pipeline.index.templates import template_for
from pipeline.models import RawArticle

ROOT = Path(__file__).resolve().parents[2]
INDICES = {"articles": "articles", "events": "events", "claims": "claims"}


def _articles() -> list[RawArticle]:
    found = []
    for path in sorted((ROOT / "eval").glob("gold_*.jsonl")):
        for line in path.read_text().splitlines()[:4]:
            item = json.loads(line)
            title, text = item.get("title") or "", item["text"]
            found.append(RawArticle(id=f"{len(found):032x}", source="t", title=title, text=text,
                                    published=item.get("published"), fetched_at="2026-01-01T00:00:00Z"))  # fmt: skip
    return found


def _unmapped(value, mapping: dict, path: str) -> list[str]:
    missing = []
    for key, inner in value.items():
        spec = mapping.get(key)
        if spec is None:
            missing.append(f"{path}{key}")
        elif spec.get("enabled") is False:
            continue
        elif "properties" in spec:
            for item in inner if isinstance(inner, list) else [inner]:
                if isinstance(item, dict):
                    missing += _unmapped(item, spec["properties"], f"{path}{key}.")
    return missing


@pytest.mark.parametrize("kind", ["articles", "events", "claims"])
def test_every_document_field_is_in_the_template(kind):
    mapping = template_for("t-", kind, {})["template"]["mappings"]["properties"]
    seen = 0
    for article in _articles():
        for action in bulk_actions(enrich(article), INDICES):
            if action["_index"] == kind:
                seen += 1
                assert _unmapped(action["_source"], mapping, "") == []
    assert seen
