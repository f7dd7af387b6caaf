"""`newswire audit`: reconcile every raw-topic record with the index and the dead letters; a gap is a lost article."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.config import Settings
from pipeline.contract import raw_from_payload
from pipeline.errors import PoisonRecord
from pipeline.index.client import make_client
from pipeline.index.layout import mget_request, read_layouts
from pipeline.kafka_io import make_consumer
from pipeline.ops.dead_letters import letters

Position = tuple[int, int]  # partition, offset


@dataclass
class PartitionCounts:
    records: int = 0
    first_offset: int | None = None
    last_offset: int | None = None
    indexed: int = 0
    dead_lettered: int = 0
    missing: int = 0


@dataclass
class Audit:
    """What became of the raw topic's records: indexed, dead-lettered, or missing (the only bad outcome); and
    whether the events and claims indices hold exactly the items their articles announce."""

    records: int = 0
    indexed: int = 0
    dead_lettered: int = 0
    missing: list[tuple[Position, str]] = field(default_factory=list)  # (partition, offset), article id
    articles: int = 0  # distinct article ids among the valid records (replays share one)
    extra_letters: int = 0  # dead letters of records that were also indexed (e.g. a refused replay)
    partitions: dict[int, PartitionCounts] = field(default_factory=dict)
    items: int = 0  # event and claim documents of the audited articles
    stale_items: list[str] = field(default_factory=list)  # item ids beyond their article's count (left behind)
    missing_items: list[str] = field(default_factory=list)  # item ids the article announces but the index lacks

    @property
    def balanced(self) -> bool:
        return not self.missing and not self.stale_items and not self.missing_items

    def partition(self, number: int, offset: int) -> PartitionCounts:
        counts = self.partitions.setdefault(number, PartitionCounts())
        counts.records += 1
        counts.first_offset = offset if counts.first_offset is None else min(counts.first_offset, offset)
        counts.last_offset = offset if counts.last_offset is None else max(counts.last_offset, offset)
        return counts

    def render(self) -> str:
        lines = ["partition  offsets          records  indexed  dead-lettered  missing"]
        for number, c in sorted(self.partitions.items()):
            span = f"{c.first_offset}-{c.last_offset}"
            lines.append(f"{number:>9}  {span:<15} {c.records:>8} {c.indexed:>8} {c.dead_lettered:>14} {c.missing:>8}")
        lines += [
            f"raw records        {self.records}",
            f"  indexed          {self.indexed}  ({self.articles} distinct articles)",
            f"  dead-lettered    {self.dead_lettered}",
            f"  missing          {len(self.missing)}",
            f"event and claim documents {self.items}: stale {len(self.stale_items)}, "
            f"missing {len(self.missing_items)} (one document per id: no duplicate can exist)",
        ]
        for (partition, offset), article_id in self.missing[:20]:
            lines.append(
                f"    partition {partition} offset {offset}: article {article_id} neither indexed nor dead-lettered"
            )
        for item_id in self.stale_items[:10]:
            lines.append(f"    {item_id}: beyond its article's count (left by an earlier write)")
        for item_id in self.missing_items[:10]:
            lines.append(f"    {item_id}: announced by its article, not in the index")
        lines.append(
            "balanced: every record is indexed or dead-lettered, and every article's items are exactly in the index"
            if self.balanced
            else "GAP: articles or items were lost, or stale items were left"
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


def _indexed(settings: Settings, ids: list[str]) -> dict[str, dict[str, int]]:
    """Article id → its announced item counts, for the ids the articles index holds."""
    es = make_client(settings)
    found: dict[str, dict[str, int]] = {}
    layout = read_layouts(es, {"articles": settings.index_name("articles")}).get("articles")
    if layout is None:
        return found
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        docs = es.mget(**mget_request(layout, chunk, ["event_count", "claim_count"]))
        for doc in docs["docs"]:
            if doc.get("found"):
                source = doc.get("_source") or {}
                found[doc["_id"]] = {"events": source.get("event_count", 0), "claims": source.get("claim_count", 0)}
    return found


def _item_ids(settings: Settings, kind: str) -> Iterator[tuple[str, str, int]]:
    """(document id, article id, item number) of every document of an items index, in pages."""
    es = make_client(settings)
    index = settings.index_name(kind)
    es.indices.refresh(index=index)
    after: list[Any] | None = None
    while True:
        page = es.search(index=index, size=5000, source_includes=["article_id", "item"], sort=["_doc"],
                         search_after=after, track_total_hits=False)["hits"]["hits"]  # fmt: skip
        if not page:
            return
        for hit in page:
            yield hit["_id"], hit["_source"]["article_id"], int(hit["_source"]["item"])
        after = page[-1]["sort"]


def _check_items(settings: Settings, result: Audit, counts: dict[str, dict[str, int]]) -> None:
    """Every article's events and claims are exactly items 0..count-1: none missing, none left beyond."""
    for kind in ("events", "claims"):
        seen: set[str] = set()
        for doc_id, article_id, item in _item_ids(settings, kind):
            announced = counts.get(article_id)
            if announced is None:
                continue  # an article outside what this audit read (another producer, a deleted topic)
            result.items += 1
            seen.add(doc_id)
            if item >= announced[kind]:
                result.stale_items.append(doc_id)
        for article_id, announced in counts.items():
            for item in range(announced[kind]):
                if f"{article_id}:{item}" not in seen:
                    result.missing_items.append(f"{article_id}:{item}")


def audit(settings: Settings, items: bool = True) -> Audit:
    """Read the raw topic and the dead letters from the start and look every article (and its items) up in the index."""
    letters, index_letters = _dead_letters(settings)
    result = Audit()
    valid: list[tuple[Position, str]] = []
    for message in _read(settings, settings.topic_raw):
        result.records += 1
        position = (message.partition, message.offset)
        counts = result.partition(message.partition, message.offset)
        try:
            article_id = raw_from_payload(message.value, topic=message.topic).id
        except PoisonRecord:
            article_id = ""
        if not article_id:
            if position in letters:
                result.dead_lettered += 1
                counts.dead_lettered += 1
            else:
                result.missing.append((position, "(invalid record)"))
                counts.missing += 1
            continue
        valid.append((position, article_id))
    indexed = _indexed(settings, sorted({a for _, a in valid}))
    result.articles = len(indexed)
    for position, article_id in valid:
        counts = result.partitions[position[0]]
        if article_id in indexed:
            result.indexed += 1
            counts.indexed += 1
            result.extra_letters += position in letters
        elif position in letters or article_id in index_letters:
            result.dead_lettered += 1
            counts.dead_lettered += 1
        else:
            result.missing.append((position, article_id))
            counts.missing += 1
    if items:
        _check_items(settings, result, indexed)
    return result
