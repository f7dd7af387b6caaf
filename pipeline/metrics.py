"""A small in-process metrics registry (counters, gauges, histograms) rendered as Prometheus text."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

Labels = tuple[tuple[str, str], ...]

# Seconds: enrichment of one article is ~10-50 ms, a bulk request 5 ms to seconds; the tail matters when it stalls.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _labels(values: dict[str, object]) -> Labels:
    return tuple(sorted((k, str(v)) for k, v in values.items()))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _render_labels(labels: Labels, extra: Labels = ()) -> str:
    pairs = labels + extra
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in pairs) + "}" if pairs else ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass
class Counter:
    name: str
    help: str
    values: dict[Labels, float] = field(default_factory=dict)

    def inc(self, amount: float = 1, **labels: object) -> None:
        key = _labels(labels)
        self.values[key] = self.values.get(key, 0) + amount

    def get(self, **labels: object) -> float:
        return self.values.get(_labels(labels), 0)

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} counter"]
        return lines + [f"{self.name}{_render_labels(k)} {_number(v)}" for k, v in sorted(self.values.items())]


@dataclass
class Gauge:
    """A value read when scraped (e.g. consumer lag), from a callback returning (labels, value) pairs."""

    name: str
    help: str
    read: Callable[[], Iterable[tuple[dict[str, object], float]]]

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} gauge"]
        try:
            samples = sorted((_labels(labels), value) for labels, value in self.read())
        except Exception:  # a scrape must not fail because one source of a gauge is unavailable right now
            samples = []
        return lines + [f"{self.name}{_render_labels(k)} {_number(v)}" for k, v in samples]


@dataclass
class Histogram:
    name: str
    help: str
    buckets: tuple[float, ...] = LATENCY_BUCKETS
    series: dict[Labels, list[float]] = field(default_factory=dict)  # bucket counts, then sum, then count

    def observe(self, value: float, **labels: object) -> None:
        key = _labels(labels)
        row = self.series.setdefault(key, [0.0] * (len(self.buckets) + 2))
        position = bisect.bisect_left(self.buckets, value)
        if position < len(self.buckets):
            row[position] += 1
        row[-2] += value
        row[-1] += 1

    def count(self, **labels: object) -> int:
        row = self.series.get(_labels(labels))
        return int(row[-1]) if row else 0

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        for key, row in sorted(self.series.items()):
            cumulative = 0.0
            for bound, n in zip(self.buckets, row, strict=False):
                cumulative += n
                lines.append(
                    f"{self.name}_bucket{_render_labels(key, (('le', _number(bound)),))} {_number(cumulative)}"
                )
            lines.append(f"{self.name}_bucket{_render_labels(key, (('le', '+Inf'),))} {_number(row[-1])}")
            lines.append(f"{self.name}_sum{_render_labels(key)} {repr(row[-2])}")
            lines.append(f"{self.name}_count{_render_labels(key)} {_number(row[-1])}")
        return lines


M = TypeVar("M", Counter, Gauge, Histogram)


class Registry:
    """The metrics of one process, in the order they were declared."""

    def __init__(self) -> None:
        self._metrics: list[Counter | Gauge | Histogram] = []

    def counter(self, name: str, help: str) -> Counter:
        return self._add(Counter(name, help))

    def gauge(self, name: str, help: str, read: Callable[[], Iterable[tuple[dict[str, object], float]]]) -> Gauge:
        return self._add(Gauge(name, help, read))

    def histogram(self, name: str, help: str, buckets: tuple[float, ...] = LATENCY_BUCKETS) -> Histogram:
        return self._add(Histogram(name, help, buckets))

    def _add(self, metric: M) -> M:
        self._metrics.append(metric)
        return metric

    def render(self) -> str:
        return "\n".join(line for metric in self._metrics for line in metric.render()) + "\n"
