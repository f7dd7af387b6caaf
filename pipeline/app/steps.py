"""The one step each agent calls: enrich a raw payload, and turn failures into dead letters."""

from __future__ import annotations

from typing import Any

from pipeline.contract import raw_from_payload
from pipeline.errors import InvalidRecord
from pipeline.extract.enrich import enrich
from pipeline.models import DeadLetter, encode_json
from pipeline.records import validate


def enrich_payload(
    payload: bytes | None, topic: str = "", timestamp: float | None = None, passthrough: bool = False
) -> tuple[str, bytes]:
    """Raw-topic bytes → (article id, enriched-topic bytes); PoisonRecord when the payload is bad."""
    raw = raw_from_payload(payload, topic=topic, timestamp_ms=int(timestamp * 1000) if timestamp else None)
    record = enrich(raw, passthrough=passthrough)
    validate("enriched_article", record)
    return raw.id, encode_json(record)


def dead_letter_for(
    stage: str, exc: BaseException, message: Any, article_id: str | None = None, max_payload: int = 1 << 20
) -> bytes:
    """A dead-letter payload naming the stage, the error and the source topic/partition/offset."""
    key = message.key.decode("utf-8", "replace") if isinstance(message.key, bytes) else message.key
    value = message.value if isinstance(message.value, bytes) else str(message.value or "").encode("utf-8")
    letter = DeadLetter(
        stage=stage,
        error_type=getattr(exc, "error_type", type(exc).__name__),
        reason=str(exc) or type(exc).__name__,
        payload=value[:max_payload],
        payload_bytes=len(value),
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        key=key,
        article_id=article_id or key,
        problems=list(exc.problems) if isinstance(exc, InvalidRecord) else [],
    )
    return encode_json(letter.to_dict())
