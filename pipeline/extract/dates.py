"""Normalise date expressions (absolute, partial and relative) against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    # en, fr, de, es; ru and uk in the genitive and nominative
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "januar": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7, "август": 8,
    "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7, "серпня": 8,
    "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
    "січень": 1, "лютий": 2, "березень": 3, "квітень": 4, "травень": 5, "червень": 6, "липень": 7, "серпень": 8,
    "вересень": 9, "жовтень": 10, "листопад": 11, "грудень": 12,
    # 'в декабре 2015 года', 'у жовтні 2014 року': the prepositional/locative case of a month in the past
    "январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7, "августе": 8,
    "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
    "січні": 1, "лютому": 2, "березні": 3, "квітні": 4, "травні": 5, "червні": 6, "липні": 7, "серпні": 8,
    "вересні": 9, "жовтні": 10, "листопаді": 11, "грудні": 12,
    # English abbreviations ('Feb. 24, 2022', 'Sept 3')
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonntag": 6,
    "lunes": 0, "martes": 1, "miércoles": 2, "jueves": 3, "viernes": 4, "sábado": 5, "domingo": 6,
    "понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3, "пятницу": 4, "пятница": 4,
    "субботу": 5, "суббота": 5, "воскресенье": 6,
    "понеділок": 0, "вівторок": 1, "середу": 2, "середа": 2, "четвер": 3, "п'ятницю": 4, "п’ятницю": 4,
    "суботу": 5, "субота": 5, "неділю": 6, "неділя": 6,
}  # fmt: skip
RELATIVE_DAYS = {
    "yesterday": -1, "today": 0, "tomorrow": 1, "hier": -1, "aujourd'hui": 0, "aujourd’hui": 0, "demain": 1,
    "avant-hier": -2, "gestern": -1, "heute": 0, "morgen": 1, "ayer": -1, "hoy": 0, "mañana": 1,
    "вчера": -1, "сегодня": 0, "завтра": 1, "позавчера": -2, "вчора": -1, "сьогодні": 0,
    # adjectives: 'den gestrigen Amoklauf', 'l'attaque d'hier', 'вчерашнего обстрела', 'вчорашнього ранку'
    "gestrige": -1, "gestrigen": -1, "gestriger": -1, "gestriges": -1, "heutige": 0, "heutigen": 0,
    "вчерашний": -1, "вчерашнего": -1, "вчерашнем": -1, "вчерашней": -1, "вчерашнюю": -1, "вчерашняя": -1,
    "вчорашній": -1, "вчорашнього": -1, "вчорашньому": -1, "вчорашня": -1, "вчорашньої": -1, "вчорашню": -1,
}  # fmt: skip
# "next Monday" style markers that move a weekday forward instead of back.
FORWARD = re.compile(r"\b(prochain|prochaine|next|nächsten?|próximo|следующ\w+|наступн\w+)\b", re.IGNORECASE)

# Month and weekday names are matched as any word, then looked up: a 100-way alternation is slow in `re`.
_W = r"[^\W\d_]+"
PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy_num", re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")),
    ("mdy", re.compile(rf"\b({_W})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")),
    # "les 23 et 24 janvier" resolves to the first day.
    ("dmy", re.compile(
        rf"\b(\d{{1,2}})(?:er|\.|-?го)?\s+(?:(?:et|and|und|y|и|і|-)\s+\d{{1,2}}\s+)?"
        rf"(?:de\s+)?({_W})(?:\s+(?:de\s+)?(\d{{4}}))?",
    )),
    ("md", re.compile(rf"\b({_W})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{4}})")),
    ("my", re.compile(rf"\b({_W})\s+(?:de\s+|of\s+)?(\d{{4}})\b")),
    ("year", re.compile(r"(?<!\w)(?:en|in|im|au|del?|в|у)\s+((?:19|20)\d{2})(?!\w)", re.IGNORECASE)),
]  # fmt: skip
_MONTH_GROUP = {"mdy": 0, "dmy": 1, "md": 0, "my": 0}
_DAY_WORD = re.compile(rf"(?<!\w){_W}(?:[-'’]{_W})*")
_DAY_WORDS = frozenset(WEEKDAYS) | frozenset(RELATIVE_DAYS)


@dataclass(frozen=True)
class DateMention:
    value: str  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | month | year
    start: int
    end: int


def parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _near_year(month: int, day: int, anchor: date | None) -> int | None:
    """The year that puts month/day closest to the publication date (news rarely looks six months ahead)."""
    if anchor is None:
        return None
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
            best = candidate
    return best.year if best else None


def _day(year: int | None, month: int, day: int) -> tuple[str, str] | None:
    if year is None:
        return None
    try:
        return date(year, month, day).isoformat(), "day"
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match[str], text: str, anchor: date | None) -> tuple[str, str] | None:
    g = m.groups()
    if kind in _MONTH_GROUP and g[_MONTH_GROUP[kind]].lower() not in MONTHS:
        return None
    if kind == "day_word":
        g = (m.group().lower(),)
        kind = "relative" if g[0] in RELATIVE_DAYS else "weekday"
    if kind == "iso":
        return _day(int(g[0]), int(g[1]), int(g[2]))
    if kind == "dmy_num":
        return _day(int(g[2]), int(g[1]), int(g[0]))
    if kind == "mdy":
        return _day(int(g[2]), MONTHS[g[0].lower()], int(g[1]))
    if kind == "dmy":
        month, day = MONTHS[g[1].lower()], int(g[0])
        return _day(int(g[2]) if g[2] else _near_year(month, day, anchor), month, day)
    if kind == "md":
        month, day = MONTHS[g[0].lower()], int(g[1])
        return _day(_near_year(month, day, anchor), month, day)
    if kind == "my":
        return f"{int(g[1]):04d}-{MONTHS[g[0].lower()]:02d}", "month"
    if kind == "year":
        return g[0], "year"
    if anchor is None:
        return None
    if kind == "relative":
        return (anchor + timedelta(days=RELATIVE_DAYS[g[0].lower()])).isoformat(), "day"
    weekday = WEEKDAYS[g[0].lower()]
    if FORWARD.search(text[m.end() : m.end() + 12]) or FORWARD.search(text[max(0, m.start() - 12) : m.start()]):
        delta = (weekday - anchor.weekday()) % 7 or 7
    else:
        delta = -((anchor.weekday() - weekday) % 7)  # the most recent such day, the publication day included
    return (anchor + timedelta(days=delta)).isoformat(), "day"


_NUMBER = re.compile(r"\d{1,4}")
_WORD_BEFORE = re.compile(rf"{_W}\.?(?:\s+(?:de|of))?\s+$")  # 'Feb. 24': an abbreviated month keeps its point
_STARTS_AT_WORD = frozenset({"mdy", "md", "my", "year"})


def _candidates(text: str) -> list[tuple[int, str, re.Match[str]]]:
    """(priority, kind, match) for every pattern anchored at a number or at the word before it."""
    found: list[tuple[int, str, re.Match[str]]] = []
    last_end = -1
    for number in _NUMBER.finditer(text):
        if number.start() < last_end:
            continue
        window_start = max(0, number.start() - 30)
        before = _WORD_BEFORE.search(text, window_start, number.start())
        for priority, (kind, pattern) in enumerate(PATTERNS):
            pos = (before.start() if before else None) if kind in _STARTS_AT_WORD else number.start()
            if pos is not None and (m := pattern.match(text, pos)):
                found.append((priority, kind, m))
        last_end = number.end()
    return found


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Date expressions in `text`, most specific first where they overlap, in order of appearance."""
    anchor = parse_published(published)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    # Weekday and relative-day words are looked up in a set; every other form holds a number to anchor on.
    day_words = [(len(PATTERNS), "day_word", m) for m in _DAY_WORD.finditer(text) if m.group().lower() in _DAY_WORDS]
    for _, kind, m in sorted(_candidates(text) + day_words, key=lambda c: (c[0], c[2].start())):
        resolved = _resolve(kind, m, text, anchor)
        if resolved and not any(m.start() < e and s < m.end() for s, e in taken):
            taken.append((m.start(), m.end()))
            found.append(DateMention(resolved[0], resolved[1], m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)
