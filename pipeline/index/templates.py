"""Versioned index templates from schemas/elasticsearch, with language sub-fields only where the cluster has them."""

from __future__ import annotations

import copy
import json
from typing import Any

from pipeline.records import schema_dir

KINDS = ("articles", "events", "claims")
TEMPLATE_VERSION = 1
# ISO 639-1 → the built-in analyzer a full Elasticsearch distribution (analysis-common) provides.
LANGUAGE_ANALYZERS = {
    "fr": "french", "en": "english", "de": "german", "es": "spanish", "ru": "russian",
    "it": "italian", "pt": "portuguese", "nl": "dutch",
}  # fmt: skip


def load_template_body(kind: str) -> dict[str, Any]:
    path = schema_dir() / "elasticsearch" / f"{kind}.v{TEMPLATE_VERSION}.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    body.pop("_comment", None)
    return body  # type: ignore[no-any-return]


def concrete_index(prefix: str, kind: str) -> str:
    return f"{prefix}{kind}-v{TEMPLATE_VERSION}"


def template_for(prefix: str, kind: str, analyzers: dict[str, str]) -> dict[str, Any]:
    """A composable index template for one kind; `analyzers` maps language codes to available analyzers."""
    body = copy.deepcopy(load_template_body(kind))
    props = body["template"]["mappings"]["properties"]
    if kind == "articles" and analyzers:
        for name in ("title", "text"):
            sub = props[name].setdefault("fields", {})
            for code, analyzer in analyzers.items():
                sub[code] = {"type": "text", "analyzer": analyzer}
    return {
        "index_patterns": [f"{prefix}{kind}-v*"],
        "priority": 200,
        "version": TEMPLATE_VERSION,
        "template": body["template"],
        "_meta": {"managed_by": "newswire"},
    }
