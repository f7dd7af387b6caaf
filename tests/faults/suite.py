"""`make test-faults`: the full fault profile on the real local stack, with a table of the faults survived.

Produces ARTICLES articles (2% hostile: oversize, deep JSON, nulls, invalid UTF-8, regex bait, empty, arrays) to
four partitions while two workers run, and meanwhile: SIGKILLs a worker twice (restarting it), stops Elasticsearch
for 30 s, restarts Kafka, and starts a third worker then stops one (two rebalances). One document Elasticsearch
refuses (400) goes straight to the enriched topic. Then `newswire audit` must show every raw record indexed or
dead-lettered, every article's items exactly in the index, and one document per article; exit 1 otherwise.

    .venv/bin/python -m tests.faults.suite [--articles 5000] [--keep]

`make test` runs the short profile of the same faults (tests/integration/test_faults.py, 200 articles).
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Settings, load_settings
from pipeline.extract.enrich import enrich
from pipeline.index.client import delete_indices, ensure_indices, make_client
from pipeline.kafka_io import ensure_topics, make_admin, make_producer
from pipeline.models import RawArticle, encode_json
from pipeline.ops.audit import Audit, audit
from pipeline.ops.dead_letters import letters
from pipeline.ops.run import start_worker, stop_worker
from pipeline.stack import control
from pipeline.stack.processes import stop_process

HOSTILE_KINDS = ("oversize", "deep_json", "nulls", "invalid_utf8", "regex_bait", "empty", "array")
REFUSED_ID = "f" * 32  # the enriched record Elasticsearch refuses with a 400


def hostile(kind: str, n: int) -> bytes:
    """One hostile raw record of the given kind."""
    if kind == "oversize":  # over the contract's 2,000,000-character text limit, under the record size limit
        return json.dumps({"text": "Lorem ipsum dolor. " * 110_000, "url": f"https://faults.example/big{n}"}).encode()
    if kind == "deep_json":
        return b"[" * 100_000 + b"]" * 100_000
    if kind == "nulls":
        return json.dumps({"text": None, "title": None, "url": None}).encode()
    if kind == "invalid_utf8":
        return b'{"text": "caf\xe9 cr\xe8me", "url": "https://faults.example/latin1"}'
    if kind == "regex_bait":  # valid: indexed, or cut off by the time limit, never a stalled worker
        return json.dumps({"text": "\u00ab" + " " * 30_000 + "x", "url": f"https://faults.example/bait{n}"}).encode()
    if kind == "empty":
        return b""
    return json.dumps([{"text": "a"}, {"text": "b"}]).encode()


def article(n: int) -> bytes:
    sentences = [
        f"Le ministre des Affaires étrangères a déclaré lundi que les négociations reprendraient à Genève (n° {n}).",
        "Selon Dmitri Peskov, aucune rencontre n'est prévue avant la fin de l'année.",
        "Emmanuel Macron a affirmé que la France soutiendrait un cessez-le-feu.",
        "The United States accused Russia of attacking Kharkiv on Tuesday, officials said.",
    ]
    body = {"url": f"https://faults.example/{n}", "title": f"Article {n}", "text": " ".join(sentences[: 2 + n % 3]),
            "published": "2026-11-20"}  # fmt: skip
    return json.dumps(body, ensure_ascii=False).encode()


def refused_record() -> bytes:
    """An enriched record that passes our schema but that Elasticsearch refuses (integer out of range: HTTP 400)."""
    record = enrich(RawArticle(id=REFUSED_ID, source="faults", title="refused", text="Bonjour à tous."))
    record["comments_start"] = 2**40
    return encode_json(record)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Run:
    settings: Settings
    logs: Path
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    faults: list[tuple[str, int, str]] = field(default_factory=list)  # fault, articles produced before it, outcome

    def start(self, name: str) -> None:
        port = _free_port()
        self.workers[name] = start_worker(self.settings.with_overrides(worker_web_port=port), self.logs / f"{name}.log")

    def note(self, fault: str, produced: int, outcome: str) -> None:
        self.faults.append((fault, produced, outcome))
        print(f"  {fault}: {outcome}", flush=True)


def _kill_and_restart(run: Run, name: str, produced: int) -> None:
    proc = run.workers[name]
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    run.start(name)
    run.note(f"SIGKILL worker {name}", produced, f"killed mid-stream, restarted as pid {run.workers[name].pid}")


def _stop_elasticsearch(run: Run, produced: int, seconds: float) -> None:
    started = time.monotonic()
    assert stop_process(run.settings.state_dir / "elasticsearch.pid"), "the local Elasticsearch was not running"
    time.sleep(seconds)
    control.up(run.settings)
    run.note("Elasticsearch stopped", produced, f"down {time.monotonic() - started:.0f} s, restarted")


def _restart_kafka(run: Run, produced: int) -> None:
    started = time.monotonic()
    assert stop_process(run.settings.state_dir / "kafka.pid"), "the local Kafka was not running"
    control.up(run.settings)
    run.note("Kafka restarted", produced, f"back after {time.monotonic() - started:.0f} s")


def _rebalance(run: Run, produced: int) -> None:
    run.start("c")
    time.sleep(10)
    stop_worker(run.workers.pop("a"))
    run.note("rebalance", produced, "worker c joined, worker a stopped (two rebalances)")


def _settle(run: Run, expected: int, timeout: float) -> Audit:
    deadline = time.monotonic() + timeout
    while True:
        result = audit(run.settings)
        if (result.balanced and result.records == expected) or time.monotonic() > deadline:
            return result
        time.sleep(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.faults.suite", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--es-down", type=float, default=30.0, help="seconds Elasticsearch stays stopped")
    parser.add_argument("--keep", action="store_true", help="keep the run's topics and indices for inspection")
    args = parser.parse_args(argv)

    base = load_settings()
    control.up(base)
    tag = uuid.uuid4().hex[:8]
    settings = base.with_overrides(
        topic_raw=f"faults-{tag}.raw", topic_enriched=f"faults-{tag}.enriched", topic_dlq=f"faults-{tag}.dlq",
        topic_partitions=4, index_prefix=f"faults-{tag}-", app_id=f"newswire-faults-{tag}",
        extract_timeout=5.0, index_batch_seconds=0.5,
    )  # fmt: skip
    ensure_topics(settings)
    ensure_indices(settings)
    run = Run(settings, Path(tempfile.mkdtemp(prefix="newswire-faults.")))
    print(f"fault suite {tag}: {args.articles} articles, worker logs in {run.logs}", flush=True)
    run.start("a")
    run.start("b")
    schedule = {
        int(args.articles * 0.15): lambda n: _kill_and_restart(run, "a", n),
        int(args.articles * 0.30): lambda n: _stop_elasticsearch(run, n, args.es_down),
        int(args.articles * 0.45): lambda n: _restart_kafka(run, n),
        int(args.articles * 0.60): lambda n: _kill_and_restart(run, "b", n),
        int(args.articles * 0.75): lambda n: _rebalance(run, n),
    }
    started = time.monotonic()
    hostile_sent: dict[str, int] = dict.fromkeys(HOSTILE_KINDS, 0)
    producer = make_producer(settings.with_overrides(max_record_bytes=4 * 1024 * 1024))
    try:
        for n in range(args.articles):
            producer.send(settings.topic_raw, value=article(n))
            if n % 50 == 25:
                kind = HOSTILE_KINDS[(n // 50) % len(HOSTILE_KINDS)]
                producer.send(settings.topic_raw, value=hostile(kind, n))
                hostile_sent[kind] += 1
            if n in schedule:
                producer.flush()
                producer.close()
                schedule[n](n)
                producer = make_producer(settings.with_overrides(max_record_bytes=4 * 1024 * 1024))
        producer.send(settings.topic_enriched, key=REFUSED_ID.encode(), value=refused_record())
        producer.flush()
    finally:
        producer.close()
    expected = args.articles + sum(hostile_sent.values())
    print(f"produced {expected} raw records in {time.monotonic() - started:.0f} s; waiting for the workers", flush=True)
    result = _settle(run, expected, timeout=1200)
    elapsed = time.monotonic() - started
    es = make_client(settings)
    es.indices.refresh(index=settings.index_name("articles"))
    documents = es.count(index=settings.index_name("articles"))["count"]
    refused_ok = False
    for _ in range(30):  # sent last: its batch may still be in flight when the raw topic balances
        refused = [f.record for f in letters(settings) if f.record.get("article_id") == REFUSED_ID]
        refused_ok = bool(refused) and refused[0].get("stage") == "index" and "HTTP 400" in str(refused[0]["reason"])
        if refused:
            break
        time.sleep(2)
    for proc in run.workers.values():
        stop_worker(proc)

    print()
    print("fault                     at article  outcome")
    for fault, produced, outcome in run.faults:
        print(f"{fault:<25} {produced:>10}  {outcome}")
    print(f"{'400-refused document':<25} {'end':>10}  " + ("dead-lettered at index with the 400" if refused_ok
                                                          else "NOT dead-lettered"))  # fmt: skip
    print("hostile records sent: " + ", ".join(f"{k} {v}" for k, v in hostile_sent.items()))
    print()
    print(result.render())
    duplicates = documents - result.articles - 0  # the refused document is not in the index
    print(f"article documents {documents}, distinct articles {result.articles}: duplicates {duplicates}")
    ok = result.balanced and result.records == expected and duplicates == 0 and refused_ok
    print(f"{'PASSED' if ok else 'FAILED'} in {elapsed:.0f} s")
    if not args.keep:
        delete_indices(settings)
        admin = make_admin(settings)
        try:
            admin.delete_topics([settings.topic_raw, settings.topic_enriched, settings.topic_dlq])
        finally:
            admin.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
