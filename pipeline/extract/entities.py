"""Find entity mentions and resolve aliases, inflections, nicknames and misspellings to canonical ids."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.extract.lexicon import gazetteer_entries

TOKEN = re.compile(r"\w+")
# Case endings a Russian/Ukrainian surname or place stem takes (Путин → Путина, Путину, Путиным …).
SLAVIC_ENDINGS = frozenset(
    "а у е ы и і ю я ом ем ой ей ою ею ої ій им ым ого его ому ему их ими ові еві ів ам ям ах ях".split() + [""]
)
CONFIDENCE = {"alias": 0.95, "stem": 0.9, "demonym": 0.7, "fuzzy": 0.7, "nickname": 0.6, "unknown": 0.4}
FUZZY_MIN_LEN = 5
# First names that make an unknown capitalised pair a probable person.
FIRST_NAMES = frozenset(
    "john james michael david robert william mary anna maria sarah emma paul peter thomas mark steve josh jean pierre "
    "marie michel françois nicolas olivier sophie hans klaus wolfgang angela josé juan carlos luis ana sergey sergei "
    "dmitry dmitri alexei alexander oleksandr andriy andrii yulia olena ivan mikhail kirill yuri youri iouri viktor "
    "boris vladimir volodymyr igor".split()
)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case- and accent-insensitive key (Zélésky → zelesky)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    type: str
    level: str | None
    actor_of: str | None


@dataclass(frozen=True)
class Alias:
    tokens: tuple[str, ...]  # folded
    entry: Entry
    kind: str  # alias | nickname | demonym
    stem: bool
    acronym: bool


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in a field of the article."""

    entity: Entry
    text: str
    start: int
    end: int
    field: str
    kind: str
    confidence: float


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    by_first: dict[str, list[Alias]] = field(default_factory=lambda: defaultdict(list))
    stems: dict[str, list[Alias]] = field(default_factory=lambda: defaultdict(list))
    fuzzy: dict[str, list[tuple[str, Entry]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, surface: str, entry: Entry, kind: str) -> None:
        stem = surface.endswith("~")
        words = TOKEN.findall(surface.rstrip("~"))
        if not words:
            return
        alias = Alias(tuple(fold(w) for w in words), entry, kind, stem, words[0].isupper() and len(words[0]) > 1)
        if stem and len(alias.tokens) == 1:
            self.stems[alias.tokens[0][:3]].append(alias)
        else:
            self.by_first[alias.tokens[0]].append(alias)
        if kind == "alias" and len(words) == 1 and len(words[0]) >= FUZZY_MIN_LEN and entry.type != "ORG":
            self.fuzzy[alias.tokens[0][0]].append((alias.tokens[0], entry))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    for raw in gazetteer_entries():
        entry = Entry(raw["id"], raw["name"], raw["type"], raw.get("level"), raw.get("actor_of"))
        gaz.entries[entry.id] = entry
        for kind in ("aliases", "nicknames", "demonyms"):
            for surface in raw.get(kind, []):
                gaz.add(surface, entry, kind.rstrip("s").replace("aliase", "alias"))
    for aliases in gaz.by_first.values():
        aliases.sort(key=lambda a: len(a.tokens), reverse=True)
    return gaz


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment), giving up past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=65536)
def fuzzy_lookup(folded: str) -> Entry | None:
    """The one entity whose name is within a small edit distance of an unknown capitalised word, if any."""
    limit = 1 if len(folded) <= 6 else 2
    found = {e.id: e for key, e in gazetteer().fuzzy.get(folded[0], []) if _edit_distance(folded, key, limit) <= limit}
    return next(iter(found.values())) if len(found) == 1 else None


def _case_ok(alias: Alias, word: str) -> bool:
    if alias.kind == "demonym":
        return True
    if alias.acronym:
        return word.isupper()
    return word[:1].isupper()


def _match_at(tokens: list[re.Match[str]], folded: list[str], i: int) -> tuple[Alias, int] | None:
    gaz = gazetteer()
    for alias in gaz.by_first.get(folded[i], ()):
        n = len(alias.tokens)
        if i + n > len(tokens):
            continue
        head_ok = all(folded[i + k] == alias.tokens[k] for k in range(n - 1))
        last = folded[i + n - 1]
        tail_ok = last == alias.tokens[-1] or (alias.stem and _stem_ok(last, alias.tokens[-1]))
        if head_ok and tail_ok and _case_ok(alias, tokens[i].group()):
            return alias, n
    for alias in gaz.stems.get(folded[i][:3], ()):
        if _stem_ok(folded[i], alias.tokens[0]) and _case_ok(alias, tokens[i].group()):
            return alias, 1
    return None


def _stem_ok(word: str, stem: str) -> bool:
    return word.startswith(stem) and word[len(stem) :] in SLAVIC_ENDINGS


def find_mentions(text: str, field_name: str = "text") -> list[Mention]:
    """Every entity mention in `text`: gazetteer aliases first, then misspellings, then unknown names."""
    tokens = list(TOKEN.finditer(text))
    folded = [fold(t.group()) for t in tokens]
    mentions: list[Mention] = []
    i = 0
    unknown_run: list[int] = []
    while i < len(tokens):
        found = _match_at(tokens, folded, i)
        word = tokens[i].group()
        if found:
            _flush_unknown(unknown_run, tokens, text, field_name, mentions)
            alias, n = found
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            kind = "stem" if alias.stem and alias.kind == "alias" else alias.kind
            mentions.append(Mention(alias.entry, text[start:end], start, end, field_name, kind, CONFIDENCE[kind]))
            i += n
            continue
        if word[:1].isupper() and not word.isupper():
            entry = fuzzy_lookup(folded[i]) if len(word) >= FUZZY_MIN_LEN else None
            if entry is not None:
                _flush_unknown(unknown_run, tokens, text, field_name, mentions)
                t = tokens[i]
                mentions.append(Mention(entry, word, t.start(), t.end(), field_name, "fuzzy", CONFIDENCE["fuzzy"]))
            else:
                if unknown_run and not _adjacent(text, tokens[unknown_run[-1]], tokens[i]):
                    _flush_unknown(unknown_run, tokens, text, field_name, mentions)
                unknown_run.append(i)
        else:
            _flush_unknown(unknown_run, tokens, text, field_name, mentions)
        i += 1
    _flush_unknown(unknown_run, tokens, text, field_name, mentions)
    return mentions


def _adjacent(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    return text[a.end() : b.start()] in (" ", "-")


def _flush_unknown(run: list[int], tokens: list[re.Match[str]], text: str, field_name: str, out: list[Mention]) -> None:
    """Two to four adjacent capitalised unknown words become a low-confidence entity."""
    if 2 <= len(run) <= 4:
        start, end = tokens[run[0]].start(), tokens[run[-1]].end()
        surface = text[start:end]
        kind = "PERSON" if fold(tokens[run[0]].group()) in FIRST_NAMES else "OTHER"
        slug = "-".join(fold(tokens[k].group()) for k in run)
        entry = Entry(f"{kind.lower()}:{slug}", surface, kind, None, None)
        out.append(Mention(entry, surface, start, end, field_name, "unknown", CONFIDENCE["unknown"]))
    run.clear()


def group_entities(mentions: list[Mention], comments_from: int | None = None) -> list[dict[str, Any]]:
    """The contract's entities list: one item per id, mentions in order of appearance."""
    grouped: dict[str, dict[str, Any]] = {}
    for m in mentions:
        item = grouped.setdefault(
            m.entity.id,
            {"id": m.entity.id, "name": m.entity.name, "type": m.entity.type, "mentions": [], "confidence": 0.0},
        )
        span: dict[str, Any] = {"text": m.text, "start": m.start, "end": m.end}
        if m.field != "text":
            span["field"] = m.field
        if comments_from is not None and m.field == "text":
            span["in_comments"] = m.start >= comments_from
        item["mentions"].append(span)
        item["confidence"] = max(item["confidence"], m.confidence)
    return list(grouped.values())
