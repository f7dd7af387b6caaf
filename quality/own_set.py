"""Score extraction against the project's annotated set: claims, speakers, events, dates, entity links, language id."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langdetect import detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipeline.extract.enrich import extract
from pipeline.extract.language import detect_language
from pipeline.extract.segment import sentences

CLAIM_OVERLAP = 0.3  # a predicted claim matches when it covers this share of the gold content span
LENGTH_BUCKETS = ((0, 50), (50, 100), (100, 200), (200, 10**9))


@dataclass
class Tally:
    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass
class Scores:
    claims: Tally = field(default_factory=Tally)
    speakers: Ratio = field(default_factory=Ratio)
    hedged: Ratio = field(default_factory=Ratio)
    events: Tally = field(default_factory=Tally)
    event_status: Ratio = field(default_factory=Ratio)
    event_dates: Ratio = field(default_factory=Ratio)
    entities: Tally = field(default_factory=Tally)


def _span(text: str, snippet: str) -> tuple[int, int]:
    start = text.index(snippet)
    return start, start + len(snippet)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_claims(text: str, gold: list[dict[str, Any]], predicted: list[dict[str, Any]], scores: Scores) -> None:
    used: set[int] = set()
    for g in gold:
        span = _span(text, g["content"])
        best, best_share = None, CLAIM_OVERLAP
        for i, p in enumerate(predicted):
            share = _overlap(span, (p["content"]["start"], p["content"]["end"])) / (span[1] - span[0])
            if i not in used and share >= best_share:
                best, best_share = i, share
        if best is not None:
            used.add(best)
            scores.claims.matched += 1
            speaker = (predicted[best]["speaker"] or {}).get("id")
            scores.speakers.add(speaker == g["speaker"])
            scores.hedged.add(predicted[best]["hedged"] == g["hedged"])
    scores.claims.gold += len(gold)
    scores.claims.predicted += len(predicted)


def score_events(text: str, gold: list[dict[str, Any]], predicted: list[dict[str, Any]], scores: Scores) -> None:
    used: set[int] = set()
    for g in gold:
        span = _span(text, g["evidence"])
        for i, p in enumerate(predicted):
            actors = {a["id"] for a in p["actors"]}
            evidence = (p["evidence"]["start"], p["evidence"]["end"])
            if i in used or p["type"] != g["type"] or not _overlap(span, evidence) or not actors & set(g["actors"]):
                continue
            used.add(i)
            scores.events.matched += 1
            scores.event_status.add(p["status"] == g["status"])
            scores.event_dates.add((p["date"] or {}).get("value") == g["date"])
            break
    scores.events.gold += len(gold)
    scores.events.predicted += len(predicted)


def score_entities(gold: list[str], predicted: list[dict[str, Any]], scores: Scores) -> None:
    ids = {e["id"] for e in predicted}
    scores.entities.matched += len(set(gold) & ids)
    scores.entities.gold += len(set(gold))
    scores.entities.predicted += len(ids)


def load_gold(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(folder.glob("gold_*.jsonl")) for line in path.open(encoding="utf-8")]


def evaluate(items: list[dict[str, Any]]) -> dict[str, Scores]:
    """Scores per language and over all items ('all')."""
    by_language: dict[str, Scores] = defaultdict(Scores)
    for item in items:
        result = extract(item["title"], item["text"], item["language"], item["published"])
        for key in (item["language"], "all"):
            scores = by_language[key]
            score_claims(item["text"], item["gold"]["claims"], result["claims"], scores)
            score_events(item["text"], item["gold"]["events"], result["events"], scores)
            score_entities(item["gold"]["entities"], result["entities"], scores)
    return dict(by_language)


def _langdetect_only(text: str) -> str:
    try:
        return str(detect_langs(text)[0].lang).split("-")[0]
    except LangDetectException:
        return "und"


def language_id_by_length(items: list[dict[str, Any]]) -> dict[tuple[int, int], tuple[Ratio, Ratio]]:
    """Accuracy of (ours, langdetect alone) on titles, single sentences and whole texts, by length in characters."""
    table = {bucket: (Ratio(), Ratio()) for bucket in LENGTH_BUCKETS}
    for item in items:
        samples = [item["title"], item["text"]] + [s.text for s in sentences(item["text"])]
        for sample in samples:
            bucket = next(b for b in LENGTH_BUCKETS if b[0] <= len(sample) < b[1])
            ours, baseline = table[bucket]
            ours.add(detect_language(sample).code == item["language"])
            baseline.add(_langdetect_only(sample) == item["language"])
    return table


def render(scores: dict[str, Scores], langid: dict[tuple[int, int], tuple[Ratio, Ratio]], items: int) -> str:
    lines = [
        f"Evaluation on {items} annotated articles (eval/gold_*.jsonl)",
        "",
        "| language | claims P | claims R | claims F1 | speaker acc | hedged acc | events P | events R | events F1 "
        "| status acc | date acc | entity recall | entity precision |",
        "|---|" + "---|" * 12,
    ]
    order = sorted(k for k in scores if k != "all") + ["all"]
    for key in order:
        s = scores[key]
        lines.append(
            f"| {key} | {s.claims.precision:.2f} | {s.claims.recall:.2f} | {s.claims.f1:.2f} | {s.speakers.value:.2f} "
            f"| {s.hedged.value:.2f} | {s.events.precision:.2f} | {s.events.recall:.2f} | {s.events.f1:.2f} "
            f"| {s.event_status.value:.2f} | {s.event_dates.value:.2f} | {s.entities.recall:.2f} "
            f"| {s.entities.precision:.2f} |"
        )
    lines += ["", "Language identification accuracy by text length (titles, sentences, whole texts):", "",
              "| characters | samples | newswire | langdetect alone |", "|---|---|---|---|"]  # fmt: skip
    for (lo, hi), (ours, baseline) in langid.items():
        label = f"{lo}–{hi - 1}" if hi < 10**9 else f"≥{lo}"
        lines.append(f"| {label} | {ours.total} | {ours.value:.3f} | {baseline.value:.3f} |")
    return "\n".join(lines)
