"""Records from a Kafka client the project did not write (Kafka's own console producer): minimal articles, the full
envelope and every bad case of the contract, through the real worker to Elasticsearch or the dead-letter topic."""

from __future__ import annotations

import json
import subprocess

import pytest

from pipeline.contract import article_from_record
from pipeline.identity import article_id
from pipeline.index.client import ensure_indices, make_client
from pipeline.kafka_io import ensure_topics
from pipeline.ops.run import start_worker, stop_worker
from pipeline.stack.download import kafka_home
from pipeline.stack.java import KAFKA_JAVA, find_jdk

from .helpers import decode, read_topic, wait_for

pytestmark = pytest.mark.integration

PESKOV = {"url": "https://x.example/3", "source": "kcat", "title": "Ok", "published": "2026-11-20",
          "text": "Dmitri Peskov a déclaré que la réunion aurait lieu en Floride."}  # fmt: skip
ENVELOPE = article_from_record(
    {
        "url": "https://ours.example/full",
        "title": "Sommet",
        "text": "Le sommet aura lieu à Genève, a déclaré le porte-parole.",
    },
    default_source="newswire",
).to_dict()
MINIMAL = {"text": "Selon le ministre, les négociations reprendront jeudi.", "section": "monde"}
KEYED = {"url": "https://x.example/keyed", "text": "The minister said the talks would resume on Thursday."}


def console_produce(settings, lines: list[str], key_separator: str | None = None) -> None:
    """Send lines with `kafka.tools.ConsoleProducer` run from the stack's own jars: no kafka-python in the path."""
    java = find_jdk(settings, "Kafka", KAFKA_JAVA).java
    argv = [str(java), "-cp", str(kafka_home(settings) / "libs" / "*"), "kafka.tools.ConsoleProducer",
            "--bootstrap-server", settings.kafka_servers, "--topic", settings.topic_raw,
            "--producer-property", "acks=all"]  # fmt: skip
    if key_separator:
        argv += ["--property", "parse.key=true", "--property", f"key.separator={key_separator}"]
    done = subprocess.run(argv, input="\n".join(lines) + "\n", text=True, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture
def worker(settings, tmp_path):
    ensure_topics(settings)
    ensure_indices(settings)
    log = tmp_path / "worker.log"
    proc = start_worker(settings, log)
    yield proc, log
    stop_worker(proc)


def _indexed_ids(settings) -> set[str]:
    es = make_client(settings)
    es.indices.refresh(index=settings.index_name("articles"))
    hits = es.search(index=settings.index_name("articles"), size=100, source=False)["hits"]["hits"]
    return {h["_id"] for h in hits}


def test_a_plain_kafka_client_can_feed_the_raw_topic(settings, worker):
    proc, log = worker
    lines = [
        "not json at all",
        json.dumps({"url": "https://x.example/1", "source": "kcat"}),
        json.dumps(
            {
                "url": "https://x.example/2",
                "source": "kcat",
                "title": "Hello",
                "text": "Le Kremlin a déclaré lundi que …",
                "published": "2026-13-45",
            }
        ),  # fmt: skip
        json.dumps(PESKOV, ensure_ascii=False),
        json.dumps(ENVELOPE, ensure_ascii=False),
        "\ufeff" + json.dumps(MINIMAL, ensure_ascii=False),
        json.dumps([PESKOV, MINIMAL], ensure_ascii=False),
        json.dumps({"text": "   "}),
    ]
    console_produce(settings, lines)
    console_produce(settings, ["not-the-article-id|" + json.dumps(KEYED)], key_separator="|")

    expected = {
        article_id(PESKOV["url"], "", ""),
        ENVELOPE["id"],
        article_id(None, "", MINIMAL["text"]),
        article_id(KEYED["url"], "", ""),
    }
    done = wait_for(lambda: _indexed_ids(settings) >= expected, timeout=180)
    assert done, f"not indexed in time; log:\n{log.read_text()[-3000:]}"
    assert _indexed_ids(settings) == expected

    letters = sorted((decode(m) for m in read_topic(settings, settings.topic_dlq, expect=5, timeout=60)),
                     key=lambda letter: letter["source"]["offset"])  # fmt: skip
    assert [letter["source"]["offset"] for letter in letters] == [0, 1, 2, 6, 7]
    assert all(letter["stage"] == "enrich" and letter["source"]["topic"] == settings.topic_raw for letter in letters)
    assert letters[0]["reason"].startswith("payload is not JSON")
    assert letters[1]["problems"] == ["text: missing"]
    assert letters[2]["problems"] == ["published: '2026-13-45' is not a valid date"]
    assert letters[3]["reason"] == "a JSON array of 2 items; send one article per record"
    assert letters[4]["problems"] == ["text: only whitespace"]

    # The worker re-keys by article id: the enriched topic's keys are the ids, whatever the producer sent.
    enriched = read_topic(settings, settings.topic_enriched, expect=4, timeout=60)
    assert {m.key.decode() for m in enriched} == expected
    by_id = {decode(m)["id"]: decode(m) for m in enriched}
    assert by_id[article_id(None, "", MINIMAL["text"])]["metadata"] == {"section": "monde"}
    assert by_id[article_id(None, "", MINIMAL["text"])]["source"] == f"kafka:{settings.topic_raw}"
    assert proc.poll() is None
