"""Tokens with lemmas: one tokenizer and a cached dictionary lemmatiser (simplemma) for the six languages.

Cue and trigger lexicons are written as lemmas ('сообщить', 'erklären', 'afirmar'), so every inflected form
('сообщила', 'erklärte', 'afirmó') hits one entry. simplemma's dictionaries load lazily, once per process and language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma

# Words (hyphenated compounds kept whole), or one punctuation character. Ukrainian keeps its apostrophe inside
# words (пов'язують); elsewhere an apostrophe ends an elided word (qu' il, l' Ukraine).
_WORD_UK = re.compile(r"\w+(?:[-'’ʼ]\w+)*|[^\w\s]")
_WORD = re.compile(r"\w+(?:-\w+)*['’]?|[^\w\s]")
# French inverted subjects stay apart from their verb: "explique-t-il", "a-t-elle", "dit-on".
_WORD_FR = re.compile(r"\w+(?:-(?!t-|(?:il|elle|ils|elles|on|je|nous|vous)\b)\w+)*['’]?|[^\w\s]")
MAX_WORD = 40  # longer "words" (URLs, hashes) are not lemmatised


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str
    lemma: str

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum() or self.text[:1] == "_"

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@lru_cache(maxsize=300_000)
def lemma(language: str, lower: str) -> str:
    """The dictionary lemma of a lower-cased word (the word itself when unknown)."""
    if len(lower) > MAX_WORD or not lower[:1].isalpha():
        return lower
    try:
        return simplemma.lemmatize(lower, lang=language).casefold()
    except (ValueError, KeyError):  # a language simplemma does not know
        return lower


def tokens(text: str, language: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of text[start:end] with their lemmas; offsets point into `text`."""
    pattern = _WORD_UK if language == "uk" else _WORD_FR if language == "fr" else _WORD
    out: list[Token] = []
    for m in pattern.finditer(text, start, len(text) if end is None else end):
        surface = m.group()
        lower = surface.casefold().rstrip("'’")
        out.append(Token(m.start(), m.end(), surface, lower, lemma(language, lower) if lower[:1].isalpha() else lower))
    return out


@lru_cache(maxsize=4)
def text_tokens(text: str, language: str) -> list[Token]:
    """The tokens of a whole text, shared by the claim and event finders of one article (do not modify)."""
    return tokens(text, language)
