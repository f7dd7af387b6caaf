"""Events: PLOVER type, status, actors, place and date of who-did-what sentences, with the sentence as evidence."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from pipeline.extract.claims import Claim
from pipeline.extract.dates import DateMention
from pipeline.extract.entities import TOKEN, Entry, Mention, gazetteer
from pipeline.extract.event_args import (
    accuses,
    bare_subject,
    event_exclusions,
    expand_acronym,
    is_acronym,
    is_known,
    romanise,
)
from pipeline.extract.event_predicates import DEFINITE, is_predicate, slavic_forms
from pipeline.extract.event_roles import OF_REACH, STATE_NOUNS, dominant_country, is_role, state_actors, state_nouns
from pipeline.extract.lemmas import Token, lemma, text_tokens, tokens
from pipeline.extract.lexicon import Cues, claim_cues, event_lemmas
from pipeline.extract.segment import Sentence

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "OTHER"})  # OTHER: an unknown name (two to four capitalised words)
PLACE_TYPES = frozenset({"GPE", "LOC"})
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
HOSTILE = frozenset({"ASSAULT", "COERCE"})  # deeds that, reported by a third party, amount to a charge
MENACING = frozenset({"ASSAULT", "COERCE", "SANCTION"})  # announced in reported speech, they threaten
ACTORLESS = frozenset({"ASSAULT"})  # shelling is often told without a named attacker
VERBAL = frozenset({"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT"})  # events done by saying
LEVEL_RANK = {"city": 0, "region": 1, "country": 2, None: 3}
NEGATION_REACH = 20  # characters before a trigger a determiner-negator ("aucune", "no") may stand
STATUS_REACH = 60
MAX_ACTORS = 4
# A stance taken on something outranks the thing ("denied derailing the talks", "blocks sanctions").
PRIORITY = {"REJECT": 0, "ACCUSE": 0, "REQUEST": 0, "THREATEN": 0}
# A sentence states one salient event (the gold annotation's grain), or two when two verbs in two clauses tell them
# ('The deal was approved by negotiators, but Ukraine later pulled out of the talks').
MAX_PER_SENTENCE = 2
ACTOR_REACH = 250  # participants of a clause stand near its trigger (a long sentence's far end is another clause)
SUBJECT_REACH = 60  # characters before a trigger where its subject stands
PRONOUN_REACH = 4  # words before a trigger where a subject pronoun ('he', 'ils', 'они') stands


@dataclass(frozen=True)
class Event:
    type: str
    status: str
    actors: tuple[Entry, ...]
    location: Entry | None
    date: DateMention | None
    trigger: tuple[int, int]
    evidence: tuple[int, int]
    confidence: float
    language: str = "en"


def _status(text: str, cues: Cues, trigger: tuple[int, int], lo: int, hi: int, date: DateMention | None,
            published: str | None) -> str:  # fmt: skip
    near = text[max(lo, trigger[0] - STATUS_REACH) : min(hi, trigger[1] + STATUS_REACH)]
    if cues.cancelled.search(near):
        return "cancelled"
    before = text[max(lo, trigger[0] - NEGATION_REACH) : trigger[0]]
    if cues.negators.search(before) or cues.negated_verb.search(before):
        return "negated"
    if cues.hypothetical.search(near):
        return "hypothetical"
    if cues.planned.search(near):
        return "planned"
    if date and published and date.value > published[: len(date.value)]:
        return "planned"
    return "occurred"


def _reported_on(published: str | None) -> DateMention | None:
    """The publication day, as the date of an event the article tells without one."""
    if not published or not ISO_DAY.match(published):
        return None
    return DateMention(published[:10], "day", -1, -1)


def _as_actor(entry: Entry) -> Entry:
    """A capital or an institution acts for its state (Washington → United States)."""
    return gazetteer().entries.get(entry.actor_of, entry) if entry.actor_of else entry


def _is_locative(text: str, mention: Mention, cues: Cues) -> bool:
    before = text[max(0, mention.start - 12) : mention.start].split()
    return bool(before) and before[-1].casefold().rstrip("'’") in cues.locative


def _place(text: str, mentions: list[Mention], cues: Cues, trigger: int) -> Mention | None:
    places = [m for m in mentions if m.entity.type in PLACE_TYPES and _is_locative(text, m, cues)]
    if not places:
        return None
    return min(places, key=lambda m: (LEVEL_RANK.get(m.entity.level, 3), abs(m.start - trigger)))


def _spelled_out(text: str, entry: Entry, language: str = "en", country: Entry | None = None) -> Entry:
    """An unknown participant as an analyst would name it: without its article ('Der AStA' → 'AStA'), an acronym as
    the article spells it out ('FWR' → 'Forum Waffenrecht'), a state's role noun as the state ('el Gobierno')."""
    if entry.type not in ("OTHER", "ORG") or is_known(entry):
        return entry
    words = entry.name.split()
    lex = claim_cues(language)
    while len(words) > 1 and words[0].casefold() in lex.determiners:
        words.pop(0)
    name = " ".join(words)
    if country is not None and len(words) == 1 and words[0].casefold() in STATE_NOUNS.get(language, ()):
        return country  # 'el Gobierno', 'Die Regierung': the state itself
    if is_acronym(name):
        name = expand_acronym(text, name) or name
    return entry if name == entry.name else Entry(f"other:{name.casefold()}", name, entry.type, None, None)


def _named(text: str, actors: tuple[Entry, ...], language: str, country: Entry | None) -> tuple[Entry, ...]:
    out: dict[str, Entry] = {}
    nouns = STATE_NOUNS.get(language, frozenset())
    for a in actors:
        named = _spelled_out(text, a, language, country)
        key = named.id if is_known(named) else named.name.casefold()
        out.setdefault(key, named)
        if country is not None and not is_known(named) and any(w.casefold() in nouns for w in named.name.split()[:3]):
            out.setdefault(country.id, country)  # 'Конституционный суд', 'Asamblea Legislativa': an organ of the state
    return tuple(out.values())


def _can_act(text: str, mention: Mention, cues: Cues) -> bool:
    """People, organisations and states act; regions, and places something happens *in*, do not."""
    entry = mention.entity
    if entry.type not in ACTOR_TYPES or (entry.type not in ("ORG", "PERSON") and _is_locative(text, mention, cues)):
        return False  # 'in Russia' is where; 'at the UN', 'bei Siemens' still names who takes part
    if entry.type == "OTHER" and not _name_like(mention.text, cues.language):
        return False  # "Am Freitag", "Die Mitarbeiter": capitalised words that open a sentence, not a name
    return entry.type != "GPE" or entry.level in (None, "country") or entry.actor_of is not None


def _name_like(surface: str, language: str) -> bool:
    words = TOKEN.findall(surface)
    if not words:
        return False
    lex = claim_cues(language)
    first = words[0].casefold()
    function_words = lex.determiners | lex.prepositions | lex.pronouns | lex.stop | lex.skip | lex.complementizers
    return first not in function_words and not any(w.casefold() in lex.not_subjects for w in words)


_AGENT_MARKERS = {"en": frozenset({"by"}), "fr": frozenset({"par"}), "es": frozenset({"por"}),
                  "de": frozenset({"von", "durch"})}  # fmt: skip


def _actors(text: str, mentions: list[Mention], cues: Cues, trigger: int,
            word: tuple[int, int] | None = None) -> tuple[Entry, ...]:  # fmt: skip
    chosen: dict[str, Entry] = {}
    # The subject side first (source before target, as the contract lists them), each side nearest first.
    agents = _AGENT_MARKERS.get(cues.language, frozenset())

    def agent(m: Mention) -> bool:  # 'was signed by X', 'signé par X', 'firmado por X': X is the source
        words = text[max(0, m.start - 12) : m.start].split()
        return m.start > trigger and bool(words) and words[-1].casefold() in agents

    near = [m for m in mentions if abs(m.start - trigger) <= ACTOR_REACH]
    for m in sorted(near, key=lambda m: (not agent(m), m.start > trigger, abs(m.start - trigger))):
        if not _can_act(text, m, cues):
            continue
        if word is not None and m.start < word[1] and word[0] < m.end:
            continue  # the trigger word itself ('le Sommet sur l'enseignement')
        actor = _as_actor(m.entity)
        chosen.setdefault(actor.id, actor)
        if len(chosen) == MAX_ACTORS:
            break
    return tuple(chosen.values())


def _scope(sentence: Sentence, claims: list[Claim], trigger: int) -> tuple[int, int]:
    """Inside reported speech, the event's participants are in what was said, not in who said it."""
    for claim in claims:
        if claim.content[0] <= trigger < claim.content[1] and claim.speaker is not None:
            return max(sentence.start, claim.content[0]), min(sentence.end, claim.content[1])
    return sentence.start, sentence.end


def _title_cased(sentence: str, language: str) -> bool:
    """A headline: most longer words capitalised (German capitalises every noun, so nearly all there), or a short
    line that ends without a full stop ('China rebuts American criticism on overcapacity;')."""
    stripped = sentence.rstrip()
    if stripped and stripped[-1] not in ".!?…\"'»”“’)" and len(TOKEN.findall(stripped)) <= 16:
        return True
    long = [w for w in TOKEN.findall(sentence) if len(w) > 3]
    share = 0.95 if language == "de" else 0.75
    least = 5 if language == "de" else 3  # 'Am 5. Februar ist Hauptversammlung bei Siemens.': nouns, not a headline
    return len(long) >= least and sum(1 for w in long if w[:1].isupper()) >= share * len(long)


def _by_form(by_lemma: dict[str, str], lower: str, language: str) -> str | None:
    return next((kind for form in slavic_forms(lower, language) if (kind := by_lemma.get(form))), None)


def trigger_matches(text: str, cues: Cues) -> list[tuple[int, int, str]]:
    """Every (start, end, event type) trigger in `text`, in order: trigger lemmas (any inflection), then the
    lexicon's surface patterns and phrases."""
    by_lemma = event_lemmas(cues.language)
    found = [(t.start, t.end, kind) for t in text_tokens(text, cues.language)
             if (kind := by_lemma.get(t.lemma) or by_lemma.get(t.lower)
                 or _by_form(by_lemma, t.lower, cues.language))]  # fmt: skip
    seen = {start for start, _, _ in found}
    found += [(m.start(), m.end(), kind) for m in TOKEN.finditer(text)
              if m.start() not in seen and (kind := cues.trigger_of(m.group()))]  # fmt: skip
    for kind, pattern in cues.phrase_triggers:
        found += [(m.start(), m.end(), kind) for m in pattern.finditer(text)]
    exclusions = event_exclusions(cues.language)
    if exclusions is not None:
        blocked = [(m.start(), m.end()) for m in exclusions.finditer(text)]
        if blocked:
            starts = [b[0] for b in blocked]

            def is_blocked(start: int, end: int) -> bool:
                i = bisect.bisect_right(starts, start) - 1
                return i >= 0 and blocked[i][0] <= start and end <= blocked[i][1]

            found = [f for f in found if not is_blocked(f[0], f[1])]
    return sorted(found)


def find_events(text: str, sentences: list[Sentence], mentions: list[Mention], dates: list[DateMention],
                claims: list[Claim], cues: Cues, published: str | None) -> list[Event]:  # fmt: skip
    events: list[Event] = []
    body = sorted((m for m in mentions if m.field == "text"), key=lambda m: m.start)
    body_starts = [m.start for m in body]
    triggers = trigger_matches(text, cues)
    trigger_starts = [t[0] for t in triggers]
    by_date = sorted(dates, key=lambda d: d.start)
    date_starts = [d.start for d in by_date]

    def within(items: list[Any], starts: list[int], sentence: Sentence, end_of: Any) -> list[Any]:
        lo, hi = bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, sentence.end)
        return [x for x in items[lo:hi] if end_of(x) <= sentence.end]

    sentence_starts = [s.start for s in sentences]
    by_sentence: dict[int, list[Claim]] = {}
    for claim in claims:  # each claim filed under the sentences its cue and content touch
        cue = claim.cue or claim.content
        lo, hi = min(claim.content[0], cue[0]), max(claim.content[1], cue[1])
        top, bottom = max(0, bisect.bisect_right(sentence_starts, lo) - 1), bisect.bisect_left(sentence_starts, hi)
        for k in range(top, min(bottom, len(sentences))):
            by_sentence.setdefault(k, []).append(claim)

    told: set[str] = set()
    country = dominant_country(body)  # whose 'government' or 'police' an article means
    states = state_nouns(text_tokens(text, cues.language), cues.language)
    previous: Entry | None = None  # the subject of the sentence before: what a pronoun or a dropped subject stands for
    for index, sentence in enumerate(sentences):  # each sentence looks only at its own items (linear time)
        said = by_sentence.get(index, [])
        people = within(body, body_starts, sentence, lambda m: m.end)
        carried = previous
        previous = _subject_of(text, sentence, people, cues) or previous
        here = within(triggers, trigger_starts, sentence, lambda t: t[1])
        if _title_cased(sentence.text, cues.language):
            continue  # a headline: its event is told again below
        in_sentence = within(by_date, date_starts, sentence, lambda d: d.end)
        done: set[str] = set()
        # The first trigger of each type with participants near it stands for the sentence.
        quoted = [c.content for c in said if c.kind == "direct"]
        first: tuple[int, int] | None = None
        people_starts = [m.start for m in people]
        subjects = {t[0]: _has_subject(text, t[0], people, people_starts, cues) for t in here}
        for start, end, kind in sorted(here, key=lambda t: (PRIORITY.get(t[2], 1), not subjects[t[0]], t[0])):
            if kind in done or any(a <= start < b for a, b in quoted):
                continue
            if first is not None and not _second_clause(text, first, (start, end), cues.language):
                continue
            if kind in told and _referred_back(text, start, end, cues.language):
                continue  # 'the talks', 'на саммите' once more: an event already told, referred back to
            kind = _name_calling(text, kind, start, end, sentence.end, cues.language)
            kind = _praising_name(text, kind, start, end, sentence.end, cues.language)
            if _needs_guest(text, start, end, people, cues):
                continue  # 'recibió una denuncia', 'a reçu une cape': receiving a thing is no meeting
            kind = _invitation(text, kind, start, end, here, cues.language)
            kind = _called_protest(text, kind, start, end, here, cues.language)
            if kind in done:
                continue
            event = _event_at(text, kind, start, end, sentence, people, in_sentence, said, cues, published, carried,
                              country, states)  # fmt: skip
            if event is not None:
                events.append(event)
                done.add(kind)
                told.add(kind)
                charge = _reported_charge(event, said, sentence)
                if charge is not None:
                    events.append(charge)
                first = first or (start, end)
                if len(done) >= MAX_PER_SENTENCE:
                    break
        if not done:  # no trigger, or only ones inside a quotation: a quoted reproach is still an accusation
            blame = _blaming_claim(text, sentence, people, in_sentence, said, cues, published)
            if blame is not None:
                events.append(blame)
    return events


_CLAUSE_LINK = re.compile(r"[;:]|,\s|\s(?:and|but|while|whereas|et|mais|alors que|tandis que|y|pero|mientras|und|aber|"
                          r"während|и|а|но|но и|і|та|але)\s")


def _second_clause(text: str, first: tuple[int, int], trigger: tuple[int, int], language: str) -> bool:
    """A second event in one sentence: told by a verb, in another clause than the first event's verb."""
    if not is_predicate(text, trigger[0], trigger[1], language):
        return False
    if not is_predicate(text, first[0], first[1], language):
        return False
    lo, hi = (first[1], trigger[0]) if first[0] < trigger[0] else (trigger[1], first[0])
    return hi > lo and _CLAUSE_LINK.search(text, lo, hi) is not None


# 'avait appelé Marine Le Pen « la bourgeoise … »', 'lo llamó "traidor"', 'called him a "liar"': a verb of calling
# followed by its object and a quoted epithet names someone, it does not appeal to them.
_QUOTED_EPITHET = re.compile(r"^[^.;:!?«»\"“”„]{0,50}?\s[«\"“„]")
_APPEAL_LINK = re.compile(r"\s(?:à|a|on|for|to|auf|zu|к|до)\s")
_CALLING = frozenset({"appeler", "llamar", "call", "nennen"})  # verbs that both appeal to and name someone

INVITATION_REACH = 6  # triggers after an invitation where its meeting may be named
_INVITING = frozenset({"invite", "inviter", "invité", "invitar", "einladen", "пригласить", "приглашать", "запросити",
                       "запрошувати"})  # fmt: skip


# Meeting verbs that are a meeting only when someone is received ('recibió al presidente', 'empfing den Kanzler').
_HOSTING = frozenset({"receive", "host", "recibir", "recevoir", "accueillir", "empfangen", "принимать", "принять",
                      "приймати", "прийняти"})  # fmt: skip
GUEST_REACH = 40  # characters after a hosting verb where its guest is named
GUEST_STATE_REACH = 12  # a state received is named right after ('recibió a Honduras'), not 'une cape du Liban'


def _needs_guest(text: str, start: int, end: int, people: list[Mention], cues: Cues) -> bool:
    """A hosting verb with nobody received after it ('recibió una denuncia', 'a reçu une cape')."""
    if lemma(cues.language, text[start:end].casefold()) not in _HOSTING:
        return False
    return not any(end <= m.start <= end + GUEST_REACH and m.entity.type in ("PERSON", "ORG")
                   or end <= m.start <= end + GUEST_STATE_REACH and m.entity.type == "GPE" for m in people)


def _invitation(text: str, kind: str, start: int, end: int, here: list[tuple[int, int, str]], language: str) -> str:
    """'Putin invited Modi to the BRICS summit', 'пригласил … принять участие в саммите': an invitation to a meeting
    is the meeting (CONSULT), planned."""
    if kind != "REQUEST" or lemma(language, text[start:end].casefold()) not in _INVITING:
        return kind
    after = here[bisect.bisect_right(here, (start, end, kind)) :][:INVITATION_REACH]
    return "CONSULT" if any(k == "CONSULT" for _, _, k in after) else kind


_CALLING_OUT = frozenset({"call", "convocar", "aufrufen", "appeler", "призвать", "призывать", "закликати"})


def _called_protest(text: str, kind: str, start: int, end: int, here: list[tuple[int, int, str]], language: str,
                    ) -> str:  # fmt: skip
    """'Codeca convocó un paro nacional', 'rief zum Streik auf', 'призвали к забастовке': calling a protest is the
    protest."""
    if kind != "REQUEST" or lemma(language, text[start:end].casefold()) not in _CALLING_OUT:
        return kind
    after = here[bisect.bisect_right(here, (start, end, kind)) :][:INVITATION_REACH]
    near = [k for s, _, k in after if s - end < 60]
    before = [k for s, e, k in here if e <= start and start - e < 60]
    return "PROTEST" if "PROTEST" in near or "PROTEST" in before[-1:] else kind


# Calling someone a friend, an ally or a hero praises them ('назвал Путина дорогим другом', 'called him a great ally').
_PRAISE = frozenset("friend ally partner hero great dear brilliant ami allié partenaire héros amigo aliado socio héroe "
                    "freund partner verbündeter held друг другом союзник союзником партнер партнером партнёром герой "
                    "героем дорогой великий дорогий героєм".split())  # fmt: skip
_NAMING = frozenset({"назвать", "называть", "назвати", "називати", "call", "appeler", "llamar", "nennen", "qualifier",
                     "calificar", "describe", "décrire", "describir", "bezeichnen"})  # fmt: skip


def _praising_name(text: str, kind: str, start: int, end: int, limit: int, language: str) -> str:
    """A naming verb (назвать, call, qualifier) with a word of praise after it is SUPPORT, not name-calling."""
    if kind != "ACCUSE" or lemma(language, text[start:end].casefold()) not in _NAMING:
        return kind
    words = tokens(text, language, end, min(limit, end + 50))
    return "SUPPORT" if any(t.lemma in _PRAISE or t.lower in _PRAISE for t in words) else kind


def _name_calling(text: str, kind: str, start: int, end: int, limit: int, language: str) -> str:
    """A calling verb whose object is followed by a quoted epithet accuses (see _QUOTED_EPITHET)."""
    if kind != "REQUEST" or lemma(language, text[start:end].casefold()) not in _CALLING:
        return kind
    after = text[end : min(limit, end + 60)]
    epithet = _QUOTED_EPITHET.match(after)
    if epithet is None or _APPEAL_LINK.search(after, 0, epithet.end()):
        return kind
    return "ACCUSE"


_CLAUSE_PUNCT = re.compile(r"[,;:]")


def _has_subject(text: str, trigger: int, people: list[Mention], starts: list[int], cues: Cues) -> bool:
    """A participant named just before the trigger in its clause ('Russia attacked', 'Die FDP lehnt … ab'): the
    clause tells this event; a trigger without one is more often a mention in passing."""
    lex = claim_cues(cues.language)
    words = [w.casefold() for w in TOKEN.findall(text, max(0, trigger - SUBJECT_REACH), trigger)]
    if any(w in lex.pronouns for w in words[-PRONOUN_REACH:]):
        return True  # 'He met …', 'Ils revendiquent …'
    for m in people[bisect.bisect_left(starts, trigger - SUBJECT_REACH) :]:
        if m.start >= trigger:
            break
        between = text[m.end : trigger]
        if _CLAUSE_PUNCT.search(between) or any(w.casefold() in lex.prepositions for w in TOKEN.findall(between)):
            continue  # another clause, or a phrase around a noun ('Tebboune for two hours of talks')
        if _can_act(text, m, cues):
            return True
    return False


def _referred_back(text: str, start: int, end: int, language: str) -> bool:
    """A noun trigger in a prepositional phrase ('at the talks', 'lors de la réunion', 'на саммите') names an event
    as a known setting; a verb ('met', 'a rencontré', 'встретился') or a subject ('the summit was held') tells it."""
    if is_predicate(text, start, end, language):
        return False
    lex = claim_cues(language)
    words = [w.casefold() for w in TOKEN.findall(text[max(0, start - 40) : start])][-2:]
    if words and words[-1] in DEFINITE.get(language, frozenset()):
        words.pop()  # 'during the talks', 'lors de la réunion'
    return bool(words) and words[-1] in lex.prepositions


def _subject_of(text: str, sentence: Sentence, mentions: list[Mention], cues: Cues) -> Entry | None:
    """The first participant named in a sentence (news sentences open with their subject)."""
    for m in mentions:
        if _can_act(text, m, cues) and m.entity.type != "OTHER":
            return _as_actor(m.entity)
    return None


def _with_carried(text: str, lo: int, trigger: int, local: list[Mention], actors: tuple[Entry, ...], carried: Entry,
                  language: str) -> tuple[Entry, ...]:  # fmt: skip
    """'He met …', 'Ils revendiquent …', 'Он отказался …': a subject pronoun with no name before the trigger
    stands for the previous sentence's subject, the source. Otherwise that subject, still the topic, is a further
    participant."""
    if any(a.id == carried.id for a in actors):
        return actors
    words = [w.casefold() for w in TOKEN.findall(text[max(lo, trigger - 40) : trigger])][-PRONOUN_REACH:]
    pronoun = any(w in claim_cues(language).pronouns for w in words)
    if pronoun and not any(m.start < trigger for m in local):
        return (carried, *actors)[:MAX_ACTORS]
    return (*actors, carried) if actors else actors


def _source_of(claim: Claim) -> Entry | None:
    if claim.speaker is not None:
        return _as_actor(claim.speaker.entity)
    if claim.speaker_name and claim.speaker_span:
        return Entry(f"other:{claim.speaker_name.casefold()}", claim.speaker_name, "OTHER", None, None)
    return None


def _reported_charge(event: Event, claims: list[Claim], sentence: Sentence) -> Event | None:
    """Whoever says another attacked or seized ('Clinton said Russian services hacked the DNC') accuses them."""
    if event.type not in HOSTILE or event.status != "occurred":
        return None  # a charge is about a deed done, not one feared or planned
    for claim in claims:
        if claim.kind == "unattributed" or not claim.content[0] <= event.trigger[0] < claim.content[1]:
            continue
        source = _source_of(claim)
        if source is None or not claim.cue or any(a.id == source.id for a in event.actors[:1]):
            continue
        targets = [a for a in event.actors if a.id != source.id][:1]
        if not targets:
            continue
        return Event("ACCUSE", "occurred", (source, *targets), None, event.date, claim.cue,
                     (sentence.start, sentence.end), 0.5, event.language)  # fmt: skip
    return None


def _blaming_claim(text: str, sentence: Sentence, body: list[Mention], dates: list[DateMention],
                   claims: list[Claim], cues: Cues, published: str | None) -> Event | None:  # fmt: skip
    """A statement that blames ('X is a liar', 'a vile act', 'это провокация', said Y) is an ACCUSE event by its
    speaker, against whoever its content names."""
    for claim in claims:
        if claim.cue is None or not sentence.start <= claim.cue[0] < sentence.end:
            continue
        source = _source_of(claim)
        if source is None or not source.name[:1].isupper():
            continue
        lo, hi = max(sentence.start, claim.content[0]), min(sentence.end, claim.content[1])
        if hi <= lo or not accuses(tokens(text, cues.language, lo, hi), cues.language):
            continue
        local = [m for m in body if lo <= m.start and m.end <= hi]
        targets = [a for a in _actors(text, local, cues, lo) if a.id != source.id]
        if not targets:
            continue  # blame needs someone blamed
        actors = (source, *targets)[:MAX_ACTORS]
        date = min(dates, key=lambda d: abs(d.start - lo)) if dates else None
        status = _status(text, cues, (claim.cue[0], claim.cue[1]), sentence.start, sentence.end, None, published)
        if date is None and status == "occurred":
            date = _reported_on(published)
        return Event("ACCUSE", status, actors, None, date, claim.cue, (sentence.start, sentence.end),
                     0.55, cues.language)  # fmt: skip
    return None


def _event_at(
    text: str, kind: str, start: int, end: int, sentence: Sentence, body: list[Mention],
    dates: list[DateMention], claims: list[Claim], cues: Cues, published: str | None, carried: Entry | None = None,
    country: Entry | None = None, states: list[Token] | None = None,
) -> Event | None:  # fmt: skip
    states = states or []
    lo, hi = _scope(sentence, claims, start)
    local = [m for m in body if lo <= m.start and m.end <= hi]
    near_lo, near_hi = max(lo, start - ACTOR_REACH), min(hi, end + ACTOR_REACH)
    spots = [t for t in states[bisect.bisect_left(states, near_lo, key=lambda t: t.start) :] if t.start < near_hi]
    nearby = [m for m in local if near_lo <= m.start < near_hi + OF_REACH] if spots else []
    roles = [Mention(state, text[at:at + 1], at, at + 1, "text", "role", 0.5)
             for at, state in state_actors(spots, nearby, cues.language, country)]
    named = [m for m in local if not is_role(m, cues.language)]
    actors = _actors(text, named + roles, cues, start, (start, end))
    if carried is not None:
        actors = _with_carried(text, lo, start, local, actors, carried, cues.language)
    if kind in VERBAL:  # "X accused / urged / rejected …": the one who speaks is the source
        spoken = [c for c in claims if c.cue and sentence.start <= c.cue[0] < sentence.end]
        speakers = [src for c in spoken if (src := _source_of(c)) is not None]
        if speakers:
            source = speakers[0]
            actors = (source, *[a for a in actors if a.id != source.id])[:MAX_ACTORS]
    if not actors or kind in VERBAL:
        subject = bare_subject(text, lo, start, cues.language, [(m.start, m.end) for m in local])
        if subject is not None and not actors:
            actors = (subject,)
    if not actors and kind not in ACTORLESS:
        return None  # an agreement or a demand nobody makes tells an analyst nothing
    actors = _named(text, actors, cues.language, country)
    place = _place(text, local, cues, start)
    date = min(dates, key=lambda d: abs(d.start - start)) if dates else None
    status = _status(text, cues, (start, end), lo, hi, date, published)
    if status == "planned" and kind in MENACING and any(c.cue for c in claims):
        kind = "THREATEN"  # 'Russia will respond to the attack, the ministry said': a hostile act announced
    if date is None and status == "occurred":
        date = _reported_on(published)  # told without a date: news reports what just happened
    confidence = (0.6 if actors else 0.45) + (0.1 if len(actors) > 1 else 0)
    confidence += (0.1 if place else 0) + (0.1 if date else 0)
    return Event(kind, status, actors, place.entity if place else None, date, (start, end),
                 (sentence.start, sentence.end), round(confidence, 2), cues.language)  # fmt: skip


def _actor_name(entry: Entry, language: str) -> str:
    return entry.name if is_known(entry) else romanise(entry.name, language)


def event_record(text: str, event: Event, comments_from: int | None) -> dict[str, Any]:
    (ts, te), (es, ee) = event.trigger, event.evidence
    return {
        "type": event.type,
        "status": event.status,
        "actors": [{"id": a.id, "name": _actor_name(a, event.language)} for a in event.actors],
        "location": {"id": event.location.id, "name": event.location.name} if event.location else None,
        # A date the text does not state (start < 0) is the publication day, and says so: analysts can filter it out.
        "date": {"value": event.date.value, "precision": event.date.precision, "inferred": event.date.start < 0}
        if event.date
        else None,
        "trigger": {"text": text[ts:te], "start": ts, "end": te},
        "evidence": {"text": text[es:ee], "start": es, "end": ee},
        "in_comments": comments_from is not None and es >= comments_from,
        "confidence": event.confidence,
    }
