"""Event participants the gazetteer does not know: a lone capitalised name or acronym standing as the subject just
before a trigger ('Codeca ya había realizado un paro', 'Die FDP lehnt ... ab'), and Latin spellings of Cyrillic
surface names, so an analyst (and an English canonical name) can match 'Олег Ляшко' as 'Oleh Liashko'."""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any

from pipeline.extract.entities import Entry, gazetteer
from pipeline.extract.lemmas import Token
from pipeline.extract.lexicon import LEXICON_DIR, claim_cues

SUBJECT_REACH = 60  # characters before a trigger its bare-name subject may stand
_NAME = re.compile(r"(?<![\w'’ʼ-])([A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w'’ʼ-]{1,30})(?![\w'’ʼ-])")
_CLAUSE_BREAK = re.compile(r"[;:()«»\"“”„]|,\s")

# Ukrainian (national system) and Russian (BGN-like) letters; shared letters follow the language of the text.
_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ю": "yu",
    "я": "ya",
    "ь": "",
    "'": "",
    "’": "",
    "ʼ": "",
}
_UK = {**_COMMON, "г": "h", "ґ": "g", "є": "ie", "и": "y", "і": "i", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}
_RU = {**_COMMON, "г": "g", "ё": "e", "и": "i", "й": "y", "ы": "y", "э": "e", "ъ": "", "е": "e"}
_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")


def romanise(name: str, language: str) -> str:
    """A Latin spelling of a Cyrillic name (the name itself when it has no Cyrillic letters)."""
    if not _CYRILLIC.search(name):
        return name
    table = _UK if language == "uk" else _RU
    out = []
    for ch in name:
        low = ch.lower()
        if low in table:
            latin = table[low]
            out.append(latin.capitalize() if ch != low else latin)
        else:
            out.append(ch)
    return "".join(out)


def is_known(entry: Entry) -> bool:
    return entry.id in gazetteer().entries


def bare_subject(text: str, lo: int, trigger: int, language: str, taken: list[tuple[int, int]]) -> Entry | None:
    """The nearest capitalised single word or acronym before the trigger in its clause that no mention covers; a
    capitalised word opening the sentence counts only as an acronym (sentence-initial words are capitalised anyway)."""
    start = max(lo, trigger - SUBJECT_REACH)
    window = text[start:trigger]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(window)]
    if breaks:
        start += breaks[-1]
        window = text[start:trigger]
    lex = claim_cues(language)
    function_words = lex.determiners | lex.prepositions | lex.pronouns | lex.stop | lex.skip | lex.complementizers
    for m in reversed(list(_NAME.finditer(window))):
        s = start + m.start()
        word = m.group(1)
        folded = word.casefold()
        if any(a <= s < b for a, b in taken) or folded in function_words or folded in lex.not_subjects:
            continue
        acronym = is_acronym(word)
        opens_sentence = not text[lo:s].strip()
        if (opens_sentence or language == "de") and not acronym:
            continue  # German capitalises every noun: only acronyms count there
        name = (expand_acronym(text, word) if acronym else None) or word
        return Entry(f"other:{name.casefold()}", name, "OTHER", None, None)
    return None


def is_acronym(word: str) -> bool:
    """'FWR', 'AStA', 'PSOE', 'ВСУ': two or more capitals in a short word."""
    return 2 <= len(word) <= 8 and sum(1 for c in word if c.isupper()) >= 2 and word[:1].isupper()


_EXPANSION_WORD = re.compile(r"[\w'’-]+")
MAX_EXPANSION = 8  # words a spelled-out name may have
# Small words inside a spelled-out name ('Ministry of Defence', 'Comité de Desarrollo', 'Bund für Umwelt').
_CONNECTORS = frozenset("of for and on de du des d la et pour del y para für und von zur zum der des и по і з".split())


@lru_cache(maxsize=1024)  # per article and acronym (a str caches its hash: the long text is hashed once)
def expand_acronym(text: str, acronym: str) -> str | None:
    """The spelled-out name an article gives an acronym once, 'Forum Waffenrecht (FWR)' or 'FWR (Forum
    Waffenrecht)': capitalised words (with small connecting words) from one starting with the acronym's letter."""
    at = text.find(f"({acronym})")
    if at > 0:
        words = _EXPANSION_WORD.findall(text[max(0, at - 120) : at])[-MAX_EXPANSION:]
        run: list[str] = []
        for w in reversed(words):
            if not (w[:1].isupper() or (run and w.casefold() in _CONNECTORS)):
                break
            run.insert(0, w)
        return _from_initial(run, acronym)
    at = text.find(f"{acronym} (")
    if at >= 0:
        inside = text[at + len(acronym) + 2 : at + len(acronym) + 122].split(")", 1)[0]
        run = []
        for w in _EXPANSION_WORD.findall(inside)[:MAX_EXPANSION]:
            if not (w[:1].isupper() or (run and w.casefold() in _CONNECTORS)):
                break
            run.append(w)
        return _from_initial(run, acronym)
    return None


def _from_initial(run: list[str], acronym: str) -> str | None:
    while run and (run[0][:1].casefold() != acronym[:1].casefold() or run[0].casefold() in _CONNECTORS):
        run.pop(0)
    while run and run[-1].casefold() in _CONNECTORS:
        run.pop()
    return " ".join(run) if len(run) >= 2 else None


@cache
def _event_data(language: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((LEXICON_DIR / f"{language}.json").read_text(encoding="utf-8"))
    return data


@cache
def event_exclusions(language: str) -> re.Pattern[str] | None:
    """Contexts where a trigger word is not an event ('when asked about', 'de acuerdo con', 'no sign of'): one
    regex of the lexicon's `event_not` patterns (case-sensitive, so German nouns keep their capital)."""
    patterns = _event_data(language).get("event_not", [])
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@cache
def accusation_words(language: str) -> frozenset[str]:
    """Lemmas of blame ('liar', 'Verbrechen', 'провокация'): a reported statement using one accuses someone."""
    return frozenset(w.casefold() for w in _event_data(language).get("event_accusation_words", []))


def accuses(tokens: list[Token], language: str) -> bool:
    words = accusation_words(language)
    return any(t.lemma in words or t.lower in words for t in tokens)
