"""Articles produced → real worker → Elasticsearch; poison records → dead letters; a replay never duplicates."""

import json
import urllib.error
import urllib.request

import pytest

from pipeline.extract.events import ACTORLESS
from pipeline.index.client import ensure_indices, make_client
from pipeline.index.search import search
from pipeline.kafka_io import ensure_topics, make_producer
from pipeline.ops.run import start_worker, stop_worker
from pipeline.producers.sender import produce_paths

from .helpers import decode, read_topic, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
def worker(settings, tmp_path):
    ensure_topics(settings)
    ensure_indices(settings)
    log = tmp_path / "worker.log"
    # JSON logs, so the test can read the context each line carries.
    proc = start_worker(settings.with_overrides(log_format="json"), log)  # the same child process `newswire run` starts
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


def _get(settings, path):
    url = f"http://127.0.0.1:{settings.worker_web_port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _samples(metrics_text, name):
    """{labels-string: value} of one metric family's samples in Prometheus text."""
    found = {}
    for line in metrics_text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            series, value = line.rsplit(" ", 1)
            found[series[len(name) :]] = float(value)
    return found


def _observability_checks_out(settings, log, indexed):
    """The worker's metrics count what this test sent, its probes answer, and its JSON logs carry the context."""
    status, body = _get(settings, "/livez")
    assert status == 200 and json.loads(body)["live"] is True
    status, body = _get(settings, "/readyz")
    assert status == 200, body
    assert json.loads(body)["checks"] == {"kafka": "ok", "elasticsearch": "ok"}

    status, text = _get(settings, "/metrics")
    assert status == 200
    assert _samples(text, "newswire_records_out_total")['{agent="index",outcome="indexed"}'] >= indexed
    assert _samples(text, "newswire_records_in_total")['{agent="enrich"}'] >= indexed + 2
    letters = _samples(text, "newswire_dead_letters_total")
    assert sum(v for k, v in letters.items() if 'stage="enrich"' in k) == 2, letters
    assert _samples(text, "newswire_enrich_seconds_count")[""] >= indexed
    assert _samples(text, "newswire_bulk_seconds_count")[""] >= 1
    lag = _samples(text, "newswire_consumer_lag")
    assert any(settings.topic_raw in k for k in lag) and all(v >= 0 for v in lag.values())

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    dead = [line for line in lines if line.get("newswire", {}).get("stage") == "enrich"]
    assert len(dead) == 2 and all(line["log"]["level"] == "warning" for line in dead)
    assert {line["newswire"]["kafka"]["topic"] for line in dead} == {settings.topic_raw}
    assert all(isinstance(line["newswire"]["kafka"]["offset"], int) and line["error"]["type"] for line in dead)


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

    _observability_checks_out(settings, log, summary.sent)

    # A replay of the same articles overwrites: every document is re-indexed, the count does not move.
    before = _indexed_at(settings, summary.ids)
    wait_for(lambda: False, timeout=1.1)  # indexed_at has one-second resolution
    again = produce_paths(settings, [sample_dir], progress=False)
    assert again.ids == summary.ids
    replayed = wait_for(lambda: all(v != before[k] for k, v in _indexed_at(settings, summary.ids).items()), timeout=120)
    assert replayed, "the replay was not re-indexed"
    assert _count(settings) == summary.sent
    assert proc.poll() is None, "the worker must survive poison records"
