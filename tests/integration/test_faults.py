"""Nothing lost under faults: two workers, one SIGKILLed and restarted, Elasticsearch stopped and restarted, hostile
records among the articles; `newswire audit` must then balance with no duplicate and no missing article."""

from __future__ import annotations

import json
import signal
import time

import pytest

from pipeline.index.client import ensure_indices, make_client
from pipeline.kafka_io import ensure_topics, make_producer
from pipeline.ops.audit import audit
from pipeline.ops.run import start_worker, stop_worker
from pipeline.stack import control
from pipeline.stack.processes import stop_process

from .helpers import wait_for

pytestmark = pytest.mark.integration

ARTICLES = 200
HOSTILE = [
    b"not json",
    json.dumps({"text": None}).encode(),
    json.dumps({"text": "ok", "published": "2026-02-30"}).encode(),
    b"[" * 3000 + b"]" * 3000,
    json.dumps([{"text": "a"}, {"text": "b"}]).encode(),
    json.dumps({"text": "\u00ab" + " " * 20000 + "x"}).encode(),  # quote bait: valid, must not stall a worker
    b"",
]


def _article(n: int) -> bytes:
    sentences = [
        f"Le ministre des Affaires étrangères a déclaré lundi que les négociations reprendraient à Genève (n° {n}).",
        "Selon Dmitri Peskov, aucune rencontre n'est prévue avant la fin de l'année.",
        "Emmanuel Macron a affirmé que la France soutiendrait un cessez-le-feu.",
    ]
    return json.dumps({"url": f"https://faults.example/{n}", "title": f"Article {n}", "text": " ".join(sentences),
                       "published": "2026-11-20"}, ensure_ascii=False).encode()  # fmt: skip


def test_faults_lose_nothing_and_duplicate_nothing(settings, tmp_path):
    ensure_topics(settings)
    ensure_indices(settings)
    settings = settings.with_overrides(extract_timeout=5.0)  # the quote bait may hit it: then a `timeout:` letter
    ports = [settings.worker_web_port, settings.worker_web_port + 1]
    workers = [start_worker(settings.with_overrides(worker_web_port=port), tmp_path / f"w{port}.log") for port in ports]
    producer = make_producer(settings)
    try:
        for n in range(ARTICLES):
            producer.send(settings.topic_raw, key=f"a{n}".encode(), value=_article(n))
            if n % 25 == 0:
                producer.send(settings.topic_raw, value=HOSTILE[(n // 25) % len(HOSTILE)])
            if n == ARTICLES // 3:
                producer.flush()
                time.sleep(4)
                workers[0].send_signal(signal.SIGKILL)  # mid-batch, no clean shutdown
                workers[0].wait(30)
                workers[0] = start_worker(settings, tmp_path / "w-again.log")
            if n == 2 * ARTICLES // 3:
                producer.flush()
                es_pid = settings.state_dir / "elasticsearch.pid"
                assert stop_process(es_pid), "the local Elasticsearch was not running"
                time.sleep(10)  # the index agents retry in place meanwhile
                control.up(settings)
        producer.flush()
    finally:
        producer.close()
    try:
        expected = ARTICLES + ARTICLES // 25
        result = wait_for(lambda: (r := audit(settings)).balanced and r.records == expected and r, timeout=300, every=5)
        final = result or audit(settings)
        logs = "\n".join(p.read_text()[-1500:] for p in tmp_path.glob("w*.log"))
        assert final.balanced and final.records == expected, f"{final.render()}\n{logs}"
        assert final.indexed + final.dead_lettered == final.records
        assert final.items > 0 and final.stale_items == [] and final.missing_items == []
        assert ARTICLES <= final.indexed <= ARTICLES + 1  # the quote bait is indexed, or cut off by the time limit
        es = make_client(settings)
        es.indices.refresh(index=settings.index_name("articles"))
        assert es.count(index=settings.index_name("articles"))["count"] == final.articles  # no duplicates
    finally:
        for proc in workers:
            stop_worker(proc)
