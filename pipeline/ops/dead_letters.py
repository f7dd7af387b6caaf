"""`newswire dlq list|show|redrive`: read the dead-letter topic and send chosen records back to be tried again."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.config import Settings
from pipeline.kafka_io import make_consumer, make_producer


@dataclass(frozen=True)
class Letter:
    """One dead letter with its own position on the dead-letter topic."""

    partition: int
    offset: int
    record: dict[str, Any]

    @property
    def ref(self) -> str:
        return f"{self.partition}:{self.offset}"

    @property
    def stage(self) -> str:
        return str(self.record.get("stage", "?"))

    @property
    def reason(self) -> str:
        return str(self.record.get("reason", ""))

    def payload(self) -> bytes:
        raw = self.record.get("payload", "")
        return base64.b64decode(raw) if self.record.get("payload_encoding") == "base64" else raw.encode("utf-8")

    def line(self) -> str:
        source = self.record.get("source") or {}
        where = f"{source.get('topic')}[{source.get('partition')}]@{source.get('offset')}"
        first = self.reason.splitlines()[0] if self.reason else ""
        return f"{self.ref:<10} {self.stage:<8} {self.record.get('error_type', '?'):<22} {where:<32} {first[:100]}"


def letters(settings: Settings, stage: str | None = None, reason: str | None = None) -> Iterator[Letter]:
    """Every dead letter from the start, filtered by stage and by a substring of the reason."""
    consumer = make_consumer(settings, settings.topic_dlq, timeout_ms=3000)
    try:
        for message in consumer:
            try:
                record = json.loads(message.value)
            except (ValueError, TypeError):
                continue
            letter = Letter(message.partition, message.offset, record)
            if stage and letter.stage != stage:
                continue
            if reason and reason.lower() not in letter.reason.lower():
                continue
            yield letter
    finally:
        consumer.close()


def target_topic(settings: Settings, letter: Letter) -> str:
    """Where a letter goes back to: its source topic (raw for produce/enrich, enriched for index)."""
    source = (letter.record.get("source") or {}).get("topic")
    if source in (settings.topic_raw, settings.topic_enriched):
        return str(source)
    return settings.topic_enriched if letter.stage == "index" else settings.topic_raw


def redrive(settings: Settings, chosen: list[Letter]) -> tuple[int, list[str]]:
    """Send each chosen letter's original payload back to its topic, confirmed; letters cut short are refused."""
    producer = make_producer(settings)
    sent, refused, futures = 0, [], []
    try:
        for letter in chosen:
            if letter.record.get("payload_truncated"):
                refused.append(f"{letter.ref}: payload was cut to the dead-letter limit; fix and produce it yourself")
                continue
            key = letter.record.get("key")
            futures.append(producer.send(target_topic(settings, letter), key=key.encode() if key else None,
                                         value=letter.payload()))  # fmt: skip
        producer.flush()
        for future in futures:
            future.get(timeout=60)
            sent += 1
    finally:
        producer.close()
    return sent, refused
