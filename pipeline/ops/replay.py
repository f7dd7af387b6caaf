"""`newswire replay`: re-enrich raw articles with the current extractor and send them on to be re-indexed."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tqdm import tqdm

from pipeline.app.steps import dead_letter_for, enrich_payload
from pipeline.config import Settings
from pipeline.kafka_io import KafkaConsumer, kafka_options, make_producer

log = logging.getLogger(__name__)
COMMIT_EVERY = 200


@dataclass
class ReplaySummary:
    enriched: int = 0
    dead_lettered: int = 0
    partitions: dict[int, tuple[int, int]] = field(default_factory=dict)  # partition: (from, to)

    def render(self) -> str:
        spans = ", ".join(f"p{p} {a}→{b}" for p, (a, b) in sorted(self.partitions.items()))
        return f"replayed: {self.enriched} re-enriched, {self.dead_lettered} dead-lettered ({spans or 'nothing to do'})"


def _starts(consumer: Any, partitions: list[Any], since: datetime | None, from_offset: int | None) -> dict[Any, int]:
    """Where each partition starts: the replay's own committed offset (resume), else --since/--from-offset, else 0."""
    beginning = consumer.beginning_offsets(partitions)
    starts = {}
    by_time = consumer.offsets_for_times({p: int(since.timestamp() * 1000) for p in partitions}) if since else {}
    for p in partitions:
        committed = consumer.committed(p)
        if committed is not None:
            starts[p] = committed
        elif since is not None:
            found = by_time.get(p)
            starts[p] = found.offset if found is not None else consumer.end_offsets([p])[p]
        else:
            starts[p] = max(beginning[p], from_offset or 0)
    return starts


def replay(
    settings: Settings, name: str, since: datetime | None = None, from_offset: int | None = None, progress: bool = True
) -> ReplaySummary:
    """Read the raw topic from the chosen start up to its end *now*, enrich each record, confirm every send.

    Its consumer group (`<app id>-replay-<name>`) commits only confirmed positions, so an interrupted replay resumes
    where it stopped; the worker's own group is untouched. Ids are article ids, so re-indexing overwrites.
    """
    from kafka import TopicPartition

    consumer = KafkaConsumer(
        **kafka_options(settings),
        group_id=f"{settings.app_id}-replay-{name}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=settings.max_record_bytes,
        consumer_timeout_ms=5000,
    )
    producer = make_producer(settings)
    summary = ReplaySummary()
    try:
        partitions = [
            TopicPartition(settings.topic_raw, p)
            for p in sorted(consumer.partitions_for_topic(settings.topic_raw) or [])
        ]
        consumer.assign(partitions)
        starts = _starts(consumer, partitions, since, from_offset)
        ends = consumer.end_offsets(partitions)
        todo = {p: (starts[p], ends[p]) for p in partitions if starts[p] < ends[p]}
        summary.partitions = {p.partition: span for p, span in todo.items()}
        for p, (start, _) in todo.items():
            consumer.seek(p, start)
        consumer.pause(*[p for p in partitions if p not in todo])
        bar = tqdm(total=sum(b - a for a, b in todo.values()), disable=not progress, unit="article")
        pending: list[Any] = []
        positions: dict[Any, int] = {}
        while todo:
            batch = consumer.poll(timeout_ms=1000, max_records=COMMIT_EVERY)
            for tp, records in batch.items():
                for record in records:
                    if tp not in todo or record.offset >= todo[tp][1]:
                        continue
                    pending.append(_send(settings, producer, record, summary))
                    positions[tp] = record.offset + 1
                    bar.update(1)
                    if record.offset + 1 >= todo[tp][1]:
                        todo.pop(tp)
                        consumer.pause(tp)
            _confirm(producer, pending, consumer, positions)
            pending, positions = [], {}
        bar.close()
    finally:
        producer.close()
        consumer.close()
    return summary


def _send(settings: Settings, producer: Any, record: Any, summary: ReplaySummary) -> Any:
    timestamp = record.timestamp / 1000 if record.timestamp and record.timestamp > 0 else None
    try:
        article_id, value = enrich_payload(record.value, record.topic, timestamp)
    except Exception as exc:  # as in the worker: the record's failure becomes a dead letter, never a crash
        summary.dead_lettered += 1
        letter = dead_letter_for("enrich", exc, record, max_payload=settings.dead_letter_max_bytes)
        return producer.send(settings.topic_dlq, key=record.key, value=letter)
    summary.enriched += 1
    return producer.send(settings.topic_enriched, key=article_id.encode(), value=value)


def _confirm(producer: Any, pending: list[Any], consumer: Any, positions: dict[Any, int]) -> None:
    """Every send acknowledged (raises otherwise, before anything is committed), then the positions committed."""
    from kafka.structs import OffsetAndMetadata

    producer.flush()
    for future in pending:
        future.get(timeout=60)
    if positions:
        consumer.commit({tp: OffsetAndMetadata(offset, "", -1) for tp, offset in positions.items()})
