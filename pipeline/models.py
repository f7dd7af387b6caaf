"""The records at every boundary: RawArticle, EnrichedArticle and DeadLetter, with their wire forms."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline.errors import PoisonRecord
from pipeline.records import validate

RAW_SCHEMA = "newswire.raw_article"
ENRICHED_SCHEMA = "newswire.enriched_article"
DEAD_LETTER_SCHEMA = "newswire.dead_letter"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def decode_json(payload: bytes | str) -> Any:
    """Parse a wire payload, turning every decoding failure into a PoisonRecord."""
    try:
        text = payload.decode("utf-8") if isinstance(payload, bytes) else payload
        return json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PoisonRecord(f"payload is not UTF-8 JSON: {exc}") from exc


def encode_json(record: dict[str, Any]) -> bytes:
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
    failed_at: str = field(default_factory=utc_now)

    def to_dict(self) -> dict[str, Any]:
        try:
            payload, encoding = self.payload.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            payload, encoding = base64.b64encode(self.payload).decode("ascii"), "base64"
        record = {
            "schema": DEAD_LETTER_SCHEMA,
            "version": 1,
            "stage": self.stage,
            "error_type": self.error_type,
            "reason": self.reason,
            "article_id": self.article_id,
            "source": {"topic": self.topic, "partition": self.partition, "offset": self.offset},
            "key": self.key,
            "payload": payload,
            "payload_encoding": encoding,
            "failed_at": self.failed_at,
        }
        validate("dead_letter", record)
        return record


def raw_from_payload(payload: bytes | str) -> RawArticle:
    """Decode and validate a raw-topic payload; PoisonRecord when it is not a valid RawArticle."""
    record = decode_json(payload)
    if not isinstance(record, dict) or record.get("schema") != RAW_SCHEMA:
        raise PoisonRecord(f"not a {RAW_SCHEMA} record")
    return RawArticle.from_dict(record)


def enriched_from_payload(payload: bytes | str) -> dict[str, Any]:
    """Decode and validate an enriched-topic payload (kept as a plain dict: it goes straight to documents)."""
    record = decode_json(payload)
    if not isinstance(record, dict) or record.get("schema") != ENRICHED_SCHEMA:
        raise PoisonRecord(f"not a {ENRICHED_SCHEMA} record")
    validate("enriched_article", record)
    return record
