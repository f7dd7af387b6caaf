"""The isolated extraction process: a slow article is cut off and the process replaced; the next one goes on."""

import asyncio
import time

import pytest

from pipeline.app.isolation import ExtractionTimeout, IsolatedEnricher
from pipeline.errors import PoisonRecord


def test_timeouts_crashes_and_errors_are_the_records_and_the_next_record_goes_through():
    async def scenario():
        enricher = IsolatedEnricher(timeout=1.0, target="tests.unit.slow_steps:enrich_payload")
        try:
            assert await enricher.enrich(b"a", "t", None) == ("id", b"enriched:a")
            first_pid = enricher._process.pid
            started = time.monotonic()
            with pytest.raises(ExtractionTimeout, match=r"^timeout: extraction took longer than 1 s"):
                await enricher.enrich(b"slow", "t", None)
            assert time.monotonic() - started < 10
            assert await enricher.enrich(b"b", "t", None) == ("id", b"enriched:b")
            assert enricher._process.pid != first_pid  # replaced
            with pytest.raises(PoisonRecord, match="extraction process died"):
                await enricher.enrich(b"die", "t", None)
            with pytest.raises(PoisonRecord, match="^no good$") as caught:
                await enricher.enrich(b"bad", "t", None)
            assert caught.value.error_type == "ValueError"
            assert await enricher.enrich(b"c", "t", None) == ("id", b"enriched:c")
        finally:
            enricher.close()

    asyncio.run(scenario())


def test_the_loop_keeps_running_while_an_article_is_extracted():
    """Heart-beats need the event loop: it must tick while the child works."""

    async def scenario():
        enricher = IsolatedEnricher(timeout=1.5, target="tests.unit.slow_steps:enrich_payload")
        await enricher.start()
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.05)
                ticks += 1

        task = asyncio.create_task(ticker())
        try:
            with pytest.raises(ExtractionTimeout):
                await enricher.enrich(b"slow", "t", None)
        finally:
            task.cancel()
            enricher.close()
        assert ticks >= 10

    asyncio.run(scenario())
