"""Nothing lost on the real stack: a record too large once enriched, nulls, deep JSON and a refused document each
end on the dead-letter topic with a reason while the good articles around them are indexed, and the worker lives."""

from __future__ import annotations

import json

import pytest

from pipeline.index.client import ensure_indices, make_client
from pipeline.kafka_io import ensure_topics, make_producer
from pipeline.ops.run import start_worker, stop_worker

from .helpers import decode, read_topic, wait_for

pytestmark = pytest.mark.integration

ROOT_SAMPLE = "samples/fr_sommet_geneve.txt"


@pytest.fixture
def small_worker(settings, tmp_path):
    # A low record limit stands in for the 8 MiB default, so an ordinary article is "too large" once enriched.
    tight = settings.with_overrides(max_record_bytes=4000, dead_letter_max_bytes=1500)
    ensure_topics(tight)
    ensure_indices(tight)
    log = tmp_path / "worker.log"
    proc = start_worker(tight, log)
    yield tight, proc, log
    stop_worker(proc)


def _ids(settings) -> set[str]:
    es = make_client(settings)
    es.indices.refresh(index=settings.index_name("articles"))
    return {h["_id"] for h in es.search(index=settings.index_name("articles"), size=50, source=False)["hits"]["hits"]}


def test_every_record_ends_indexed_or_dead_lettered(small_worker):
    settings, proc, log = small_worker
    from pathlib import Path

    long_article = Path(__file__).resolve().parents[2].joinpath(ROOT_SAMPLE).read_text()
    records = [
        json.dumps({"text": "Bonjour à tous.", "url": "https://t.example/ok1"}),
        json.dumps({"text": long_article, "url": "https://t.example/big"}),  # ~700 B raw, ~6 KB enriched
        json.dumps({"text": None, "title": None, "url": None}),
        "[" * 5000 + "]" * 5000,
        json.dumps({"text": "Au revoir.", "url": "https://t.example/ok2"}),
    ]
    producer = make_producer(settings.with_overrides(max_record_bytes=1 << 20))  # an outside producer's limit
    for n, value in enumerate(records):
        producer.send(settings.topic_raw, key=f"k{n}".encode(), value=value.encode())
    producer.flush()
    producer.close()

    letters = sorted((decode(m) for m in read_topic(settings, settings.topic_dlq, expect=3, timeout=120)),
                     key=lambda letter: letter["source"]["offset"])  # fmt: skip
    assert len(letters) == 3, f"log:\n{log.read_text()[-3000:]}"
    by_key = {letter["key"]: letter for letter in letters}
    assert "over NEWSWIRE_MAX_RECORD_BYTES (4000)" in by_key["k1"]["reason"]
    assert by_key["k2"]["problems"] == ["text: expected string, got null"]
    assert by_key["k3"]["reason"].startswith("payload is JSON nested too deeply")
    assert by_key["k3"]["payload_truncated"] is True and by_key["k3"]["payload_bytes"] == 10000
    assert wait_for(lambda: len(_ids(settings)) == 2, timeout=120), f"log:\n{log.read_text()[-3000:]}"
    assert proc.poll() is None, "the worker must survive every record"
