"""The sources file (TOML or YAML): what to poll, how often, in which language, with which page rules."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.errors import NewswireError, PoisonRecord
from pipeline.identity import site_of
from pipeline.records import validate

DEFAULT_POLL_SECONDS = 600.0
DEFAULT_MAX_PAGES = 100
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


class SourcesError(NewswireError):
    """A sources file that cannot be used, with the file and the offending field in the message."""


@dataclass(frozen=True)
class Rules:
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    max_age_days: float | None = None
    same_site: bool = True


@dataclass(frozen=True)
class Source:
    """One site or feed family: its feeds and sitemaps and how to treat what they announce."""

    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    poll_interval: float = DEFAULT_POLL_SECONDS
    language: str | None = None
    allow_private: bool = False
    max_pages_per_poll: int = DEFAULT_MAX_PAGES
    rules: Rules = field(default_factory=Rules)

    @cached_property
    def hosts(self) -> frozenset[str]:
        """The sites of the source's own feeds and sitemaps (computed once: it is asked for every entry)."""
        return frozenset(site_of(url) for url in self.feeds + self.sitemaps)

    def refusal(self, url: str, age_days: float | None) -> str | None:
        """Why a link this source announced is not fetched (a counted reason), or None to fetch it."""
        if self.rules.same_site and site_of(url) not in self.hosts:
            return "off_site"
        if self.rules.include and not any(p.search(url) for p in self.rules.include):
            return "rule_include"
        if any(p.search(url) for p in self.rules.exclude):
            return "rule_exclude"
        if self.rules.max_age_days is not None and age_days is not None and age_days > self.rules.max_age_days:
            return "too_old"
        return None


def parse_interval(value: float | str) -> float:
    if isinstance(value, int | float):
        return float(value)
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", value)
    if not match:
        raise SourcesError(f"interval {value!r}: use seconds or a number with s, m or h")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _compile(patterns: list[str], where: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise SourcesError(f"{where}: bad regular expression: {exc}") from exc


def _source(entry: dict[str, Any], defaults: dict[str, Any], where: str) -> Source:
    merged = {**defaults, **entry}
    rules = {**defaults.get("rules", {}), **entry.get("rules", {})}
    return Source(
        name=merged["name"],
        feeds=tuple(merged.get("feeds", ())),
        sitemaps=tuple(merged.get("sitemaps", ())),
        poll_interval=parse_interval(merged.get("poll_interval", DEFAULT_POLL_SECONDS)),
        language=merged.get("language"),
        allow_private=bool(merged.get("allow_private", False)),
        max_pages_per_poll=int(merged.get("max_pages_per_poll", DEFAULT_MAX_PAGES)),
        rules=Rules(
            include=_compile(rules.get("include", []), f"{where}.rules.include"),
            exclude=_compile(rules.get("exclude", []), f"{where}.rules.exclude"),
            max_age_days=rules.get("max_age_days"),
            same_site=bool(rules.get("same_site", True)),
        ),
    )


def parse_sources(document: Any, origin: str = "sources") -> list[Source]:
    """Validate a loaded sources document against schemas/sources.v1.json and build the sources."""
    for i, entry in enumerate(document.get("sources") or [] if isinstance(document, dict) else []):
        if isinstance(entry, dict) and not (entry.get("feeds") or entry.get("sitemaps")):
            raise SourcesError(f"{origin}: sources[{i}] ({entry.get('name', 'unnamed')}): give feeds or sitemaps")
    try:
        validate("sources", document)
    except PoisonRecord as exc:
        raise SourcesError(f"{origin}: {exc}") from exc
    defaults = document.get("defaults", {})
    sources = [_source(entry, defaults, f"{origin}: sources[{i}]") for i, entry in enumerate(document["sources"])]
    names = [s.name for s in sources]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise SourcesError(f"{origin}: source names must be unique, repeated: {', '.join(duplicated)}")
    return sources


def load_sources(path: str | Path) -> list[Source]:
    """Read a .toml, .yaml or .yml sources file."""
    path = Path(path)
    if path.suffix.lower() not in {".toml", ".yaml", ".yml"}:
        raise SourcesError(f"{path}: use a .toml, .yaml or .yml file")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"{path}: {exc.strerror or exc}") from exc
    try:
        if path.suffix.lower() == ".toml":
            document: Any = tomllib.loads(text)
        else:
            import yaml

            document = yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise SourcesError(f"{path}: {exc}") from exc
    except Exception as exc:  # yaml.YAMLError, without importing yaml for TOML users
        if type(exc).__module__.startswith("yaml"):
            raise SourcesError(f"{path}: {exc}") from exc
        raise
    return parse_sources(document, str(path))
