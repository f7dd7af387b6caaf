"""The raw-topic contract: a minimal article from any producer, or the full envelope, checked field by field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from jsonschema import ValidationError

from pipeline.errors import InvalidRecord, PoisonRecord
from pipeline.extract.text import normalise_text
from pipeline.identity import article_id, site_of
from pipeline.models import RAW_SCHEMA, RawArticle, decode_json, utc_now
from pipeline.records import conforms, validator

MINIMAL_FIELDS = ("text", "url", "source", "title", "published", "language", "author", "metadata")
_LANGUAGE = re.compile(r"^(?P<code>[A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


MAX_DEPTH = 32  # deeper JSON is refused: nothing real nests this far, and recursion limits are not a reason code


def depth(value: Any, limit: int = MAX_DEPTH + 1) -> int:
    """How deeply `value` nests (lists and objects), counting no further than `limit`, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list) and level > deepest:
            deepest = level
            if level >= limit:
                return level
        if isinstance(node, dict):
            stack += [(v, level + 1) for v in node.values()]
        elif isinstance(node, list):
            stack += [(v, level + 1) for v in node]
    return deepest


def json_type(value: Any) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


def valid_date(value: str) -> bool:
    """An ISO 8601 date or date-time that exists on the calendar (2026-11-20, 2026-11-20T08:30:00Z)."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True


def _where(error: ValidationError) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(record)"


def _describe(error: ValidationError) -> Iterator[str]:
    """One line per problem, naming the field: missing, wrong type, or invalid value."""
    where, value, rule = _where(error), error.instance, error.validator_value
    if error.validator == "required":
        for name in rule:
            if isinstance(value, dict) and name not in value:
                yield f"{name}: missing"
    elif error.validator == "type":
        wanted = " or ".join(rule) if isinstance(rule, list) else rule
        yield f"{where}: expected {wanted}, got {json_type(value)}"
    elif error.validator == "minLength":
        yield f"{where}: must not be empty"
    elif error.validator == "maxLength":
        yield f"{where}: {len(value)} characters, at most {rule}"
    elif error.validator in ("pattern", "const", "enum"):
        shown = repr(value) if len(repr(value)) < 80 else repr(value)[:80] + "…"
        yield f"{where}: {shown} is not valid here ({error.message.split(' is not ')[-1][:80]})"
    elif error.validator == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {}))) if isinstance(value, dict) else []
        yield f"{where}: unexpected field(s) {', '.join(extra)}"
    else:
        yield f"{where}: {error.message[:200]}"


def problems(schema: str, record: Any) -> list[str]:
    """Every schema problem of `record`, one line each, in field order."""
    published = record.get("published") if isinstance(record, dict) else None
    if conforms(schema, record) and not (isinstance(published, str) and not valid_date(published)):
        return []
    errors = sorted(validator(schema).iter_errors(record), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    lines = [line for error in errors for line in _describe(error)]
    if isinstance(published, str) and not valid_date(published):
        lines.append(f"published: {published!r} is not a valid date")
    return lines


def _language(value: Any, field: str, lines: list[str]) -> str | None:
    if value is None or value == "":
        return None
    found = _LANGUAGE.match(value) if isinstance(value, str) else None
    if not found:
        lines.append(f"{field}: {value!r} is not an ISO 639 code such as 'fr'")
        return None
    return found["code"].lower()


def _timestamp(ms: int | None) -> str:
    if ms is None or ms <= 0:
        return utc_now()
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def check_envelope(record: dict[str, Any]) -> None:
    """The full envelope of the project's own producers: InvalidRecord listing every problem."""
    found = problems("raw_article", record)
    if found:
        raise InvalidRecord(found)


def article_from_record(record: Any, *, default_source: str, timestamp_ms: int | None = None) -> RawArticle:
    """One record from any producer → a RawArticle, with what is missing derived exactly as `newswire produce` does."""
    if isinstance(record, list):
        raise PoisonRecord(f"a JSON array of {len(record)} items; send one article per record")
    if not isinstance(record, dict):
        raise PoisonRecord(f"expected a JSON object (an article), got {json_type(record)}")
    if "schema" in record:
        if record["schema"] != RAW_SCHEMA:
            raise InvalidRecord([f"schema: {record['schema']!r} is not {RAW_SCHEMA!r} (or leave 'schema' out)"])
        check_envelope(record)
        return RawArticle(**{k: v for k, v in record.items() if k not in ("schema", "version")})
    lines = problems("article", record)
    language = _language(record.get("language"), "language", lines)
    if isinstance(record.get("text"), str) and not record["text"].strip():
        lines.append("text: only whitespace")
    if depth(record) > MAX_DEPTH:
        lines.append(f"metadata: nested deeper than {MAX_DEPTH} levels")
    if lines:
        raise InvalidRecord(lines)
    url = record.get("url") or None
    title, text = normalise_text(record.get("title") or ""), normalise_text(record["text"])
    extra = {k: v for k, v in record.items() if k not in MINIMAL_FIELDS}
    article = RawArticle(
        id=article_id(url, title, text),
        source=record.get("source") or (site_of(url) if url and site_of(url) else default_source),
        title=title,
        text=text,
        url=url,
        published=record.get("published") or None,
        language_hint=language,
        fetched_at=_timestamp(timestamp_ms),
        metadata={**extra, **(record.get("metadata") or {})},
        author=record.get("author") or None,
    )
    check_envelope(article.to_dict())  # what we built must be a valid envelope (lengths after normalisation)
    return article


def raw_from_payload(payload: bytes | str | None, *, topic: str = "", timestamp_ms: int | None = None) -> RawArticle:
    """Raw-topic bytes (any producer, any key, JSON in UTF-8/16/32) → RawArticle, or PoisonRecord with the reasons."""
    source = f"kafka:{topic or 'raw'}"
    return article_from_record(decode_json(payload), default_source=source, timestamp_ms=timestamp_ms)
