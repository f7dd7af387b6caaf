"""Participants named by their role in a state rather than by name: 'the government', 'les autorités', 'el Ejecutivo',
'die Behörden', 'правительство', 'уряд'. An analyst reads them as that state acting, so the event's actor is the
country: the one named right after the noun ('el gobierno de Costa Rica', 'правительство России'), else the country the
article is mostly about.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable

from pipeline.extract.entities import Entry, Mention
from pipeline.extract.lemmas import Token

# Lemmas (and plural forms simplemma may keep) of nouns that stand for a state's executive, forces or authorities.
STATE_NOUNS: dict[str, frozenset[str]] = {
    "en": frozenset("government administration cabinet authorities authority police army military troops regime "
                    "ministry executive parliament congress legislature court prosecutor prosecutors".split()),
    "fr": frozenset("gouvernement exécutif autorités autorité police armée régime ministère parlement assemblée "
                    "tribunal parquet".split()),
    "es": frozenset("gobierno ejecutivo autoridades autoridad policía ejército régimen ministerio congreso parlamento "
                    "asamblea tribunal fiscalía juzgado gabinete".split()),
    "de": frozenset("regierung bundesregierung behörde behörden polizei armee militär regime ministerium parlament "
                    "kabinett gericht staatsanwaltschaft".split()),
    "ru": frozenset("правительство власть власти кабмин полиция армия режим министерство руководство кабинет "
                    "парламент суд прокуратура".split()),
    "uk": frozenset("уряд влада кабмін поліція армія режим міністерство керівництво кабінет парламент суд "
                    "прокуратура".split()),
}  # fmt: skip
MIN_MENTIONS = 2  # a country named once is not what the article is about
OF_REACH = 30  # characters after the noun where its country stands ('the government of Chile', 'уряду України')


def dominant_country(mentions: Iterable[Mention]) -> Entry | None:
    """The country named most often in the body, when one clearly is."""
    counts: collections.Counter[str] = collections.Counter()
    first: dict[str, Entry] = {}
    for m in mentions:
        if m.entity.type == "GPE" and m.entity.level == "country":
            counts[m.entity.id] += 1
            first.setdefault(m.entity.id, m.entity)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_MENTIONS or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None  # no country stands out: 'the government' stays unresolved rather than guessed
    return first[ranked[0][0]]


def is_role(mention: Mention, language: str) -> bool:
    """An unknown 'name' that is only a state noun ('Gobierno', 'El Ejecutivo', 'Die Regierung')."""
    if mention.entity.type != "OTHER":
        return False
    words = mention.text.casefold().split()
    return bool(words) and words[-1] in STATE_NOUNS.get(language, frozenset()) and len(words) <= 2


def state_nouns(tokens: list[Token], language: str) -> list[Token]:
    """The tokens of a text that are state nouns (found once per article, then looked up by offset)."""
    nouns = STATE_NOUNS.get(language, frozenset())
    return [t for t in tokens if t.lemma in nouns or t.lower in nouns]


def state_actors(tokens: list[Token], mentions: list[Mention], language: str,
                 fallback: Entry | None) -> list[tuple[int, Entry]]:  # fmt: skip
    """(offset, country) for each state noun among `tokens` (state nouns only) that no mention covers."""
    out: list[tuple[int, Entry]] = []
    for t in tokens:
        if any(m.start <= t.start < m.end and not is_role(m, language) for m in mentions):
            continue  # part of a name the entity step knows ('Ministry of Defence of Russia')
        after = [m for m in mentions if t.end <= m.start <= t.end + OF_REACH]
        country = next((m.entity for m in after if m.entity.type == "GPE" and m.entity.level == "country"), None)
        if country is None:
            country = fallback
        if country is not None:
            out.append((t.start, country))
    return out
