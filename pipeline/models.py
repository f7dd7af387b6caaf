"""The records at every boundary: RawArticle, EnrichedArticle and DeadLetter, with their wire forms."""

from __future__ import annotations

import base64
import codecs
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from pipeline.errors import PoisonRecord
from pipeline.records import validate

RAW_SCHEMA = "newswire.raw_article"
ENRICHED_SCHEMA = "newswire.enriched_article"
DEAD_LETTER_SCHEMA = "newswire.dead_letter"


def utc_now(precise: bool = False) -> str:
    """Now in UTC, ISO 8601 with Z; `precise` keeps milliseconds (indexed_at, for latency measurements)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds" if precise else "seconds").replace("+00:00", "Z")


# UTF-32 first: its little-endian BOM starts with UTF-16's.
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def json_encoding(payload: bytes) -> tuple[str, int]:
    """The encoding of a JSON text and the length of its byte-order mark: UTF-8 (BOM or not), UTF-16, UTF-32."""
    for bom, name in BOMS:
        if payload.startswith(bom):
            return name, len(bom)
    # Without a BOM, JSON's first character is ASCII, so the zero bytes around it tell the encoding (RFC 4627 §3).
    head = payload[:4]
    if len(head) == 4:
        if head[:3] == b"\0\0\0":
            return "utf-32-be", 0
        if head[1:] == b"\0\0\0":
            return "utf-32-le", 0
    if len(head) >= 2:
        if head[0] == 0:
            return "utf-16-be", 0
        if head[1] == 0:
            return "utf-16-le", 0
    return "utf-8", 0


def decode_json(payload: bytes | str | None) -> Any:
    """Parse a wire payload (JSON in UTF-8, UTF-16 or UTF-32), turning every decoding failure into a PoisonRecord."""
    if payload is None or not payload.strip():
        raise PoisonRecord("empty record: no JSON value")
    try:
        if isinstance(payload, bytes):
            encoding, skip = json_encoding(payload)
            text = payload[skip:].decode(encoding)
        else:
            text = payload.removeprefix("\ufeff")
        return json.loads(text)
    except UnicodeDecodeError as exc:
        raise PoisonRecord(f"payload is not text in UTF-8, UTF-16 or UTF-32: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise PoisonRecord(f"payload is not JSON: {exc}") from exc
    except RecursionError:
        raise PoisonRecord("payload is JSON nested too deeply") from None


def encode_json(record: Any) -> bytes:
    """Compact UTF-8 JSON; orjson on the hot path (several times faster), the standard library for what it refuses
    (integers beyond 64 bits, non-string keys a producer's metadata may hold)."""
    try:
        return orjson.dumps(record)
    except TypeError:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class RawArticle:
    """An article as scraped or read from a file, before any enrichment."""

    id: str
    source: str
    title: str
    text: str
    url: str | None = None
    published: str | None = None
    language_hint: str | None = None
    fetched_at: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    author: str | None = None
    site_name: str | None = None
    duplicate_of: str | None = None  # the first-seen copy of the same story (near-duplicate detection)
    comments: list[str] = field(default_factory=list)  # reader comments, never part of `text`

    def to_dict(self) -> dict[str, Any]:
        return {"schema": RAW_SCHEMA, "version": 1, **asdict(self)}

    @classmethod
    def from_dict(cls, record: Any) -> RawArticle:
        validate("raw_article", record)
        body = {k: v for k, v in record.items() if k not in ("schema", "version")}
        return cls(**body)


def _decode_cut(payload: bytes) -> str:
    """UTF-8 cut at an arbitrary byte: a partial last character (at most 3 bytes) is dropped, anything else raises."""
    for drop in range(4):
        try:
            return payload[: len(payload) - drop].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return payload.decode("utf-8")


@dataclass(frozen=True)
class DeadLetter:
    """A record a stage gave up on, with the reason and where it came from; the payload is kept whole."""

    stage: str
    error_type: str
    reason: str
    payload: bytes
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    key: str | None = None
    article_id: str | None = None
    problems: list[str] = field(default_factory=list)  # one line per field for a record that breaks its schema
    payload_bytes: int | None = None  # the original size when `payload` was cut to the dead-letter limit
    failed_at: str = field(default_factory=utc_now)

    def to_dict(self) -> dict[str, Any]:
        truncated = self.payload_bytes is not None and self.payload_bytes > len(self.payload)
        try:
            # A cut may split a character: ignore only the partial one at the very end.
            payload = self.payload.decode("utf-8") if not truncated else _decode_cut(self.payload)
            encoding = "utf-8"
        except UnicodeDecodeError:
            payload, encoding = base64.b64encode(self.payload).decode("ascii"), "base64"
        record = {
            "schema": DEAD_LETTER_SCHEMA,
            "version": 1,
            "stage": self.stage,
            "error_type": self.error_type,
            "reason": self.reason,
            "problems": self.problems,
            "article_id": self.article_id,
            "source": {"topic": self.topic, "partition": self.partition, "offset": self.offset},
            "key": self.key,
            "payload": payload,
            "payload_encoding": encoding,
            "payload_truncated": truncated,
            "payload_bytes": self.payload_bytes if self.payload_bytes is not None else len(self.payload),
            "failed_at": self.failed_at,
        }
        validate("dead_letter", record)
        return record


def enriched_from_payload(payload: bytes | str) -> dict[str, Any]:
    """Decode and validate an enriched-topic payload (kept as a plain dict: it goes straight to documents)."""
    record = decode_json(payload)
    if not isinstance(record, dict) or record.get("schema") != ENRICHED_SCHEMA:
        raise PoisonRecord(f"not a {ENRICHED_SCHEMA} record")
    validate("enriched_article", record)
    return record
