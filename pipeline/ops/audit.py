"""`newswire audit`: reconcile every raw-topic record with the index and the dead letters; a gap is a lost article."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.config import Settings
from pipeline.contract import raw_from_payload
from pipeline.errors import PoisonRecord
from pipeline.index.client import make_client
from pipeline.kafka_io import make_consumer
from pipeline.ops.dead_letters import letters

Position = tuple[int, int]  # partition, offset


@dataclass
class Audit:
    """What became of the raw topic's records: indexed, dead-lettered, or missing (the only bad outcome)."""

    records: int = 0
    indexed: int = 0
    dead_lettered: int = 0
    missing: list[tuple[Position, str]] = field(default_factory=list)  # (partition, offset), article id
    articles: int = 0  # distinct article ids among the valid records (replays share one)
    extra_letters: int = 0  # dead letters of records that were also indexed (e.g. a refused replay)

    @property
    def balanced(self) -> bool:
        return not self.missing

    def render(self) -> str:
        lines = [
            f"raw records        {self.records}",
            f"  indexed          {self.indexed}  ({self.articles} distinct articles)",
            f"  dead-lettered    {self.dead_lettered}",
            f"  missing          {len(self.missing)}",
        ]
        for (partition, offset), article_id in self.missing[:20]:
            lines.append(
                f"    partition {partition} offset {offset}: article {article_id} neither indexed nor dead-lettered"
            )
        lines.append(
            "balanced: every record is indexed or dead-lettered" if self.balanced else "GAP: articles were lost"
        )
        return "\n".join(lines)


def _read(settings: Settings, topic: str) -> Iterator[Any]:
    consumer = make_consumer(settings, topic, timeout_ms=3000)
    try:
        yield from consumer
    finally:
        consumer.close()


def _dead_letters(settings: Settings) -> tuple[set[Position], set[str]]:
    """Raw positions dead-lettered at enrich, and article ids dead-lettered at index."""
    raw_positions: set[Position] = set()
    index_ids: set[str] = set()
    for found in letters(settings):
        letter = found.record
        source = letter.get("source") or {}
        if source.get("topic") == settings.topic_raw and source.get("offset") is not None:
            raw_positions.add((int(source["partition"]), int(source["offset"])))
        elif letter.get("stage") == "index" and letter.get("article_id"):
            index_ids.add(str(letter["article_id"]))
    return raw_positions, index_ids


def _indexed(settings: Settings, ids: list[str]) -> set[str]:
    es = make_client(settings)
    found: set[str] = set()
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        docs = es.mget(index=settings.index_name("articles"), ids=chunk, source=False)["docs"]
        found |= {d["_id"] for d in docs if d.get("found")}
    return found


def audit(settings: Settings) -> Audit:
    """Read the raw topic and the dead letters from the start and look every article up in the index."""
    letters, index_letters = _dead_letters(settings)
    result = Audit()
    valid: list[tuple[Position, str]] = []
    for message in _read(settings, settings.topic_raw):
        result.records += 1
        position = (message.partition, message.offset)
        try:
            article_id = raw_from_payload(message.value, topic=message.topic).id
        except PoisonRecord:
            article_id = ""
        if not article_id:
            if position in letters:
                result.dead_lettered += 1
            else:
                result.missing.append((position, "(invalid record)"))
            continue
        valid.append((position, article_id))
    indexed = _indexed(settings, sorted({a for _, a in valid}))
    result.articles = len(indexed)
    for position, article_id in valid:
        if article_id in indexed:
            result.indexed += 1
            result.extra_letters += position in letters
        elif position in letters or article_id in index_letters:
            result.dead_lettered += 1
        else:
            result.missing.append((position, article_id))
    return result
