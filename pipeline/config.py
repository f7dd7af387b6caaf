"""One frozen Settings object built from NEWSWIRE_* environment variables; nothing else reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PREFIX = "NEWSWIRE_"


def _default_cache_dir() -> Path:
    # Root's home is not traversable by the unprivileged Elasticsearch user, so root caches system-wide.
    if os.geteuid() == 0:
        return Path("/var/cache/newswire")
    return Path.home() / ".cache" / "newswire"


def _default_state_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/var/lib/newswire")
    return Path.home() / ".local" / "state" / "newswire"


@dataclass(frozen=True)
class Settings:
    """Everything configurable; each field maps to NEWSWIRE_<FIELD NAME IN CAPITALS>."""

    # Existing servers; when unset the embedded local stack is used (and started by `stack up`).
    kafka_bootstrap: str | None = None
    es_url: str | None = None

    topic_raw: str = "articles.raw"
    topic_enriched: str = "articles.enriched"
    topic_dlq: str = "articles.dlq"
    topic_partitions: int = 4
    topic_replication: int = 1

    index_prefix: str = "newswire-"
    app_id: str = "newswire"
    worker_web_port: int = 6066
    index_batch_size: int = 200
    index_batch_seconds: float = 1.0

    cache_dir: Path = field(default_factory=_default_cache_dir)
    state_dir: Path = field(default_factory=_default_state_dir)
    stack_user: str = "newswire"
    java_home: str = "/usr/lib/jvm/java-17-openjdk-amd64"
    kafka_version: str = "3.9.1"
    kafka_scala: str = "2.13"
    kafka_port: int = 19092
    kafka_controller_port: int = 19093
    kafka_heap: str = "768m"
    es_version: str = "8.19.3"
    es_port: int = 19200
    es_transport_port: int = 19300
    es_heap: str = "1g"
    stack_start_timeout: float = 180.0

    # The crawler (`newswire crawl`): politeness and limits; the README's "Crawling" section explains each.
    crawl_user_agent: str = "newswire-crawler/0.3 (news ingestion; honours robots.txt)"
    crawl_host_concurrency: int = 2
    crawl_host_delay: float = 1.0
    crawl_timeout: float = 30.0
    crawl_connect_timeout: float = 10.0
    crawl_retries: int = 2
    crawl_backoff: float = 2.0
    crawl_max_bytes: int = 5_000_000
    crawl_max_redirects: int = 5
    crawl_robots_ttl: float = 3600.0
    crawl_page_attempts: int = 3
    crawl_metrics_port: int = 6067
    crawl_state_file: Path | None = None

    log_level: str = "info"

    @property
    def kafka_embedded(self) -> bool:
        return self.kafka_bootstrap is None

    @property
    def es_embedded(self) -> bool:
        return self.es_url is None

    @property
    def kafka_servers(self) -> str:
        return self.kafka_bootstrap or f"127.0.0.1:{self.kafka_port}"

    @property
    def elasticsearch_url(self) -> str:
        return self.es_url or f"http://127.0.0.1:{self.es_port}"

    @property
    def crawl_state_path(self) -> Path:
        """The crawler's SQLite state: NEWSWIRE_CRAWL_STATE_FILE, else crawler.sqlite3 in the state directory."""
        return self.crawl_state_file or self.state_dir / "crawler.sqlite3"

    def index_name(self, kind: str) -> str:
        """The alias analysts and writers use for one of: articles, events, claims."""
        return f"{self.index_prefix}{kind}"

    def to_environ(self) -> dict[str, str]:
        """The NEWSWIRE_* variables that reproduce these settings in a child process."""
        env = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                env[PREFIX + f.name.upper()] = str(value)
        return env

    def child_environment(self) -> dict[str, str]:
        """The environment for a child process: this process's, with these settings on top."""
        return {**os.environ, **self.to_environ()}

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def _coerce(raw: str, current: object, name: str) -> object:
    if isinstance(current, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(raw)
    if isinstance(current, float):
        return float(raw)
    if isinstance(current, Path):
        return Path(raw).expanduser()
    if name in {"kafka_bootstrap", "es_url"}:
        return raw.strip() or None
    if name == "crawl_state_file":
        return Path(raw).expanduser() if raw.strip() else None
    return raw


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from the environment (or a given mapping, for tests)."""
    env = os.environ if environ is None else environ
    defaults = Settings()
    changes: dict[str, object] = {}
    for f in fields(Settings):
        key = PREFIX + f.name.upper()
        if key in env:
            try:
                changes[f.name] = _coerce(env[key], getattr(defaults, f.name), f.name)
            except ValueError as exc:
                raise ValueError(f"{key}={env[key]!r}: {exc}") from exc
    return replace(defaults, **changes)  # type: ignore[arg-type]
