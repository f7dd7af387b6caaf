"""create_app(settings): the Faust app with the enrich and index agents wired to the configured topics."""

from __future__ import annotations

import logging
from typing import Any

import faust

from pipeline.app.steps import dead_letter_for, enrich_payload
from pipeline.config import Settings
from pipeline.errors import PoisonRecord
from pipeline.extract.enrich import EXTRACTOR_VERSION
from pipeline.index.client import index_aliases, make_async_client
from pipeline.index.writer import write_records
from pipeline.models import enriched_from_payload

log = logging.getLogger("newswire.worker")


def _where(message: Any) -> str:
    return f"{message.topic}[{message.partition}]@{message.offset}"


def create_app(settings: Settings) -> faust.App:
    datadir = settings.state_dir / "worker" / settings.app_id
    datadir.parent.mkdir(parents=True, exist_ok=True)
    app = faust.App(
        settings.app_id,
        broker=f"kafka://{settings.kafka_servers}",
        store="memory://",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        web_port=settings.worker_web_port,
        web_host="127.0.0.1",
        datadir=str(datadir),
    )
    # Raw bytes in and out: decoding happens inside the loop, so a bad payload becomes a dead letter, not a crash.
    topic_args: dict[str, Any] = {
        "key_type": bytes,
        "value_type": bytes,
        "key_serializer": "raw",
        "value_serializer": "raw",
    }
    raw_topic = app.topic(settings.topic_raw, **topic_args)
    enriched_topic = app.topic(settings.topic_enriched, **topic_args)
    dlq_topic = app.topic(settings.topic_dlq, **topic_args)
    indices = index_aliases(settings)
    es = make_async_client(settings)

    @app.agent(raw_topic, name="enrich_articles", concurrency=1)
    async def enrich_articles(stream: faust.StreamT) -> None:
        async for event in stream.events():
            message = event.message
            try:
                article_id, value = enrich_payload(message.value, message.topic, message.timestamp)
            except Exception as exc:  # never crash on a record: it goes to dead letters with the reason
                log.warning("enrich: dead-lettering %s: %s: %s", _where(message), type(exc).__name__, exc)
                await dlq_topic.send(key=message.key, value=dead_letter_for("enrich", exc, message))
                continue
            await enriched_topic.send(key=article_id.encode(), value=value)

    @app.agent(enriched_topic, name="index_articles", concurrency=1)
    async def index_articles(stream: Any) -> None:  # faust.Stream: take_events is not on StreamT
        async for events in stream.take_events(settings.index_batch_size, within=settings.index_batch_seconds):
            records, sources = [], []
            for event in events:
                try:
                    records.append(enriched_from_payload(event.message.value))
                    sources.append(event.message)
                except PoisonRecord as exc:
                    log.warning("index: dead-lettering %s: %s", _where(event.message), exc)
                    await dlq_topic.send(key=event.message.key, value=dead_letter_for("index", exc, event.message))
            if not records:
                continue
            for rejected in await write_records(es, records, indices, EXTRACTOR_VERSION):
                message = sources[rejected.position]
                log.warning("index: Elasticsearch refused %s: %s", _where(message), rejected.reason)
                error = PoisonRecord(f"Elasticsearch refused the document: {rejected.reason}")
                await dlq_topic.send(key=message.key, value=dead_letter_for("index", error, message))
            log.info("indexed %d articles", len(records))

    return app
