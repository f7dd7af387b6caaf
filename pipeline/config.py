"""One frozen Settings object built from NEWSWIRE_* environment variables; nothing else reads the environment."""

from __future__ import annotations

import difflib
import os
import typing
from collections.abc import Mapping
from dataclasses import MISSING, Field, dataclass, field, fields, replace
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
    doc: str = "",
) -> Any:
    """A settings field: its rules (allowed values, bounds, masking, a non-NEWSWIRE variable) and its doc line."""
    meta = {"choices": choices, "bounds": bounds, "secret": secret, "env": env, "doc": doc}
    if factory is not None:
        return field(default_factory=factory, metadata=meta, repr=not secret)
    return field(default=default, metadata=meta, repr=not secret)  # a secret never shows in a logged repr


@dataclass(frozen=True)
class CrawlSettings:
    """The crawler's part of the settings (NEWSWIRE_CRAWL_*): all the crawl engine is given."""

    user_agent: str
    host_concurrency: int
    host_delay: float
    timeout: float
    connect_timeout: float
    retries: int
    backoff: float
    max_bytes: int
    max_redirects: int
    robots_ttl: float
    page_attempts: int
    metrics_port: int
    metrics_host: str
    state_path: Path


@dataclass(frozen=True)
class Settings:
    """Everything configurable; each field maps to NEWSWIRE_<FIELD NAME IN CAPITALS>."""

    # Each field's doc is its line in the README's generated settings table (`newswire config --markdown`).
    kafka_bootstrap: str | None = setting(
        None, doc="existing Kafka bootstrap servers, e.g. `kafka1:9092,kafka2:9092`; unset: the local stack"
    )
    es_url: str | None = setting(
        None,
        secret=True,
        doc="existing Elasticsearch URL(s), comma-separated; unset (and no cloud id): the local stack",
    )

    # Security for real clusters (the embedded stack is security-off on loopback). A secret may also come from a file:
    # NEWSWIRE_<NAME>_FILE=/run/secrets/… (Kubernetes and compose secrets); `newswire config` masks every secret.
    kafka_security_protocol: str = setting(
        "PLAINTEXT", choices=("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
        doc="for every Kafka client alike: producers, admin, replay, crawler, Faust",
    )  # fmt: skip
    kafka_sasl_mechanism: str = setting(
        "PLAIN", choices=("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"), doc="SASL mechanism"
    )
    kafka_sasl_username: str | None = setting(None, doc="SASL user name")
    kafka_sasl_password: str | None = setting(None, secret=True, doc="SASL password")
    kafka_ssl_cafile: Path | None = setting(None, doc="CA certificate (PEM) of the Kafka brokers")
    kafka_ssl_certfile: Path | None = setting(None, doc="client certificate (PEM) for TLS client authentication")
    kafka_ssl_keyfile: Path | None = setting(None, doc="its private key (PEM)")
    es_api_key: str | None = setting(None, secret=True, doc="Elasticsearch API key (wins over user name and password)")
    es_username: str | None = setting(None, doc="Elasticsearch basic-auth user")
    es_password: str | None = setting(None, secret=True, doc="Elasticsearch basic-auth password")
    es_ca_certs: Path | None = setting(None, doc="CA certificate (PEM) of the Elasticsearch cluster")
    es_cloud_id: str | None = setting(None, doc="an Elastic Cloud id instead of `NEWSWIRE_ES_URL`")
    # Kibana, for `newswire kibana import` only (the pipeline itself never talks to Kibana).
    kibana_url: str | None = setting(
        None, secret=True, doc="Kibana for `newswire kibana import`; may carry `user:password@` (masked)"
    )
    kibana_api_key: str | None = setting(None, secret=True, doc="Kibana API key, sent as `Authorization: ApiKey …`")

    topic_raw: str = setting("articles.raw", doc="topic producers write articles to")
    topic_enriched: str = setting("articles.enriched", doc="topic between the enrich and index agents")
    topic_dlq: str = setting(
        "articles.dlq", doc="dead letters: every record that could not be indexed, with its reason"
    )
    topic_partitions: int = setting(
        4, bounds=(1, 10_000), doc="partitions of the topics newswire creates: the most workers that share the work"
    )
    topic_replication: int = setting(
        1, bounds=(1, 100), doc="replication factor of created topics (3 on a real cluster; min.insync.replicas 2)"
    )

    index_prefix: str = setting("newswire-", doc="prefix of the index aliases `<prefix>articles`, `events`, `claims`")
    index_shards: int = setting(1, bounds=(1, 1024), doc="primary shards of each index newswire creates")
    index_replicas: int | None = setting(
        None, bounds=(0, 100), doc="replicas of each created index; unset: 0 on the local stack, 1 on a cluster"
    )
    index_rollover: str | None = setting(
        None, doc="roll indices over, e.g. `max_primary_shard_size=50gb,max_age=30d` (also `max_docs`); unset: never"
    )
    index_rollover_check: float = setting(300.0, bounds=(1, 86_400), doc="seconds between the workers' rollover checks")
    app_id: str = setting("newswire", doc="Faust app id: the Kafka consumer group of the workers")
    worker_web_port: int = setting(
        6066, bounds=PORT, doc="worker's web port: `/metrics`, `/livez`, `/readyz` (one port per worker on a host)"
    )
    # Loopback by default; a container sets 0.0.0.0 so its orchestrator's probes reach the port.
    worker_web_host: str = setting("127.0.0.1", doc="where the worker's web port listens (`0.0.0.0` in containers)")
    index_batch_size: int = setting(200, bounds=(1, 100_000), doc="enriched records the index agent takes at once")
    bulk_max_bytes: int = setting(
        10 * 1024 * 1024, bounds=(64 * 1024, 1 << 30),
        doc="largest bulk request body; a batch is cut into requests under it (Elasticsearch refuses over 100 MB)",
    )  # fmt: skip
    enrich_batch_size: int = setting(
        50, bounds=(1, 10_000), doc="raw records enriched, then sent and confirmed together (one broker round trip)"
    )
    index_batch_seconds: float = setting(1.0, bounds=(0.01, 3600), doc="longest wait to fill a bulk batch")
    max_record_bytes: int = setting(
        8 * 1024 * 1024, bounds=(1024, 1 << 30),
        doc="largest record sent (Faust's producer_max_request_size, our producers, created topics' max.message.bytes)",
    )  # fmt: skip
    dead_letter_max_bytes: int = setting(
        1024 * 1024, bounds=(1024, 1 << 30), doc="payload kept in a dead letter (`payload_truncated` marks a cut)"
    )
    extract_timeout: float = setting(
        30.0, bounds=(0.001, 3600), doc="seconds one article's extraction may take; then dead letter `timeout: …`"
    )
    passthrough: bool = setting(
        False, doc="benchmark baseline: the same agents and index path, language and extraction turned off"
    )

    cache_dir: Path = setting(
        factory=_default_cache_dir, doc="stack downloads: `/var/cache/newswire` as root, else `~/.cache/newswire`"
    )
    state_dir: Path = setting(
        factory=_default_state_dir,
        doc="stack data, logs, pid files, crawler state: `/var/lib/newswire` as root, else `~/.local/state/newswire`",
    )  # fmt: skip
    stack_user: str = setting("newswire", doc="unprivileged user the local servers run as when root starts them")
    java_home: Path | None = setting(
        None, doc="JDK for the local stack; unset: `JAVA_HOME`, then `/usr/lib/jvm/*`, then `java` on PATH"
    )
    system_java_home: Path | None = setting(None, env="JAVA_HOME", doc="read from `JAVA_HOME` (see above)")
    kafka_version: str = setting("3.9.1", doc="local Kafka version; must be in the stack lock")
    kafka_scala: str = setting("2.13", doc="Scala build of the local Kafka")
    es_version: str = setting("8.19.21", doc="local Elasticsearch version; must be in the stack lock")
    stack_lock: Path | None = setting(None, doc="a lock written by `newswire stack lock`; unset: the packaged one")
    maven_repo_local: Path | None = setting(
        None, doc="Maven's local repository for stack downloads; unset: Maven's own (`~/.m2/repository`)"
    )
    kafka_port: int = setting(19092, bounds=PORT, doc="local Kafka broker port (loopback)")
    kafka_controller_port: int = setting(19093, bounds=PORT, doc="local Kafka controller port")
    kafka_heap: str = setting("768m", doc="local Kafka heap")
    es_port: int = setting(19200, bounds=PORT, doc="local Elasticsearch HTTP port (loopback)")
    es_transport_port: int = setting(19300, bounds=PORT, doc="local Elasticsearch transport port")
    es_heap: str = setting("1g", doc="local Elasticsearch heap")
    stack_start_timeout: float = setting(180.0, bounds=(1, 3600), doc="seconds a local server may take to answer")

    # The crawler (`newswire crawl`): the README's "Crawling" section explains each.
    crawl_user_agent: str = setting(
        "newswire-crawler/0.3 (news ingestion; honours robots.txt)",
        doc="sent with every request; robots.txt is matched on its first word. Put a contact URL in it",
    )  # fmt: skip
    crawl_host_concurrency: int = setting(2, bounds=(1, 100), doc="requests in flight per host")
    crawl_host_delay: float = setting(
        1.0, bounds=(0, 3600), doc="seconds between request starts per host (a larger `Crawl-delay` wins, up to 60)"
    )
    crawl_timeout: float = setting(30.0, bounds=(0.1, 3600), doc="seconds for a whole response")
    crawl_connect_timeout: float = setting(10.0, bounds=(0.1, 3600), doc="seconds to connect")
    crawl_retries: int = setting(2, bounds=(0, 100), doc="retries of a transient failure (timeout, 429, 5xx)")
    crawl_backoff: float = setting(2.0, bounds=(0, 3600), doc="first backoff in seconds (doubling, with jitter)")
    crawl_max_bytes: int = setting(
        5_000_000, bounds=(1, 1 << 34), doc="largest page or feed read, decompressed (`too_large` beyond)"
    )
    crawl_max_redirects: int = setting(5, bounds=(0, 100), doc="redirects followed, each hop checked again")
    crawl_robots_ttl: float = setting(3600.0, bounds=(0, 10**7), doc="seconds a robots.txt is trusted")
    crawl_page_attempts: int = setting(3, bounds=(1, 1000), doc="polls on which a failing page is tried")
    crawl_metrics_port: int = setting(6067, bounds=(0, 65535), doc="crawler's `/metrics` and `/status`; 0: none")
    crawl_metrics_host: str = setting("127.0.0.1", doc="where the crawler's metrics listen (`0.0.0.0` in containers)")
    crawl_state_file: Path | None = setting(
        None, doc="the crawler's SQLite state; unset: `crawler.sqlite3` in the state dir"
    )

    log_level: str = setting("info", choices=LOG_LEVELS, doc="log level")
    log_format: str = setting(
        "text",
        choices=("text", "json"),
        doc="`json`: one ECS object per line (article id, stage, topic, partition, offset)",
    )

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

    def crawl_settings(self) -> CrawlSettings:
        values = {f.name: getattr(self, f"crawl_{f.name}") for f in fields(CrawlSettings) if f.name != "state_path"}
        return CrawlSettings(**values, state_path=self.crawl_state_path)

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


def settings_table() -> str:
    """The README's table of every setting: variable, default, meaning (generated, so it cannot drift)."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for f in fields(Settings):
        meta = f.metadata
        if f.default_factory is not MISSING:
            default = "*(see meaning)*"
        elif f.default is None:
            default = "*(unset)*"
        else:
            default = f"`{str(f.default).lower() if isinstance(f.default, bool) else f.default}`"
        meaning = meta.get("doc", "")
        if meta.get("choices"):
            meaning += "; one of " + ", ".join(f"`{c}`" for c in meta["choices"])
        if meta.get("secret"):
            meaning += "; a secret: masked by `newswire config`, may come from `" + variable(f) + "_FILE`"
        rows.append(f"| `{variable(f)}` | {default} | {meaning} |")
    return "\n".join(rows)


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
