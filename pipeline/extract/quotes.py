"""Quotations in a text: guillemets followed through nesting, curly, low-high, straight and doubled-apostrophe quotes,
outermost only, with their outer and inner spans."""

from __future__ import annotations

import bisect
import re

QUOTES = re.compile(
    r"«\s*(?P<a>[^«»]+?)\s*»|“(?P<b>[^“”]+?)”|„(?P<c>[^„“”]+?)[“”]|\"(?P<d>[^\"\n]+?)\"|''(?P<e>(?:[^'\n]|'(?!'))+?)''"
)
# '«A, — цитує X агенція. — B»': a cue between dashes inside a quotation.
INTERRUPTION = re.compile(r"(?<=[,!?…])\s+[—–]\s+(?P<mid>[^—–„“”\n]{3,160}?)[.,:]?\s+[—–]\s+")
OTHER_QUOTES = re.compile(QUOTES.pattern.split("|", 1)[1])
QUOTE_CHARS = frozenset('«»“”„"‘’‹›')
GUILLEMET_NEST = 3  # levels of «…«…»…» followed inside a quotation
QUOTE_SCAN = 3000  # how far a guillemet quotation may run before its closing mark


class QuoteMatch:
    """One quotation: its outer span (marks included) and inner span, shaped like a regex match for the callers."""

    __slots__ = ("outer", "inner")

    def __init__(self, outer: tuple[int, int], inner: tuple[int, int]) -> None:
        self.outer, self.inner = outer, inner

    def start(self) -> int:
        return self.outer[0]

    def end(self) -> int:
        return self.outer[1]


def _guillemet_end(text: str, i: int) -> int:
    """Offset of the » closing the « at i, following nested «…» ('«Це прихильники «ДНР», усі місцеві»'); -1 if
    the quotation is not closed on its paragraph."""
    depth = 0
    limit = min(len(text), i + QUOTE_SCAN)
    k = i
    while k < limit:
        c = text[k]
        if c == "«":
            depth += 1
            if depth > GUILLEMET_NEST:
                return -1
        elif c == "»":
            depth -= 1
            if depth == 0:
                return k
        elif c == "\n" and text.startswith("\n", k + 1):
            return -1  # a blank line ends any quotation
        k += 1
    return -1


def quote_matches(text: str) -> list[QuoteMatch]:
    """Quotations in text order, outermost only: nested guillemets stay inside their quotation."""
    found: list[QuoteMatch] = []
    k = text.find("«")
    while k >= 0:
        close = _guillemet_end(text, k)
        if close < 0:
            k = text.find("«", k + 1)
            continue
        inner_start, inner_end = k + 1, close
        while inner_start < inner_end and text[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1].isspace():
            inner_end -= 1
        found.append(QuoteMatch((k, close + 1), (inner_start, inner_end)))
        k = text.find("«", close + 1)
    starts = [q.outer[0] for q in found]
    out = list(found)
    for match in OTHER_QUOTES.finditer(text):
        i = bisect.bisect_right(starts, match.start()) - 1
        if i >= 0 and match.start() < found[i].outer[1]:
            continue  # inside a guillemet quotation
        if i + 1 < len(found) and found[i + 1].outer[0] < match.end():
            continue  # runs over one
        group = next(g for g in ("b", "c", "d", "e") if match.group(g) is not None)
        out.append(QuoteMatch((match.start(), match.end()), (match.start(group), match.end(group))))
    out.sort(key=lambda q: q.outer[0])
    return out
