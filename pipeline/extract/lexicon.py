"""Load the per-language cue lexicons and the entity gazetteer from lexicons/ (data, not code)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(str(resources.files("pipeline.extract").joinpath("lexicons")))
LANGUAGES = ("en", "fr", "de", "es", "ru", "uk")


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex matching any entry as whole words, longest entries first."""
    if not patterns:
        return None
    body = "|".join(sorted(patterns, key=len, reverse=True))
    # An entry ending in an apostrophe (qu’, l’) is glued to the next word, so it needs no right boundary.
    return re.compile(rf"(?<!\w)(?:{body})(?:(?<=['’])|(?!\w))", re.IGNORECASE)


@dataclass(frozen=True)
class Cues:
    """The compiled cue patterns of one language."""

    language: str
    speech_verbs: re.Pattern[str]
    complementizers: re.Pattern[str]
    according_to: re.Pattern[str]
    pronouns: frozenset[str]
    hedges: re.Pattern[str]
    strong_hedges: re.Pattern[str]
    negators: re.Pattern[str]
    negated_verb: re.Pattern[str]  # a verbal negation right before a verb trigger: "n'a pas (attaqué)", "did not"
    cancelled: re.Pattern[str]
    planned: re.Pattern[str]
    hypothetical: re.Pattern[str]
    locative: frozenset[str]
    comment_headers: re.Pattern[str]
    word_triggers: tuple[tuple[str, re.Pattern[str]], ...]  # one word each: matched per token, cached
    phrase_triggers: tuple[tuple[str, re.Pattern[str]], ...]  # several words: searched in the text

    def trigger_of(self, word: str) -> str | None:
        """The event type a single word triggers, if any."""
        return _word_trigger(self.language, word.casefold())


def _required(pattern: re.Pattern[str] | None) -> re.Pattern[str]:
    return pattern if pattern is not None else re.compile(r"(?!x)x")


@cache
def cues(language: str) -> Cues:
    data: dict[str, Any] = json.loads((LEXICON_DIR / f"{language}.json").read_text(encoding="utf-8"))
    return Cues(
        language=language,
        speech_verbs=_required(_alternation(data["speech_verbs"])),
        complementizers=_required(_alternation(data["complementizers"])),
        according_to=_required(_alternation(data["according_to"])),
        pronouns=frozenset(p.casefold() for p in data["pronouns"]),
        hedges=_required(_alternation(data["hedges"])),
        strong_hedges=_required(_alternation(data.get("strong_hedges", []))),
        negators=_required(_alternation(data["negators"])),
        negated_verb=re.compile(
            rf"(?<!\w)(?:{'|'.join(data['verbal_negation'])})\s*$" if data.get("verbal_negation") else r"(?!x)x",
            re.IGNORECASE,
        ),
        cancelled=_required(_alternation(data["cancelled"])),
        planned=_required(_alternation(data["planned"])),
        hypothetical=_required(_alternation(data["hypothetical"])),
        locative=frozenset(p.casefold() for p in data["locative"]),
        comment_headers=re.compile(rf"^\s*(?:{'|'.join(data['comment_headers'])})\s*:?\s*$", re.IGNORECASE),
        word_triggers=tuple(
            (kind, re.compile("|".join(w for w in words if _is_word(w)), re.IGNORECASE))
            for kind, words in data["triggers"].items()
            if any(_is_word(w) for w in words)
        ),
        phrase_triggers=tuple(
            (kind, _required(_alternation([w for w in words if not _is_word(w)])))
            for kind, words in data["triggers"].items()
            if any(not _is_word(w) for w in words)
        ),
    )


def _is_word(pattern: str) -> bool:
    """A trigger that matches within one \\w+ token (no space, hyphen or apostrophe)."""
    return re.search(r"[\s\-'’]|\[\^|\.\{", pattern) is None


@lru_cache(maxsize=100_000)
def _word_trigger(language: str, word: str) -> str | None:
    for kind, pattern in cues(language).word_triggers:
        if pattern.fullmatch(word):
            return kind
    return None


@cache
def gazetteer_entries() -> tuple[dict[str, Any], ...]:
    data = json.loads((LEXICON_DIR / "entities.json").read_text(encoding="utf-8"))
    return tuple(data["entities"])


@dataclass(frozen=True)
class ClaimCues:
    """Reporting cues of one language as lemmas/forms (see lemmas.py), and the words that shape a subject phrase."""

    language: str
    cues: frozenset[str]  # single-word reporting verbs: a token hits when its lemma or its form is here
    cue_phrases: tuple[tuple[str, ...], ...]  # several words ("called on", "fait savoir"), lemma or form per word
    particles: dict[str, frozenset[str]]  # German separable verbs: lemma -> particles closing the clause
    source_cues: tuple[tuple[str, ...], ...]  # the source follows: "according to X", "selon X", "по словам X"
    source_cues_after: tuple[tuple[str, ...], ...]  # the source precedes: "X zufolge"
    source_cues_comma: tuple[tuple[str, ...], ...]  # only after a comma: "…, so der Minister."
    comp_cues: frozenset[str]  # verbs that report only with a complementizer ('found that', 'shows that')
    complementizers: frozenset[str]
    pronouns: frozenset[str]
    skip: frozenset[str]  # auxiliaries and adverbs between a subject and its verb
    prepositions: frozenset[str]
    determiners: frozenset[str]
    stop: frozenset[str]  # conjunctions and relatives: a subject phrase does not run past them
    relatives: frozenset[str]  # 'who', 'qui', 'который': their antecedent is the subject
    anaphoric: tuple[tuple[str, ...], ...]  # 'об этом', 'про це': the claim is the sentence before
    reportive: frozenset[str]  # verb forms of reported speech (German Konjunktiv I: sei, habe, müsse)
    infinitive_markers: frozenset[str]  # 'to', 'zu': the verb after them is an infinitive
    infinitive_suffixes: tuple[str, ...]  # endings of an infinitive that is its own lemma
    genitive: frozenset[str]  # prepositions inside a role phrase ('the spokesman of the Kremlin')
    auxiliaries: frozenset[str]  # part of the cue ('a déclaré', 'has said')
    coordinators: frozenset[str]  # 'and', 'y', 'и': a second verb sharing the first one's subject
    pro_drop: bool  # the subject may be left out ('explicó que …', 'отметил, что …')
    not_subjects: frozenset[str]  # days, months, 'today': the time of a statement, never who made it
    not_cues: frozenset[str]  # forms of cue verbs that report nothing: the author's 'напомним', 'rappelons'
    adjectival: tuple[str, ...]  # endings of participles used as adjectives ('установленного')
    participle: str  # suffix of the adverbial participle (", saying …", ", affirmant …")


def _phrases(items: list[str], language: str) -> tuple[tuple[str, ...], ...]:
    from pipeline.extract.lemmas import tokens  # local: lemmas imports simplemma, loaded only when claims are wanted

    out = {tuple(t.lower for t in tokens(item, language)) for item in items}
    return tuple(sorted((p for p in out if p), key=len, reverse=True))


@cache
def claim_cues(language: str) -> ClaimCues:
    data: dict[str, Any] = json.loads((LEXICON_DIR / f"{language}.json").read_text(encoding="utf-8"))["claims"]
    words = lambda key: frozenset(w.casefold() for w in data.get(key, []))  # noqa: E731
    return ClaimCues(
        language=language,
        cues=words("cues"),
        cue_phrases=_phrases(data.get("cue_phrases", []), language),
        particles={k: frozenset(v) for k, v in data.get("particles", {}).items()},
        source_cues=_phrases(data.get("source_cues", []), language),
        source_cues_after=_phrases(data.get("source_cues_after", []), language),
        source_cues_comma=_phrases(data.get("source_cues_comma", []), language),
        comp_cues=words("comp_cues"),
        complementizers=words("complementizers"),
        pronouns=words("pronouns"),
        skip=words("skip"),
        prepositions=words("prepositions"),
        determiners=words("determiners"),
        stop=words("stop"),
        relatives=words("relatives"),
        anaphoric=_phrases(data.get("anaphoric", []), language),
        reportive=words("reportive"),
        infinitive_markers=words("infinitive_markers"),
        infinitive_suffixes=tuple(data.get("infinitive_suffixes", [])),
        genitive=words("genitive"),
        auxiliaries=words("auxiliaries"),
        coordinators=words("coordinators"),
        pro_drop=bool(data.get("pro_drop", False)),
        not_subjects=words("not_subjects"),
        not_cues=words("not_cues"),
        adjectival=tuple(data.get("adjectival", [])),
        participle=data.get("participle", ""),
    )


@cache
def event_lemmas(language: str) -> dict[str, str]:
    """Event trigger lemma -> PLOVER type (matched on each token's lemma or form, see lemmas.py)."""
    data: dict[str, Any] = json.loads((LEXICON_DIR / f"{language}.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for kind, words in data.get("event_lemmas", {}).items():
        for word in words:
            out.setdefault(word.casefold(), kind)
    return out
