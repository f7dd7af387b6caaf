"""The metrics registry's Prometheus text, the worker's lag and readiness logic, and the ECS JSON log lines."""

import asyncio
import json
import logging
from types import SimpleNamespace
from typing import NamedTuple

from pipeline.app.observe import Positions, Readiness, WorkerMetrics, status_body
from pipeline.logs import EcsJsonFormatter, logging_config
from pipeline.metrics import Registry


def test_counters_and_histograms_render_as_prometheus_text():
    registry = Registry()
    letters = registry.counter("x_dead_letters_total", "Dead letters.")
    letters.inc(stage="enrich", reason="InvalidRecord")
    letters.inc(2, stage="enrich", reason="InvalidRecord")
    letters.inc(stage="index", reason='say "no"\n')
    latency = registry.histogram("x_seconds", "Latency.", buckets=(0.1, 1.0))
    for value in (0.05, 0.5, 0.5, 3.0):
        latency.observe(value)
    text = registry.render()
    assert "# TYPE x_dead_letters_total counter" in text
    assert 'x_dead_letters_total{reason="InvalidRecord",stage="enrich"} 3' in text
    assert 'x_dead_letters_total{reason="say \\"no\\"\\n",stage="index"} 1' in text
    # Buckets are cumulative, +Inf equals the count, the sum is kept.
    assert 'x_seconds_bucket{le="0.1"} 1' in text
    assert 'x_seconds_bucket{le="1"} 3' in text
    assert 'x_seconds_bucket{le="+Inf"} 4' in text
    assert "x_seconds_count 4" in text and "x_seconds_sum 4.05" in text
    assert text.endswith("\n")


def test_a_gauge_whose_source_fails_renders_no_samples_instead_of_failing_the_scrape():
    registry = Registry()

    def broken():
        raise RuntimeError("consumer not started")

    registry.gauge("x_lag", "Lag.", broken)
    assert registry.render() == "# HELP x_lag Lag.\n# TYPE x_lag gauge\n"


class TP(NamedTuple):
    topic: str
    partition: int


class FakeConsumer:
    def __init__(self, ends):
        self.ends = ends

    def assignment(self):
        return {TP(t, p) for t, p in self.ends}

    def highwater(self, tp):
        return self.ends[(tp.topic, tp.partition)]


def test_lag_is_the_partition_end_minus_the_next_offset_and_unknown_partitions_are_left_out():
    positions = Positions()
    positions.done(SimpleNamespace(topic="raw", partition=0, offset=41))
    consumer = FakeConsumer({("raw", 0): 50, ("raw", 1): 7})
    assert list(positions.lag(consumer)) == [({"topic": "raw", "partition": 0}, 8)]
    metrics = WorkerMetrics(lag=lambda: positions.lag(consumer))
    assert 'newswire_consumer_lag{partition="0",topic="raw"} 8' in metrics.render()


def test_readiness_names_the_failing_dependency_and_answers_503():
    async def ok():
        return None

    async def down():
        raise ConnectionError("connection refused")

    async def hangs():
        await asyncio.sleep(60)

    import pipeline.app.observe as observe

    observe_timeout = observe.CHECK_TIMEOUT_SECONDS
    observe.CHECK_TIMEOUT_SECONDS = 0.2
    try:
        results = asyncio.run(Readiness({"kafka": ok, "elasticsearch": down, "slow": hangs}).run())
    finally:
        observe.CHECK_TIMEOUT_SECONDS = observe_timeout
    assert results["kafka"] == "ok"
    assert results["elasticsearch"] == "ConnectionError: connection refused"
    assert results["slow"].startswith("TimeoutError")
    status, body = status_body(results)
    assert status == 503 and json.loads(body)["ready"] is False
    assert status_body({"kafka": "ok"})[0] == 200


def test_json_log_lines_carry_ecs_fields_and_the_record_context():
    record = logging.LogRecord(
        "newswire.worker", logging.WARNING, __file__, 1, "dead-lettering %s", ("raw[1]@7",), None
    )
    record.__dict__.update(stage="enrich", topic="raw", partition=1, offset=7, article_id="abc", reason="InvalidRecord")
    line = json.loads(EcsJsonFormatter().format(record))
    assert line["message"] == "dead-lettering raw[1]@7"
    assert line["log"] == {"level": "warning", "logger": "newswire.worker"}
    assert line["newswire"] == {
        "stage": "enrich",
        "article_id": "abc",
        "kafka": {"topic": "raw", "partition": 1, "offset": 7},
    }
    assert line["error"]["type"] == "InvalidRecord" and line["@timestamp"].endswith("+00:00")


def test_the_text_format_stays_the_default_and_noisy_clients_are_quieted():
    config = logging_config("info", "text")
    assert config["formatters"]["newswire"] == {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    assert config["loggers"]["kafka"]["level"] == "WARNING"
    assert config["root"]["level"] == "INFO"
