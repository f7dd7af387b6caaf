"""Articles produced → real worker → Elasticsearch; poison records → dead letters; a replay never duplicates."""

import json

import pytest

from pipeline.extract.events import ACTORLESS
from pipeline.index.client import ensure_indices, make_client
from pipeline.kafka_io import ensure_topics, make_producer
from pipeline.producers.sender import produce_paths
from pipeline.search import search
from pipeline.service import start_worker, stop_worker

from .helpers import decode, read_topic, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
def worker(settings, tmp_path):
    ensure_topics(settings)
    ensure_indices(settings)
    log = tmp_path / "worker.log"
    proc = start_worker(settings, log)  # the same child process `newswire run` starts
    yield proc, log
    stop_worker(proc)


def _count(settings):
    es = make_client(settings)
    es.indices.refresh(index=settings.index_name("articles"))
    return es.count(index=settings.index_name("articles"))["count"]


def _indexed_at(settings, ids):
    docs = make_client(settings).mget(index=settings.index_name("articles"), ids=ids)["docs"]
    return {d["_id"]: d["_source"]["indexed_at"] for d in docs}


def _evidence_checks_out(settings):
    """Claims and events land in their own indices, and their offsets point at the article text."""
    es = make_client(settings)
    es.indices.refresh(index=[settings.index_name("claims"), settings.index_name("events")])
    claims = es.search(index=settings.index_name("claims"), size=100)["hits"]["hits"]
    events = es.search(index=settings.index_name("events"), size=100)["hits"]["hits"]
    assert claims and events
    texts = {
        d["_id"]: d["_source"]["text"]
        for d in es.search(index=settings.index_name("articles"), size=100)["hits"]["hits"]
    }
    for hit in claims:
        c = hit["_source"]
        assert texts[c["article_id"]][c["content_start"] : c["content_end"]] == c["content"]
    for hit in events:
        e = hit["_source"]
        assert texts[e["article_id"]][e["evidence_start"] : e["evidence_end"]] == e["evidence"]
        # Only an attack may be told without a named attacker ("shelling killed three"); every other event has actors.
        assert e["type"] and (e["actors"] or e["type"] in ACTORLESS)


def test_samples_become_searchable_in_french_and_poison_goes_to_dead_letters(settings, worker, sample_dir):
    proc, log = worker
    summary = produce_paths(settings, [sample_dir], progress=False)
    assert summary.sent >= 1 and summary.failed == 0
    producer = make_producer(settings)
    producer.send(settings.topic_raw, key=b"garbage", value=b"\xff\x00 not json")
    producer.send(settings.topic_raw, key=b"wrong", value=json.dumps({"schema": "newswire.raw_article"}).encode())
    producer.flush()
    producer.close()

    indexed = wait_for(lambda: _count(settings) >= summary.sent, timeout=180)
    assert indexed, f"worker did not index in time; log:\n{log.read_text()[-3000:]}"
    assert _count(settings) == summary.sent

    hits = search(settings, "Ukraine", lang="fr", size=20)
    assert sorted(h.article_id for h in hits) == sorted(summary.ids)
    assert all(h.language == "fr" for h in hits)
    assert search(settings, "Ukraine", lang="de") == []

    _evidence_checks_out(settings)

    letters = [decode(m) for m in read_topic(settings, settings.topic_dlq, expect=2, timeout=60)]
    by_key = {letter["key"]: letter for letter in letters}
    assert set(by_key) == {"garbage", "wrong"}
    assert by_key["garbage"]["stage"] == "enrich" and by_key["garbage"]["reason"].startswith("payload is not")
    assert by_key["garbage"]["payload_encoding"] == "base64"
    assert {"id: missing", "text: missing"} <= set(by_key["wrong"]["problems"])
    assert by_key["wrong"]["source"]["topic"] == settings.topic_raw
    assert isinstance(by_key["wrong"]["source"]["offset"], int)

    # A replay of the same articles overwrites: every document is re-indexed, the count does not move.
    before = _indexed_at(settings, summary.ids)
    wait_for(lambda: False, timeout=1.1)  # indexed_at has one-second resolution
    again = produce_paths(settings, [sample_dir], progress=False)
    assert again.ids == summary.ids
    replayed = wait_for(lambda: all(v != before[k] for k, v in _indexed_at(settings, summary.ids).items()), timeout=120)
    assert replayed, "the replay was not re-indexed"
    assert _count(settings) == summary.sent
    assert proc.poll() is None, "the worker must survive poison records"
