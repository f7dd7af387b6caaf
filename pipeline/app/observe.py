"""The worker's Prometheus metrics and its /metrics, /livez and /readyz pages on the Faust web server."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.metrics import Registry

log = logging.getLogger("newswire.worker")
CHECK_TIMEOUT_SECONDS = 3.0
CHECK_CACHE_SECONDS = 2.0  # probes every few seconds from several sources must not hammer the clusters


class WorkerMetrics:
    """What the worker counts; the consumer-lag gauge reads its source only when scraped."""

    def __init__(self, lag: Callable[[], Iterable[tuple[dict[str, object], float]]] = lambda: ()) -> None:
        self.registry = r = Registry()
        self.records_in = r.counter("newswire_records_in_total", "Records an agent took from Kafka, by agent.")
        self.records_out = r.counter(
            "newswire_records_out_total",
            "Records an agent finished, by agent and outcome (sent, indexed, dead_letter).",
        )
        self.dead_letters = r.counter("newswire_dead_letters_total", "Dead letters sent, by stage and reason code.")
        self.enrich_seconds = r.histogram(
            "newswire_enrich_seconds", "Enrichment time of one article in the extraction process, round trip included."
        )
        self.bulk_seconds = r.histogram(
            "newswire_bulk_seconds", "Time to write one batch to Elasticsearch, retries and bisection included."
        )
        self.bulk_errors = r.counter(
            "newswire_bulk_errors_total",
            "Records Elasticsearch refused for good (sent to dead letters), by index step.",
        )
        self.retries = r.counter(
            "newswire_retries_total", "Operations retried in place, by what (send, bulk, bulk_item, read)."
        )
        r.gauge("newswire_consumer_lag", "Records behind the partition's end, by topic and partition.", lag)

    def retried(self, what: str, count: int) -> None:
        self.retries.inc(count, what=what)

    def render(self) -> str:
        return self.registry.render()


@dataclass
class Positions:
    """The next offset each agent will read per partition, against the partition's end as the consumer saw it."""

    next_offset: dict[tuple[str, int], int] = field(default_factory=dict)

    def done(self, message: Any) -> None:
        self.next_offset[(message.topic, message.partition)] = message.offset + 1

    def lag(self, consumer: Any) -> Iterable[tuple[dict[str, object], float]]:
        for tp in consumer.assignment():
            end = consumer.highwater(tp)
            if end is None:
                continue
            position = self.next_offset.get((tp.topic, tp.partition))
            if position is None:
                continue  # nothing read here yet in this process: its lag is unknown, not zero
            yield {"topic": tp.topic, "partition": tp.partition}, max(0, end - position)


Check = Callable[[], Awaitable[None]]


@dataclass
class Readiness:
    """Named dependency checks, run concurrently with a timeout; a result is kept a moment to spare the clusters."""

    checks: dict[str, Check]
    _cached: tuple[float, dict[str, str]] | None = None

    async def run(self) -> dict[str, str]:
        now = time.monotonic()
        if self._cached and now - self._cached[0] < CHECK_CACHE_SECONDS:
            return self._cached[1]

        async def one(name: str, check: Check) -> tuple[str, str]:
            try:
                await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS)
                return name, "ok"
            except Exception as exc:  # the reason is the probe's answer, not an error of the worker
                return name, f"{type(exc).__name__}: {exc}"[:300] or type(exc).__name__

        results = dict(await asyncio.gather(*(one(n, c) for n, c in self.checks.items())))
        self._cached = (time.monotonic(), results)
        return results


def status_body(results: dict[str, str]) -> tuple[int, str]:
    ready = all(value == "ok" for value in results.values())
    return (200 if ready else 503), json.dumps({"ready": ready, "checks": results}, sort_keys=True)


def kafka_check(settings: Any) -> Check:
    """A metadata request to the cluster with the worker's own security settings."""
    from aiokafka import AIOKafkaClient

    from pipeline.app.credentials import aiokafka_security

    client: AIOKafkaClient | None = None

    async def check() -> None:
        nonlocal client
        if client is None:
            client = AIOKafkaClient(bootstrap_servers=settings.kafka_servers.split(","),
                                    client_id=f"{settings.app_id}-probe", request_timeout_ms=2500,
                                    **aiokafka_security(settings))  # fmt: skip
            try:
                await client.bootstrap()
            except Exception:
                await client.close()
                client = None
                raise
        await client.fetch_all_metadata()

    return check


def elasticsearch_check(es: Any) -> Check:
    async def check() -> None:
        health = await es.cluster.health(timeout="2s")
        if health.get("status") == "red":
            raise RuntimeError("cluster status red")

    return check
