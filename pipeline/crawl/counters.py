"""Per-source crawl counters: a table for `crawl --once`, log lines, and Prometheus text for the metrics port."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

COLUMNS = ("feeds", "not_modified", "fetched", "new", "near_dup", "duplicate", "skipped", "errors")


@dataclass
class SourceCounters:
    """What one source's polls did since the crawler started."""

    feeds: int = 0  # feed and sitemap documents read (200)
    not_modified: int = 0  # feeds answered 304 to a conditional GET
    fetched: int = 0  # article pages downloaded
    new: int = 0  # articles produced to the raw topic (near-duplicates included)
    near_dup: int = 0  # of which produced with duplicate_of
    duplicate: int = 0  # exact duplicates not produced (same canonical URL or same content)
    errors: int = 0  # transient failures: timeouts, 5xx, broken connections, Kafka refusals
    skipped: Counter[str] = field(default_factory=Counter)
    polls: int = 0

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def value(self, column: str) -> int:
        return sum(self.skipped.values()) if column == "skipped" else int(getattr(self, column))

    def summary(self) -> str:
        parts = [f"{column}={self.value(column)}" for column in COLUMNS]
        if self.skipped:
            parts.append("(" + ", ".join(f"{r}={n}" for r, n in sorted(self.skipped.items())) + ")")
        return " ".join(parts)


def render_table(counters: dict[str, SourceCounters]) -> str:
    """A fixed-width table, one row per source, then the skip reasons."""
    header = ("source", *COLUMNS)
    rows = [(name, *(str(c.value(col)) for col in COLUMNS)) for name, c in counters.items()]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
        for row in [header, *rows]
    ]
    reasons = [
        f"  {name}: " + ", ".join(f"{reason} {count}" for reason, count in sorted(c.skipped.items()))
        for name, c in counters.items()
        if c.skipped
    ]
    return "\n".join(lines + (["skipped by reason:", *reasons] if reasons else []))


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def render_prometheus(counters: dict[str, SourceCounters]) -> str:
    """Prometheus text exposition: one counter family per column, skips labelled by reason."""
    out = []
    for column in COLUMNS:
        if column == "skipped":
            continue
        out.append(f"# TYPE newswire_crawl_{column}_total counter")
        out += [f'newswire_crawl_{column}_total{{source="{_label(n)}"}} {c.value(column)}' for n, c in counters.items()]
    out.append("# TYPE newswire_crawl_skipped_total counter")
    for name, c in counters.items():
        for reason, count in sorted(c.skipped.items()):
            out.append(f'newswire_crawl_skipped_total{{source="{_label(name)}",reason="{_label(reason)}"}} {count}')
    out.append("# TYPE newswire_crawl_polls_total counter")
    out += [f'newswire_crawl_polls_total{{source="{_label(n)}"}} {c.polls}' for n, c in counters.items()]
    return "\n".join(out) + "\n"
