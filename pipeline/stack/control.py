"""`newswire stack up|down|status`: the local Kafka and Elasticsearch as one unit."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import StackError
from pipeline.stack import download, elasticsearch, kafka
from pipeline.stack.processes import read_pid, stack_lock, start_detached, stop_process, tail

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    mode: str  # embedded | external
    address: str
    healthy: bool
    version: str | None
    pid: int | None
    log: Path | None

    def render(self) -> str:
        state = "healthy" if self.healthy else "DOWN"
        parts = [f"{self.name:<14}{state:<8}{self.mode:<9}{self.address:<28}version {self.version or '?'}"]
        if self.pid:
            parts.append(f"pid {self.pid}")
        if self.log:
            parts.append(f"log {self.log}")
        return "  ".join(parts)


def _paths(settings: Settings, name: str) -> tuple[Path, Path]:
    logs = settings.state_dir / "logs"
    return settings.state_dir / f"{name}.pid", logs / f"{name}.log"


def _kafka_healthy(settings: Settings) -> bool:
    return kafka.healthy(settings)


def _es_healthy(settings: Settings) -> bool:
    return elasticsearch.health(settings) in ("green", "yellow")


def status(settings: Settings) -> list[ComponentStatus]:
    kafka_pid, kafka_log = _paths(settings, "kafka")
    es_pid, es_log = _paths(settings, "elasticsearch")
    return [
        ComponentStatus(
            "kafka",
            "embedded" if settings.kafka_embedded else "external",
            settings.kafka_servers,
            _kafka_healthy(settings),
            settings.kafka_version if settings.kafka_embedded else None,
            read_pid(kafka_pid) if settings.kafka_embedded else None,
            kafka_log if settings.kafka_embedded else None,
        ),
        ComponentStatus(
            "elasticsearch",
            "embedded" if settings.es_embedded else "external",
            settings.elasticsearch_url,
            _es_healthy(settings),
            elasticsearch.version(settings),
            read_pid(es_pid) if settings.es_embedded else None,
            es_log if settings.es_embedded else None,
        ),
    ]


def _wait(name: str, check: Callable[[], bool], pid_file: Path, log_file: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if read_pid(pid_file) is None:
            raise StackError(f"{name} exited during start-up; its log is {log_file}:\n{tail(log_file)}")
        time.sleep(1.0)
    raise StackError(f"{name} not healthy after {timeout:.0f}s; its log is {log_file}:\n{tail(log_file)}")


def _start_kafka(settings: Settings) -> bool:
    pid_file, log_file = _paths(settings, "kafka")
    if _kafka_healthy(settings):
        return False
    if read_pid(pid_file) is None:
        try:
            home = download.ensure_kafka(settings)
            argv, user = kafka.prepare(settings, home)
        except StackError as exc:
            raise StackError(f"kafka: {exc}") from exc
        start_detached(argv, log_file, pid_file, settings.child_environment(), kafka.kafka_dir(settings), user=user)
        log.info("kafka starting, log %s", log_file)
    _wait("kafka", lambda: _kafka_healthy(settings), pid_file, log_file, settings.stack_start_timeout)
    return True


def _start_elasticsearch(settings: Settings) -> bool:
    pid_file, log_file = _paths(settings, "elasticsearch")
    if _es_healthy(settings):
        return False
    if read_pid(pid_file) is None:
        try:
            home = download.ensure_elasticsearch(settings)
            argv, env, user = elasticsearch.prepare(settings, home)
        except StackError as exc:
            raise StackError(f"elasticsearch: {exc}") from exc
        start_detached(argv, log_file, pid_file, env, elasticsearch.es_dir(settings), user=user)
        log.info("elasticsearch starting, log %s", log_file)
    _wait("elasticsearch", lambda: _es_healthy(settings), pid_file, log_file, settings.stack_start_timeout)
    return True


def _require_external(settings: Settings) -> None:
    if not settings.kafka_embedded and not _kafka_healthy(settings):
        raise StackError(f"kafka: external cluster {settings.kafka_servers} (NEWSWIRE_KAFKA_BOOTSTRAP) does not answer")
    if not settings.es_embedded and not _es_healthy(settings):
        raise StackError(
            f"elasticsearch: external cluster {settings.elasticsearch_url} (NEWSWIRE_ES_URL) does not answer"
        )


def up(settings: Settings) -> list[str]:
    """Start whatever embedded component is not running; return the names of those started."""
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    with stack_lock(settings.state_dir):
        return _up(settings)


def _up(settings: Settings) -> list[str]:
    _require_external(settings)
    started = []
    if settings.kafka_embedded and _start_kafka(settings):
        started.append("kafka")
    if settings.es_embedded and _start_elasticsearch(settings):
        started.append("elasticsearch")
    return started


def down(settings: Settings) -> list[str]:
    """Stop the embedded components this state directory started; external clusters are never touched."""
    with stack_lock(settings.state_dir):
        return _down(settings)


def _down(settings: Settings) -> list[str]:
    stopped = []
    for name in ("elasticsearch", "kafka"):
        pid_file, _ = _paths(settings, name)
        if stop_process(pid_file):
            stopped.append(name)
    return stopped
