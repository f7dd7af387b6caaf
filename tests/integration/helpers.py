"""Small helpers for integration tests: read a topic to the end, wait for a condition."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from pipeline.config import Settings
from pipeline.kafka_io import make_consumer


def read_topic(settings: Settings, topic: str, expect: int, timeout: float = 60.0) -> list[Any]:
    """Every record on `topic` from the start, once at least `expect` arrived (or the timeout)."""
    consumer = make_consumer(settings, topic, timeout_ms=1000)
    records: list[Any] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and len(records) < expect:
            for message in consumer:
                records.append(message)
    finally:
        consumer.close()
    return records


def wait_for(check: Callable[[], Any], timeout: float = 120.0, every: float = 1.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def decode(message: Any) -> dict[str, Any]:
    return json.loads(message.value)  # type: ignore[no-any-return]
