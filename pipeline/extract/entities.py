"""Find entity mentions and resolve aliases, inflections, nicknames and misspellings to canonical ids.

Three layers: the hand-written gazetteer (lexicons/entities.json: leaders, organisations, nicknames), the place
gazetteer read from installed packages (gazetteer.py: countries, regions, cities), and names no gazetteer knows
(capitalised tokens that are not sentence-initial common words, acronyms, runs of names), normalised to a
nominative form and an English (Latin) spelling, and clustered in the document (a surname alone joins the full name).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from pipeline.extract.gazetteer import place_entries, slug
from pipeline.extract.lexicon import gazetteer_entries
from pipeline.extract.names import analyse, is_cyrillic, transliterate
from pipeline.extract.wordlists import (
    FIRST_NAMES,
    FUNCTION_WORDS,
    HONORIFICS,
    NAME_PARTICLES,
    NOT_NAMES,
    ORG_WORDS,
    PERSON_ROLES,
    guess_language,
    is_common_word,
)

TOKEN = re.compile(r"\w+")
# Words of names: an apostrophe inside a Cyrillic word belongs to it (Лук'янченко, Об'єднаних, Мар'їнка).
WORD = re.compile(r"\w+(?:['’ʼ](?=[а-яіїєґ])\w+)*", re.IGNORECASE)
# Case endings a Russian/Ukrainian noun or adjective takes after its stem (Путин → Путина, Москва → Москве …).
SLAVIC_ENDINGS = frozenset(
    "а у е ы и і ю я о ом ем ой ей ою ею ої ій им ым ого его ому ему их ими ові еві ів ам ям ах ях ая яя ое ее ий ый "
    "ую юю ые ие ым ім ої ь й".split()
    + [""]
)
# Nominative endings stripped from a Cyrillic alias word to get the stem its inflected forms share.
NOMINATIVE_ENDINGS = tuple("ая яя ое ее ий ый ой ій ые ие а я о е ь й ы и і".split())
# Words are compared folded (accents stripped: ї → і, й → и), so the endings are folded too.
_FOLD_CYR = str.maketrans({"ї": "і", "й": "и", "ё": "е"})
SLAVIC_ENDINGS = SLAVIC_ENDINGS | {e.translate(_FOLD_CYR) for e in SLAVIC_ENDINGS}
NOMINATIVE_ENDINGS = tuple(
    sorted(set(NOMINATIVE_ENDINGS) | {e.translate(_FOLD_CYR) for e in NOMINATIVE_ENDINGS}, key=len, reverse=True)
)
CONFIDENCE = {"alias": 0.95, "stem": 0.9, "place": 0.85, "demonym": 0.7, "fuzzy": 0.7, "nickname": 0.6,
              "name": 0.45, "unknown": 0.4}  # fmt: skip
FUZZY_MIN_LEN = 5
# Endings of East Slavic surnames in the nominative (Левченко, Кравчук, Висоцький, Петров, Кличко).
SLAVIC_SURNAME = re.compile(r"(?:енко|чук|щук|юк|ук|ський|цький|ський|ов|ев|єв|ёв|ін|ин|ович|евич)$")
MAX_RUN = 8
CONJUNCTIONS = frozenset({"y", "e", "et", "und", "and"})
MAX_RUN_SEEN = 16
PRIORITY_HAND = 10**12


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
    kind: str  # alias | nickname | demonym | place
    stem: bool  # written with ~ (a Slavic stem)
    acronym: bool
    stems: tuple[str | None, ...] = ()  # per token: the stem inflected forms share, or None (exact only)
    priority: int = 0
    dotted: bool = False  # written with a final full stop (U.S., Jr.)
    lower: bool = False  # written in lower case (dpa)


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


def _word_stem(token: str, marked: bool) -> str | None:
    """The stem a Cyrillic alias word shares with its case forms (москва → москв), None for other scripts."""
    if not is_cyrillic(token) or len(token) < 4:
        return token if marked else None
        return None
    for ending in NOMINATIVE_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 3:
            return token[: -len(ending)]
    return token


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    index: dict[str, list[Alias]] = field(default_factory=lambda: defaultdict(list))
    fuzzy: dict[str, list[tuple[str, Entry]]] = field(default_factory=lambda: defaultdict(list))
    seen: dict[tuple[str, ...], Alias] = field(default_factory=dict)

    def add(self, surface: str, entry: Entry, kind: str, priority: int = PRIORITY_HAND) -> None:
        marked = surface.endswith("~")
        words = WORD.findall(surface.rstrip("~"))
        if not words:
            return
        tokens = tuple(fold(w) for w in words)
        old = self.seen.get(tokens)
        if old is not None and (old.priority >= priority or old.kind == "demonym" and kind != "demonym"):
            return
        stems = tuple(_word_stem(t, marked) for t in tokens)
        acronym = words[0].isupper() and len(words[0]) > 1
        plain = surface.rstrip("~")
        lower = kind == "alias" and plain.islower() and len(plain) >= 3
        alias = Alias(tokens, entry, kind, marked, acronym, stems, priority, plain.endswith("."), lower)
        if old is not None:
            self.index[old.stems[0] or old.tokens[0]].remove(old)
        self.seen[tokens] = alias
        self.index[stems[0] or tokens[0]].append(alias)
        if kind == "alias" and len(words) == 1 and len(words[0]) >= FUZZY_MIN_LEN and entry.type != "ORG":
            self.fuzzy[tokens[0][0]].append((tokens[0], entry))


def _entry(raw: dict[str, Any]) -> Entry:
    return Entry(raw["id"], raw["name"], raw["type"], raw.get("level"), raw.get("actor_of"))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    hand = list(gazetteer_entries())
    by_name: dict[str, Entry] = {}
    for raw in hand:
        entry = _entry(raw)
        gaz.entries[entry.id] = entry
        by_name.setdefault(fold(entry.name), entry)
        for kind in ("aliases", "nicknames", "demonyms"):
            for surface in raw.get(kind, []):
                gaz.add(surface, entry, kind.rstrip("s").replace("aliase", "alias"))
    places = place_entries()
    merged: dict[str, str] = {}  # package id -> hand id
    for raw in places:
        hand_entry = by_name.get(fold(raw["name"]))
        if hand_entry is None and raw["level"] == "country":
            hand_entry = next((by_name[fold(a)] for a in raw["aliases"] if fold(a) in by_name), None)
        if hand_entry is not None and hand_entry.type in ("GPE", "LOC") and hand_entry.id not in merged.values():
            merged[raw["id"]] = hand_entry.id
    capitals = {}
    for raw in places:
        if raw["level"] == "country":
            capitals[raw["id"]] = raw
    for raw in places:
        entry_id = merged.get(raw["id"])
        if entry_id is not None:
            entry = gaz.entries[entry_id]
            priority = PRIORITY_HAND - 1
        else:
            entry = _entry(raw)
            gaz.entries[entry.id] = entry
            priority = int(raw["population"])
        for surface in raw["aliases"]:
            gaz.add(surface, entry, "place", priority)
    for aliases in gaz.index.values():
        aliases.sort(key=lambda a: (len(a.tokens), a.priority), reverse=True)
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
    if alias.kind == "demonym" or (alias.lower and word.islower()):
        return True  # russe; dpa (an alias written in lower case matches lower case)
    if alias.acronym:
        return word.isupper()
    return word[:1].isupper()


@lru_cache(maxsize=100_000)
def _lookup_keys(folded: str) -> tuple[str, ...]:
    """Index keys an inflected word may be filed under: itself, its Slavic stems, its German/English genitive base."""
    keys = [folded]
    if is_cyrillic(folded):
        keys += [folded[: -len(e)] for e in SLAVIC_ENDINGS if e and folded.endswith(e) and len(folded) - len(e) >= 3]
    elif len(folded) >= 5 and folded.endswith("s"):
        keys.append(folded[:-1])
        if folded.endswith("es"):
            keys.append(folded[:-2])
    if len(folded) >= 5 and folded.endswith(("en", "er", "em", "es")) and not is_cyrillic(folded):
        keys.append(folded[:-1])  # Deutschen → deutsche
    return tuple(dict.fromkeys(keys))


def _token_ok(alias: Alias, k: int, word: str, last: bool) -> bool:
    target = alias.tokens[k]
    if word == target:
        return True
    stem = alias.stems[k] if alias.stems else None
    if stem is not None and word.startswith(stem) and word[len(stem) :] in SLAVIC_ENDINGS:
        return True
    if alias.kind == "demonym" or alias.acronym or len(target) < 4 or is_cyrillic(target):
        return False
    if last:  # German/English genitive (Macrons, Putins, Hamburgs, Bundeskriminalamtes)
        return word == target + "s" or (word == target + "es" and not target.endswith("e"))
    # German adjective endings inside a name (Deutschen Presse-Agentur, Deutscher Bahn)
    return target.endswith("e") and word[:-1] == target and word[-1] in "nrsm"


@lru_cache(maxsize=65536)
def _first_word_matches(word: str, lower_case: bool) -> tuple[Alias, ...]:
    """Aliases whose first word matches `word` (folded), best first (cached: texts repeat words).
    A lower-case word can only start a demonym or an alias written in lower case."""
    found = []
    for key in _lookup_keys(word):
        for alias in gazetteer().index.get(key, ()):
            if lower_case and not (alias.kind == "demonym" or alias.lower):
                continue
            if _token_ok(alias, 0, word, len(alias.tokens) == 1):
                found.append(alias)
    found.sort(key=lambda a: (len(a.tokens), a.priority), reverse=True)
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=65536)
def _two_word_matches(first: str, second: str | None, lower_case: bool) -> tuple[Alias, ...]:
    """The first-word matches whose second word (if any) matches too: few are left to check further."""
    out = []
    for alias in _first_word_matches(first, lower_case):
        n = len(alias.tokens)
        if n == 1 or (second is not None and _token_ok(alias, 1, second, n == 2)):
            out.append(alias)
    return tuple(out)


def _match_at(tokens: list[re.Match[str]], folded: list[str], i: int) -> tuple[Alias, int] | None:
    lower_case = not tokens[i].group()[:1].isupper()
    second = folded[i + 1] if i + 1 < len(folded) else None
    for alias in _two_word_matches(folded[i], second, lower_case):
        n = len(alias.tokens)
        if i + n > len(tokens) or not all(_token_ok(alias, k, folded[i + k], k == n - 1) for k in range(2, n)):
            continue
        if n > 1 and not _tokens_adjacent(tokens, i, n):
            continue
        if n > 1 and alias.kind == "place" and tokens[i + n - 1].group()[:1].islower():
            continue  # "La porte-parole" is no La Porte: a place's name ends with a capital
        if _case_ok(alias, tokens[i].group()):
            return alias, n
    return None


def _tokens_adjacent(tokens: list[re.Match[str]], i: int, n: int) -> bool:
    return all(tokens[k + 1].start() - tokens[k].end() <= 3 for k in range(i, i + n - 1))


def _stem_ok(word: str, stem: str) -> bool:
    return word.startswith(stem) and word[len(stem) :] in SLAVIC_ENDINGS


_BREAK = frozenset(".!?…:;\n")
_OPENERS = frozenset(" \t\"'«»„“”‘’()[]—–-*•")


def _sentence_initial(text: str, tokens: list[re.Match[str]], i: int) -> bool:
    """Whether token i starts a sentence (or a line, a heading, a quotation after a colon)."""
    k = tokens[i].start() - 1
    while k >= 0 and text[k] in _OPENERS:
        k -= 1
    if k < 0:
        return True
    if text[k] not in _BREAK:
        return False
    if text[k] == "." and i > 0:
        prev = tokens[i - 1].group()
        if prev in HONORIFICS or (len(prev) == 1 and prev.isupper()):
            return False
    return True


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isupper() and word.isalpha() and word not in NOT_NAMES


@dataclass
class _Doc:
    text: str
    tokens: list[re.Match[str]]
    folded: list[str]
    language: str | None
    initial: list[bool]
    mid_caps: set[str]
    lower: set[str] = field(default_factory=set)  # words the text writes in lower case somewhere
    title_case: bool = False  # a headline Capitalising Every Word: capitals tell nothing there
    surnames: frozenset[str] = frozenset()  # words the text writes after a first name (Andreas Scheuer … Scheuer)


def find_mentions(text: str, field_name: str = "text", language: str | None = None) -> list[Mention]:
    """Every entity mention in `text`: gazetteer aliases first, then misspellings, then unknown names."""
    tokens = list(WORD.finditer(text))
    folded = [fold(t.group()) for t in tokens]
    lang = language or guess_language(folded)
    initial = [_sentence_initial(text, tokens, i) for i in range(len(tokens))]
    mid_caps = {folded[i] for i, t in enumerate(tokens) if not initial[i] and _capitalised(t.group())}
    lower = {folded[i] for i, t in enumerate(tokens) if t.group().islower()}
    words = [t.group() for t in tokens if t.group().isalpha() and len(t.group()) > 3]
    title_case = len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words) and len(text) < 400
    surnames = frozenset(
        folded[i + 1]
        for i in range(len(tokens) - 1)
        if folded[i] in FIRST_NAMES
        and _capitalised(tokens[i + 1].group())
        and text[tokens[i].end() : tokens[i + 1].start()] == " "
    )
    doc = _Doc(text, tokens, folded, lang, initial, mid_caps, lower, title_case, surnames)
    mentions: list[Mention] = []
    run: list[int] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].group()
        found = _match_at(tokens, folded, i)
        if found and _not_this_place(doc, run, i, found[0]):
            found = None
        if found and run and found[0].entry.type == "ORG" and _continues_name(doc, run, i, common_ok=True):
            found = None  # National Security Council is not the Security Council
        if (
            found
            and run
            and found[0].entry.type in ("GPE", "LOC")
            and (_inside_org(doc, run, i) or _continues_name(doc, run, i))
        ):
            # a place inside an organisation's name (Policía Nacional de Honduras, Universität Hamburg): both count
            alias, n = found
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            mentions.append(
                Mention(
                    alias.entry,
                    text[start:end],
                    start,
                    end,
                    field_name,
                    alias.kind,
                    CONFIDENCE["stem" if alias.stem and alias.kind == "alias" else alias.kind],
                )
            )
            run.extend(range(i, i + n))
            i += n
            continue
        if found and found[0].kind == "demonym" and found[1] == 1 and _demonym_opens_org(doc, i):
            # Chinese Communist Party, Russian Defence Ministry: the demonym is a mention and opens the name
            _flush(doc, run, field_name, mentions)
            t = tokens[i]
            mentions.append(Mention(found[0].entry, t.group(), t.start(), t.end(), field_name, "demonym",
                                    CONFIDENCE["demonym"]))  # fmt: skip
            run.append(i)
            i += 1
            continue
        if found:
            _flush(doc, run, field_name, mentions)
            alias, n = found
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            if alias.dotted and text[end : end + 1] == ".":
                end += 1  # U.S.
            kind = "stem" if alias.stem and alias.kind == "alias" else alias.kind
            if alias.entry.type == "PERSON":
                start = _with_honorific(text, start)
            mentions.append(Mention(alias.entry, text[start:end], start, end, field_name, kind, CONFIDENCE[kind]))
            i += n
            continue
        if (
            _capitalised(word)
            and not word.isupper()
            and len(word) >= FUZZY_MIN_LEN
            and not (initial[i] and is_common_word(word, lang))
        ):
            entry = fuzzy_lookup(folded[i])
            if entry is not None and run and _joins(doc, run[-1], i) and fold(entry.name.split()[0]) != folded[run[-1]]:
                entry = None  # 'Mike Johnson' is no misspelt Boris Johnson; 'Steve Whitkoff' is Steve Witkoff
            if entry is not None:
                _flush(doc, run, field_name, mentions)
                t = tokens[i]
                mentions.append(Mention(entry, word, t.start(), t.end(), field_name, "fuzzy", CONFIDENCE["fuzzy"]))
                i += 1
                continue
        if _capitalised(word) and not word.isdigit():
            if run and (not _joins(doc, run[-1], i) or len(run) >= MAX_RUN_SEEN):
                _flush(doc, run, field_name, mentions)  # bounded: a run of 16 capitalised words is no name
            run.append(i)
        elif (
            run
            and _joins(doc, run[-1], i)
            and i + 1 < len(tokens)
            and (folded[i] in NAME_PARTICLES or (folded[i] in CONJUNCTIONS and folded[run[0]] in ORG_WORDS))
        ):
            run.append(i)  # Plaza de la Revolución; Ministerio de Ciencia y Tecnología
        else:
            _flush(doc, run, field_name, mentions)
        i += 1
    _flush(doc, run, field_name, mentions)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return _cluster(mentions)


def _demonym_opens_org(doc: _Doc, i: int) -> bool:
    """A capitalised demonym followed by capitalised words that include an organisation word."""
    if not _capitalised(doc.tokens[i].group()):
        return False
    j = i
    while j + 1 < len(doc.tokens) and j - i < 5 and _joins(doc, j, j + 1):
        j += 1
        word = doc.tokens[j].group()
        if not _capitalised(word) and doc.folded[j] not in NAME_PARTICLES:
            return False
        if doc.folded[j] in ORG_WORDS:
            return True
    return False


def _continues_name(doc: _Doc, run: list[int], i: int, common_ok: bool = False) -> bool:
    """Whether token i continues the capitalised name just before it (Breitbart London, National Security Council)."""
    k = run[-1]
    if not _joins(doc, k, i) or doc.initial[k] or _is_role(doc, k) or doc.folded[k] in FUNCTION_WORDS:
        return False
    word = doc.tokens[k].group()
    if word.isupper() or doc.language not in ("en", "fr", "es"):
        return False
    return common_ok or not is_common_word(word, doc.language)


def _inside_org(doc: _Doc, run: list[int], i: int) -> bool:
    """Whether the place at token i continues the organisation name the run has begun."""
    if not _joins(doc, run[-1], i) or not any(doc.folded[k] in ORG_WORDS for k in run):
        return False
    return not doc.initial[run[0]] or len(run) > 1


def _not_this_place(doc: _Doc, run: list[int], i: int, alias: Alias) -> bool:
    """A one-word place name from the package gazetteer that is something else here: a sentence-initial common word
    ('Police said'), a first name or surname ('Рафаэлем'), a surname after a first name ('Lloyd Austin')."""
    if alias.entry.type == "PERSON" and len(alias.tokens) < len(TOKEN.findall(alias.entry.name)):
        # a surname alias after another first name: 'Mike Johnson' is not Boris Johnson, 'Jean-Marie Le Pen' not Marine
        if not run or not _joins(doc, run[-1], i):
            return False
        k = run[-1]
        if doc.folded[k] in FIRST_NAMES:
            return True
        before = doc.tokens[k].group()
        return not (doc.initial[k] or _is_role(doc, k) or doc.folded[k] in FUNCTION_WORDS or before.isupper()
                    or is_common_word(before, doc.language))  # fmt: skip
    if len(alias.tokens) != 1 or alias.kind != "place":
        return False
    word = doc.tokens[i].group()
    nxt = i + 1
    if alias.entry.level == "city" and nxt < len(doc.tokens) and _joins(doc, i, nxt):
        after = doc.tokens[nxt].group()
        # mid-sentence capitals mark names in en/fr/es; in German they mark nouns too
        common = doc.language not in ("en", "fr", "es") and is_common_word(after, doc.language)
        if (
            _capitalised(after)
            and doc.folded[nxt] not in FUNCTION_WORDS
            and not common
            and not (_is_first_name(doc, nxt) and is_cyrillic(after))
        ):
            return True  # the first word of a longer name: George Stephanopoulos, Nigel Farage, Nancy Rodas
    # mid-sentence only where a common word's lemma is lower-case (not so for German nouns and Slavic place names)
    lemma_case = doc.language in ("en", "fr", "es")
    mid_ok = alias.entry.level == "city" and lemma_case
    common = doc.folded[i] in FUNCTION_WORDS or (
        is_common_word(word, doc.language) and (lemma_case or doc.folded[i] in doc.lower)
    )
    if (doc.initial[i] or mid_ok or doc.title_case) and common:
        return True  # 'Police said', 'la Policía', 'Central'
    if (doc.language == "de" and alias.entry.level == "city" and i > 0 and doc.folded[i - 1] in GERMAN_DETERMINERS
            and is_common_word(word, "de")):  # fmt: skip
        return True  # 'Die Lage', 'der Stand': a German town's name takes no article, a common noun does
    if alias.entry.level == "city" and run and _joins(doc, run[-1], i):
        k = run[-1]
        before = doc.tokens[k].group()
        particle = doc.folded[k] in NAME_PARTICLES and _capitalised(before) and not doc.initial[k]  # Jean-Marie Le Pen
        if particle or not (doc.initial[k] or _is_role(doc, k) or doc.folded[k] in FUNCTION_WORDS or before.isupper()
                            or is_common_word(before, doc.language)):  # fmt: skip
            return True  # a surname: Ernesto Castro, Carlos Alvarado
    if is_cyrillic(word) and analyse(word, doc.language or "ru")[1] in ("Name", "Surn", "Patr"):
        return True
    return bool(run) and _joins(doc, run[-1], i) and doc.folded[run[-1]] in FIRST_NAMES


GERMAN_DETERMINERS = frozenset(
    "der die das den dem des ein eine einer einem einen eines diese dieser dieses diesem diesen jeder jedes".split()
)


def _joins(doc: _Doc, a: int, b: int) -> bool:
    gap = doc.text[doc.tokens[a].end() : doc.tokens[b].start()]
    if is_cyrillic(doc.tokens[a].group()) != is_cyrillic(doc.tokens[b].group()):
        return False  # WikiLeaks | Джулиану Ассанжу
    if gap in (" ", "-"):
        return True
    word = doc.tokens[a].group()
    return gap == ". " and len(word) == 1 and word.isupper()  # an initial: Jacob J. Lew


def _with_honorific(text: str, start: int) -> int:
    """'Mr. Trump' is one mention in English news."""
    before = text[max(0, start - 6) : start]
    m = re.search(r"\b(Mr|Mrs|Ms|Dr)\.? $", before)
    return start - (len(before) - m.start()) if m else start


def _flush(doc: _Doc, run: list[int], field_name: str, out: list[Mention]) -> None:
    try:
        segments = _german_segments(doc, run) if doc.language == "de" and len(run) > 1 else [list(run)]
        for segment in segments:
            for part in _name_starts(doc, segment):
                _unknown(doc, part, field_name, out)
    finally:
        run.clear()


def _is_first_name(doc: _Doc, k: int) -> bool:
    if doc.folded[k] in FIRST_NAMES:
        return True
    word = doc.tokens[k].group()
    if not is_cyrillic(word) or not word[:1].isupper():
        return False
    low = word.casefold()
    forms = {low, low[:-1], low[:-1] + "а", low[:-2], low[:-2] + "а", low[:-1] + "й"}  # Олега, Миколи, Сергія
    return any(fold(transliterate(f, lang)) in FIRST_NAMES for f in forms if len(f) >= 3 for lang in ("ru", "uk"))


def _name_starts(doc: _Doc, run: list[int]) -> list[list[int]]:
    """A first name after something else starts another name (Nuevas Ideas | Caleb Navarro, КМДА | Володимира
    Бондаренка)."""
    parts: list[list[int]] = [[]]
    for n, k in enumerate(run):
        if n > 0 and parts[-1]:
            prev = run[n - 1]
            if (n + 1 < len(run) and _is_first_name(doc, k) and not _is_first_name(doc, prev)
                    and doc.folded[prev] not in NAME_PARTICLES and not _is_role(doc, prev)):  # fmt: skip
                parts.append([])
        parts[-1].append(k)
    return [p for p in parts if p]


def _german_segments(doc: _Doc, run: list[int]) -> list[list[int]]:
    """German capitalises every noun: a run breaks at articles and prepositions (Mitgliedern des Aufsichtsrats), and
    nouns in front of a first name are left out (Volkswagen-Chef Herbert Diess → Herbert Diess)."""
    segments: list[list[int]] = [[]]
    skip: set[int] = set()
    for n, k in enumerate(run):
        # a hyphenated compound ending in a common noun is a noun (Flixbus-Manager, Grünen-Politiker)
        if n + 1 < len(run) and doc.text[doc.tokens[k].end() : doc.tokens[run[n + 1]].start()] == "-":
            if is_common_word(doc.tokens[run[n + 1]].group(), "de"):
                skip.update((k, run[n + 1]))
    for k in run:
        if k in skip or doc.folded[k] in FUNCTION_WORDS or doc.folded[k] in NAME_PARTICLES:
            segments.append([])
        else:
            segments[-1].append(k)
    out = []
    for seg in segments:
        # a possessive before its noun: Neubauers Renommee, Stengers Plattform
        if (len(seg) >= 2 and doc.folded[seg[-2]].endswith("s") and doc.folded[seg[-2]] not in FIRST_NAMES
                and is_common_word(doc.tokens[seg[-1]].group(), "de")):  # fmt: skip  # not 'Andreas Scheuer'
            seg = seg[:-1]
        first = next((n for n, k in enumerate(seg) if doc.folded[k] in FIRST_NAMES), None)
        if first:
            if _is_role(doc, seg[first - 1]):
                first -= 1
            seg = seg[first:]
        if seg:
            out.append(seg)
    return out


@lru_cache(maxsize=50_000)
def _initial_common(word: str, language: str | None) -> bool:
    """A sentence-initial word that is a common word: for Ukrainian also by simplemma's Ukrainian dictionary (already
    loaded for the claim cues), whose lemmas of names keep their capital ('Поки', 'Голова', 'Тоді' are common)."""
    if is_common_word(word, language):
        return True
    if language != "uk" or not is_cyrillic(word):
        return False
    try:
        import simplemma
    except ImportError:
        return False
    low = word.casefold()
    return bool(simplemma.is_known(low, "uk")) and str(simplemma.lemmatize(low, "uk"))[:1].islower()


def _unknown(doc: _Doc, run: list[int], field_name: str, out: list[Mention]) -> None:
    """A run of capitalised words no gazetteer knows, kept when it looks like a name."""
    toks, folded, lang = doc.tokens, doc.folded, doc.language
    idx = list(run)
    role = False
    if doc.title_case and not (len(idx) == 1 and _acronym_ok(doc, idx[0])):
        return
    # leading function words, sentence-initial common words and role words are not part of the name
    while idx:
        k = idx[0]
        w = toks[k].group()
        if _is_role(doc, k):
            role = True
            idx.pop(0)
        elif folded[k] in NAME_PARTICLES and _capitalised(w) and not doc.initial[k] and len(idx) > 1:
            break  # De Gaulle, Van Gogh
        elif folded[k] in FUNCTION_WORDS or folded[k] in NAME_PARTICLES or w in NOT_NAMES:
            idx.pop(0)
        elif (doc.initial[k] and (len(idx) == 1 or (_initial_common(w, lang) and folded[k] not in FIRST_NAMES))
              and not _acronym_ok(doc, k)):  # fmt: skip  # "Michael Brömsen, …" opening a sentence is a name
            if len(idx) == 1 and folded[k] in doc.mid_caps and not is_common_word(w, lang):
                break
            idx.pop(0)
        else:
            break
    roles = [n for n, k in enumerate(idx[:-1]) if _is_role(doc, k)]
    if roles:  # Republican Senator Ted Cruz, Finnish President Sauli Niinisto
        role = True
        idx = idx[roles[-1] + 1 :]
    while idx and (folded[idx[-1]] in NAME_PARTICLES or folded[idx[-1]] in FUNCTION_WORDS):
        idx.pop()
    if idx and _is_role(doc, idx[-1]):
        return  # a title without its name (Defense Secretary, Defence Minister)
    if not idx or len(idx) > MAX_RUN:
        return
    if len(idx) == 1:
        k = idx[0]
        w = toks[k].group()
        if w in NOT_NAMES or len(w) < 2:
            return
        if w.isupper() and not _acronym_ok(doc, k):
            return
        if (not w.isupper() and lang == "de" and is_common_word(w, "de") and not role and not _german_name(doc, k)
                and folded[k] not in doc.surnames):  # fmt: skip
            return
        if not w.isupper() and folded[k] in FUNCTION_WORDS:
            return
    if all(toks[k].group().isupper() and len(toks[k].group()) > 6 for k in idx):
        return  # a shouted heading
    if len(idx) == 1:
        idx = idx + _noun_after_adjective(doc, idx[-1])
    if lang in ("fr", "es") and folded[idx[-1]] in ORG_WORDS:
        idx = idx + _adjectives_after(doc, idx[-1])
    start, end = toks[idx[0]].start(), toks[idx[-1]].end()
    if (doc.text[start:end].count(".") or 0) > 3:
        return
    kind = _type_of(doc, idx, role)
    if kind == "PERSON":
        start = _with_honorific(doc.text, start)
    surface = doc.text[start:end]
    name, key = _normalised(doc, idx)
    entry = Entry(f"{kind.lower()}:{key}", name, kind, None, None)
    conf = "name" if kind != "OTHER" else "unknown"
    out.append(Mention(entry, surface, start, end, field_name, "unknown", CONFIDENCE[conf]))


_SLAVIC_ADJECTIVE = re.compile(
    r"(?:ий|ій|ый|ой|ого|его|ому|ему|ої|ою|ею|их|ых|ими|ыми|им|ым|ім|ая|яя|ое|ее|ые|ие|ую|юю|ська|ське|ські|цька|цьке|цькі)$"
)
_VERB_ENDINGS = ("ся", "сь", "ти", "ть", "ла", "ло", "ли", "в", "ет", "ит", "ют", "ут", "ать", "ить")
_LOC_NOUNS = frozenset("площа площадь міст мост палац дворец вулиця улица проспект башня вежа аеропорт аэропорт "
                       "пагорб холм дуга".split())  # fmt: skip


def _noun_after_adjective(doc: _Doc, k: int) -> list[int]:
    """Russian and Ukrainian names of institutions and places capitalise only their first word: a capitalised
    adjective takes the lower-case words up to its noun (Конституційного суду, Кримський міст, Одеської міської
    ради)."""
    word = doc.tokens[k].group()
    if not is_cyrillic(word) or not _SLAVIC_ADJECTIVE.search(word.casefold()):
        return []
    if analyse(word, doc.language or "ru")[1] in ("Name", "Surn", "Patr"):
        return []  # Бобровым, Висоцького: a surname
    out: list[int] = []
    j = k + 1
    while j < len(doc.tokens) and len(out) < 3:
        nxt = doc.tokens[j].group()
        gap = doc.text[doc.tokens[j - 1].end() : doc.tokens[j].start()]
        if gap != " " or not nxt.islower() or not is_cyrillic(nxt):
            break
        if doc.folded[j] in FUNCTION_WORDS:
            break
        if not _SLAVIC_ADJECTIVE.search(nxt):
            if nxt.endswith(_VERB_ENDINGS):
                break
            return [*out, j]
        out.append(j)
        j += 1
    return []  # no noun: the adjective stands alone (or is itself the name)


_ROMANCE_ADJECTIVE = re.compile(
    r"(?:al|ale|aux|ales|ais|aise|ois|oise|ique|ien|ienne|ain|aine|ol|ole|iste|ano|ana|ista|ico|ica|ense|és|esa|"
    r"ional|ionale|onal|onale|cional)$"
)


def _adjectives_after(doc: _Doc, k: int) -> list[int]:
    """French and Spanish names of organisations keep their adjectives in lower case (Front national, Parti
    québécois, Assemblée nationale, Partido socialista)."""
    out: list[int] = []
    j = k + 1
    while j < len(doc.tokens) and len(out) < 2:
        word = doc.tokens[j].group()
        if doc.text[doc.tokens[j - 1].end() : doc.tokens[j].start()] != " " or not word.islower():
            break
        if not _ROMANCE_ADJECTIVE.search(word) or word in FUNCTION_WORDS:
            break
        out.append(j)
        j += 1
    return out


_DE_DETERMINERS = frozenset(
    "der die das den dem des ein eine einer eines einem einen kein keine keinen keinem keiner im am zum zur vom beim "
    "ins ans sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer unser unsere dieser diese diesen diesem dieses "
    "jeder jede jeden jedem alle allen neue neuen".split()
)


def _german_name(doc: _Doc, k: int) -> bool:
    """A German dictionary word used as a name: never after an article or an inflected adjective in the text, and
    repeated or listed among names (Anteile an Siemens, BASF, Daimler)."""
    word = doc.folded[k]
    count = 0
    for j, f in enumerate(doc.folded):
        if f != word:
            continue
        count += 1
        prev = doc.tokens[j - 1].group() if j > 0 else ""
        if prev.casefold() in _DE_DETERMINERS or (prev.islower() and prev.endswith(("e", "en", "er", "em", "es"))):
            return False
    before = doc.text[max(0, doc.tokens[k].start() - 2) : doc.tokens[k].start()]
    listed = "," in before or (k > 0 and doc.folded[k - 1] in ("und", "oder", "sowie"))
    return count >= 2 or listed


# German writes a role as one compound (Bundesverkehrsminister, Vizepräsidentin, Regierungssprecher): its head decides.
_DE_ROLE_HEADS = tuple(
    fold(w)
    for w in "minister ministerin präsident präsidentin sprecher sprecherin chef chefin vorsitzender "
    "vorsitzende sekretär sekretärin kanzler kanzlerin direktor direktorin leiter leiterin botschafter "
    "botschafterin bürgermeister bürgermeisterin abgeordneter abgeordnete".split()
)


def _is_role(doc: _Doc, k: int) -> bool:
    """A title or role word (President, Präsident, Bundesverkehrsminister, президента) before a name."""
    if doc.folded[k] in PERSON_ROLES:
        return True
    if doc.language == "de" and len(doc.folded[k]) > 8 and doc.folded[k].endswith(_DE_ROLE_HEADS):
        return True
    word = doc.tokens[k].group()
    return is_cyrillic(word) and analyse(word, doc.language or "ru")[0] in PERSON_ROLES


def _acronym_ok(doc: _Doc, k: int) -> bool:
    w = doc.tokens[k].group()
    if not _is_acronym(w):
        return False
    # inside a shouted heading every word is upper-case: an acronym stands among lower-case words
    around = [doc.tokens[j].group() for j in (k - 1, k + 1) if 0 <= j < len(doc.tokens)]
    return not all(a.isupper() and len(a) > 2 for a in around) if around else True


def _type_of(doc: _Doc, idx: list[int], role: bool) -> str:
    words = [doc.tokens[k].group() for k in idx]
    folded = [doc.folded[k] for k in idx]
    if any(f in ORG_WORDS for f in folded):
        return "ORG"
    if role or folded[0] in FIRST_NAMES or _honorific_before(doc, idx[0]):
        return "PERSON"
    if len(idx) == 1 and _is_acronym(words[0]):
        return "ORG"
    if is_cyrillic(words[-1]):
        tags = [analyse(w, doc.language or "ru")[1] for w in words]
        if "Name" in tags or "Surn" in tags or "Patr" in tags:
            return "PERSON"
        if "Geox" in tags:
            return "GPE"
        if "Orgn" in tags:
            return "ORG"
        lang = doc.language or "ru"
        nominatives = [analyse(w, lang)[0] for w in words]
        if any(n in ORG_WORDS for n in nominatives):
            return "ORG"
        if any(n in _LOC_NOUNS for n in nominatives):
            return "LOC"
        if 2 <= len(idx) <= 3 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words):
            return "OTHER" if is_common_word(words[-1], lang) else "PERSON"
        if SLAVIC_SURNAME.search(analyse(words[-1], lang)[0]):
            return "PERSON"
    if 2 <= len(idx) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words) and not is_cyrillic(words[0]):
        return "OTHER" if any(is_common_word(w, doc.language or "en") for w in words) else "PERSON"
    return "OTHER"


def _honorific_before(doc: _Doc, k: int) -> bool:
    return k > 0 and doc.tokens[k - 1].group() in HONORIFICS and doc.tokens[k].start() - doc.tokens[k - 1].end() <= 2


def _normalised(doc: _Doc, idx: list[int]) -> tuple[str, str]:
    """(English-script canonical name, id key) of an unknown name: nominative, transliterated, genitive -s removed."""
    words = [doc.tokens[k].group() for k in idx]
    if any(is_cyrillic(w) for w in words):
        lang = doc.language if doc.language in ("ru", "uk") else None
        if len(words) <= 3 and not any(w.isupper() for w in words):
            forms = [analyse(w, lang or "ru")[0] if _capitalised(w) else w.casefold() for w in words]
            first, last = words[0].casefold(), words[-1].casefold()
            if (lang == "uk" and len(words) >= 2 and forms[0] != first and first.endswith(("а", "я"))
                    and forms[-1] == last and last.endswith(("ова", "ева", "єва", "іна", "ина"))):  # fmt: skip
                forms[-1] = last[:-1]  # "Володимира Стєклова": a man's name in the genitive, surname too
            pairs = zip(forms, words, strict=True)
            nominative = " ".join(f[:1].upper() + f[1:] if _capitalised(w) else f for f, w in pairs)
        else:
            nominative = doc.text[doc.tokens[idx[0]].start() : doc.tokens[idx[-1]].end()]
        return transliterate(nominative, lang), slug(nominative)
    surface = doc.text[doc.tokens[idx[0]].start() : doc.tokens[idx[-1]].end()]
    last = doc.folded[idx[-1]]
    if len(last) >= 5 and last.endswith("s") and last[:-1] in doc.mid_caps:
        surface = surface[:-1]
    return surface, slug(surface)


def _cluster(mentions: list[Mention]) -> list[Mention]:
    """A surname (or any last word) alone joins the longer unknown name, or the known person, that ends with it."""
    full: dict[str, Entry] = {}
    first: dict[str, Entry] = {}
    ambiguous: set[str] = set()
    for m in mentions:
        e = m.entity
        unknown_name = m.kind == "unknown" and e.type == "OTHER" and _looks_personal(e.name)
        if " " in e.name and (e.type == "PERSON" or unknown_name):
            full.setdefault(fold(e.name.split()[-1]), e)
        if " " in e.name and e.type == "PERSON":
            key = fold(e.name.split()[0])
            if first.get(key, e).id != e.id:
                ambiguous.add(key)  # two people share it: 'Hillary' alone could be either
            first.setdefault(key, e)
    if not full:
        return mentions
    out = []
    promoted: dict[str, Entry] = {}
    for m in mentions:
        e = m.entity
        if (m.kind == "unknown" or (m.kind == "place" and e.level == "city")) and " " not in e.name:
            target = full.get(fold(e.name))
            if target is None and m.kind == "unknown" and fold(e.name) not in ambiguous:
                # "Mr. Lou" after "Lou Jiwei": a family name written first (Chinese, Korean, Hungarian names),
                # or a first name alone for the one person of the article who bears it
                target = first.get(fold(e.name))
            if target is not None and target.id != e.id:
                promoted[target.id] = replace(target, type="PERSON") if target.type == "OTHER" else target
                m = replace(m, entity=target, confidence=max(m.confidence, CONFIDENCE["name"]))
        out.append(m)
    # a name later referred to by its last word alone is a person's (Fabian Stenger … Stenger)
    return [replace(m, entity=promoted[m.entity.id]) if m.entity.id in promoted else m for m in out]


def _looks_personal(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)


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
