"""Claims: who said what (quoted, reported or unattributed), hedged or not, with evidence offsets.

Reporting cues are found by lemma (lemmas.py + the per-language `claims` lexicon), so every inflection of a verb
counts. The speaker is the grammatical subject of the cue, found by token patterns: the phrase right before the
verb (skipping auxiliaries, adverbs and a comma-enclosed apposition), or right after it when the order is
inverted ('…, said X', '…, a déclaré X', 'sagte er', 'заявил Песков'). The content is the clause after the
complementizer, the quotation, or the rest of the sentence on the side of the cue away from the speaker.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.extract.entities import Mention, fold
from pipeline.extract.lemmas import Token, text_tokens
from pipeline.extract.lexicon import ClaimCues, Cues, claim_cues
from pipeline.extract.quotes import INTERRUPTION, QUOTE_CHARS, QuoteMatch, quote_matches
from pipeline.extract.segment import Sentence

OPENING_QUOTES = frozenset('«“„"‹')
SPEAKER_TYPES = ("PERSON", "ORG", "GPE")
MIN_QUOTE_WORDS = 4
MIN_SHORT_QUOTE_WORDS = 2
MIN_CONTENT_WORDS = 3
MIN_TRUNCATED_WORDS = 5  # what is left of a reported clause before a quotation, to stand as its own claim
CUE_WINDOW = 160  # how far before a quote a speech verb may stand
AFTER_QUOTE_TOKENS = 6  # how far after a quote its cue may stand ('"…," the minister said')
MAX_NP = 6  # words in a speaker phrase
ROLE_REACH = 14  # tokens of a role phrase with its complements ('el ministro de Exteriores de Rusia')
ORPHAN_GAP = 160  # characters between a claim and a paragraph-opening quotation that continues it
MIN_CLAUSE_WORDS = 5  # words after the circumstances of a cue for them to introduce a statement
HEDGE_WINDOW = 300  # characters of a claim (and its cue) searched for a hedge
ROLE_LOOKBACK = 80  # mentions searched back for the person a role phrase names
APPOSITION_REACH = 30  # tokens between the commas of an apposition
COMP_REACH = 8  # tokens between a cue (and its speaker) and its complementizer ('told reporters on Monday that')
TRAILING = ' \t\n.,;:!?»”"'
CLAUSE_END = frozenset(".;!?:")
REPORTIVE_REACH = 400  # how far after a claim a subjunctive sentence still continues it
CLAUSE_REACH = 40  # tokens back to the start of a cue's clause
CONTENT_SCAN = 150  # tokens of a reported clause searched for a second speaker's cue
WORD_COUNT_CAP = 60
NEARBY_CLAIMS = 12  # claims looked back at for a pronoun's or a left-out subject's speaker
REFERENT_REACH = 400  # a pronoun subject stands for a speaker whose cue is this close before it


@dataclass
class Claim:
    speaker: Mention | None
    speaker_span: tuple[int, int, str] | None  # start, end, text (a pronoun, a mention or a role phrase)
    cue: tuple[int, int] | None
    content: tuple[int, int]
    kind: str
    hedged: bool
    confidence: float
    speaker_name: str | None = None  # the phrase itself when no known entity names the speaker


@dataclass
class Subject:
    start: int  # token indices [start, end)
    end: int
    mention: Mention | None
    pronoun: bool

    @property
    def strong(self) -> bool:
        return self.pronoun or self.mention is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRAILING + "«“„":
        start += 1
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    return start, end


def _speaker_rank(m: Mention) -> int:
    return SPEAKER_TYPES.index(m.entity.type) if m.entity.type in SPEAKER_TYPES else len(SPEAKER_TYPES)


class ClaimFinder:
    """Finds claims in one article, remembering who spoke so that pronouns resolve."""

    def __init__(self, text: str, mentions: list[Mention], cues: Cues) -> None:
        self.text, self.cues = text, cues
        self.lex: ClaimCues = claim_cues(cues.language)
        self.mentions = sorted((m for m in mentions if m.field == "text"), key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.toks: list[Token] = text_tokens(text, cues.language)
        self.tok_starts = [t.start for t in self.toks]
        self.claims: list[Claim] = []
        self.starts: list[
            int
        ] = []  # content starts of `ordered`, which holds the claims by content (they never overlap)
        self.ordered: list[Claim] = []
        self.cue_memo: dict[tuple[int, int], int] = {}
        self.used_cues: set[int] = set()  # token index of cues already attached to a claim
        self.previous: Sentence | None = None
        self.quote_spans: list[tuple[int, int]] = []
        self.depth = 0  # nesting of _earlier_cue_subject
        self.quote_list: list[QuoteMatch] = []
        self.quote_starts: list[int] = []

    # -- tokens and mentions -------------------------------------------------------------------------------------

    def _tok_range(self, start: int, end: int) -> tuple[int, int]:
        return bisect.bisect_left(self.tok_starts, start), bisect.bisect_left(self.tok_starts, end)

    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self.mention_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end and m.kind != "demonym" and m.entity.type in SPEAKER_TYPES + ("OTHER",):
                out.append(m)
            i += 1
        return out

    def _best_mention(self, start: int, end: int) -> Mention | None:
        inside = self._mentions_in(start, end)
        if inside:
            return min(inside, key=_speaker_rank)
        # a mention that covers the phrase from just before it ("Mr. Lou" for the words "Lou")
        k = bisect.bisect_right(self.mention_starts, start) - 1
        if k >= 0:
            m = self.mentions[k]
            if m.start < start and m.end >= end and m.kind != "demonym" and m.entity.type in SPEAKER_TYPES:
                return m
        return None

    def _referent(self, before: int, loose: bool = True) -> Mention | None:
        """Who a pronoun stands for: the person who spoke just before, else the last person named before it
        (a known person, or an unknown full name)."""
        spoke = [
            c for c in self._nearby(before + REFERENT_REACH)
            if c.speaker is not None and c.cue and c.cue[0] < before
            and before - REFERENT_REACH < max(c.cue[1], min(c.content[1], before))
            and (c.speaker.entity.type == "PERSON" or c.speaker.kind == "unknown")
        ]  # fmt: skip
        if spoke:
            latest = max(spoke, key=lambda c: c.cue[0] if c.cue else 0)
            fresh = self._fresh_person(latest.cue[1] if latest.cue else before, before)
            return fresh if fresh is not None else latest.speaker
        fresh = self._fresh_person(before - 2 * REFERENT_REACH, before)
        if fresh is not None or not loose:
            return fresh
        i = bisect.bisect_left(self.mention_starts, before)
        for m in reversed(self.mentions[max(0, i - 60) : i]):
            if self._in_claim(m.start) or self._quoted(m.start):
                continue  # a person named in what someone said is not who says the next thing
            if m.entity.type == "PERSON" or (m.entity.type == "OTHER" and m.kind == "unknown" and _person_like(m.text)):
                return m
        return None

    def _in_claim(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ordered[k].content[1]

    def _narrated_person(self, m: Mention) -> bool:
        """A person named by the narration (not inside a quotation or a reported statement)."""
        if not _is_person(m) or self._quoted(m.start) or self._in_claim(m.start):
            return False
        # "Голова КМДА вирішив": an unknown capitalised phrase opened by a role word names no one
        roles = _extra(self.lex.language, "person_roles")
        return m.entity.type == "PERSON" or m.text.split()[0].casefold() not in roles

    def _fresh_person(self, lo: int, hi: int) -> Mention | None:
        """The person the narration turned to in (lo, hi): the last one named at the start of a clause
        ('Dans l'interview, Jean-Marie Le Pen revient sur …  « … », prévient-il'), not inside a phrase
        ('une rencontre entre Poutine et Trump')."""
        i = bisect.bisect_left(self.mention_starts, hi)
        for k in range(i - 1, max(-1, i - 40), -1):
            m = self.mentions[k]
            if m.start < lo:
                return None
            if m.end <= hi and self._narrated_person(m) and self._clause_initial(m.start):
                return m
        return None

    def _clause_initial(self, pos: int) -> bool:
        """Whether only a few role words ('le président russe') stand between a clause's start and pos."""
        k = bisect.bisect_left(self.tok_starts, pos) - 1
        for _ in range(4):
            if k < 0:
                return True
            t = self.toks[k]
            if t.text in CLAUSE_END or t.text in ",—–(" or "\n" in self.text[t.end : self.toks[k + 1].start]:
                return True
            if not t.is_word or self._blocked(t) or t.lower in self.lex.skip or t.lower in self.lex.pronouns:
                return False
            k -= 1
        return False

    def _is_cue(self, i: int, hi: int) -> int:
        """If a reporting cue starts at token i, the index after its last token; else 0 (memoised per token)."""
        key = (i, hi)
        found = self.cue_memo.get(key)
        if found is None:
            found = self.cue_memo[key] = self._cue_at(i, hi)
        return found

    def _cue_at(self, i: int, hi: int) -> int:
        t = self.toks[i]
        if not t.is_word:
            return 0
        for phrase in _first_words(self.lex.language, "cue").get(t.lower, ()) + _first_words(
            self.lex.language, "cue"
        ).get(t.lemma, ()):
            if self._phrase_at(i, phrase, hi):
                return i + len(phrase)
        if t.lower in self.lex.cues or t.lemma in self.lex.cues:
            if t.lower in self.lex.not_cues or (self.lex.adjectival and t.lower.endswith(self.lex.adjectival)):
                return 0  # "Напомним" (the author), "установленного" (a participle used as an adjective)
            if self._infinitive(i):
                return 0  # "to say", "змусити висловити": no one says anything yet
            return i + 1
        particles = self.lex.particles.get(t.lemma)
        if particles:  # German separable verb: "teilte … mit", "kündigte … an" closing the clause
            for k in range(i + 1, min(hi, i + 12)):
                u = self.toks[k]
                if not u.is_word:
                    if u.text in ",.;:!?":
                        break
                    continue
                if u.lower in particles and (k + 1 >= hi or self.toks[k + 1].text in ",.;:!?"):
                    return i + 1
        return 0

    def _infinitive_form(self, t: Token) -> bool:
        return bool(
            self.lex.infinitive_suffixes and not t.capitalised and t.lower == t.lemma
            and t.lower.endswith(self.lex.infinitive_suffixes)
        )  # fmt: skip

    def _participle_at(self, i: int) -> bool:
        lower = self.toks[i].lower
        if self.lex.language in ("ru", "uk") and self._gerund(self.toks[i]):
            return True  # "подчеркивая", "акцентируя", "наголошуючи"
        return bool(self.lex.participle) and lower.endswith(self.lex.participle)

    def _main_subject_after(self, j: int) -> Subject | None:
        """'Estimant que « … », il vota contre': a clause opened by a participle; the subject follows its comma."""
        for k in range(j, min(len(self.toks) - 1, j + 2 * CLAUSE_REACH)):
            t = self.toks[k]
            if self._quoted(t.start):
                continue
            if t.text in CLAUSE_END:
                return None
            if t.text == ",":
                found = self._np_after(k + 1, min(len(self.toks), k + 1 + 2 * MAX_NP))
                return found if found is not None and found.strong else None
        return None

    def _infinitive(self, i: int) -> bool:
        t = self.toks[i]
        if i > 0 and self.toks[i - 1].lower in self.lex.infinitive_markers:
            return True
        return (
            t.lower == t.lemma and t.lower.endswith(self.lex.infinitive_suffixes)
            if self.lex.infinitive_suffixes
            else False
        )

    def _cue_span(self, i: int, j: int, lo: int) -> tuple[int, int]:
        """Offsets of the cue at tokens [i, j), with its auxiliary ('a déclaré', 'has said', 'hat gesagt')."""
        start = i
        k = i - 1
        while k >= lo and k >= i - 3 and self.toks[k].lower in self.lex.skip:
            if self.toks[k].lower in self.lex.auxiliaries:
                start = k
            k -= 1
        return self.toks[start].start, self.toks[j - 1].end

    def _phrase_at(self, i: int, phrase: tuple[str, ...], hi: int) -> bool:
        if i + len(phrase) > hi:
            return False
        return all(self.toks[i + k].lower == w or self.toks[i + k].lemma == w for k, w in enumerate(phrase))

    # -- subjects ------------------------------------------------------------------------------------------------

    def _blocked(self, t: Token) -> bool:
        lex = self.lex
        return (not t.is_word or t.lower in lex.stop or t.lower in lex.prepositions or t.lower in lex.complementizers
                or t.lower in lex.cues or t.lemma in lex.cues or t.text.isdigit())  # fmt: skip

    def _subject_from(self, start: int, end: int) -> Subject | None:
        """A phrase over tokens [start, end): a pronoun, a phrase holding a mention, or a role phrase."""
        if end <= start:
            return None
        words = self.toks[start:end]
        if len(words) == 1 and words[0].lower in self.lex.pronouns:
            return Subject(start, end, None, True)
        if all(w.lower in self.lex.determiners or w.lower in self.lex.skip for w in words):
            return None
        if (
            words[-1].lower in self.lex.not_subjects
            or words[-1].lemma in self.lex.not_subjects
            or words[-1].text.isdigit()
        ):
            return None  # "el miércoles", "11 листопада": a time, not a speaker
        mention = self._best_mention(words[0].start, words[-1].end)
        return Subject(start, end, mention, False)

    def _np_before(self, j: int, lo: int, apposition: bool = True, hops: int = 2) -> Subject | None:
        """The subject phrase ending at token j (a name run, 'the minister', a pronoun), or None."""
        while j >= lo:
            t = self.toks[j]
            if t.lower in self.lex.skip and t.lower not in self.lex.pronouns:
                j -= 1
            elif t.lower in self.lex.not_subjects or t.lemma in self.lex.not_subjects:
                # "X el miércoles dijo", "X am Montag sagte": step over the time and its article or preposition
                j -= 1
                while j >= lo and (self.toks[j].text.isdigit() or self.toks[j].lower in self.lex.determiners
                                   or self.toks[j].lower in self.lex.prepositions):  # fmt: skip
                    j -= 1
            else:
                break
        if j < lo:
            return None
        t = self.toks[j]
        if t.text in ",)" and apposition:  # "X, the foreign minister, said" / "X (party) said"
            opening = "(" if t.text == ")" else ","
            depth = 0  # parentheses inside a comma apposition: "X, representative in Sololá (west), said"
            for k in range(j - 1, max(lo, j - APPOSITION_REACH) - 1, -1):
                if opening == "," and self.toks[k].text in "()":
                    depth += 1 if self.toks[k].text == ")" else -1
                    continue
                if depth > 0:
                    continue
                if self.toks[k].text in ",()" and self.toks[k].text != opening:
                    return None
                if self.toks[k].text == opening:
                    # '“JOH” (como se le conoce al expresidente) contestó': a quoted name before the apposition
                    quoted_name = k - 1 >= lo and self.toks[k - 1].text in '»”"'
                    found = self._np_before(k - 1, lo, apposition=quoted_name)
                    inside = self._subject_from(k + 1, j) if j - k - 1 <= MAX_NP else None  # "The minister, X, said"
                    if self._gerund(self.toks[k + 1]):
                        return found  # "сам нардеп, виступаючи в ефірі РТР, закликав": a clause, not an apposition
                    if (
                        inside is not None
                        and _is_person(inside.mention)
                        and (found is None or not _is_person(found.mention))
                        and self.toks[j - 1].lower not in self.lex.pronouns
                    ):
                        return inside  # "La correspondante de France 24 en Egypte, Sonia Dridi, affirme"
                    if found is not None and found.strong:
                        return found
                    if inside is not None and inside.mention is not None:
                        return inside
                    if found is not None and any(
                        self.toks[n].lower in self.lex.genitive for n in range(found.start + 1, found.end - 1)
                    ):
                        return found  # "A poll of voters has, however, revealed"
                    return None
                if self.toks[k].text in CLAUSE_END or self.toks[k].text in QUOTE_CHARS:
                    return None
            return None
        if t.text in '»”"' and apposition:  # a quoted name closes the phrase: 'Кореспондент сайту «Остров»'
            for k in range(j - 1, max(lo, j - MAX_NP - 2) - 1, -1):
                if self.toks[k].text in '«“„"':
                    head = self._np_before(k - 1, lo, apposition=False, hops=0) if k > lo else None
                    first = head.start if head is not None and not head.pronoun else k
                    return self._subject_from(first, j + 1)
            return None
        if t.lower in self.lex.relatives and j - 1 > lo and self.toks[j - 1].text == ",":
            found = self._np_before(j - 1, lo, hops=0)  # "X, who said …" / "X, le ministre, qui a déclaré …"
            if found is None:
                found = self._np_before(j - 2, lo, apposition=False, hops=0)
            return found if found is not None and found.strong else None
        if self._blocked(t):
            return None
        if t.lower in self.lex.pronouns:
            return Subject(j, j + 1, None, True)
        # The mention ending here, extended left over a role phrase ("Foreign Minister", "міський голова").
        k = j
        while k - 1 >= lo and j - k + 1 < MAX_NP:
            prev = self.toks[k - 1]
            if self._blocked(prev) or prev.lower in self.lex.pronouns or prev.lower in self.lex.skip:
                break
            if self.toks[k].lower in self.lex.determiners:
                break
            k -= 1
        if (
            self.toks[k].lower not in self.lex.determiners
            and k - 1 >= lo
            and self.toks[k - 1].lower in self.lex.determiners
        ):
            k -= 1
        if self.toks[k].lower in self.lex.genitive and k < j and k - 1 >= lo and not self._blocked_head(k - 1):
            k += 1  # "du gouvernement": the preposition-article opens the complement
        if k - 2 >= lo and self.toks[k - 1].lower in self.lex.genitive and not self._blocked_head(k - 2):
            # "el ministro de Exteriores de Rusia", "La Dirección (Provial) de Guatemala": the speaker is the head
            # noun's referent, not the place inside the prepositional phrase.
            role = self._role_phrase(k, j, lo)
            if role is not None:
                return role
        if k - 1 >= lo and self.toks[k - 1].lower in self.lex.prepositions:
            # "On Monday", "Об этом", "Am Montag": a prepositional phrase, not a subject; a name right before
            # the verb still is ("On Monday Lavrov said"); else the subject may stand before the phrase
            # ("Труханов на брифінгу заявив", "Scholz hat am Montag gesagt").
            m = self._best_mention(self.toks[k].start, t.end)
            if m is not None and m.start == self.toks[k].start and self.lex.language in ("ru", "uk"):
                m = None  # "О разговоре с Байденом рассказал сам Корреа": the name belongs to the preposition
            if m is None:
                return self._np_before(k - 2, lo, apposition=False, hops=hops - 1) if hops > 0 else None
            k = bisect.bisect_left(self.tok_starts, m.start)
        return self._subject_from(k, j + 1)

    def _blocked_head(self, m: int) -> bool:
        t = self.toks[m]
        if t.text == ")":
            return False
        return self._blocked(t) or t.lower in self.lex.pronouns or t.lower in self.lex.skip

    def _role_phrase(self, k: int, j: int, lo: int) -> Subject | None:
        """The role phrase ending at token j whose prepositional complement starts at k ('le porte-parole du
        gouvernement'): a person named in it, else a name in its head, else the phrase itself."""
        lex = self.lex
        m = k - 1  # the genitive preposition
        h = m
        depth = 0
        while m - 1 >= lo and j - m < ROLE_REACH:
            prev = self.toks[m - 1]
            if prev.text == ")":
                depth += 1
            elif prev.text == "(":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and (prev.lower in lex.genitive or prev.lower in lex.determiners):
                pass
            elif depth == 0 and prev.lower in lex.coordinators and m - 2 >= lo and self.toks[m - 2].capitalised \
                    and self.toks[m].capitalised:
                pass  # "Protección y Seguridad Vial"
            elif depth == 0 and self._blocked_head(m - 1):
                break
            m -= 1
            if depth == 0 and self.toks[m].is_word and self.toks[m].lower not in lex.genitive:
                h = m
        if depth or h >= k - 1:
            return None
        while h > lo and self.toks[h - 1].lower in lex.determiners:
            h -= 1
        if self.toks[h].lower in lex.prepositions and self.toks[h].lower not in lex.determiners:
            return None
        if h - 1 >= lo and self.toks[h - 1].lower in lex.prepositions and self.toks[h - 1].lower not in lex.genitive:
            return None  # "en la sede de la ONU": a place, not a speaker
        phrase_end = self.toks[j].end
        people = [x for x in self._mentions_in(self.toks[h].start, phrase_end) if _is_person(x) and (
            x.entity.type == "PERSON" or self._tok_range(x.start, x.end)[0] == 0
            or self.toks[self._tok_range(x.start, x.end)[0] - 1].lower not in lex.genitive
        )]  # fmt: skip
        if people:
            return Subject(h, j + 1, people[-1], False)
        head_end = next(n for n in range(h, j + 1) if self.toks[n].lower in lex.genitive and n > h)
        head = self._best_mention(self.toks[h].start, self.toks[head_end - 1].end)
        if head is not None and head.entity.type not in SPEAKER_TYPES:
            head = None
        return Subject(h, j + 1, head, False)

    def _np_after(self, i: int, hi: int) -> Subject | None:
        """The subject phrase starting at token i (inverted order: 'said X', 'a déclaré X', 'заявил Песков')."""
        while i < hi and self.toks[i].lower in self.lex.skip and self.toks[i].lower not in self.lex.pronouns:
            i += 1
        if i >= hi:
            return None
        t = self.toks[i]
        if t.lower in _extra(self.lex.language, "dative"):
            # "respondieron a EL HERALDO los abogados", "a dit à la presse le ministre": past the addressee
            for k in range(i + 1, min(hi, i + 7)):
                if self.toks[k].lower in self.lex.determiners and k > i + 1:
                    i, t = k, self.toks[k]
                    break
                if not self.toks[k].is_word:
                    break
        if self.lex.language in ("es", "fr") and self._infinitive_form(t):
            return None  # "propuso crear …": an infinitive object, not the subject
        if t.text in OPENING_QUOTES:  # a name in quotes: «Чорноморські новини», "Die Zeit"
            for k in range(i + 1, min(hi, i + MAX_NP + 2)):
                if self.toks[k].text in QUOTE_CHARS:
                    return self._subject_from(i, k + 1) if k > i + 1 else None
            return None
        if (self._blocked(t) and t.lower not in self.lex.determiners) or t.text in QUOTE_CHARS:
            return None
        if t.lower in self.lex.pronouns:
            return Subject(i, i + 1, None, True)
        k = i
        while k + 1 < hi and k + 1 - i < MAX_NP:
            nxt = self.toks[k + 1]
            if self._blocked(nxt) or nxt.lower in self.lex.skip or nxt.lower in self.lex.determiners:
                break
            k += 1
        n = bisect.bisect_left(self.mention_starts, t.start)
        if n < len(self.mentions) and self.mentions[n].start == t.start and self.mentions[n].end > self.toks[k].end:
            k = min(hi, bisect.bisect_left(self.tok_starts, self.mentions[n].end)) - 1  # "said Mr. Lou"
        # "l'assistant du président Yuri Ushakov", "the spokesman of the Kremlin": run on through 'of' to a name.
        if k + 1 < hi and self.toks[k + 1].lower in self.lex.genitive and self._best_mention(t.start, t.end) is None:
            far = min(hi, k + 1 + ROLE_REACH)
            stop = next(
                (
                    n
                    for n in range(k + 2, far)
                    if self.toks[n].text in ",.;:!?()" or self.toks[n].lower in self.lex.complementizers
                ),
                far,
            )
            named = self._mentions_in(self.toks[k + 1].start, self.toks[stop - 1].end) if stop > k + 1 else []
            people = [m for m in named if m.entity.type == "PERSON"]
            if people:  # "el Héroe de la República de Cuba Fernando González Llort": the person the role names
                k = bisect.bisect_left(self.tok_starts, people[0].end) - 1
            elif named and named[0].end <= self.toks[min(hi, k + 1 + MAX_NP) - 1].end:
                k = bisect.bisect_left(self.tok_starts, named[0].end) - 1
        return self._subject_from(i, k + 1)

    def _gerund(self, t: Token) -> bool:
        suffixes = _GERUNDS.get(self.lex.language, ())
        return bool(suffixes) and not t.capitalised and t.lower.endswith(suffixes)

    def _oblique(self, subject: Subject, verb: int) -> bool:
        """Whether a name after a Russian/Ukrainian verb is inflected as its object ('закликав Путіна', 'обвинил
        Запад'): an accusative/dative/instrumental ending, or -а/-я after a masculine verb."""
        if subject.pronoun or subject.mention is None:
            return False
        word = self.toks[subject.end - 1].lower
        v = self.toks[verb].lower
        if word.endswith(("ом", "ем", "єм", "ою", "ею", "ові", "еві", "єві", "ому", "ему")):
            return True
        if word.endswith(("у", "ю")) and not word.endswith(("гу", "ку", "ту")):
            return True
        masculine = v.endswith("в") if self.lex.language == "uk" else (v.endswith("л") or v.endswith("лся"))
        return masculine and word.endswith(("а", "я")) and not self.toks[subject.end - 1].text.isupper()

    def _locative_source(self, j: int, hi: int) -> Subject | None:
        """'В Кремле заявили' inverted: '… проінформували вчора у прес-службі ОДА' (a plural verb, no subject)."""
        v = self.toks[j - 1].lower
        if not v.endswith("ли"):
            return None
        k = j
        while k < hi and self.toks[k].lower in self.lex.skip:
            k += 1
        if k + 1 >= hi or self.toks[k].lower not in ("в", "у", "во"):
            return None
        end = k + 1
        while end < hi and end - k <= MAX_NP and self.toks[end].is_word and not self._blocked(self.toks[end]):
            end += 1
        if end == k + 1:
            return None
        m = self._best_mention(self.toks[k + 1].start, self.toks[end - 1].end)
        if m is None:
            return None
        return Subject(k + 1, end, m, False)

    def _earlier_cue_subject(self, lo: int, end: int) -> Subject | None:
        """The subject of the last reporting verb before token `end` in the sentence ('Macron dijo que … y propuso …',
        'la congregación señaló …, indicando …'), looked up one level deep."""
        if self.depth > 0:
            return None
        self.depth += 1
        try:
            for k in range(end - 1, max(lo, end - 2 * CLAUSE_REACH) - 1, -1):
                if self._quoted(self.toks[k].start) or self._participle_at(k):
                    continue
                j = self._is_cue(k, end)
                if j:
                    found, _ = self._subject(k, j, lo, end)
                    return found if found is not None and (found.strong or found.end - found.start <= MAX_NP) else None
            return None
        finally:
            self.depth -= 1

    def _clause_start_subject(self, i: int, lo: int) -> Subject | None:
        """Fallback: a named subject or pronoun opening the clause of a cue ('Scholz hat am Montag gesagt')."""
        k = i - 1
        while (
            k > max(lo, i - CLAUSE_REACH)
            and self.toks[k - 1].text not in ",;:"
            and self.toks[k - 1].text not in QUOTE_CHARS
        ):
            k -= 1
        while k < i and (self.toks[k].lower in self.lex.stop or self.toks[k].lower in self.lex.complementizers):
            k += 1
        if k >= i:
            return None
        t = self.toks[k]
        if t.lower in self.lex.pronouns:
            return Subject(k, k + 1, None, True)
        m = next(iter(self._mentions_in(t.start, self.toks[min(i - 1, k + 3)].end)), None)
        if m is None or m.start != t.start and self.toks[k].lower not in self.lex.determiners:
            return None
        end = bisect.bisect_left(self.tok_starts, m.end)
        if m.start != t.start and k + 1 < i and m.start != self.toks[k + 1].start:
            # "La secretaria de Estado, señaló": the role phrase, not the name inside its complement
            g = next((n for n in range(k + 1, end) if self.toks[n].lower in self.lex.genitive), None)
            role = self._role_phrase(g + 1, end - 1, k) if g is not None and g + 1 < end else None
            if role is None or role.start != k:
                return None
            return role
        return Subject(k, end, m, False)

    def _subject(self, i: int, j: int, lo: int, hi: int) -> tuple[Subject | None, str]:
        """The subject of the cue at tokens [i, j) and the side it stands on ('before' or 'after')."""
        before = self._np_before(i - 1, lo)
        after = self._np_after(j, hi)
        if self.lex.language in ("ru", "uk"):
            if after is not None and self._oblique(after, j - 1):
                after = None  # "закликав Путіна …": the object, not the subject
            elif after is None:
                after = self._locative_source(j, hi)  # "проінформували вчора у прес-службі ОДА"
        prev = i - 1
        while prev >= lo and self.toks[prev].lower in self.lex.skip:
            prev -= 1
        inverted = prev < lo or self.toks[prev].text in "," or self.toks[prev].text in QUOTE_CHARS
        if prev < lo and self._participle_at(i):
            main = self._main_subject_after(j)
            if main is not None:
                return main, "after"
        elif self._participle_at(i) and (self.toks[prev].text == "," or self.toks[prev].is_word):
            # '… réfuté l'idée d'un prêt par l'État affirmant : « … »': the subject of the sentence
            own = (
                self._earlier_cue_subject(lo, prev)
                or self._clause_start_subject(i, lo)
                or self._first_subject(max(lo, i - 2 * CLAUSE_REACH), i)
            )
            if own is not None:
                return own, "before"
        if after is not None and after.strong and inverted:  # "…, sagte Lucke" / "…, said Lavrov"
            return after, "after"
        if before is not None and before.strong:
            return before, "before"
        if after is not None and after.strong and self.lex.language == "fr":
            # French hardly inverts a subject without a comma or quotation before the verb: a name after it is
            # its object ('… avait appelé Marine Le Pen « … »'), unless nothing else can be the subject
            fallback = self._clause_start_subject(i, lo)
            if fallback is not None:
                return fallback, "before"
        if after is not None and after.strong and self.lex.language != "en":
            return after, "after"
        if before is not None:
            return before, "before"
        fallback = self._clause_start_subject(i, lo)
        if fallback is not None:
            return fallback, "before"
        if prev >= lo and self.toks[prev].lower in self.lex.coordinators:
            first = self._earlier_cue_subject(lo, prev) or self._first_subject(
                max(lo, prev - 2 * CLAUSE_REACH), prev
            )  # "Gazprom … acusó recibo y destacó …": the first verb's subject
            if first is not None:
                return first, "before"
        if after is not None and (inverted or self.lex.language not in ("en", "fr")):
            return after, "after"
        if self.lex.pro_drop and (inverted or prev < lo or self.toks[prev].lower in self.lex.coordinators):
            # "Al respecto, explicó que …" / "Также отметил, что …": the subject is left out, it is who spoke last
            # or the person the narration turned to since
            last = self._last_subject(self.toks[i].start)
            since = max((c.content[1] for c in self._nearby(self.toks[i].start) if c.content[1] <= self.toks[i].start),
                        default=self.toks[i].start - REFERENT_REACH)  # fmt: skip
            fresh = self._fresh_person(since, self.toks[lo].start if lo < len(self.toks) else self.toks[i].start)
            if fresh is not None:
                a, b = self._tok_range(fresh.start, fresh.end)
                return Subject(a, max(b, a + 1), fresh, False), "before"
            if last is not None:
                return last, "before"
        return None, "before"

    # -- claims --------------------------------------------------------------------------------------------------

    def _speaker(self, subject: Subject | None) -> tuple[Mention | None, tuple[int, int, str] | None, str | None]:
        if subject is None:
            return None, None, None
        first, last = self.toks[subject.start], self.toks[subject.end - 1]
        span = (first.start, last.end, self.text[first.start : last.end])
        if subject.pronoun:
            referent = self._referent(first.start)
            return referent, span, None
        if subject.mention is not None:
            role = self._role_before_mention(subject) if subject.mention.entity.type in ("GPE", "ORG") else None
            if role is not None:
                # "президент Эквадора сообщил", "der Präsident Frankreichs": the person holding the role there
                named = self._role_person(subject, role)
                if named is not None:
                    return named, span, None
            return subject.mention, span, None
        named = self._role_person(subject)
        if named is None and self._person_role(subject):
            named = self._referent(first.start, loose=False)  # "sagte das Staatsoberhaupt": who spoke or was named
        if named is not None:
            return named, span, None
        return None, span, span[2]

    def _role_before_mention(self, subject: Subject) -> Token | None:
        """The role word in front of the place or organisation a subject names ('президент Эквадора')."""
        if subject.mention is None:
            return None
        roles = _extra(self.lex.language, "person_roles")
        a, _ = self._tok_range(subject.mention.start, subject.mention.end)
        for n in range(subject.start, min(a, subject.end)):
            if self.toks[n].lower in roles or self.toks[n].lemma in roles:
                return self.toks[n]
        return None

    def _role_head(self, subject: Subject) -> Token | None:
        head = None
        for n in range(subject.start, subject.end):
            t = self.toks[n]
            if n > subject.start and t.lower in self.lex.genitive:
                break
            if t.is_word and t.lower not in self.lex.determiners and t.lower not in self.lex.skip:
                head = t
        return head

    def _person_role(self, subject: Subject) -> bool:
        """Whether a phrase without a name is a person's role ('the minister', 'das Staatsoberhaupt',
        'der Grünen-Politiker', 'белорусский лидер')."""
        if subject.end - subject.start > 4:
            return False
        head = self._role_head(subject)
        if head is None:
            return False
        roles = _extra(self.lex.language, "person_roles")
        word = head.lower.rsplit("-", 1)[-1]
        if head.lower in roles or head.lemma in roles or word in roles:
            return True
        return self.lex.language == "de" and any(len(r) >= 5 and word.endswith(r) for r in roles)

    def _role_person(self, subject: Subject, role: Token | None = None) -> Mention | None:
        """The person a role phrase stands for ('el fiscal' → 'el fiscal Jason Richman' named before it; 'the
        minister' → 'Maria Lopes, the minister,'): the last person named with the same role word."""
        head = role or self._role_head(subject)
        if head is None or (head.capitalised and self.lex.language != "de" and role is None) or len(head.text) < 4:
            return None
        # "el presidente del instituto, Fernando González Llort, …": the name in apposition right after the role
        for n in range(subject.end, min(len(self.toks) - 1, subject.end + ROLE_REACH)):
            t = self.toks[n]
            if t.text in CLAUSE_END or t.text in QUOTE_CHARS or t.lower in self.lex.stop or (
                t.lower in self.lex.complementizers or t.lower in self.lex.cues or t.lemma in self.lex.cues
            ):
                break
            if t.text == ",":
                m = self._best_mention(self.toks[n + 1].start, self.toks[n + 1].end)
                if m is None:
                    k = bisect.bisect_left(self.mention_starts, self.toks[n + 1].start)
                    m = self.mentions[k] if k < len(self.mentions) else None
                    m = m if m is not None and m.start == self.toks[n + 1].start else None
                if m is not None and m.entity.type == "PERSON":
                    return m
                break
        i = bisect.bisect_left(self.mention_starts, self.toks[subject.start].start)
        for m in reversed(self.mentions[max(0, i - ROLE_LOOKBACK) : i]):
            if m.entity.type != "PERSON":
                continue
            a, b = self._tok_range(m.start, m.end)
            if a > 0 and self.toks[a - 1].lower in self.lex.genitive:
                continue  # "el gobierno de Carlos Alvarado": the role belongs to the head, not to the name
            near = [self.toks[n] for n in range(max(0, a - 3), a)]
            if b < len(self.toks) and self.toks[b].text == ",":
                near += self.toks[b + 1 : b + 5]
            if any(t.lemma == head.lemma or t.lower == head.lower for t in near):
                return m
        return None

    def _insert(self, claim: Claim) -> None:
        k = bisect.bisect_left(self.starts, claim.content[0])
        self.starts.insert(k, claim.content[0])
        self.ordered.insert(k, claim)
        self.claims.append(claim)

    def _overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.ordered[k - 1].content[1] > start

    def _nearby(self, pos: int) -> list[Claim]:
        """The few claims whose content starts shortly before `pos` (latest first)."""
        k = bisect.bisect_left(self.starts, pos)
        return [
            c for c in reversed(self.ordered[max(0, k - NEARBY_CLAIMS) : k]) if pos - c.content[0] < 4 * REFERENT_REACH
        ]

    def _add(self, subject: Subject | None, cue: tuple[int, int] | None, content: tuple[int, int], kind: str,
             base: float) -> bool:  # fmt: skip
        start, end = _trim(self.text, *content)
        lead = _LEAD_WORD.match(self.text, start, end)
        if lead and lead.group(1).casefold() in self.lex.reportive and kind != "direct":
            start, end = _trim(self.text, lead.end(), end)  # "додав, мовляв, …": the particle is no content
        if len(self.text[start : min(end, start + 200)].split()) < (
            MIN_SHORT_QUOTE_WORDS if kind == "direct" else MIN_CONTENT_WORDS
        ):
            return False
        k = bisect.bisect_right(self.starts, start)
        later = [self.starts[k]] if k < len(self.starts) and self.starts[k] < end else []
        if later:  # "X sagte, die Lage sei ernst: „…“": the reported part stops where the quotation starts
            start, end = _trim(self.text, start, min(later))
            end = len(self.text[start:end].rstrip(" «“„‘:,—–")) + start
            if len(self.text[start : min(end, start + 200)].split()) < MIN_TRUNCATED_WORDS:
                return False  # 'said it is “…”': the quotation alone is the claim
        if self._overlaps(start, end):
            return False
        speaker, span, name = self._speaker(subject)
        lo_w = min(start, cue[0]) if cue else start
        hi_w = max(end, cue[1]) if cue else end
        window = self.text[lo_w : min(hi_w, lo_w + HEDGE_WINDOW)]  # the claim and its cue, not the next sentence
        hedged = bool(self.cues.hedges.search(window)) or kind == "unattributed"
        confidence = base + (0.1 if speaker else 0.05 if span else 0.0) + (0.05 if cue else 0.0)
        self._insert(Claim(speaker, span, cue, (start, end), kind, hedged, round(min(confidence, 0.95), 2), name))
        for other in self._co_speakers(subject, speaker):  # "Trump and Sanders have both argued …": one claim each
            self._insert(Claim(other, span, cue, (start, end), kind, hedged, round(min(confidence, 0.95) - 0.05, 2)))
        return True

    def _co_speakers(self, subject: Subject | None, speaker: Mention | None) -> list[Mention]:
        """The other named speakers of a coordinated subject ('Оробець та лідер «Демальянсу» Василь Гацько')."""
        if subject is None or subject.pronoun or speaker is None:
            return []
        lo = subject.start
        if lo >= 2 and self.toks[lo - 1].lower in self.lex.coordinators:
            lo -= 2  # "Donald Trump and Bernie Sanders have both argued": the name before 'and'
            while lo > 0 and subject.start - lo < MAX_NP and self.toks[lo - 1].capitalised:
                lo -= 1
        found = [
            m for m in self._mentions_in(self.toks[lo].start, self.toks[subject.end - 1].end)
            if m.entity.id != speaker.entity.id and m.entity.type == speaker.entity.type == "PERSON"
        ]  # fmt: skip
        out: list[Mention] = []
        for m in found[:2]:
            a, b = sorted((m, speaker), key=lambda x: x.start)
            lo, hi = self._tok_range(a.end, b.start)
            if any(self.toks[n].lower in self.lex.coordinators for n in range(lo, hi)) and all(
                self.toks[n].text not in "," for n in range(lo, hi)
            ):
                out.append(m)
        return out[:1]

    def quotes(self) -> None:
        for match in quote_matches(self.text):
            self.quote_list.append(match)
            inner_start, inner_end = match.inner
            if "\n" not in self.text[inner_start:inner_end]:
                self.quote_spans.append((inner_start, inner_end))
                self.quote_starts.append(inner_start)
            words = len(self.text[inner_start:inner_end].split())
            if words < MIN_SHORT_QUOTE_WORDS or (
                words < MIN_QUOTE_WORDS and self.text[inner_start:inner_end].rstrip()[-1:] not in ",.!?…"
            ):
                continue  # scare quotes and titles, not claims; a short utterance ends with its punctuation
            # A quote running over paragraphs may be framed by two speakers: split it at line breaks.
            pieces = _paragraph_pieces(self.text, inner_start, inner_end)
            if len(pieces) == 1 and self._interrupted(inner_start, inner_end):
                continue
            for index, (start, end) in enumerate(pieces):
                # A short quote is a claim only with its cue right after it ('"You winning?" she said').
                first = index == 0 and words >= MIN_QUOTE_WORDS
                self._quote_piece(start, end, match, first=first, last=index == len(pieces) - 1)

    def _interrupted(self, start: int, end: int) -> bool:
        """A quotation broken by its own cue between dashes: '«A, — цитує X агенція. — B»', '« A, — dit-il. — B »'.
        Each part is a claim of the speaker named between the dashes."""
        parts: list[tuple[int, int, Subject | None, tuple[int, int]]] = []
        cursor = start
        for gap in INTERRUPTION.finditer(self.text, start, end):
            a, b = self._tok_range(gap.start("mid"), gap.end("mid"))
            cues = [(i, j) for i in range(a, b) if (j := self._is_cue(i, b))]
            if not cues:
                continue
            i, j = cues[0]
            subject, _ = self._subject(i, j, a, b)
            if subject is None and parts:
                subject = parts[-1][2]
            parts.append((cursor, gap.start(), subject, self._cue_span(i, j, a)))
            last_i, last_j = cues[-1]
            cursor = gap.end()
            parts.append((cursor, end, subject, self._cue_span(last_i, last_j, a)))
        if not parts:
            return False
        merged: dict[int, tuple[int, int, Subject | None, tuple[int, int]]] = {}
        for part in parts:  # a part both after one gap and before the next keeps the later cue's end
            if part[0] in merged:
                prev = merged[part[0]]
                merged[part[0]] = (part[0], min(prev[1], part[1]), prev[2], prev[3])
            else:
                merged[part[0]] = part
        for a_, b_, subject, cue in sorted(merged.values()):
            self._add(subject, cue, (a_, b_), "direct", 0.75)
        return True

    def _line_bounds(self, pos: int) -> tuple[int, int]:
        lo = self.text.rfind("\n", 0, pos) + 1
        hi = self.text.find("\n", pos)
        return lo, len(self.text) if hi == -1 else hi

    def _quote_piece(self, start: int, end: int, match: QuoteMatch, first: bool, last: bool) -> None:
        closing = self.text[match.end() : match.end() + 3].lstrip()
        if last and self.text[start:end].rstrip().endswith((".", "…")) and not closing.startswith((",", "—", "–", "-")):
            last = False  # '« … se acabó. » Le PP a considéré …': a finished sentence; its cue stands before it
        if last:  # « … », a déclaré X  /  "…," said X  /  "…," X said
            line_lo, line_hi = self._line_bounds(match.end())
            a, b = self._tok_range(match.end(), line_hi)
            for i in range(a, min(b, a + AFTER_QUOTE_TOKENS)):
                if self.toks[i].text in QUOTE_CHARS:
                    break
                if self.toks[i].text in CLAUSE_END - {":"} and not self._abbreviation(i):
                    break
                if self.toks[i].lower in self.lex.complementizers:
                    break  # '“…”, al tiempo que agregó que “…”': a cue in a clause of its own
                j = self._is_cue(i, b)
                if j:
                    sentence_hi = self._clause_end(j, b)
                    subject, _ = self._subject(i, j, a, sentence_hi)
                    if self._add(subject, self._cue_span(i, j, a), (start, end), "direct", 0.75):
                        self.used_cues.add(i)
                    return
        if first:  # X a déclaré : « … »  /  X said: "…"
            line_lo, _ = self._line_bounds(match.start())
            lo = max(line_lo, match.start() - CUE_WINDOW)
            a, b = self._tok_range(lo, match.start())
            for i in range(b - 1, a - 1, -1):
                if self.toks[i].text in QUOTE_CHARS:
                    break
                j = self._is_cue(i, b)
                if j:
                    sent_lo = a
                    for k in range(i - 1, a - 1, -1):
                        if self.toks[k].text in ".!?":
                            sent_lo = k + 1
                            break
                    subject, _ = self._subject(i, j, sent_lo, b)
                    # The cue stays free: "X a précisé que …, ajoutant : « … »" also reports the clause before.
                    self._add(subject, self._cue_span(i, j, a), (start, end), "direct", 0.75)
                    return

    def _abbreviation(self, i: int) -> bool:
        """A full stop after a title ('Mr.', 'Dr.', 'Gen.') ends nothing."""
        prev = self.toks[i - 1] if i > 0 else None
        return bool(
            self.toks[i].text == "."
            and prev
            and prev.capitalised
            and len(prev.text) <= 3
            and prev.end == self.toks[i].start
        )

    def _clause_end(self, j: int, hi: int) -> int:
        for k in range(j, min(hi, j + CLAUSE_REACH)):
            if self.toks[k].text in CLAUSE_END:
                return k
        return min(hi, j + CLAUSE_REACH)

    def reported(self, sentences: list[Sentence]) -> None:
        self.previous = None
        for sentence in sentences:
            lo, hi = self._tok_range(sentence.start, sentence.end)
            i = lo
            before = len(self.claims)
            if _headline(self.toks[lo:hi], self.lex.language):
                i = hi  # "Clinton Wades In: Urges Britain to Remain" is a title, not a report
            while i < hi:
                nxt = self._source_cue(i, lo, hi, sentence) or self._verb_cue(i, lo, hi, sentence)
                i = max(nxt, i + 1)
            if len(self.claims) == before and self.lex.reportive:
                self._reportive(sentence, lo, hi)
            self.previous = sentence

    def _reportive(self, s: Sentence, lo: int, hi: int) -> None:
        """German reported speech runs on in the subjunctive ('Die Lage sei ernst.'): the last speaker's claim."""
        last = max(
            (c for c in self._nearby(s.start) if c.cue and c.content[1] <= s.start),
            key=lambda c: c.content[1],
            default=None,
        )
        if last is None or (last.speaker is None and last.speaker_span is None):
            return
        if s.start - last.content[1] > REPORTIVE_REACH or self.text.count("\n", last.content[1], s.start) > 2:
            return
        if not any(t.lower in self.lex.reportive and not self._quoted(t.start) for t in self.toks[lo:hi]):
            return
        start, end = _trim(self.text, s.start, s.end)
        if len(self.text[start : min(end, start + 200)].split()) < MIN_CONTENT_WORDS:
            return
        if self._overlaps(start, end):
            return
        hedged = bool(self.cues.hedges.search(self.text, start, min(end, start + 150)))
        self._insert(Claim(last.speaker, last.speaker_span, last.cue, (start, end), "indirect", hedged, 0.55,
                                 last.speaker_name))  # fmt: skip

    def _source_cue(self, i: int, lo: int, hi: int, s: Sentence) -> int:
        """'according to X, …' / '…, selon X.' / 'laut X …' / 'X zufolge …' / '…, so der Minister.'"""
        lex, toks = self.lex, self.toks
        if i == lo and toks[i].lower in _FOR_HIM and lex.language in _FOR_HIM[toks[i].lower]:
            return self._opinion_of(i, lo, hi, s)
        first = _first_words(lex.language, "source")
        if toks[i].lower not in first and toks[i].lemma not in first:
            return 0
        for kind, phrases in (
            ("pre", _source_cues(lex.language)),
            ("post", lex.source_cues_after),
            ("comma", lex.source_cues_comma),
        ):
            for phrase in phrases:
                if self._phrase_at(i, phrase, hi):
                    j = i + len(phrase)
                elif (
                    kind == "pre" and len(phrase) >= 2 and i + 1 < hi
                    and (toks[i + 1].lower in _POSSESSIVE_3 or toks[i + 1].lower in _POSSESSIVE_1)
                    and phrase[1] not in _POSSESSIVE_3 and self._phrase_at(i + 2, phrase[1:], hi)
                ):  # fmt: skip
                    j = i + 1 + len(phrase)  # "по [его] словам", "за [її] даними"
                elif kind == "pre" and len(phrase) == 2 and phrase[0] == _AS.get(lex.language):
                    # "Як [ми неодноразово] писали, …", "как [уже] сообщалось, …"
                    n = i + 1
                    while n < min(hi, i + 4) and (toks[n].lower in lex.skip or toks[n].lower in lex.pronouns):
                        n += 1
                    if n == i + 1 or not self._phrase_at(n, phrase[1:], hi):
                        continue
                    j = n + 1
                else:
                    continue
                if kind == "comma" and (i == lo or toks[i - 1].text != ","):
                    continue
                if kind == "post":
                    subject = self._np_before(i - 1, lo, apposition=False)
                    np_lo, np_hi = (subject.start, j) if subject else (i, j)
                else:
                    subject = self._source_np(j, hi)
                    np_lo, np_hi = i, (subject.end if subject else j)
                own = False
                if subject is None and kind == "pre":
                    # "По его словам, …" / "За нашими підрахунками, …": the source is inside the phrase
                    inner = next((n for n in range(i, j) if toks[n].lower in _POSSESSIVE_3 or (
                        toks[n].lower in lex.pronouns and toks[n].lower not in _FIRST_PERSON)), None)  # fmt: skip
                    if inner is not None:
                        subject = Subject(inner, inner + 1, None, True)
                    # the outlet itself: "за нашими даними", "як ми писали", "как сообщалось"
                    own = any(toks[n].lower in _POSSESSIVE_1 or toks[n].lower in _FIRST_PERSON for n in range(i, j))
                    own = own or (lex.language in ("ru", "uk") and toks[j - 1].lower.endswith(("лось", "лося", "ся")))
                if subject is None and not own:
                    continue
                cue = (toks[i].start, toks[j - 1].end)
                head_words = self._words(lo, np_lo)
                if head_words >= MIN_CONTENT_WORDS and (
                    np_lo - 1 < lo or toks[np_lo - 1].text in ",(—–-" or kind == "post"
                ):
                    content = (s.start, toks[np_lo - 1].start if toks[np_lo - 1].text in ",(—–-" else toks[np_lo].start)
                    tail = (toks[np_hi].start, self._content_end(np_hi, hi, s)) if np_hi < hi else (s.end, s.end)
                    tail_words = self._words(np_hi, hi)
                    parenthetical = (
                        np_lo - 1 >= lo and toks[np_lo - 1].text in ",(—–" and np_hi < hi and toks[np_hi].text in ",)—–"
                    )
                    if parenthetical and tail_words >= MIN_CONTENT_WORDS and kind in ("pre", "comma"):
                        # "вік поранених, за даними X, — від 18 до 62 років": the statement runs around its source
                        content = (s.start, tail[1])
                    elif tail_words > head_words:
                        content = tail
                elif np_hi < hi:
                    content = (toks[np_hi].start, self._content_end(np_hi, hi, s))
                else:
                    continue
                if self._add(subject, cue, content, "indirect", 0.7):
                    return np_hi
        return 0

    def _opinion_of(self, i: int, lo: int, hi: int, s: Sentence) -> int:
        """'Pour lui, l'élite …' / 'Para el ministro, la medida …': whose view a sentence gives, when a comma closes
        a pronoun or a named speaker right after 'pour/para'."""
        toks = self.toks
        k = next((n for n in range(i + 1, min(hi, i + 2 + MAX_NP)) if toks[n].text == ","), None)
        if k is None or k == i + 1 or self._words(k + 1, hi) < MIN_CONTENT_WORDS:
            return 0
        subject: Subject | None
        if k == i + 2 and toks[i + 1].lower in _OPINION_PRONOUNS:
            subject = Subject(i + 1, i + 2, None, True)
        else:
            subject = self._subject_from(i + 1, k)
            if subject is None or subject.mention is None or subject.mention.entity.type not in ("PERSON", "ORG"):
                return 0
        if self._add(subject, (toks[i].start, toks[i].end), (toks[k + 1].start, self._content_end(k + 1, hi, s)),
                     "indirect", 0.6):  # fmt: skip
            return k + 1
        return 0

    def _source_np(self, j: int, hi: int) -> Subject | None:
        """The source named after 'according to': up to the next comma (a few words)."""
        if j < hi and self._is_cue(j, hi):
            j = self._is_cue(j, hi)  # "según argumentó la entidad": the source follows its verb
        if j + 1 < hi and self.toks[j + 1].lower in ("cual", "cuales", "quel", "laquelle", "lequel", "which", "welche"):
            return None  # "según el cual …": a relative clause, not a source
        k = j
        while (
            k < hi
            and k - j < MAX_NP + 2
            and self.toks[k].text not in ",.;:!?()"
            and self.toks[k].lower not in self.lex.complementizers
        ):
            k += 1
        if k == j:
            return None
        if k >= hi or self.toks[k].text not in ",;:()":
            # No comma closes the source ("Laut der Polizei wurden …"): a name, or an article and its noun.
            m = self._mentions_in(self.toks[j].start, self.toks[k - 1].end)
            if m and m[0].start == self.toks[j].start or (m and self.toks[j].lower in self.lex.determiners):
                k = bisect.bisect_left(self.tok_starts, m[0].end)
            else:
                n = j + 1 if self.toks[j].lower in self.lex.determiners else j
                while n + 1 < k and self.toks[n + 1].capitalised and self.toks[n].capitalised:
                    n += 1
                k = min(k, n + 1)
        return self._subject_from(j, k)

    def _quoted(self, pos: int) -> bool:
        """Whether an offset lies inside a quotation (a cue there belongs to the quoted speaker's words)."""
        k = bisect.bisect_right(self.quote_starts, pos) - 1
        return k >= 0 and pos < self.quote_spans[k][1]

    def _verb_cue(self, i: int, lo: int, hi: int, s: Sentence) -> int:
        j = self._is_cue(i, hi)
        if not j or i in self.used_cues or self._quoted(self.toks[i].start):
            return 0
        if self._overlaps(self.toks[i].start, self.toks[i].end):
            return 0  # a cue inside what someone else said is part of that claim
        toks = self.toks
        cue = self._cue_span(i, j, lo)
        # The cue's first token, its auxiliary included: in '…, a déclaré X' the comma stands before 'a', not 'déclaré'.
        cue_first = bisect.bisect_left(self.tok_starts, cue[0])
        first = lo
        while first < i and toks[first].lower in self.lex.skip:
            first += 1
        participle = self._participle_at(i) and (
            (i > lo and (toks[i - 1].text == "," or toks[i - 1].is_word)) or first == i
        )
        if participle and first == i:  # "Estimant que …, il a voté contre"
            subject = self._main_subject_after(j)
            side = "before"
        elif participle:  # "…, saying the talks failed": the subject is the sentence's, or the last speaker's
            same = [c for c in self._nearby(toks[i].start) if c.cue and s.start <= c.cue[0] < toks[i].start]
            subject = (
                (self._last_subject(toks[i].start) if same else None)
                or self._clause_start_subject(i, lo)
                or self._first_subject(max(lo, i - 2 * CLAUSE_REACH), i)
                or self._last_subject(toks[i].start)
            )
            side = "before"
        else:
            subject, side = self._subject(i, j, lo, hi)
        if subject is None:
            return 0
        if subject.end - subject.start == 1 and toks[subject.start].lower in _extra(self.lex.language, "indefinite"):
            return 0  # "хтось вважає", "someone thinks": nobody in particular
        after = subject.end if side == "after" else j
        # "…, wie er auf der Buchmesse sagte." / "…, comme il l'a dit." / "…, as he said": the clause before 'as'
        as_word = _AS_CLAUSE.get(self.lex.language)
        w = i - 1
        while as_word and w > lo and toks[w].is_word and toks[w].lower != as_word and i - w < CLAUSE_REACH:
            w -= 1
        if as_word and w > lo and toks[w].lower == as_word and toks[w - 1].text == ",":
            own = self._np_after(w + 1, i)
            if own is not None and own.strong and self._add(own, cue, (s.start, toks[w - 1].start), "indirect", 0.65):
                return hi
        # 0. "Об этом заявил X." / "Про це на брифінгу повідомив X.": what was said is the sentence before.
        head_end = self._head_end(subject, side, cue_first, lo)
        if self.previous is not None and any(
            self._anaphoric_at(k, p, lo, head_end)
            for k in range(max(lo, head_end - 12), head_end) for p in self.lex.anaphoric
        ):
            if self._add(subject, cue, self._anaphoric_content(s), "indirect", 0.6):
                return hi
        # 1. A complementizer shortly after the cue (and its object): "said that …", "заявил, что …".
        complementizer = False
        for k in range(after, min(hi, after + COMP_REACH)):
            t = toks[k]
            if t.text in CLAUSE_END or t.text in QUOTE_CHARS or (k > after and self._is_cue(k, hi)):
                break
            if t.lower in self.lex.complementizers:
                if k + 1 < hi:
                    # "a indiqué que A et qu'il était temps de B": two statements, one claim each
                    second = self._second_clause(k + 1, hi)
                    end = self._content_end(k + 1, hi, s)
                    if second is not None and toks[second - 3].end < end:
                        end = toks[second - 3].end  # the first clause stops before 'et que'
                    else:
                        second = None
                    if self._add(subject, cue, (toks[k + 1].start, end), "indirect", 0.7):
                        if second is not None:
                            self._add(subject, cue, (toks[second].start, self._content_end(second, hi, s)),
                                      "indirect", 0.65)  # fmt: skip
                        return k + 1
                # 'said in a statement that "…"': the quotation is the claim, nothing before it is
                complementizer = k > after and k + 1 < hi and self._overlaps(toks[k + 1].start, s.end)
                break
        if toks[i].lower in self.lex.comp_cues or toks[i].lemma in self.lex.comp_cues:
            return 0  # "found", "shows": a report only with "that"
        head_end = self._head_end(subject, side, cue_first, lo)
        head_words = self._words(lo, head_end)
        tail_words = self._words(after, hi)
        head_comma = head_end - 1 >= lo and (toks[head_end - 1].text == "," or toks[head_end - 1].text in QUOTE_CHARS)
        tail_first = (
            side == "before"
            and tail_words >= MIN_CONTENT_WORDS
            and after < hi
            and toks[after].lower not in self.lex.skip
            and (
                toks[after].lower not in self.lex.prepositions
                or any(toks[k].text in ",:" for k in range(after, min(hi - MIN_CONTENT_WORDS, after + 12)))
            )
        )
        # "Der Präsident des BDI, Siegfried Russwurm, sagte …": what precedes an apposition is no statement.
        appositive = side == "before" and subject.end < hi and toks[subject.end].text == ","
        # 2. "The talks were useful, Lavrov said." / "Das sei gut, sagte Scholz." / "A, стверджують X, B."
        if head_comma and head_words >= MIN_CONTENT_WORDS and not participle and not tail_first and not appositive:
            end = toks[head_end - 1].start
            if after < hi and toks[after].text == "," and tail_words >= MIN_CONTENT_WORDS:
                end = s.end  # a parenthetical cue inside the statement
            if self._add(subject, cue, (s.start, end), "indirect", 0.65):
                return after
        # 3. "Lavrov said the talks had been useful." / "X sagte, er hoffe …" / "X described it as …"
        if after < hi and toks[after].lower in self.lex.prepositions:
            # "sagte am Dienstag in Berlin, die Hängepartie sei …": the content follows the circumstances.
            comma = next((k + 1 for k in range(after, min(hi, after + 12)) if toks[k].text in ",:"), None)
            if comma is not None and self._words(comma, hi) < MIN_CLAUSE_WORDS:
                comma = after  # "warnte vor dem Verlust …, auch in Nordhessen": the verb's own complement
            governed = self.lex.language in ("ru", "uk") and side != "after"
            if comma is None and self.lex.language != "en" and not governed:
                # ru/uk verbs govern their preposition ('настаивала на …', 'заявили о …'): that is the content
                tail_words = 0  # "рассказал … во время обращения к эквадорцам": circumstances, no statement
            else:
                after = comma if comma is not None else after
                tail_words = self._words(after, hi)
        if complementizer:
            tail_words = 0
        if tail_words >= MIN_CONTENT_WORDS and after < hi and toks[after].text not in QUOTE_CHARS:
            end = self._content_end(after, hi, s)
            if self._add(subject, cue, (toks[after].start, end), "indirect", 0.6):
                return bisect.bisect_left(self.tok_starts, end)  # a second cue after the content may follow
        # 4. "Об этом заявил X." / "Про це повідомив X.": what was said is the sentence before.
        if self.previous is not None and any(
            self._anaphoric_at(k, p, lo, head_end)
            for k in range(max(lo, head_end - 12), head_end) for p in self.lex.anaphoric
        ):
            if self._add(subject, cue, self._anaphoric_content(s), "indirect", 0.6):
                return hi
        return 0

    def _head_end(self, subject: Subject, side: str, cue_first: int, lo: int) -> int:
        """Where the words before the cue and its speaker end: before the speaker, or before the cue (its auxiliary
        included) when the speaker follows; before 'a-t-elle' when French inverts a pronoun into the verb."""
        if side != "before":
            return cue_first
        k = subject.start
        while k - 1 >= lo and (self.toks[k - 1].text in ("-", "t") or self.toks[k - 1].lower in self.lex.auxiliaries):
            k -= 1
        joined = k < subject.start and self.toks[subject.start - 1].text == "-"
        return k if subject.pronoun and joined and self.toks[k].lower in self.lex.auxiliaries else subject.start

    def _anaphoric_content(self, s: Sentence) -> tuple[int, int]:
        """What 'this' stands for: the sentence before, or the whole paragraph before when the cue's sentence opens
        a paragraph of its own ('…  ¶  Así lo confirmó X, …')."""
        assert self.previous is not None
        start, end = self.previous.start, self.previous.end
        line_start = self.text.rfind("\n", 0, s.start) + 1
        if line_start > 0 and not self.text[line_start : s.start].strip() and line_start > end:
            para_start = self.text.rfind("\n", 0, start) + 1
            k = bisect.bisect_right(self.starts, end) - 1
            while k >= 0 and self.ordered[k].content[1] > para_start:
                para_start = max(para_start, self.ordered[k].content[1])
                k -= 1
            if para_start < start and not self._overlaps(para_start, end):
                start = para_start
        return start, end

    def _anaphoric_at(self, k: int, phrase: tuple[str, ...], lo: int, head_end: int) -> bool:
        """'Об этом заявил X' / 'Это подтвердил X': the claim is the sentence before. A bare 'это' must stand
        right before the verb or subject and not after a preposition ('Несмотря на это … заявили о …')."""
        if not self._phrase_at(k, phrase, head_end):
            return False
        if any(self.toks[n].lower not in self.lex.skip and self.toks[n].lower not in self.lex.coordinators
               and self.toks[n].text not in ",—–-" for n in range(lo, k)):  # fmt: skip
            return False  # "… si así lo considera el juez": not a clause of its own about the sentence before
        if len(phrase) > 1:
            return True
        n = k + 1
        while n < head_end and self.toks[n].lower in self.lex.skip:
            n += 1
        return n == head_end and not (k - 1 >= lo and self.toks[k - 1].lower in self.lex.prepositions)

    def _words(self, a: int, b: int) -> int:
        """Word tokens in [a, b), counted up to WORD_COUNT_CAP (enough for every comparison made with it)."""
        n = 0
        for k in range(a, min(b, a + 3 * WORD_COUNT_CAP)):
            if self.toks[k].is_word:
                n += 1
                if n >= WORD_COUNT_CAP:
                    break
        return n

    def _second_clause(self, a: int, hi: int) -> int | None:
        """The start of a second complement clause coordinated with the one at token a ('… et qu'il …',
        '… and that …', '… y que …', '… und dass …', '… і що …'), if there is one."""
        for k in range(a + MIN_CONTENT_WORDS, min(hi - 1, a + CONTENT_SCAN)):
            t = self.toks[k]
            if t.text in CLAUSE_END or self._quoted(t.start):
                return None
            if t.lower in self.lex.coordinators and self.toks[k + 1].lower in self.lex.complementizers:
                return k + 2 if k + 2 < hi else None
            if t.lower in self.lex.complementizers:
                return None  # "… para que A y que B": the coordination is inside a nested clause
        return None

    def _content_end(self, a: int, hi: int, s: Sentence) -> int:
        """Where a reported clause starting at token a ends: the sentence end, or before a second speaker and
        cue ('Figueroa said the bus was late, though she acknowledged it was unlikely')."""
        for k in range(a + MIN_CONTENT_WORDS, min(hi, a + CONTENT_SCAN)):
            t = self.toks[k]
            if t.is_word and not self._quoted(t.start) and self._is_cue(k, hi):
                b = k
                while b > a and self.toks[b - 1].text in ",":
                    b -= 1
                if b > a and self.toks[b - 1].lower in self.lex.coordinators and b - 1 - a >= MIN_CONTENT_WORDS:
                    # "… розгляне знову, й додав, …" / "… and added that …": a second statement, same speaker
                    c = b - 1
                    while c > a and self.toks[c - 1].text in ",;":
                        c -= 1
                    return self.toks[c - 1].end
                np = self._np_before(k - 1, a, apposition=False, hops=0)
                if np is None or not np.strong:
                    continue
                b = np.start
                while b > a and (self.toks[b - 1].text in ",;—–" or self.toks[b - 1].lower in self.lex.stop):
                    b -= 1
                if b < np.start and b - a >= MIN_CONTENT_WORDS:
                    return self.toks[b - 1].end
        return s.end

    def _last_subject(self, before: int) -> Subject | None:
        last = max((c for c in self._nearby(before) if (c.speaker or c.speaker_span) and c.content[1] <= before),
                   key=lambda c: c.content[1], default=None)  # fmt: skip
        if last is None or before - last.content[1] > REPORTIVE_REACH:
            return None
        if last.speaker is not None:
            a, b = self._tok_range(last.speaker.start, last.speaker.end)
            return Subject(a, max(b, a + 1), last.speaker, False)
        if last.speaker_span is None or last.speaker_span[2].casefold() in self.lex.pronouns:
            return None
        a, b = self._tok_range(last.speaker_span[0], last.speaker_span[1])
        return Subject(a, max(b, a + 1), None, False)

    def _first_subject(self, lo: int, hi: int) -> Subject | None:
        m = self._best_mention(self.toks[lo].start, self.toks[hi - 1].end) if hi > lo else None
        if m is None:
            return None
        a, b = self._tok_range(m.start, m.end)
        return Subject(a, max(b, a + 1), m, False)

    def orphan_quotes(self) -> None:
        """A quotation opening a paragraph with no cue of its own goes on with the speaker quoted just before it
        ('“…,” Mr Farage told the BBC.  ¶  “Therefore, …”')."""
        for match in self.quote_list:
            start, end = _trim(self.text, *match.inner)
            if len(self.text[start : min(end, start + 200)].split()) < MIN_QUOTE_WORDS or self._overlaps(start, end):
                continue
            line_start = self.text.rfind("\n", 0, match.outer[0]) + 1
            before = self.text[max(line_start, match.outer[0] - 3) : match.outer[0]]
            opens_line = line_start > 0 and not self.text[line_start : match.outer[0]].strip()
            if not opens_line and not (before.rstrip()[-1:] in ".!?…" and before[-1:].isspace()):
                continue  # the quotation must open its paragraph, or at least its sentence
            k = bisect.bisect_left(self.starts, match.outer[0]) - 1
            if k < 0:
                continue
            prev = self.ordered[k]
            gap = self.text[prev.content[1] : match.outer[0]]
            if prev.kind == "unattributed" or (prev.speaker is None and prev.speaker_span is None):
                continue
            if len(gap.strip()) > ORPHAN_GAP or gap.count("\n") > 2 or (opens_line and "\n" not in gap):
                continue
            hedged = bool(self.cues.hedges.search(self.text, start, min(end, start + 150)))
            fresh = self._fresh_person(prev.content[1], match.outer[0])
            if fresh is not None and (prev.speaker is None or fresh.entity.id != prev.speaker.entity.id):
                continue  # the narration turned to someone else in between: whose words these are is unclear
            self._insert(Claim(prev.speaker, prev.speaker_span, prev.cue, (start, end), "direct", hedged, 0.6,
                               prev.speaker_name))  # fmt: skip

    def dropped_subjects(self) -> None:
        """A cue whose subject is left out ('Al respecto, explicó que …', 'Также отметил …', '« … », poursuit-il'
        with nothing found) reports the speaker of the claim just before it."""
        ordered = sorted((c for c in self.claims if c.cue), key=lambda c: c.cue[0] if c.cue else 0)
        previous: Claim | None = None
        for claim in ordered:
            pronoun = claim.speaker_span is not None and claim.speaker_span[2].casefold() in self.lex.pronouns
            if pronoun and previous is not None and claim.cue and previous.cue and claim.speaker_span:
                # Resolved again in text order, now that every claim is known: 'he' is who spoke just before,
                # unless the narration named another person since.
                fresh = self._fresh_person(previous.cue[1], min(claim.content[0], claim.speaker_span[0]))
                if fresh is not None:
                    claim.speaker, claim.speaker_name = fresh, None
                elif claim.cue[0] - previous.cue[0] < REFERENT_REACH and (previous.speaker or previous.speaker_name):
                    speaker_type = previous.speaker.entity.type if previous.speaker else "PERSON"
                    if speaker_type in ("PERSON", "OTHER"):
                        claim.speaker, claim.speaker_name = previous.speaker, previous.speaker_name
            if claim.speaker is None and claim.speaker_span is None:
                if (
                    previous is not None
                    and claim.cue
                    and previous.cue
                    and claim.cue[0] - previous.cue[0] < REFERENT_REACH
                ):
                    claim.speaker, claim.speaker_span = previous.speaker, previous.speaker_span
                    claim.speaker_name = previous.speaker_name
            if claim.speaker is not None or claim.speaker_span is not None:
                previous = claim

    def unattributed(self, sentences: list[Sentence], comments_from: int | None) -> None:
        """The author's own hedged assertions: any hedge in a comment section, a strong one ('allegedly') elsewhere."""
        for s in sentences:
            in_comments = comments_from is not None and s.start >= comments_from
            hedges = self.cues.hedges if in_comments else self.cues.strong_hedges
            if hedges.search(s.text) and not s.text.rstrip().endswith("?"):
                self._add(None, None, (s.start, s.end), "unattributed", 0.55)


_GERUNDS: dict[str, tuple[str, ...]] = {
    "uk": ("ючи", "учи", "ячи", "ачи", "вши", "вшись", "ючись", "учись", "ячись", "ачись"),
    "ru": ("ясь", "вшись", "вши", "уя", "ая", "яя"),
    "fr": ("ant",),
    "es": ("ando", "iendo", "yendo"),
    "en": ("ing",),
}


@cache
def _extra_lexicon(language: str) -> dict[str, Any]:
    from pipeline.extract.lexicon import LEXICON_DIR

    data: dict[str, Any] = json.loads((LEXICON_DIR / f"{language}.json").read_text(encoding="utf-8"))["claims"]
    return data


@cache
def _extra(language: str, key: str) -> frozenset[str]:
    """Words of a `claims` lexicon entry that ClaimCues does not carry ('dative')."""
    return frozenset(w.casefold() for w in _extra_lexicon(language).get(key, []))


_AS = {"uk": "як", "ru": "как"}
_AS_CLAUSE = {"de": "wie", "fr": "comme", "es": "como", "en": "as"}
_POSSESSIVE_3 = frozenset(
    "его её ее их його її їхніми їхнім їх his her their its son sa ses leur leurs su sus seinen seiner ihren ihrer "
    "ihrem seinem".split()
)
_FOR_HIM = {"pour": ("fr",), "para": ("es",)}
_OPINION_PRONOUNS = frozenset("lui elle eux elles él ella ellos ellas".split())
_FIRST_PERSON = frozenset("ми мы we nous nosotros wir".split())
_POSSESSIVE_1 = frozenset("нашими нашим наших нашей our nos notre nuestras nuestros nuestra unseren unserer".split())
_LEAD_WORD = re.compile(r"(\w+)\s*,\s*")


@cache
def _source_cues(language: str) -> tuple[tuple[str, ...], ...]:
    """'according to X' phrases, and in Russian/Ukrainian 'як/как' before any reporting verb ('Як анонсують X та Y,
    …', 'как отметил X, …'), matched by the verb's lemma."""
    lex = claim_cues(language)
    word = _AS.get(language)
    if word is None:
        return lex.source_cues
    extra = tuple((word, cue) for cue in sorted(lex.cues))
    return tuple(dict.fromkeys(lex.source_cues + extra))


@cache
def _first_words(language: str, which: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Cue phrases by their first word, so that a token is checked only against phrases it can open."""
    lex = claim_cues(language)
    phrases = (
        lex.cue_phrases if which == "cue" else _source_cues(language) + lex.source_cues_after + lex.source_cues_comma
    )
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for phrase in phrases:
        out[phrase[0]] = out.get(phrase[0], ()) + (phrase,)
    return out


_QUOTE_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=''|[(„«“])|(?<=[.!?][“”»\"])\s+(?=[^\W\d_])")


def _resplit(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """Sentences also end before a quotation opened with two apostrophes ("… plans. ''It's nonsense,'' he said")
    and before a parenthesis opening a new sentence ("… Кириленко. (Сама ж партія, за даними джерел, …)")."""
    out: list[Sentence] = []
    for s in sentences:
        cursor = s.start
        for m in _QUOTE_BOUNDARY.finditer(text, s.start, s.end):
            out.append(Sentence(cursor, m.start(), text[cursor : m.start()]))
            cursor = m.end()
        out.append(s if cursor == s.start else Sentence(cursor, s.end, text[cursor : s.end]))
    return out


_NOT_PERSON = frozenset(
    "party state states partnership department council committee ministry university house bank union court agency "
    "office guesthouse news times post journal post group company corporation association institute forum front "
    "партия государство министерство совет комитет партія міністерство рада комітет".split()
)


def _is_person(m: Mention | None) -> bool:
    return m is not None and (m.entity.type == "PERSON" or (m.kind == "unknown" and m.entity.type == "OTHER"
                                                            and len(m.text.split()) >= 2 and _person_like(m.text)))


def _person_like(name: str) -> bool:
    """An unknown capitalised name that may be a person's (not 'Communist Party', 'Islamic State')."""
    return not any(w.casefold() in _NOT_PERSON for w in re.findall(r"\w+", name))


def _headline(toks: list[Token], language: str) -> bool:
    """A title-cased line: most of its longer words capitalised (German capitalises every noun: nearly all there)."""
    long = [t for t in toks if t.is_word and len(t.text) > 3]
    share = 0.95 if language == "de" else 0.75
    return len(long) >= 3 and sum(1 for t in long if t.capitalised) >= share * len(long)


def _paragraph_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, cursor = [], start
    for line in re.finditer(r"\n+", text[start:end]):
        pieces.append((cursor, start + line.start()))
        cursor = start + line.end()
    pieces.append((cursor, end))
    return [(a, b) for a, b in pieces if b - a > 0]


def find_claims(
    text: str, sentences: list[Sentence], mentions: list[Mention], cues: Cues, comments_from: int | None
) -> list[Claim]:
    finder = ClaimFinder(text, mentions, cues)
    finder.quotes()
    finder.reported(_resplit(text, sentences))
    finder.orphan_quotes()
    finder.dropped_subjects()
    finder.unattributed(sentences, comments_from)
    return sorted(finder.claims, key=lambda c: c.content[0])


def claim_record(text: str, claim: Claim, comments_from: int | None) -> dict[str, Any]:
    start, end = claim.content
    speaker: dict[str, str] | None = None
    if claim.speaker is not None:
        speaker = {"id": claim.speaker.entity.id, "name": claim.speaker.entity.name}
    elif claim.speaker_name:
        name = " ".join(claim.speaker_name.split())
        speaker = {"id": "speaker:" + "-".join(re.findall(r"\w+", fold(name))), "name": name}
    record: dict[str, Any] = {
        "speaker": speaker,
        "speaker_mention": None,
        "cue": {"text": text[claim.cue[0] : claim.cue[1]], "start": claim.cue[0], "end": claim.cue[1]}
        if claim.cue
        else None,
        "content": {"text": text[start:end], "start": start, "end": end},
        "kind": claim.kind,
        "hedged": claim.hedged,
        "in_comments": comments_from is not None and start >= comments_from,
        "confidence": claim.confidence,
    }
    if claim.speaker_span:
        s, e, surface = claim.speaker_span
        record["speaker_mention"] = {"text": surface, "start": s, "end": e}
    return record
