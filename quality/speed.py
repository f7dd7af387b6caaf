"""Enrichment and page-extraction speed: articles per second per core against baselines measured in the same run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langdetect import detect_langs

from pipeline.extract.enrich import enrich
from pipeline.extract.text import normalise_text
from pipeline.models import RawArticle
from quality.own_set import load_gold

ARTICLE_CHARS = 3000


def corpus(folder: Path, size: int = ARTICLE_CHARS) -> list[RawArticle]:
    """~3,000-character articles in six languages, each made of the annotated texts of one language in turn."""
    by_language: dict[str, list[dict[str, Any]]] = {}
    for item in load_gold(folder):
        by_language.setdefault(item["language"], []).append(item)
    articles: list[RawArticle] = []
    for items in by_language.values():
        for k, first in enumerate(items):
            parts: list[str] = []
            j = k
            while sum(len(p) + 1 for p in parts) < size:
                parts.append(items[j % len(items)]["text"])
                j += 1
            text = "\n".join(parts)
            articles.append(RawArticle(id=f"{len(articles):032x}", source="bench", title=first["title"], text=text,
                                       published=first["published"]))  # fmt: skip
    return articles


def baseline(article: RawArticle) -> object:
    """The walking skeleton's enrichment: normalised text and langdetect on it, nothing else."""
    text = normalise_text(article.text)
    return detect_langs(f"{article.title}\n{text}")


def rate(step: Callable[[RawArticle], object], articles: list[RawArticle], rounds: int) -> list[float]:
    """Articles per second of `step` in each round (one process: one core)."""
    for article in articles:
        step(article)  # warm caches and lazy loads outside the timing
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for article in articles:
            step(article)
        rates.append(len(articles) / (time.perf_counter() - start))
    return rates


def run(folder: Path, rounds: int = 7) -> str:
    articles = corpus(folder)
    mean_chars = statistics.mean(len(a.text) for a in articles)
    # Interleave the two measurements round by round so that load on this shared machine hits both alike.
    base_rates, full_rates = [], []
    for _ in range(rounds):
        base_rates += rate(baseline, articles, 1)
        full_rates += rate(enrich, articles, 1)
    base, full = statistics.median(base_rates), statistics.median(full_rates)

    def line(label: str, rates: list[float]) -> str:
        median = statistics.median(rates)
        return f"{label:<42} median {median:8.1f} articles/s  (min {min(rates):.1f}, max {max(rates):.1f})"

    return "\n".join([
        f"{len(articles)} articles, mean {mean_chars:.0f} characters, {rounds} rounds, one process (one core)",
        line("baseline (normalise + langdetect)", base_rates),
        line("full enrichment (language + extraction)", full_rates),
        f"ratio full / baseline: {full / base:.2f}×; per article {1000 / full:.2f} ms",
    ])  # fmt: skip


def run_pages(folder: Path, rounds: int = 7) -> str:
    """Pages per second of the crawler's page extraction against plain trafilatura.extract, in the same run."""
    import trafilatura

    from pipeline.web.page import NoArticle, extract_page

    pages = [path.read_bytes() for path in sorted(folder.glob("*.html"))]

    def ours(body: bytes) -> object:
        try:
            return extract_page(body)
        except NoArticle:
            return None

    def plain(body: bytes) -> object:
        return trafilatura.extract(body)

    def per_second(step: Callable[[bytes], object]) -> float:
        start = time.perf_counter()
        for body in pages:
            step(body)
        return len(pages) / (time.perf_counter() - start)

    for body in pages:
        ours(body), plain(body)  # warm caches outside the timing
    plain_rates, our_rates = [], []
    for _ in range(rounds):
        plain_rates.append(per_second(plain))
        our_rates.append(per_second(ours))
    base, full = statistics.median(plain_rates), statistics.median(our_rates)
    return "\n".join([
        f"{len(pages)} saved pages (eval/pages), {rounds} rounds, one process (one core)",
        f"{'baseline: trafilatura.extract (text only)':<52} median {base:7.1f} pages/s",
        f"{'newswire extract_page (+ metadata, comments, split)':<52} median {full:7.1f} pages/s",
        f"ratio newswire / baseline: {full / base:.2f}×; per page {1000 / full:.2f} ms",
    ])  # fmt: skip
