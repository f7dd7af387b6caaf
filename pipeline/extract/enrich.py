"""enrich(raw) -> enriched record: the one function the enrich agent calls."""

from __future__ import annotations

from typing import Any

from pipeline.extract.language import detect_language
from pipeline.extract.text import normalise_text
from pipeline.models import ENRICHED_SCHEMA, RawArticle, utc_now

EXTRACTOR_VERSION = "0.1.0"
SUPPORTED_LANGUAGES = frozenset({"en", "fr", "de", "es", "ru", "uk"})


def enrich(raw: RawArticle) -> dict[str, Any]:
    """Language and normalised text for one article; offsets of later items point into this `text`."""
    title, text = normalise_text(raw.title), normalise_text(raw.text)
    language = detect_language(f"{title}\n{text}" if title else text)
    supported = language.code in SUPPORTED_LANGUAGES
    return {
        "schema": ENRICHED_SCHEMA,
        "version": 1,
        "id": raw.id,
        "url": raw.url,
        "source": raw.source,
        "title": title,
        "text": text,
        "published": raw.published,
        "language_hint": raw.language_hint,
        "fetched_at": raw.fetched_at,
        "metadata": raw.metadata,
        "language": {"code": language.code, "confidence": language.confidence},
        "comments_start": None,
        "entities": [],
        "events": [],
        "claims": [],
        "extraction": {
            "supported": supported,
            "reason": None if supported else f"language {language.code!r} not covered",
        },
        "extractor_version": EXTRACTOR_VERSION,
        "enriched_at": utc_now(),
    }
