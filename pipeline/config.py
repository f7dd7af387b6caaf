"""One frozen Settings object built from NEWSWIRE_* environment variables; nothing else reads the environment."""

from __future__ import annotations

import difflib
import os
import typing
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

PREFIX = "NEWSWIRE_"
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")
PORT = (1024, 65535)  # unprivileged ports only: the worker and stack never run on a system port


class SettingsError(ValueError):
    """One or more NEWSWIRE_* variables cannot be used; the message has one line per problem."""


def _default_cache_dir() -> Path:
    # Root's home is not traversable by the unprivileged Elasticsearch user, so root caches system-wide.
    if os.geteuid() == 0:
        return Path("/var/cache/newswire")
    return Path.home() / ".cache" / "newswire"


def _default_state_dir() -> Path:
    if os.geteuid() == 0:
        return Path("/var/lib/newswire")
    return Path.home() / ".local" / "state" / "newswire"


def setting(
    default: Any = None,
    *,
    factory: Any = None,
    choices: tuple[str, ...] | None = None,
    bounds: tuple[float, float] | None = None,
    secret: bool = False,
    env: str | None = None,
) -> Any:
    """A settings field with its rules: allowed values, numeric bounds, masking, or a non-NEWSWIRE variable name."""
    meta = {"choices": choices, "bounds": bounds, "secret": secret, "env": env}
    if factory is not None:
        return field(default_factory=factory, metadata=meta, repr=not secret)
    return field(default=default, metadata=meta, repr=not secret)  # a secret never shows in a logged repr


@dataclass(frozen=True)
class Settings:
    """Everything configurable; each field maps to NEWSWIRE_<FIELD NAME IN CAPITALS>."""

    # Existing servers; when unset the embedded local stack is used (and started by `stack up`).
    # NEWSWIRE_ES_URL may list several hosts separated by commas.
    kafka_bootstrap: str | None = None
    es_url: str | None = setting(None, secret=True)

    # Security for real clusters (the embedded stack is security-off on loopback). A secret may also come from a file:
    # NEWSWIRE_<NAME>_FILE=/run/secrets/… (Kubernetes and compose secrets); `newswire config` masks every secret.
    kafka_security_protocol: str = setting("PLAINTEXT", choices=("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"))
    kafka_sasl_mechanism: str = setting("PLAIN", choices=("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"))
    kafka_sasl_username: str | None = None
    kafka_sasl_password: str | None = setting(None, secret=True)
    kafka_ssl_cafile: Path | None = None
    kafka_ssl_certfile: Path | None = None
    kafka_ssl_keyfile: Path | None = None
    es_api_key: str | None = setting(None, secret=True)
    es_username: str | None = None
    es_password: str | None = setting(None, secret=True)
    es_ca_certs: Path | None = None
    es_cloud_id: str | None = None
    # Kibana, for `newswire kibana import` only (the pipeline itself never talks to Kibana). The URL may carry
    # user:password@ (masked like NEWSWIRE_ES_URL); an API key is sent as `Authorization: ApiKey …`.
    kibana_url: str | None = setting(None, secret=True)
    kibana_api_key: str | None = setting(None, secret=True)

    topic_raw: str = "articles.raw"
    topic_enriched: str = "articles.enriched"
    topic_dlq: str = "articles.dlq"
    topic_partitions: int = setting(4, bounds=(1, 10_000))
    topic_replication: int = setting(1, bounds=(1, 100))

    index_prefix: str = "newswire-"
    app_id: str = "newswire"
    worker_web_port: int = setting(6066, bounds=PORT)
    # Loopback by default; a container sets 0.0.0.0 so its orchestrator's probes reach the port.
    worker_web_host: str = "127.0.0.1"
    index_batch_size: int = setting(200, bounds=(1, 100_000))
    # Enriched records sent together and confirmed together (one broker round trip per batch).
    enrich_batch_size: int = setting(50, bounds=(1, 10_000))
    index_batch_seconds: float = setting(1.0, bounds=(0.01, 3600))
    # Largest record our producers and the worker send (Faust's producer_max_request_size, topics' max.message.bytes).
    max_record_bytes: int = setting(8 * 1024 * 1024, bounds=(1024, 1 << 30))
    # A dead letter keeps at most this much of the original payload (payload_truncated marks the cut).
    dead_letter_max_bytes: int = setting(1024 * 1024, bounds=(1024, 1 << 30))
    # Past this, one article's extraction is abandoned: dead letter `timeout: …`, extraction process replaced.
    extract_timeout: float = setting(30.0, bounds=(0.001, 3600))
    # Benchmark baseline: the same agents and index path with language and extraction turned off.
    passthrough: bool = False

    cache_dir: Path = setting(factory=_default_cache_dir)
    state_dir: Path = setting(factory=_default_state_dir)
    stack_user: str = "newswire"
    # The JDK: NEWSWIRE_JAVA_HOME, else JAVA_HOME, else the JDKs under /usr/lib/jvm, else `java` on PATH.
    java_home: Path | None = None
    system_java_home: Path | None = setting(None, env="JAVA_HOME")
    # Versions must be in the lock (stack/stack.lock.json or NEWSWIRE_STACK_LOCK); `newswire stack lock` pins others.
    kafka_version: str = "3.9.1"
    kafka_scala: str = "2.13"
    es_version: str = "8.19.21"
    stack_lock: Path | None = None
    # Maven's local repository for stack downloads; unset = Maven's normal one (~/.m2/repository).
    maven_repo_local: Path | None = None
    kafka_port: int = setting(19092, bounds=PORT)
    kafka_controller_port: int = setting(19093, bounds=PORT)
    kafka_heap: str = "768m"
    es_port: int = setting(19200, bounds=PORT)
    es_transport_port: int = setting(19300, bounds=PORT)
    es_heap: str = "1g"
    stack_start_timeout: float = setting(180.0, bounds=(1, 3600))

    # The crawler (`newswire crawl`): politeness and limits; the README's "Crawling" section explains each.
    crawl_user_agent: str = "newswire-crawler/0.3 (news ingestion; honours robots.txt)"
    crawl_host_concurrency: int = setting(2, bounds=(1, 100))
    crawl_host_delay: float = setting(1.0, bounds=(0, 3600))
    crawl_timeout: float = setting(30.0, bounds=(0.1, 3600))
    crawl_connect_timeout: float = setting(10.0, bounds=(0.1, 3600))
    crawl_retries: int = setting(2, bounds=(0, 100))
    crawl_backoff: float = setting(2.0, bounds=(0, 3600))
    crawl_max_bytes: int = setting(5_000_000, bounds=(1, 1 << 34))
    crawl_max_redirects: int = setting(5, bounds=(0, 100))
    crawl_robots_ttl: float = setting(3600.0, bounds=(0, 10**7))
    crawl_page_attempts: int = setting(3, bounds=(1, 1000))
    crawl_metrics_port: int = setting(6067, bounds=(0, 65535))  # 0: no metrics endpoint
    crawl_metrics_host: str = "127.0.0.1"  # 0.0.0.0 in a container, for its probes
    crawl_state_file: Path | None = None

    log_level: str = setting("info", choices=LOG_LEVELS)

    @property
    def kafka_embedded(self) -> bool:
        return self.kafka_bootstrap is None

    @property
    def es_embedded(self) -> bool:
        return self.es_url is None and self.es_cloud_id is None

    @property
    def kafka_servers(self) -> str:
        return self.kafka_bootstrap or f"127.0.0.1:{self.kafka_port}"

    @property
    def elasticsearch_hosts(self) -> list[str]:
        """Every Elasticsearch host the client may use (NEWSWIRE_ES_URL lists them with commas)."""
        if self.es_url is None:
            return [f"http://127.0.0.1:{self.es_port}"]
        return [h.strip() for h in self.es_url.split(",") if h.strip()]

    @property
    def elasticsearch_url(self) -> str:
        return self.elasticsearch_hosts[0]

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
            if value is not None and not f.metadata.get("env"):
                env[variable(f)] = str(value)
        return env

    def child_environment(self) -> dict[str, str]:
        """The environment for a child process: this process's, with these settings on top."""
        return {**os.environ, **self.to_environ()}

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    def describe(self) -> list[str]:
        """`NAME=value` per setting, secrets masked: what `newswire config` prints."""
        lines = []
        for f in fields(self):
            value = getattr(self, f.name)
            shown = "" if value is None else str(value)
            if f.metadata.get("secret") and shown:
                shown = mask(shown) if "://" in shown else "***"
            lines.append(f"{variable(f)}={shown}")
        return lines


def variable(f: Field[Any]) -> str:
    return f.metadata.get("env") or PREFIX + f.name.upper()


def mask(value: str) -> str:
    """Passwords inside URLs (`https://user:secret@host`) replaced by ***; the rest kept so the host stays readable."""
    parts = []
    for item in value.split(","):
        scheme, sep, rest = item.partition("://")
        if sep and "@" in rest.split("/")[0]:
            userinfo, _, host = rest.partition("@")
            user = userinfo.split(":")[0]
            item = f"{scheme}://{user}:***@{host}"
        parts.append(item)
    return ",".join(parts)


_HINTS = typing.get_type_hints(Settings)


def _base_type(name: str) -> tuple[type, bool]:
    hint = _HINTS[name]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    optional = bool(typing.get_args(hint)) and len(args) < len(typing.get_args(hint))
    return (args[0] if optional else hint), optional


def _coerce(f: Field[Any], raw: str) -> object:
    kind, optional = _base_type(f.name)
    text = raw.strip()
    if optional and not text:
        return None
    value: object
    if kind is bool:
        if text.lower() not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
            raise ValueError("must be true or false")
        value = text.lower() in {"1", "true", "yes", "on"}
    elif kind is int:
        try:
            value = int(text.replace("_", ""))
        except ValueError:
            raise ValueError("must be a whole number") from None
    elif kind is float:
        try:
            value = float(text)
        except ValueError:
            raise ValueError("must be a number") from None
    elif kind is Path:
        value = Path(text).expanduser()
    else:
        choices = f.metadata.get("choices") or ()
        value = text if not choices else text.upper() if all(c.isupper() for c in choices) else text.lower()
    choices = f.metadata.get("choices")
    if choices and value not in choices:
        raise ValueError(f"must be one of {', '.join(choices)}")
    bounds = f.metadata.get("bounds")
    if bounds and isinstance(value, int | float) and not bounds[0] <= value <= bounds[1]:
        raise ValueError(f"must be between {bounds[0]:g} and {bounds[1]:g}")
    return value


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from the environment (or a given mapping, for tests); every problem is one line of the error."""
    env = os.environ if environ is None else environ
    known = {variable(f): f for f in fields(Settings)}
    problems: list[str] = []
    changes: dict[str, object] = {}
    secret_files = {variable(f) + "_FILE": f for f in fields(Settings) if f.metadata.get("secret")}
    for key in sorted(env):
        if key in secret_files:
            f = secret_files[key]
            try:
                changes[f.name] = Path(env[key]).read_text().strip() or None
            except OSError as exc:
                problems.append(f"{key}={env[key]!r}: cannot read the secret: {exc.strerror}")
            continue
        if key.startswith(PREFIX) and key not in known:
            close = difflib.get_close_matches(key, [k for k in known if k.startswith(PREFIX)], n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else "; `newswire config` lists the settings"
            problems.append(f"unknown setting {key}{hint}")
    for key, f in known.items():
        if key in env:
            try:
                changes[f.name] = _coerce(f, env[key])
            except ValueError as exc:
                shown = mask(env[key]) if f.metadata.get("secret") else env[key]
                problems.append(f"{key}={shown!r}: {exc}")
    if problems:
        raise SettingsError("\n".join(problems))
    return replace(Settings(), **changes)  # type: ignore[arg-type]
