"""Is a trigger word the verb of its clause ('Russia attacked', 'a été arrêté', 'задержали') or a noun standing in
a phrase around it ('during the talks', 'lors de l'attaque', 'на саммите')? A clause states its event with its verb,
so a verb trigger outranks a noun trigger of the same sentence.

Dictionary lemmas (simplemma) end like infinitives for verbs in French, Spanish, German, Russian and Ukrainian;
English verbs show themselves by their ending or by the word before them (to, will, has, he, they).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extract.lemmas import lemma

_INFINITIVE = {
    "fr": ("er", "ir", "re", "oir"),
    "es": ("ar", "er", "ir", "arse", "erse", "irse"),
    "de": ("en", "ern", "eln"),
    "ru": ("ть", "ться", "ти", "тись", "чь", "чься"),
    "uk": ("ти", "тися", "тись", "ть", "ться"),
}
# Nouns whose lemma nonetheless ends like an infinitive (Russian and Ukrainian abstract nouns in -сть/-ість).
_NOUN_ENDINGS = {"ru": ("сть",), "uk": ("сть",), "de": ("ungen",), "fr": ("eur",), "es": ()}
# French and Spanish past participles ('arrêtés', 'signée', 'detenidos'): the verb of a passive or compound tense.
_PARTICIPLE = {
    "fr": re.compile(r"(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues)$"),
    "es": re.compile(r"(?:ado|ada|ados|adas|ido|ida|idos|idas)$"),
}
# English: a verb form ends in -ed, or is an irregular past, or follows a word that only stands before a verb.
_EN_IRREGULAR = frozenset(
    "met meets struck fought sent shot took gave held left fled led threw beat brought sold sank spoke broke stood "
    "kept won sought swore slew bound froze rose overran undertook withdrew forbade bade stole hit cut".split()
)
_EN_BEFORE_VERB = frozenset(
    "to will would shall should can could may might must did does do has have had he she they we i it who which "
    "also not never n't then later again jointly reportedly allegedly".split()
)
_DETERMINERS = {
    "en": frozenset("the a an its their his her our this that these those any no every each".split()),
    "fr": frozenset("le la les l un une des du au aux ce cet cette ces son sa ses leur leurs sur".split()),
    "es": frozenset("el la los las un una unos unas del al su sus este esta estos estas ese esa".split()),
    "de": frozenset(),
    "ru": frozenset(),
    "uk": frozenset(),
}
# Definite determiners: 'the talks', 'la réunion', 'этот визит' name an event already known (indefinite ones, 'a
# summit', 'un sommet', introduce a new one).
DEFINITE = {
    "en": frozenset("the this that these those its their his her".split()),
    "fr": frozenset("le la les l ce cet cette ces son sa ses leur leurs du au aux".split()),
    "es": frozenset("el la los las del al este esta estos estas ese esa esos esas su sus".split()),
    "de": frozenset("der die das dem den des dieser diese dieses diesem diesen sein seine seinem seinen ihr ihre ihrem "
                    "ihren beim vom zum zur im am".split()),  # fmt: skip
    "ru": frozenset("этот эта это эти этого этой этом этих этим этому тот та те того той том тех".split()),
    "uk": frozenset("цей ця це ці цього цієї цьому цих цим тієї того той та ті тих".split()),
}
_WORD_BEFORE = re.compile(r"(\w+)['’]?\s*$")


@lru_cache(maxsize=50_000)
def _verb_lemma(language: str, lower: str) -> bool:
    lem = lemma(language, lower)
    endings = _INFINITIVE.get(language)
    if not endings or not lem.endswith(endings) or lem.endswith(_NOUN_ENDINGS.get(language, ())):
        return False
    return language not in ("ru", "uk") or len(lem) > 4


def is_predicate(text: str, start: int, end: int, language: str) -> bool:
    """Whether the trigger text[start:end] is used as a verb (a phrase trigger of several words counts as one)."""
    surface = text[start:end]
    if " " in surface or "\u00a0" in surface:
        return True  # 'called on', 'pulled out', 'wies … zurück': the lexicon's phrases are verb phrases
    lower = surface.casefold()
    before = _WORD_BEFORE.search(text[max(0, start - 20) : start])
    previous = before.group(1).casefold() if before else ""
    if previous in _DETERMINERS.get(language, ()):
        return False
    if language == "en":
        return (lower.endswith("ed") and len(lower) > 4) or lower in _EN_IRREGULAR or previous in _EN_BEFORE_VERB
    if language == "de" and surface[:1].isupper():
        return False  # German capitalises its nouns ('das Treffen', 'der Angriff')
    if _verb_lemma(language, lower):
        return True
    participle = _PARTICIPLE.get(language)
    return participle is not None and bool(participle.search(lower))  # a trigger shaped like a participle


# Dictionary forms a Ukrainian or Russian inflected word may have when the lemmatiser does not know it
# ('провалювали' → 'провалювати', 'ставку' → 'ставка'): past tense and reflexive endings to the infinitive, oblique
# case endings to the nominative. Only ever looked up in the trigger lexicon, so a wrong guess matches nothing.
_SLAVIC_ENDINGS = {
    "uk": (("лися", "тися"), ("лася", "тися"), ("вся", "тися"), ("лося", "тися"), ("ли", "ти"), ("ла", "ти"),
           ("ло", "ти"), ("в", "ти"), ("ють", "ти"), ("ює", "ти"), ("ує", "ти"), ("ують", "ти"), ("ить", "ити"),
           ("ять", "яти"), ("ать", "ати"), ("ено", "ити"), ("ено", "ати"), ("ою", "а"), ("у", "а"), ("и", "а"),
           ("і", "а"), ("ю", "я"), ("ів", ""), ("ам", ""), ("ами", ""), ("ах", "")),
    "ru": (("лись", "ться"), ("лась", "ться"), ("лся", "ться"), ("ли", "ть"), ("ла", "ть"), ("ло", "ть"),
           ("л", "ть"), ("ют", "ть"), ("ет", "ть"), ("ит", "ить"), ("ой", "а"), ("у", "а"), ("ы", "а"), ("е", "а"),
           ("ов", ""), ("ам", ""), ("ами", ""), ("ах", "")),
}  # fmt: skip


def slavic_forms(lower: str, language: str) -> tuple[str, ...]:
    """Candidate dictionary forms of a Ukrainian or Russian word (empty for other languages or short words)."""
    endings = _SLAVIC_ENDINGS.get(language)
    if not endings or len(lower) < 5:
        return ()
    return tuple(lower[: -len(a)] + b for a, b in endings if lower.endswith(a) and len(lower) - len(a) >= 3)
