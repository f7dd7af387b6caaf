"""enrich(raw) -> enriched record: the one function the enrich agent calls."""

from __future__ import annotations

from typing import Any

from pipeline.extract.claims import claim_record, find_claims
from pipeline.extract.dates import find_dates
from pipeline.extract.entities import find_mentions, group_entities
from pipeline.extract.events import event_record, find_events
from pipeline.extract.language import UNDETERMINED, detect_language
from pipeline.extract.lexicon import LANGUAGES, cues
from pipeline.extract.segment import comments_start, sentences
from pipeline.extract.text import normalise_text
from pipeline.models import ENRICHED_SCHEMA, RawArticle, utc_now

EXTRACTOR_VERSION = "0.5.0"
# Extraction reads at most this much of a text (all of it is indexed): a 2 MB article must not stall a worker.
EXTRACTED_CHARS = 100_000
SUPPORTED_LANGUAGES = frozenset(LANGUAGES)
PASSTHROUGH: dict[str, Any] = {
    "comments_start": None,
    "entities": [],
    "events": [],
    "claims": [],
    "extraction": {"supported": False, "reason": "passthrough: extraction turned off (NEWSWIRE_PASSTHROUGH)"},
}


def extract(title: str, text: str, language: str, published: str | None) -> dict[str, Any]:
    """Entities, events and claims of one article; offsets point into `text` (or `title` where field is title)."""
    supported = language in SUPPORTED_LANGUAGES
    lexicon = cues(language) if supported else None
    comments_from = comments_start(text, lexicon)
    mentions = find_mentions(title, "title") + find_mentions(text, "text")
    result: dict[str, Any] = {
        "comments_start": comments_from,
        "entities": group_entities(mentions, comments_from),
        "events": [],
        "claims": [],
        "extraction": {"supported": supported, "reason": None if supported else f"language {language!r} not covered"},
    }
    if lexicon is None:
        return result
    split = sentences(text)
    claims = find_claims(text, split, mentions, lexicon, comments_from)
    events = find_events(text, split, mentions, find_dates(text, published), claims, lexicon, published)
    result["claims"] = [claim_record(text, c, comments_from) for c in claims]
    result["events"] = [event_record(text, e, comments_from) for e in events]
    return result


def enrich(raw: RawArticle, passthrough: bool = False) -> dict[str, Any]:
    """Language, normalised text and extraction for one article (passthrough: neither, the benchmark's baseline)."""
    title, text = normalise_text(raw.title), normalise_text(raw.text)
    language = UNDETERMINED if passthrough else detect_language(text, title=title, hint=raw.language_hint)
    found = PASSTHROUGH if passthrough else extract(title, text[:EXTRACTED_CHARS], language.code, raw.published)
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
        "author": raw.author,
        "site_name": raw.site_name,
        "duplicate_of": raw.duplicate_of,
        "comments": raw.comments,
        "language": {"code": language.code, "confidence": language.confidence},
        **found,
        "extraction": {**found["extraction"], "truncated_at": EXTRACTED_CHARS if len(text) > EXTRACTED_CHARS else None},
        "extractor_version": EXTRACTOR_VERSION,
        "enriched_at": utc_now(),
    }
