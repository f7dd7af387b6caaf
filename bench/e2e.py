"""`make bench-e2e`: the whole pipeline on the local stack: throughput against a raw passthrough, latency, per-stage
cost, RSS, server CPU share and a worker profile. Medians over repeated runs; ratios to the in-run baseline."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.config import Settings, load_settings  # noqa: E402
from pipeline.index.client import delete_indices, ensure_indices, make_client  # noqa: E402
from pipeline.kafka_io import KafkaAdminClient, ensure_topics, make_producer  # noqa: E402
from pipeline.ops.run import start_worker, stop_worker  # noqa: E402
from pipeline.stack import control  # noqa: E402

CLK = os.sysconf("SC_CLK_TCK")


# -- articles ----------------------------------------------------------------------------------------------------


def source_texts() -> list[tuple[str, str, str]]:
    """(language, title, text) of the project's own annotated set and samples: text we may use freely."""
    found = []
    for path in sorted((ROOT / "eval").glob("gold_*.jsonl")):
        for line in path.read_text().splitlines():
            item = json.loads(line)
            found.append((item["language"], item.get("title") or "", item["text"]))
    for path in sorted((ROOT / "samples").glob("*.txt")):
        head, _, body = path.read_text().partition("\n")
        found.append((path.stem[:2], head, body))
    return found


def articles(n: int, seed: int, tag: str) -> list[bytes]:
    """n realistic records, deterministic per seed: paragraphs of one language shuffled and joined to ~1-6 KB."""
    rng = random.Random(seed)
    by_language: dict[str, list[tuple[str, str]]] = {}
    for language, title, text in source_texts():
        by_language.setdefault(language, []).append((title, text))
    languages = sorted(by_language)
    out = []
    for i in range(n):
        language = languages[i % len(languages)]
        pool = by_language[language]
        target = rng.choice([1000, 2000, 3000, 3000, 4000, 6000])
        parts, size = [], 0
        while size < target:
            _, text = rng.choice(pool)
            parts.append(text)
            size += len(text) + 2
        title = rng.choice(pool)[0]
        record = {"url": f"https://bench.example/{tag}/{i}", "title": title, "text": "\n\n".join(parts),
                  "published": "2026-11-20", "language": language}  # fmt: skip
        out.append(json.dumps(record, ensure_ascii=False).encode())
    return out


# -- processes ---------------------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / CLK
    except (OSError, IndexError, ValueError):
        return 0.0


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its descendants (Elasticsearch's launcher starts the JVM as a child)."""
    return sum(cpu_seconds(p) for p in tree(pid))


def tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def peak_rss_mb(pid: int) -> float:
    total = 0.0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def server_pids(settings: Settings) -> dict[str, int]:
    from pipeline.stack.processes import read_pid

    pids = {}
    for name in ("kafka", "elasticsearch"):
        pid = read_pid(settings.state_dir / f"{name}.pid")
        if pid:
            pids[name] = pid
    return pids


# -- one measured pass -------------------------------------------------------------------------------------------


class Run:
    """Isolated topics, indices and consumer group for one measurement; cleaned up afterwards."""

    def __init__(self, base: Settings, workers: int, passthrough: bool = False) -> None:
        tag = uuid.uuid4().hex[:8]
        self.settings = base.with_overrides(
            topic_raw=f"bench-{tag}.raw", topic_enriched=f"bench-{tag}.enriched", topic_dlq=f"bench-{tag}.dlq",
            index_prefix=f"bench-{tag}-", app_id=f"newswire-bench-{tag}", passthrough=passthrough,
            topic_partitions=4, index_batch_seconds=0.5,
        )  # fmt: skip
        self.tag, self.workers, self.procs = tag, workers, []  # type: ignore[var-annotated]
        self.logs = Path("/tmp") / f"newswire-bench-{tag}"

    def __enter__(self) -> Run:
        ensure_topics(self.settings)
        ensure_indices(self.settings)
        for i in range(self.workers):
            worker = self.settings.with_overrides(worker_web_port=self.settings.worker_web_port + 10 + i)
            self.procs.append(start_worker(worker, self.logs / f"worker{i}.log"))
        self._warm()
        return self

    def _warm(self) -> None:
        """One article through every worker's extraction process before the clock starts (models load once)."""
        producer = make_producer(self.settings)
        for i in range(self.workers * 4):
            producer.send(
                self.settings.topic_raw, value=json.dumps({"text": f"Warm-up {i}.", "url": f"https://w/{i}"}).encode()
            )
        producer.flush()
        producer.close()
        self.wait(self.workers * 4, timeout=300)
        self.base = self.count()

    def count(self) -> int:
        es = make_client(self.settings)
        es.indices.refresh(index=self.settings.index_name("articles"))
        return int(es.count(index=self.settings.index_name("articles"))["count"])

    def wait(self, n: int, timeout: float) -> float:
        start = time.monotonic()
        while self.count() < n:
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"only {self.count()} of {n} searchable after {timeout:.0f}s; logs in {self.logs}")
            time.sleep(0.25)
        return time.monotonic()

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            stop_worker(proc)
        delete_indices(self.settings)
        admin = KafkaAdminClient(bootstrap_servers=self.settings.kafka_servers)
        try:
            admin.delete_topics([self.settings.topic_raw, self.settings.topic_enriched, self.settings.topic_dlq])
        except Exception:
            pass
        finally:
            admin.close()


def throughput(base: Settings, records: list[bytes], workers: int, passthrough: bool = False,
               profile_seconds: float = 0.0) -> dict[str, Any]:  # fmt: skip
    """Produce all records at once; articles/s from the first send until the last one is searchable."""
    with Run(base, workers, passthrough) as run:
        servers = server_pids(base)
        cpu0 = {name: tree_cpu(pid) for name, pid in servers.items()}
        producer = make_producer(run.settings)
        start = time.monotonic()
        for value in records:
            producer.send(run.settings.topic_raw, value=value)
        producer.flush()
        profile = py_spy(run.procs[0].pid, profile_seconds) if profile_seconds else None
        end = run.wait(run.base + len(records), timeout=1800)
        wall = end - start
        producer.close()
        cpu = {name: (tree_cpu(pid) - cpu0[name]) / wall / (os.cpu_count() or 1) for name, pid in servers.items()}
        return {"aps": len(records) / wall, "seconds": wall, "rss_mb": max(peak_rss_mb(p.pid) for p in run.procs),
                "cpu_share": cpu, "profile": profile}  # fmt: skip


def producer_alone(base: Settings, records: list[bytes]) -> float:
    """Records/s into Kafka with acks=all, nothing consuming."""
    with Run(base, workers=0) as run:
        producer = make_producer(run.settings)
        start = time.monotonic()
        futures = [producer.send(run.settings.topic_raw, value=v) for v in records]
        producer.flush()
        for f in futures:
            f.get(timeout=60)
        wall = time.monotonic() - start
        producer.close()
        return len(records) / wall


def latency(base: Settings, records: list[bytes], rate: float, seconds: float) -> dict[str, float]:
    """Offered load at `rate` articles/s for `seconds`; produce → indexed (then ≤1 s refresh to searchable)."""
    with Run(base, workers=1) as run:
        producer = make_producer(run.settings)
        sent: dict[str, float] = {}
        n = int(rate * seconds)
        start = time.time()
        for i in range(n):
            due = start + i / rate
            time.sleep(max(0.0, due - time.time()))
            record = json.loads(records[i % len(records)])
            record["url"] += f"?lat={run.tag}-{i}"
            from pipeline.identity import article_id

            sent[article_id(record["url"], "", "")] = time.time()
            producer.send(run.settings.topic_raw, value=json.dumps(record, ensure_ascii=False).encode())
            producer.flush()
        run.wait(run.base + n, timeout=900)
        producer.close()
        es = make_client(run.settings)
        delays = []
        ids = list(sent)
        for chunk in range(0, len(ids), 500):
            docs = es.mget(index=run.settings.index_name("articles"), ids=ids[chunk:chunk + 500],
                           source_includes=["indexed_at"])["docs"]  # fmt: skip
            for d in docs:
                if d.get("found"):
                    at = datetime.fromisoformat(d["_source"]["indexed_at"].replace("Z", "+00:00")).timestamp()
                    delays.append(at - sent[d["_id"]])
        delays.sort()
        q = statistics.quantiles(delays, n=100)
        return {"p50": q[49], "p95": q[94], "p99": q[98], "n": len(delays)}


def stage_costs(records: list[bytes]) -> dict[str, float]:
    """ms per article of each step, in this process, on the same articles."""
    from pipeline.contract import raw_from_payload
    from pipeline.extract import enrich as enrich_module
    from pipeline.extract.dates import find_dates
    from pipeline.extract.entities import find_mentions, group_entities
    from pipeline.extract.language import detect_language
    from pipeline.extract.segment import comments_start, sentences
    from pipeline.models import encode_json
    from pipeline.records import validate

    raws = [raw_from_payload(r) for r in records]
    timings: dict[str, float] = {}

    def timed(name: str, fn: Any) -> list[Any]:
        start = time.perf_counter()
        out = [fn(a) for a in raws]
        timings[name] = (time.perf_counter() - start) * 1000 / len(raws)
        return out

    timed("language", lambda a: detect_language(a.text, title=a.title, hint=a.language_hint))
    timed("entities", lambda a: group_entities(find_mentions(a.title, "title") + find_mentions(a.text, "text"),
                                               comments_start(a.text, None)))  # fmt: skip
    timed("dates+sentences", lambda a: (find_dates(a.text, a.published), sentences(a.text)))
    enriched = timed("enrich (all steps)", enrich_module.enrich)
    timed_list = [(encode_json(r), validate("enriched_article", r)) for r in enriched[:1]]  # warm the validator
    del timed_list
    start = time.perf_counter()
    for r in enriched:
        validate("enriched_article", r)
        encode_json(r)
    timings["serialise+validate"] = (time.perf_counter() - start) * 1000 / len(enriched)
    timings["claims+events (rest of enrich)"] = max(0.0, timings["enrich (all steps)"] - timings["language"]
                                                    - timings["entities"] - timings["dates+sentences"])  # fmt: skip
    return timings


def bulk_cost(base: Settings, records: list[bytes]) -> float:
    """ms per article for the Elasticsearch bulk write of its article, events and claims documents."""
    import asyncio

    from pipeline.contract import raw_from_payload
    from pipeline.extract.enrich import EXTRACTOR_VERSION, enrich
    from pipeline.index.client import index_aliases, make_async_client
    from pipeline.index.writer import write_records

    enriched = [enrich(raw_from_payload(r)) for r in records]
    with Run(base, workers=0) as run:

        async def go() -> float:
            es = make_async_client(run.settings)
            try:
                start = time.perf_counter()
                for i in range(0, len(enriched), 200):
                    await write_records(es, enriched[i : i + 200], index_aliases(run.settings), EXTRACTOR_VERSION)
                return (time.perf_counter() - start) * 1000 / len(enriched)
            finally:
                await es.close()

        return asyncio.run(go())


def inproc_aps(records: list[bytes]) -> float:
    from pipeline.contract import raw_from_payload
    from pipeline.extract.enrich import enrich

    raws = [raw_from_payload(r) for r in records]
    enrich(raws[0])
    start = time.perf_counter()
    for a in raws:
        enrich(a)
    return len(raws) / (time.perf_counter() - start)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def py_spy(pid: int, seconds: float) -> list[str] | None:
    """Top frames of the worker's extraction child under load (py-spy, installed in the bench environment)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    # The extraction process, not multiprocessing's resource tracker (idle, so py-spy would record nothing).
    children = [p for p in tree(pid) if p != pid and b"spawn_main" in _cmdline(p) and b"resource_tracker" not in _cmdline(p)]
    if not Path(spy).exists() or not children:
        return None
    target = children[-1]
    out = Path("/tmp") / f"newswire-profile-{target}.txt"
    subprocess.run([spy, "record", "-p", str(target), "-d", str(int(seconds)), "-f", "raw", "-o", str(out), "--nonblocking"],
                   capture_output=True, timeout=seconds + 60)  # fmt: skip
    if not out.exists():
        return None
    self_time: dict[str, int] = {}
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if frames and count.isdigit():
            self_time[frames[-1]] = self_time.get(frames[-1], 0) + int(count)
    total = sum(self_time.values()) or 1
    top = sorted(self_time.items(), key=lambda kv: -kv[1])[:10]
    return [f"{100 * c / total:5.1f}%  {frame}" for frame, c in top]


# -- report ------------------------------------------------------------------------------------------------------


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> dict[str, Any]:
    mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return {"cpus": os.cpu_count(), "memory_gb": round(int(mem) / 1024 / 1024, 1), "python": platform.python_version(),
            "kernel": platform.release(), "processor": platform.processor() or platform.machine()}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--raw", type=int, default=20000)
    parser.add_argument("--latency-seconds", type=float, default=60.0)
    parser.add_argument("--rates", default="10,20,50")
    args = parser.parse_args()
    base = load_settings()
    control.up(base)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    results: dict[str, list[Any]] = {k: [] for k in ("e2e_1w", "e2e_2w", "raw", "producer", "inproc", "rss", "cpu")}
    profile = None
    for run in range(args.runs):
        records = articles(args.articles, seed=run, tag=f"r{run}")
        raw_records = articles(args.raw, seed=100 + run, tag=f"raw{run}")
        one = throughput(base, records, 1, profile_seconds=15.0 if run == 0 else 0.0)
        profile = profile or one["profile"]
        two = throughput(base, articles(args.articles, seed=run, tag=f"r{run}b"), 2)
        raw = throughput(base, raw_records, 1, passthrough=True)
        results["e2e_1w"].append(one["aps"])
        results["e2e_2w"].append(two["aps"])
        results["raw"].append(raw["aps"])
        results["producer"].append(producer_alone(base, raw_records))
        results["inproc"].append(inproc_aps(records[:500]))
        results["rss"].append(max(one["rss_mb"], two["rss_mb"]))
        results["cpu"].append(one["cpu_share"])
        print(f"run {run + 1}/{args.runs}: 1 worker {one['aps']:.1f}/s, 2 workers {two['aps']:.1f}/s, "
              f"raw {raw['aps']:.1f}/s, producer {results['producer'][-1]:.0f}/s, in-process {results['inproc'][-1]:.1f}/s",
              flush=True)  # fmt: skip
    sample = articles(300, seed=7, tag="stages")
    stages = stage_costs(sample)
    stages["elasticsearch bulk per article"] = bulk_cost(base, sample)
    lat = {}
    for rate in [float(r) for r in args.rates.split(",")]:
        lat[rate] = latency(base, articles(200, seed=9, tag=f"lat{rate}"), rate, args.latency_seconds)
        print(
            f"latency at {rate:g}/s: p50 {lat[rate]['p50']:.2f}s p95 {lat[rate]['p95']:.2f}s p99 {lat[rate]['p99']:.2f}s",
            flush=True,
        )
    summary = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "commit": commit, "machine": machine(),
        "config": vars(args),
        "end_to_end_aps": med(results["e2e_1w"]), "end_to_end_2w_aps": med(results["e2e_2w"]),
        "raw_aps": med(results["raw"]), "producer_rps": med(results["producer"]), "inproc_aps": med(results["inproc"]),
        "ratio": med(results["e2e_1w"]) / med(results["raw"]), "scale_2w": med(results["e2e_2w"]) / med(results["e2e_1w"]),
        "rss_mb": max(results["rss"]), "runs": results, "latency": lat, "stages_ms": stages, "profile": profile,
        "server_cpu_share": {k: med([c.get(k, 0.0) for c in results["cpu"]]) for k in ("kafka", "elasticsearch")},
    }  # fmt: skip
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.now(UTC).date()}-{commit or 'nocommit'}"
    (out / f"{stem}.json").write_text(json.dumps(summary, indent=1, default=str) + "\n")
    (out / f"{stem}.md").write_text(render(summary))
    print(render(summary))
    p99 = lat.get(20.0, {}).get("p99", float("nan"))
    print(f"RESULT end_to_end_aps={summary['end_to_end_aps']:.1f} end_to_end_2w_aps={summary['end_to_end_2w_aps']:.1f} "
          f"inproc_aps={summary['inproc_aps']:.1f} raw_aps={summary['raw_aps']:.1f} ratio={summary['ratio']:.3f} "
          f"p99_s={p99:.2f} rss_mb={summary['rss_mb']:.0f}")  # fmt: skip
    return 0


def render(s: dict[str, Any]) -> str:
    m = s["machine"]
    lines = [
        f"# End-to-end benchmark {s['date']} at {s['commit']}",
        "",
        f"Machine: {m['cpus']} cores, {m['memory_gb']} GB, Python {m['python']}, kernel {m['kernel']}. Shared and noisy:",
        "trust the ratios against the in-run baseline more than the absolute figures. Medians over "
        f"{s['config']['runs']} runs of {s['config']['articles']} articles (raw baseline: {s['config']['raw']} records).",
        "",
        "| measure | median |",
        "|---|---|",
        f"| end to end, 1 worker (produce → all searchable) | {s['end_to_end_aps']:.1f} articles/s |",
        f"| end to end, 2 workers | {s['end_to_end_2w_aps']:.1f} articles/s ({s['scale_2w']:.2f}× one worker) |",
        f"| raw passthrough (same agents and index path, no extraction) | {s['raw_aps']:.1f} records/s |",
        f"| ratio enriched / raw | {s['ratio']:.3f} |",
        f"| producer alone (acks=all) | {s['producer_rps']:.0f} records/s |",
        f"| in-process enrichment, 1 process | {s['inproc_aps']:.1f} articles/s |",
        f"| peak RSS per worker (with its extraction process) | {s['rss_mb']:.0f} MB |",
        f"| Kafka / Elasticsearch CPU share (1-worker run, of all cores) | {100 * s['server_cpu_share']['kafka']:.0f}% / "
        f"{100 * s['server_cpu_share']['elasticsearch']:.0f}% |",
        "",
        "Latency, produce → indexed (searchable ≤ 1 s later, the refresh interval), one worker:",
        "",
        "| offered load | p50 | p95 | p99 |",
        "|---|---|---|---|",
    ]  # fmt: skip
    for rate, q in s["latency"].items():
        lines.append(f"| {float(rate):g}/s | {q['p50']:.2f} s | {q['p95']:.2f} s | {q['p99']:.2f} s |")
    lines += ["", "Per-stage cost, ms per article (in process, 300 articles):", "", "| stage | ms |", "|---|---|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in s["stages_ms"].items()]
    if s.get("profile"):
        lines += ["", "Worker profile under load (py-spy, extraction process, self time, top ten):", "", "```"]
        lines += s["profile"] + ["```"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
