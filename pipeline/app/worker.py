"""create_app(settings): the Faust app with the enrich and index agents wired to the configured topics."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import faust
from aiokafka.errors import MessageSizeTooLargeError

from pipeline.app.credentials import broker_credentials
from pipeline.app.isolation import IsolatedEnricher
from pipeline.app.observe import Positions, Readiness, WorkerMetrics, elasticsearch_check, kafka_check, status_body
from pipeline.app.steps import dead_letter_for
from pipeline.config import Settings
from pipeline.errors import PoisonRecord
from pipeline.extract.enrich import EXTRACTOR_VERSION
from pipeline.index.client import index_aliases, make_async_client
from pipeline.index.rollover import parse_conditions, roll_over
from pipeline.index.writer import write_records
from pipeline.models import enriched_from_payload

log = logging.getLogger("newswire.worker")
MAX_BACKOFF_SECONDS = 30.0


def _where(message: Any) -> str:
    return f"{message.topic}[{message.partition}]@{message.offset}"


async def deliver(topic: Any, key: bytes | None, value: bytes, metrics: WorkerMetrics | None = None) -> None:
    """Send and wait for the broker's acknowledgement; retry in place until it comes (the offset waits with us).

    Faust only logs a failed delivery and commits the offset anyway, so an unconfirmed send would be a lost article.
    A record the broker can never take (too large) is raised for the caller to dead-letter.
    """
    await confirm([(topic, key, value, None)], metrics)


Pending = tuple[Any, bytes | None, bytes, Any]  # topic, key, value, the send's future (None: not sent yet)


async def confirm(pending: list[Pending], metrics: WorkerMetrics | None = None) -> None:
    """Wait until the broker acknowledged every send; resend what failed for a passing reason.

    Sends of a batch go out together and are confirmed together: one round trip per batch, not per record.
    """
    delay = 0.5
    while pending:
        failed: list[Pending] = []
        for topic, key, value, future in pending:
            try:
                if future is None:
                    future = await topic.send(key=key, value=value)
                await future
            except MessageSizeTooLargeError:
                raise
            except Exception as exc:  # broker down, leader moving, timeout: transient, never the record's fault
                log.warning("send to %s failed (%s: %s); retrying in %.1fs", topic.get_topic_name(),
                            type(exc).__name__, exc, delay)  # fmt: skip
                failed.append((topic, key, value, None))
                if metrics is not None:
                    metrics.retried("send", 1)
        if failed:
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF_SECONDS)
        pending = failed


def create_app(settings: Settings) -> faust.App:
    datadir = settings.state_dir / "worker" / settings.app_id
    datadir.parent.mkdir(parents=True, exist_ok=True)
    app = faust.App(
        settings.app_id,
        broker=[f"kafka://{server}" for server in settings.kafka_servers.split(",")],
        broker_credentials=broker_credentials(settings),
        store="memory://",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_max_request_size=settings.max_record_bytes,
        # An enriched record is ~10-20 KB: with aiokafka's 16 KB batches and no linger each one was its own request.
        producer_max_batch_size=1024 * 1024,
        producer_linger=0.005,
        consumer_max_fetch_size=settings.max_record_bytes,
        web_port=settings.worker_web_port,
        web_host=settings.worker_web_host,
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
    enricher = IsolatedEnricher(settings.extract_timeout, passthrough=settings.passthrough)
    positions = Positions()
    metrics = WorkerMetrics(lag=lambda: positions.lag(app.consumer))
    readiness = Readiness({"kafka": kafka_check(settings), "elasticsearch": elasticsearch_check(es)})

    @app.page("/metrics")
    async def metrics_page(web: Any, request: Any) -> Any:
        return web.bytes(metrics.render().encode(), content_type="text/plain; version=0.0.4")

    @app.page("/livez")
    async def liveness_page(web: Any, request: Any) -> Any:
        # Answering at all proves the event loop turns; a dead extraction process is restarted by the enricher itself.
        return web.json({"live": True})

    @app.page("/readyz")
    async def readiness_page(web: Any, request: Any) -> Any:
        status, body = status_body(await readiness.run())
        return web.bytes(body.encode(), content_type="application/json", status=status)

    async def dead_letter(stage: str, exc: BaseException, message: Any, article_id: str | None = None) -> None:
        kind = getattr(exc, "error_type", type(exc).__name__)
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        context = {"stage": stage, "reason": kind, "topic": message.topic, "partition": message.partition,
                   "offset": message.offset, "article_id": article_id}  # fmt: skip
        log.warning("%s: dead-lettering %s: %s: %s", stage, _where(message), kind, first_line, extra=context)
        letter = dead_letter_for(stage, exc, message, article_id, max_payload=settings.dead_letter_max_bytes)
        await deliver(dlq_topic, message.key, letter, metrics)
        metrics.dead_letters.inc(stage=stage, reason=kind)
        metrics.records_out.inc(agent=stage, outcome="dead_letter")

    @app.agent(raw_topic, name="enrich_articles", concurrency=1)
    async def enrich_articles(stream: Any) -> None:  # faust.Stream: take_events is not on StreamT
        await enricher.start()
        # A batch's events are acked when the body returns, after every send in it is confirmed.
        async for events in stream.take_events(settings.enrich_batch_size, within=0.2):
            outgoing: list[tuple[Pending, str, Any]] = []
            metrics.records_in.inc(len(events), agent="enrich")
            for event in events:
                message = event.message
                try:
                    started = time.perf_counter()
                    article_id, value = await enricher.enrich(message.value, message.topic, message.timestamp)
                    metrics.enrich_seconds.observe(time.perf_counter() - started)
                    if len(value) > settings.max_record_bytes:
                        raise PoisonRecord(
                            f"enriched record of {len(value)} bytes is over NEWSWIRE_MAX_RECORD_BYTES "
                            f"({settings.max_record_bytes})"
                        )
                except Exception as exc:  # never crash on a record: it goes to dead letters with the reason
                    await dead_letter("enrich", exc, message)
                    positions.done(message)
                    continue
                try:
                    future = await enriched_topic.send(key=article_id.encode(), value=value)
                except MessageSizeTooLargeError as exc:
                    await dead_letter("enrich", exc, message, article_id)
                    positions.done(message)
                    continue
                except Exception as exc:  # the broker, not the record: confirm() sends it again
                    log.warning("send of %s failed (%s); will retry", article_id, exc)
                    future = None
                outgoing.append(((enriched_topic, article_id.encode(), value, future), article_id, message))
            for item, article_id, message in outgoing:
                try:
                    await confirm([item], metrics)
                    metrics.records_out.inc(agent="enrich", outcome="sent")
                except MessageSizeTooLargeError as exc:
                    await dead_letter("enrich", exc, message, article_id)
                positions.done(message)

    if settings.index_rollover:
        conditions = parse_conditions(settings.index_rollover)

        @app.timer(interval=settings.index_rollover_check)
        async def roll_indices_over() -> None:
            try:
                await roll_over(es, indices, conditions)
            except Exception as exc:  # the next check tries again; writing goes on meanwhile
                log.warning("rollover check failed: %s: %s", type(exc).__name__, exc)

    @app.agent(enriched_topic, name="index_articles", concurrency=1)
    async def index_articles(stream: Any) -> None:  # faust.Stream: take_events is not on StreamT
        async for events in stream.take_events(settings.index_batch_size, within=settings.index_batch_seconds):
            records, sources = [], []
            metrics.records_in.inc(len(events), agent="index")
            for event in events:
                try:
                    records.append(enriched_from_payload(event.message.value))
                    sources.append(event.message)
                except Exception as exc:  # a bad record must not take its batch with it
                    await dead_letter("index", exc, event.message)
            if records:
                started = time.perf_counter()
                refused = await write_records(
                    es, records, indices, EXTRACTOR_VERSION, metrics.retried, settings.bulk_max_bytes
                )
                metrics.bulk_seconds.observe(time.perf_counter() - started)
                for rejected in refused:
                    message = sources[rejected.position]
                    error = PoisonRecord(f"Elasticsearch refused the document: {rejected.reason}")
                    await dead_letter("index", error, message)
                metrics.bulk_errors.inc(len(refused))
                metrics.records_out.inc(len(records) - len(refused), agent="index", outcome="indexed")
                log.info("indexed %d articles", len(records) - len(refused))
            for event in events:
                positions.done(event.message)

    return app
