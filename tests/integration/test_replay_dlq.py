"""Operators on the real stack: a replay re-enriches and re-indexes without duplicates and resumes where it stopped;
dead letters are listed by stage and reason and a redrive sends them back to be indexed."""

from __future__ import annotations

import json

import pytest

from pipeline.index.client import ensure_indices, make_client
from pipeline.kafka_io import ensure_topics, make_producer
from pipeline.ops.audit import audit
from pipeline.ops.dead_letters import letters, redrive
from pipeline.ops.replay import replay
from pipeline.ops.run import start_worker, stop_worker

from .helpers import wait_for

pytestmark = pytest.mark.integration

TEXTS = [
    "Le Kremlin a déclaré lundi que la réunion aurait lieu à Genève.",
    "The minister said on Tuesday that the talks would resume.",
    "Олаф Шольц заявил, что переговоры продолжатся.",
]


def _produce(settings, values):
    producer = make_producer(settings)
    for value in values:
        producer.send(settings.topic_raw, value=value)
    producer.flush()
    producer.close()


def _indexed(settings):
    es = make_client(settings)
    es.indices.refresh(index=settings.index_name("articles"))
    hits = es.search(index=settings.index_name("articles"), size=50, source_includes=["indexed_at"])["hits"]["hits"]
    return {h["_id"]: h["_source"]["indexed_at"] for h in hits}


def test_replay_reindexes_without_duplicates_and_resumes(settings, tmp_path):
    ensure_topics(settings)
    ensure_indices(settings)
    proc = start_worker(settings, tmp_path / "worker.log")
    try:
        _produce(
            settings, [json.dumps({"text": t, "url": f"https://r.example/{i}"}).encode() for i, t in enumerate(TEXTS)]
        )
        assert wait_for(lambda: len(_indexed(settings)) == 3, timeout=120), (tmp_path / "worker.log").read_text()[
            -2000:
        ]
        before = _indexed(settings)
        first = replay(settings, "test", progress=False)
        assert first.enriched == 3 and first.dead_lettered == 0
        assert wait_for(lambda: all(v != before[k] for k, v in _indexed(settings).items()), timeout=120)
        assert len(_indexed(settings)) == 3  # overwritten, not duplicated
        again = replay(settings, "test", progress=False)  # the same name resumes: nothing left to do
        assert again.enriched == 0 and again.render().endswith("(nothing to do)")
        assert replay(settings, "other", from_offset=0, progress=False).enriched == 3
        result = audit(settings)
        assert result.balanced and result.records == 3 and result.indexed == 3 and result.items > 0
        assert sum(p.records for p in result.partitions.values()) == 3

        # An item beyond its article's count (what a lost stale-item delete would leave) is a gap the audit names.
        es = make_client(settings)
        article_id = next(iter(before))
        count = es.get(index=settings.index_name("articles"), id=article_id)["_source"]["claim_count"]
        stale = {"article_id": article_id, "item": count, "language": "fr", "content": "left behind"}
        es.index(index=settings.index_name("claims"), id=f"{article_id}:{count}", document=stale, refresh=True)
        result = audit(settings)
        assert not result.balanced and result.stale_items == [f"{article_id}:{count}"]
        assert "stale 1" in result.render()
    finally:
        stop_worker(proc)


def test_dead_letters_are_listed_and_redriven(settings, tmp_path):
    ensure_topics(settings)
    ensure_indices(settings)
    # A long article times out on this worker, as if extraction had been too slow that day.
    slow = start_worker(settings.with_overrides(extract_timeout=0.01), tmp_path / "slow.log")
    long_text = " ".join(TEXTS[0] for _ in range(800))  # ~50 KB: far more than 10 ms of extraction
    try:
        _produce(settings, [json.dumps({"text": long_text, "url": "https://d.example/1"}).encode(), b"not json"])
        assert wait_for(lambda: len(list(letters(settings))) == 2, timeout=120), (tmp_path / "slow.log").read_text()[
            -2000:
        ]
    finally:
        stop_worker(slow)
    timeouts = list(letters(settings, stage="enrich", reason="timeout"))
    assert len(timeouts) == 1 and timeouts[0].reason.startswith("timeout: extraction took longer than")
    assert [letter.stage for letter in letters(settings, reason="not JSON")] == ["enrich"]

    proc = start_worker(settings, tmp_path / "worker.log")
    try:
        sent, refused = redrive(settings, timeouts)
        assert (sent, refused) == (1, [])
        assert wait_for(lambda: len(_indexed(settings)) == 1, timeout=120)
    finally:
        stop_worker(proc)
