"""Names no gazetteer knows: nominative forms (pymorphy3 for ru/uk), Latin transliteration, function words, cues."""

from __future__ import annotations

import re
from functools import lru_cache

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")

# Romanisation close to English-language press usage (BGN/PCGN-like for Russian, the 2010 national system for
# Ukrainian).
_RU = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)
_UK = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
        "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia".split(),
        strict=True,
    )
)
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_VOWELS = set("аеёиоуыэюяіїє")


def is_cyrillic(word: str) -> bool:
    return bool(CYRILLIC.search(word))


def transliterate(text: str, language: str | None = None) -> str:
    """Latin spelling of a Cyrillic name (Дмитрий Песков → Dmitry Peskov, Віталій Кличко → Vitalii Klychko)."""
    uk = language == "uk" or (language != "ru" and bool(UKRAINIAN_LETTERS.search(text)))
    out: list[str] = []
    for word in re.split(r"(\W+)", text):
        out.append(_translit_word(word, uk) if is_cyrillic(word) else word)
    return "".join(out)


def _translit_word(word: str, uk: bool) -> str:
    low = word.casefold()
    if not uk and low.endswith(("ий", "ый")) and len(low) > 3:
        low = low[:-2] + "y\u0000"  # Dmitry, Yury: the adjectival ending is one 'y'
    table = _UK if uk else _RU
    chars: list[str] = []
    for i, ch in enumerate(low):
        if ch == "\u0000":
            continue
        if uk and i == 0 and ch in _UK_INITIAL:
            chars.append(_UK_INITIAL[ch])
        elif not uk and ch == "е" and (i == 0 or low[i - 1] in _VOWELS or low[i - 1] in "ъь"):
            chars.append("ye")
        else:
            chars.append(table.get(ch, ch).replace("_", ""))
    latin = "".join(chars)
    if word.isupper() and len(word) > 1:
        return latin.upper()
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


@lru_cache(maxsize=2)
def _morph(language: str):  # type: ignore[no-untyped-def]
    try:
        import pymorphy3
    except ImportError:
        return None
    try:
        return pymorphy3.MorphAnalyzer(lang=language)
    except Exception:  # dictionaries for this language not installed
        return None


NAME_TAGS = ("Surn", "Name", "Patr", "Geox", "Orgn")


# Ukrainian case endings of surnames and first names, to their nominative (Левченка → Левченко, Сабініної → …).
_UK_SUFFIXES = (
    ("енкові", "енко"), ("енком", "енко"), ("енка", "енко"), ("енку", "енко"),
    ("ського", "ський"), ("ському", "ський"), ("ським", "ський"), ("цького", "цький"), ("цькому", "цький"),
    ("цьким", "цький"), ("ської", "ська"), ("ській", "ська"), ("ською", "ська"), ("ової", "ова"), ("овій", "ова"),
    ("овою", "ова"), ("евої", "ева"), ("євої", "єва"), ("овим", "ов"), ("ову", "ов"), ("ові", "ов"), ("евим", "ев"),
    ("єву", "єв"), ("ину", "ин"), ("іним", "ін"), ("ієм", "ій"), ("ією", "ія"), ("ії", "ія"),
    ("івкою", "івка"), ("івці", "івка"), ("івку", "івка"), ("івки", "івка"), ("ську", "ськ"),
    ("ськом", "ськ"), ("цьку", "цьк"), ("цьком", "цьк"), ("ицею", "иця"), ("ицю", "иця"), ("иці", "иця"),
)  # fmt: skip


def _uk_nominative(word: str) -> str:
    low = word.casefold()
    known = _uk_dictionary_name(word)
    if known is not None:
        return known  # Олега → олег, Миколи → микола, Кличка → кличко (simplemma's Ukrainian dictionary)
    for ending, nominative in _UK_SUFFIXES:
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            return low[: -len(ending)] + nominative
    return low


def _uk_dictionary_name(word: str) -> str | None:
    """The nominative of a name simplemma's Ukrainian dictionary knows (its lemma of a name keeps the capital);
    the dictionary is the one the claim cues already load for Ukrainian text."""
    if not word[:1].isupper():
        return None
    try:
        import simplemma
    except ImportError:
        return None
    if not simplemma.is_known(word, "uk"):
        return None
    lemma = str(simplemma.lemmatize(word, "uk"))
    return lemma.casefold() if lemma[:1].isupper() and lemma.casefold() != word.casefold() else None


@lru_cache(maxsize=100_000)
def analyse(word: str, language: str) -> tuple[str, str | None]:
    """(nominative singular lower-case form, name tag or None) of a Cyrillic word."""
    uk_morph = _morph("uk") if language == "uk" else None
    if language == "uk" and uk_morph is None:
        # Ukrainian dictionaries (pymorphy3-dicts-uk) are not a dependency (GPL-declared): the Russian analyser
        # misreads Ukrainian forms, so Ukrainian names get suffix rules, and a tag only from words Russian shares.
        tag = _dictionary_name_tag(word)
        return _uk_nominative(word), tag
    morph = uk_morph or _morph("ru")
    if morph is None:
        return word.casefold(), None
    parses = morph.parse(word)
    for p in parses:
        tags = str(p.tag)
        for tag in NAME_TAGS:
            if tag in tags:
                return _nominative(p, word), tag
    if parses:
        p = parses[0]
        if ("NOUN" in str(p.tag) or "ADJF" in str(p.tag)) and _from_dictionary(p):
            return _nominative(p, word), None
    return word.casefold(), None


def _from_dictionary(parse) -> bool:  # type: ignore[no-untyped-def]
    return len(parse.methods_stack) == 1 and type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


def _dictionary_name_tag(word: str) -> str | None:
    morph = _morph("ru")
    if morph is None:
        return None
    for p in morph.parse(word):
        if _from_dictionary(p):
            for tag in NAME_TAGS:
                if tag in str(p.tag):
                    return tag
    return None


def _nominative(parse, word: str) -> str:  # type: ignore[no-untyped-def]
    """Nominative keeping the gender (Асламовой → асламова, not асламов)."""
    if "femn" in str(parse.tag) and ("Surn" in str(parse.tag) or "ADJF" in str(parse.tag)):
        inflected = parse.inflect({"nomn", "sing"})
        if inflected is not None:
            return str(inflected.word)
    return str(parse.normal_form)


def cyrillic_name_tag(word: str, language: str) -> str | None:
    return analyse(word, language)[1]


@lru_cache(maxsize=100_000)
def known_russian_word(word: str) -> bool:
    """A dictionary word of Russian that is not a name (Запад, Президент), by the pymorphy3 dictionary."""
    morph = _morph("ru")
    if morph is None:
        return False
    parses = [p for p in morph.parse(word) if _from_dictionary(p)]
    return bool(parses) and not any(tag in str(p.tag) for p in parses for tag in NAME_TAGS)
