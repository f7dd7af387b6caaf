"""Pure mapping from an enriched record to Elasticsearch bulk actions for the three indices."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pipeline.models import utc_now

# Languages that elide articles before a vowel; for the others the elision pass (8% of a worker's time) is skipped.
ELIDING = frozenset({"fr", "it", "ca", "oc", "und"})


# French/Italian elision (l’Ukraine, qu’il): the minimal cluster has no elision filter, so the standard tokenizer
# would index "l’ukraine" as one word; spacing the apostrophe keeps every offset unchanged. The rule is "a word of
# one or two letters (or qu, jusqu, lorsqu, puisqu) before an apostrophe before a letter", read back from each
# apostrophe: apostrophes are rare and word boundaries everywhere, so this is ~10x faster than one regex over the
# text (the index agent's largest own cost in a profile; tests/unit/test_documents.py checks both agree).
_APOSTROPHE = re.compile(r"['’](?=\w)")
_ELIDED_BEFORE = re.compile(r"(?:^|\W)(?:\w{1,2}|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)\Z")


def searchable(text: str, language: str = "und") -> str:
    """Text for the search-only field: same length, elided articles split from their word."""
    if language not in ELIDING or ("'" not in text and "’" not in text):
        return text
    parts, last = [], 0
    for found in _APOSTROPHE.finditer(text):
        at = found.start()
        if _ELIDED_BEFORE.search(text, max(0, at - 8), at):
            parts += [text[last:at], " "]
            last = at + 1
    return "".join(parts) + text[last:] if parts else text


def es_date(value: str | None) -> str | None:
    """ISO date/datetime as Elasticsearch's default date format accepts it (a 'T', not a space)."""
    return value.replace(" ", "T", 1) if value else None


def _names(entities: list[dict[str, Any]], *types: str) -> list[str]:
    return sorted({e["name"] for e in entities if not types or e["type"] in types})


def timeline(record: dict[str, Any]) -> str | None:
    """The time Kibana files a document under: its publication, else when it was fetched, else enriched.

    Timing views by `published` alone would hide every undated article and all its events and claims.
    """
    return es_date(record.get("published")) or es_date(record.get("fetched_at")) or es_date(record.get("enriched_at"))


def article_document(record: dict[str, Any], indexed_at: str) -> dict[str, Any]:
    entities = record["entities"]
    return {
        "article_id": record["id"],
        "url": record.get("url"),
        "source": record["source"],
        "title": record["title"],
        "text": record["text"],
        "search_text": searchable(f"{record['title']}\n{record['text']}", record["language"]["code"]),
        "published": es_date(record.get("published")),
        "timeline": timeline(record),
        "language": record["language"],
        "language_hint": record.get("language_hint"),
        "comments_start": record.get("comments_start"),
        "entities": entities,
        "entity_names": _names(entities),
        "persons": _names(entities, "PERSON"),
        "organisations": _names(entities, "ORG"),
        "places": _names(entities, "GPE", "LOC"),
        "event_types": sorted({e["type"] for e in record["events"]}),
        "speakers": sorted({c["speaker"]["name"] for c in record["claims"] if c.get("speaker")}),
        "events": record["events"],
        "claims": record["claims"],
        "event_count": len(record["events"]),
        "claim_count": len(record["claims"]),
        "extraction_supported": record["extraction"]["supported"],
        "extractor_version": record["extractor_version"],
        "fetched_at": es_date(record.get("fetched_at")),
        "author": record.get("author"),
        "site_name": record.get("site_name"),
        "duplicate_of": record.get("duplicate_of"),
        "comments": record.get("comments") or [],
        "comment_count": len(record.get("comments") or []),
        "enriched_at": es_date(record["enriched_at"]),
        "indexed_at": indexed_at,
    }


def _context(record: dict[str, Any], item: int, indexed_at: str) -> dict[str, Any]:
    return {
        "article_id": record["id"],
        "item": item,
        "url": record.get("url"),
        "source": record["source"],
        "title": record["title"],
        "language": record["language"]["code"],
        "published": es_date(record.get("published")),
        "timeline": timeline(record),
        "extractor_version": record["extractor_version"],
        "duplicate_of": record.get("duplicate_of"),
        "indexed_at": indexed_at,
    }


def event_document(record: dict[str, Any], item: int, event: dict[str, Any], indexed_at: str) -> dict[str, Any]:
    location, when, evidence = event.get("location"), event.get("date"), event["evidence"]
    return {
        **_context(record, item, indexed_at),
        "type": event["type"],
        "status": event["status"],
        "actor_ids": [a["id"] for a in event["actors"]],
        "actors": [a["name"] for a in event["actors"]],
        "location_id": location["id"] if location else None,
        "location": location["name"] if location else None,
        "event_date": when["value"] if when else None,
        "date_precision": when["precision"] if when else None,
        "date_inferred": bool(when.get("inferred")) if when else False,
        "evidence": evidence["text"],
        "evidence_start": evidence["start"],
        "evidence_end": evidence["end"],
        "evidence_field": evidence.get("field", "text"),
        "in_comments": bool(event.get("in_comments")),
        "confidence": event["confidence"],
    }


def entities_within(record: dict[str, Any], start: int, end: int, field: str = "text") -> list[dict[str, Any]]:
    """The entities with a mention inside [start, end) of `field`: what a claim is about."""
    found = []
    for entity in record["entities"]:
        for mention in entity.get("mentions") or []:
            if mention.get("field", "text") == field and start <= mention["start"] and mention["end"] <= end:
                found.append(entity)
                break
    return found


def claim_document(record: dict[str, Any], item: int, claim: dict[str, Any], indexed_at: str) -> dict[str, Any]:
    speaker, mention, cue, content = (
        claim.get("speaker"),
        claim.get("speaker_mention"),
        claim.get("cue"),
        claim["content"],
    )
    about = entities_within(record, content["start"], content["end"], content.get("field", "text"))
    return {
        **_context(record, item, indexed_at),
        "speaker_id": speaker["id"] if speaker else None,
        "speaker": speaker["name"] if speaker else None,
        "speaker_mention": mention["text"] if mention else None,
        # Who the claim is about: entities named inside its content ("claims by X about Y"), the speaker excluded.
        "about_ids": [e["id"] for e in about if not speaker or e["id"] != speaker["id"]],
        "about": [e["name"] for e in about if not speaker or e["id"] != speaker["id"]],
        "cue": cue["text"] if cue else None,
        "content": content["text"],
        "content_start": content["start"],
        "content_end": content["end"],
        "content_field": content.get("field", "text"),
        "kind": claim["kind"],
        "hedged": claim["hedged"],
        "in_comments": bool(claim.get("in_comments")),
        "confidence": claim["confidence"],
    }


def bulk_actions(
    record: dict[str, Any], indices: dict[str, str], indexed_at: str | None = None
) -> Iterator[dict[str, Any]]:
    """Index actions with deterministic ids (article id, article id:item), so a replay overwrites.

    The article remembers which indices its items went to (`items_in`): after a rollover its next write finds them.
    """
    now = indexed_at or utc_now(precise=True)
    article_id = record["id"]
    article = article_document(record, now) | {"items_in": {"events": indices["events"], "claims": indices["claims"]}}
    yield {"_index": indices["articles"], "_id": article_id, "_source": article}
    for i, event in enumerate(record["events"]):
        yield {
            "_index": indices["events"],
            "_id": f"{article_id}:{i}",
            "_source": event_document(record, i, event, now),
        }
    for i, claim in enumerate(record["claims"]):
        yield {
            "_index": indices["claims"],
            "_id": f"{article_id}:{i}",
            "_source": claim_document(record, i, claim, now),
        }


def doc_version(record: dict[str, Any]) -> int:
    """Orders writes of one article: extractor version first, then fetch time (seconds); a replay ties, and wins.

    Written with version_type external_gte, so an older extractor (a worker left over from a rolling deploy, a
    replay of an old enriched topic) can never overwrite or delete what a newer one wrote.
    """
    parts = [int(p) if p.isdigit() else 0 for p in str(record.get("extractor_version", "0")).split(".")[:3]]
    major, minor, patch = (parts + [0, 0, 0])[:3]
    fetched = record.get("fetched_at")
    try:
        seconds = int(datetime.fromisoformat(str(fetched).replace("Z", "+00:00")).timestamp()) if fetched else 0
    except ValueError:
        seconds = 0
    return (major * 1_000_000 + minor * 1_000 + patch) * 10**10 + max(0, min(seconds, 10**10 - 1))


def stale_item_deletes(
    record: dict[str, Any], indices: dict[str, str], stored_counts: dict[str, int]
) -> list[dict[str, Any]]:
    """Delete actions for the items a previous write had beyond this one's counts (ids are <article>:<n>)."""
    deletes = []
    for kind in ("events", "claims"):
        for i in range(len(record[kind]), stored_counts.get(kind, 0)):
            deletes.append({"_op": "delete", "_index": indices[kind], "_id": f"{record['id']}:{i}"})
    return deletes


def copy_deletes(article_id: str, where: dict[str, str], counts: dict[str, int]) -> list[dict[str, Any]]:
    """Delete actions for an article's copy in other indices (an older template version) and its items there."""
    deletes = [{"_op": "delete", "_index": where["articles"], "_id": article_id}]
    for kind in ("events", "claims"):
        deletes += [{"_op": "delete", "_index": where[kind], "_id": f"{article_id}:{i}"} for i in range(counts[kind])]
    return deletes


def operation(action: dict[str, Any]) -> dict[str, Any]:
    """The bulk API's action line of one action; a versioned action carries an external_gte version."""
    meta: dict[str, Any] = {"_index": action["_index"], "_id": action["_id"]}
    if "_version" in action:
        meta.update(version=action["_version"], version_type="external_gte")
    return {action.get("_op", "index"): meta}


# Statuses that will never succeed on retry: the document itself is wrong.
POISON_STATUSES = frozenset({400, 404, 409, 413})


def classify_bulk_items(items: list[dict[str, Any]]) -> tuple[list[int], dict[int, str]]:
    """Split a bulk response's items into (positions to retry, {position: reason} for poison documents)."""
    retry: list[int] = []
    poison: dict[int, str] = {}
    for position, item in enumerate(items):
        result = next(iter(item.values()))
        status = int(result.get("status", 500))
        if status < 300:
            continue
        kind = next(iter(item))
        error_type = (result.get("error") or {}).get("type") if isinstance(result.get("error"), dict) else None
        # A newer write already there (version conflict), or an old item already gone: the work is done.
        if error_type == "version_conflict_engine_exception" or (kind == "delete" and status == 404):
            continue
        error = result.get("error") or {}
        detail = f"{error.get('type', 'error')}: {error.get('reason', '')}" if isinstance(error, dict) else str(error)
        reason = f"HTTP {status} {detail}"
        if status in POISON_STATUSES:
            poison[position] = reason
        else:
            retry.append(position)
    return retry, poison
