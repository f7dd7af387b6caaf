"""Language identification for any language lingua knows (75), with bounded memory.

Two tiers of lingua-language-detector (Apache-2.0):
* every text goes through the low-accuracy mode over all languages (trigram models only, about 70 MB for all 75,
  a couple of milliseconds on a 1,000-character sample); past SHORT_TEXT characters its answer is as good as the
  high-accuracy mode's, so that is the whole story for articles;
* a short text (a title, a sentence, a couple of words) is then re-scored by the high-accuracy mode (1- to 5-gram
  models) over the few languages the first tier found plausible. Those models weigh ~20-75 MB per language, so
  at most HIGH_ACCURACY_LANGUAGES of them stay loaded (HIGH_ACCURACY_LANGUAGES, 8, least recently used
  unloaded; "all" for the full accuracy on short text at ~1.1 GB), at most NEW_PER_TEXT load for any one text,
  and candidates without models keep the first tier's judgement.

Both tiers add a prior over languages (how much of the web is written in each, flattened) and, on short text,
the source's declared language. Nothing forces a text into the languages the rest of the pipeline covers:
the answer is lingua's ISO 639-1 code, whatever it is.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

SAMPLE_CHARS = 600  # the language of an article is settled well before this (cost ~linear: ~2 ms here)
SHORT_TEXT = 150  # below this many characters the high-accuracy models are worth their cost
CANDIDATES = 5  # languages the high-accuracy pass chooses among (the first tier's best)
CANDIDATE_FLOOR = 1e-3  # ... unless the first tier thinks them this much less likely than its best
# Languages whose high-accuracy models may be loaded in one process (~20-75 MB each); "all" (or 75) gives the
# full accuracy measured in quality/langid.py at ~1.1 GB, the default keeps language id small (see _HighAccuracy).
# A constant, not a setting: extraction is pure and reads no environment (quality/langid.py measures "all" too).
HIGH_ACCURACY_LANGUAGES = 8
NEW_PER_TEXT = 2  # models loaded for any one text at most (~0.2 s each), unless the budget is "all"
HINT_WEIGHT = math.log(3.0)  # the source's declared language counts as much as triple odds, on short text only
PRIOR_EXPONENT = 0.2  # flattens the web-share prior: English vs a 0.03 % language is ~4.3x, not 1,600x
# Rough share of web content by language, in percent (order of magnitude of public surveys such as W3Techs'
# content-language ranking); every other language gets PRIOR_FLOOR. It only tips near-ties on very short text.
WEB_SHARE = {
    "en": 49, "es": 6, "de": 5.5, "ja": 5, "fr": 4.4, "ru": 4.2, "pt": 3.8, "it": 2.6, "nl": 2, "tr": 1.8,
    "pl": 1.7, "zh": 1.3, "fa": 1.3, "vi": 1.1, "id": 0.9, "cs": 0.9, "ko": 0.7, "uk": 0.6, "ar": 0.6, "sv": 0.6,
    "ro": 0.6, "hu": 0.5, "el": 0.5, "da": 0.4, "sk": 0.4, "th": 0.4, "fi": 0.3, "he": 0.3, "bg": 0.3, "nb": 0.3,
    "sr": 0.2, "hr": 0.2, "lt": 0.2, "sl": 0.1, "lv": 0.1, "et": 0.1, "ca": 0.1, "hi": 0.1,
}  # fmt: skip
PRIOR_FLOOR = 0.03
# Letters that belong to few languages' alphabets: a text holding one makes those languages candidates even when the
# trigram tier ranks them low (it has no model of a lone letter such as Polish "ł" in a short phrase).
DISTINCTIVE_LETTERS = {
    "ł": "pl", "ą": "pl lt", "ę": "pl lt", "ś": "pl", "ź": "pl", "ż": "pl mt", "ń": "pl", "ć": "pl hr bs sr",
    "ő": "hu", "ű": "hu", "ř": "cs", "ů": "cs", "ě": "cs", "ľ": "sk", "ĺ": "sk", "ŕ": "sk", "ș": "ro", "ț": "ro",
    "ş": "tr ro az", "ğ": "tr az", "ı": "tr az", "ə": "az", "ã": "pt", "õ": "pt et", "ñ": "es", "ß": "de",
    "ø": "da nb nn", "æ": "da nb nn is", "å": "sv da nb nn", "ð": "is", "þ": "is", "ė": "lt", "ų": "lt", "ū": "lt lv",
    "ā": "lv mi", "ē": "lv", "ī": "lv", "ņ": "lv", "ļ": "lv", "ģ": "lv", "ķ": "lv", "đ": "hr bs sr vi",
    "ơ": "vi", "ư": "vi", "ĉ": "eo", "ĝ": "eo", "ŭ": "eo",
    "і": "uk be kk", "ї": "uk", "є": "uk", "ґ": "uk", "ў": "be", "ё": "ru be", "ы": "ru be kk mn", "э": "ru be kk mn",
    "ъ": "ru bg", "ә": "kk", "ғ": "kk", "қ": "kk", "ң": "kk", "ұ": "kk", "ү": "kk mn", "ө": "kk mn", "һ": "kk",
    "ђ": "sr", "ћ": "sr", "џ": "sr mk", "љ": "sr mk", "њ": "sr mk", "ј": "sr mk", "ѓ": "mk", "ќ": "mk", "ѕ": "mk",
}  # fmt: skip
UNSCORED = 1e-12  # confidence given to a language lingua ruled out (its value is exactly 0)
MAX_LETTER_CANDIDATES = 3


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1, or "und" when nothing can be said
    confidence: float


UNDETERMINED = LanguageGuess("und", 0.0)


def _code(language: Language) -> str:
    return language.iso_code_639_1.name.lower()


_LOG_PRIOR = {
    language: PRIOR_EXPONENT * math.log(max(WEB_SHARE.get(_code(language), PRIOR_FLOOR), PRIOR_FLOOR))
    for language in Language.all()
}


def _letter_candidates(text: str) -> list[Language]:
    found: list[Language] = []
    for letter in dict.fromkeys(text.lower()):
        for code in DISTINCTIVE_LETTERS.get(letter, "").split():
            language = _language_of(code)
            if language is not None and language not in found:
                found.append(language)
    return found


def _language_of(code: str | None) -> Language | None:
    if not code:
        return None
    iso = getattr(IsoCode639_1, code.strip().lower()[:2].upper(), None)
    if iso is None:
        return None
    try:
        return Language.from_iso_code_639_1(iso)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _fast() -> LanguageDetector:
    """All languages, trigram models only (loaded per script on first use, ~70 MB when every script was seen)."""
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 (glibc only)
        return libc
    except (OSError, AttributeError):
        return None


def _release_freed_memory() -> None:
    """Give the pages of unloaded models back to the system (glibc keeps freed heap memory otherwise)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


class _HighAccuracy:
    """High-accuracy scores among a few languages, within a budget of languages whose models are loaded.

    Models load on first need (~0.2 s each): any number while the budget has room, then at most NEW_PER_TEXT for
    any one text so that no text waits long, the least recently used language being unloaded. Candidates without models
    are left to the first tier. lingua shares loaded models between detectors, so a detector per candidate set
    costs nothing, and one built for a single language unloads that language alone.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.per_text = NEW_PER_TEXT if budget < len(Language.all()) else budget
        self.loaded: OrderedDict[Language, None] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    @lru_cache(maxsize=512)
    def _detector(languages: frozenset[Language]) -> LanguageDetector:
        return LanguageDetectorBuilder.from_languages(*languages).build()

    def usable(self, ranked: list[Language]) -> frozenset[Language]:
        """The candidates (best first) whose models are, or may now be, loaded."""
        with self.lock:
            room = max(self.per_text, self.budget - len(self.loaded))  # free room first, then a few evictions
            new = [lang for lang in ranked if lang not in self.loaded][:room]
            usable = [lang for lang in ranked if lang in self.loaded or lang in new]
            for lang in usable:
                self.loaded[lang] = None
                self.loaded.move_to_end(lang)
            evicted = False
            while len(self.loaded) > max(self.budget, len(usable)):
                old, _ = self.loaded.popitem(last=False)
                self._detector(frozenset((old,))).unload_language_models()
                evicted = True
            if evicted:
                _release_freed_memory()
            return frozenset(usable)

    def scores(self, text: str, languages: frozenset[Language]) -> dict[Language, float]:
        values = self._detector(languages).compute_language_confidence_values(text)
        return {value.language: value.value for value in values}


_HIGH = _HighAccuracy(HIGH_ACCURACY_LANGUAGES)


def _log_scores(values: dict[Language, float], hint: Language | None) -> dict[Language, float]:
    scores = {lang: math.log(max(v, UNSCORED)) + _LOG_PRIOR[lang] for lang, v in values.items()}
    if hint in scores:
        scores[hint] += HINT_WEIGHT
    return scores


def _best(scores: dict[Language, float]) -> LanguageGuess:
    """The top language and its posterior share among the scored ones."""
    top = max(scores, key=scores.__getitem__)
    total = sum(math.exp(s - scores[top]) for s in scores.values())
    return LanguageGuess(_code(top), round(min(1.0, max(0.0, 1.0 / total)), 4))


def detect_language(text: str, title: str = "", hint: str | None = None) -> LanguageGuess:
    """The language of an article (title and body), any language lingua knows; confidence in [0, 1].

    Texts of SHORT_TEXT characters or more always get the same answer. A shorter one may differ with which
    high-accuracy models the process holds at the time (not so with every model allowed, as quality/langid.py runs).
    """
    sample = (f"{title}\n{text}".strip() if title else text.strip())[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    values = {v.language: v.value for v in _fast().compute_language_confidence_values(sample) if v.value > 0}
    if not values:
        return UNDETERMINED
    short = len(sample) < SHORT_TEXT
    hint_language = _language_of(hint) if short else None
    scores = _log_scores(values, hint_language)
    if not short:
        return _best(scores)
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    floor = scores[ranked[0]] + math.log(CANDIDATE_FLOOR)
    candidates = {lang for lang in ranked[:CANDIDATES] if scores[lang] >= floor}
    letters = [lang for lang in _letter_candidates(sample) if lang not in candidates and lang in scores]
    candidates.update(sorted(letters, key=scores.__getitem__, reverse=True)[:MAX_LETTER_CANDIDATES])
    if hint_language is not None:
        candidates.add(hint_language)
    if len(candidates) == 1:
        return _best(scores)
    ranked_candidates = sorted(candidates, key=lambda lang: scores.get(lang, -math.inf), reverse=True)
    usable = _HIGH.usable(ranked_candidates)
    if len(usable) < 2:
        return _best(scores)
    # The first tier's posterior over the candidates; those with high-accuracy models share their part of it
    # according to the high-accuracy scores (all of it when every candidate has models).
    top = max(scores.values())
    first = {lang: math.exp(scores[lang] - top) if lang in scores else 0.0 for lang in candidates}
    refined = _HIGH.scores(sample, usable)
    second = _log_scores({lang: refined.get(lang, 0.0) for lang in usable}, hint_language)
    best = max(second.values())
    weights = {lang: math.exp(v - best) for lang, v in second.items()}
    mass, norm = sum(first[lang] for lang in usable), sum(weights.values())
    final = {lang: (mass * weights[lang] / norm if lang in usable else first[lang]) for lang in candidates}
    winner = max(final, key=final.__getitem__)
    confidence = final[winner] / (sum(final.values()) or 1.0)
    return LanguageGuess(_code(winner), round(min(1.0, max(0.0, confidence)), 4))
