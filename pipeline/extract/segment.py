"""Split text into sentences with offsets, and find where a reader-comment section begins."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.lexicon import Cues

# A sentence ends at . ! ? … (optionally followed by a closing quote) before whitespace, or at a line break.
_BOUNDARY = re.compile(r"(?<=[.!?…])[»”\"']?\s+(?=[«“\"A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ0-9])|\n+")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:M|Mme|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Prof|etc|vs|No|Nr|ca|bzw|vgl|art|p|U\.S|D\.C)|\b[A-Z])\.$"
)
# Before a number these end no sentence: 'Feb. 24, 2022', 'Sept. 11'; German ordinals before a month: 'am 5. Februar'.
_MONTH_ABBREVIATION = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")
_ORDINAL = re.compile(r"(?:^|\s)\d{1,2}\.$")
_GERMAN_MONTH = re.compile(
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b"
)
# Two or more blank lines after the article, then the rest: how scraped pages separate comments from the body.
_COMMENT_GAP = re.compile(r"\n[ \t]*\n[ \t]*\n[ \t]*\n")
COMMENT_GAP_MIN_SHARE = 0.4  # a gap in the first 40% of the text is layout, not a comment section


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        if "\n" not in match.group() and _not_an_end(text[max(start, end - 6) : end], text[match.end() :]):
            continue
        _append(out, text, start, end)
        start = match.end()
    _append(out, text, start, len(text))
    return out


def _not_an_end(before: str, after: str) -> bool:
    """A full stop that ends an abbreviation or an ordinal, not the sentence."""
    if _ABBREVIATIONS.search(before):
        return True
    if _MONTH_ABBREVIATION.search(before) and after[:1].isdigit():
        return True
    return bool(_ORDINAL.search(before) and _GERMAN_MONTH.match(after))


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def comments_start(text: str, cues: Cues | None) -> int | None:
    """Offset where reader comments begin: a 'Comments' header line, else a wide blank gap late in the text."""
    if cues is not None:
        offset = 0
        for line in text.split("\n"):
            if offset > len(text) * COMMENT_GAP_MIN_SHARE and cues.comment_headers.match(line):
                return offset + len(line) + 1 if offset + len(line) + 1 < len(text) else None
            offset += len(line) + 1
    for gap in _COMMENT_GAP.finditer(text):
        if gap.start() >= len(text) * COMMENT_GAP_MIN_SHARE and text[gap.end() :].strip():
            return gap.end() + (len(text[gap.end() :]) - len(text[gap.end() :].lstrip()))
    return None
