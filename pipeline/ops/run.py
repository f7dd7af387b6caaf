"""`newswire run` / `demo`: the stack, the topics, a worker, the given articles in, until Ctrl-C (or once)."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.config import Settings
from pipeline.index.client import ensure_indices, make_client
from pipeline.index.layout import mget_request, read_layouts
from pipeline.kafka_io import ensure_topics
from pipeline.models import utc_now
from pipeline.producers.sender import produce_paths
from pipeline.stack import control

log = logging.getLogger(__name__)


def wait_indexed(
    settings: Settings, ids: list[str], since: str, timeout: float, alive: Callable[[], bool] = lambda: True
) -> int:
    """Poll until every id was indexed at or after `since` (this run, not an earlier one), the timeout passes or the
    worker dies; return how many were."""
    es = make_client(settings)
    deadline = time.monotonic() + timeout
    found = 0
    while ids:
        layout = read_layouts(es, {"articles": settings.index_name("articles")}).get("articles")
        docs = es.mget(**mget_request(layout, ids, ["indexed_at"]))["docs"] if layout else []
        found = sum(1 for d in docs if d.get("found") and d["_source"]["indexed_at"] >= since)
        if found == len(ids) or time.monotonic() > deadline or not alive():
            break
        time.sleep(1.0)
    return found


def start_worker(settings: Settings, log_file: Path) -> subprocess.Popen[bytes]:
    """`newswire worker` as a child process with exactly these settings."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    env = settings.child_environment()
    with open(log_file, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "worker"], stdout=out, stderr=subprocess.STDOUT, env=env
        )


def stop_worker(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


def run(settings: Settings, paths: list[str], once: bool, keep_stack: bool, timeout: float = 300.0) -> int:
    """Bring everything up, ingest `paths`, report; then serve until Ctrl-C, or return at once with `once`."""
    started = control.up(settings)
    print(f"stack: kafka {settings.kafka_servers}, elasticsearch {settings.elasticsearch_url}", flush=True)
    ensure_topics(settings)
    ensure_indices(settings)
    worker_log = settings.state_dir / "logs" / f"worker-{settings.app_id}.log"
    worker = start_worker(settings, worker_log)
    print(f"worker: pid {worker.pid}, log {worker_log}", flush=True)
    try:
        if paths:
            since = utc_now()
            t0 = time.monotonic()
            summary = produce_paths(settings, paths)
            print(summary.render(), flush=True)
            found = wait_indexed(settings, summary.ids, since, timeout, alive=lambda: worker.poll() is None)
            print(f"indexed {found}/{len(summary.ids)} articles in {time.monotonic() - t0:.1f}s", flush=True)
            if found < len(summary.ids):
                print(f"not all articles indexed; see {worker_log} and the {settings.topic_dlq} topic", file=sys.stderr)
                return 1
        if once:
            return 0
        print("running; Ctrl-C to stop", flush=True)
        while worker.poll() is None:
            time.sleep(1.0)
        print(f"worker exited with {worker.returncode}; see {worker_log}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping…", flush=True)
        return 0
    finally:
        stop_worker(worker)
        if started and not keep_stack and not once:
            control.down(settings)
