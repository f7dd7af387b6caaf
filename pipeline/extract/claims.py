"""Claims: who said what (quoted, reported or unattributed), hedged or not, with evidence offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.extract.entities import Mention
from pipeline.extract.lexicon import Cues
from pipeline.extract.segment import Sentence

QUOTES = re.compile(r"«\s*(?P<a>[^«»]+?)\s*»|“(?P<b>[^“”]+?)”|„(?P<c>[^„“”]+?)[“”]|\"(?P<d>[^\"]+?)\"")
SPEAKER_TYPES = ("PERSON", "ORG", "GPE")
MIN_QUOTE_WORDS = 4
CUE_WINDOW = 160  # how far before a quote a speech verb may stand
TRAILING = ' \t\n.,;:!?»”"'


@dataclass
class Claim:
    speaker: Mention | None
    speaker_span: tuple[int, int, str] | None  # start, end, text (a pronoun or a mention)
    cue: tuple[int, int] | None
    content: tuple[int, int]
    kind: str
    hedged: bool
    confidence: float


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRAILING + "«“„":
        start += 1
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    return start, end


def _best_speaker(mentions: list[Mention], lo: int, hi: int, nearest_to: int) -> Mention | None:
    """The speaker among mentions in [lo, hi): a person if any, else an organisation, else a place; nearest wins."""
    inside = [
        m for m in mentions
        if lo <= m.start and m.end <= hi and m.entity.type in SPEAKER_TYPES and m.kind != "demonym"
    ]  # fmt: skip
    for kind in SPEAKER_TYPES:
        typed = [m for m in inside if m.entity.type == kind]
        if typed:
            return min(typed, key=lambda m: min(abs(m.start - nearest_to), abs(m.end - nearest_to)))
    return None


def _span(mention: Mention | None) -> tuple[int, int, str] | None:
    return (mention.start, mention.end, mention.text) if mention else None


class ClaimFinder:
    """Finds claims in one article, remembering the last speaker so that pronouns resolve."""

    def __init__(self, text: str, mentions: list[Mention], cues: Cues) -> None:
        self.text, self.mentions, self.cues = text, [m for m in mentions if m.field == "text"], cues
        self.last_person: Mention | None = None
        self.claims: list[Claim] = []

    def _referent(self, before: int) -> Mention | None:
        """Who a pronoun stands for: the last person who spoke, else the last person named."""
        earlier = [m for m in self.mentions if m.end <= before and m.entity.type == "PERSON"]
        return self.last_person or (earlier[-1] if earlier else None)

    def _pronoun(self, lo: int, hi: int, last_words: bool) -> tuple[Mention | None, tuple[int, int, str] | None]:
        """A subject pronoun in text[lo:hi], resolved: the first one, or one of the last two words when
        `last_words` (the subject right before the verb or its auxiliary, "Il a affirmé")."""
        words = list(re.finditer(r"\w+", self.text[lo:hi]))
        for match in words[-2:][::-1] if last_words else words:
            if match.group().casefold() in self.cues.pronouns:
                start = lo + match.start()
                return self._referent(start), (start, start + len(match.group()), match.group())
        return None, None

    def _speaker_before(self, cue_start: int, lo: int) -> tuple[Mention | None, tuple[int, int, str] | None]:
        referent, pronoun = self._pronoun(max(lo, cue_start - 24), cue_start, last_words=True)
        if pronoun:
            return referent, pronoun
        mention = _best_speaker(self.mentions, lo, cue_start, cue_start)
        return mention, _span(mention)

    def _add(self, speaker: Mention | None, span: tuple[int, int, str] | None, cue: tuple[int, int] | None,
             content: tuple[int, int], kind: str, base: float) -> None:  # fmt: skip
        start, end = _trim(self.text, *content)
        if end - start < 8 or any(c.content[0] < end and start < c.content[1] for c in self.claims):
            return
        window = self.text[min(start, cue[0]) if cue else start : start + 150]
        hedged = bool(self.cues.hedges.search(window)) or kind == "unattributed"
        if speaker is not None and speaker.entity.type == "PERSON":
            self.last_person = speaker
        confidence = base + (0.1 if speaker else 0.0) + (0.05 if cue else 0.0)
        self.claims.append(Claim(speaker, span, cue, (start, end), kind, hedged, round(min(confidence, 0.95), 2)))

    def quotes(self) -> None:
        for match in QUOTES.finditer(self.text):
            group = next(g for g in ("a", "b", "c", "d") if match.group(g) is not None)
            inner_start, inner_end = match.start(group), match.end(group)
            if len(self.text[inner_start:inner_end].split()) < MIN_QUOTE_WORDS:
                continue  # scare quotes and titles, not claims
            # A quote running over paragraphs may be framed by two speakers: split it at line breaks.
            pieces = _paragraph_pieces(self.text, inner_start, inner_end)
            for index, (start, end) in enumerate(pieces):
                self._quote_piece(start, end, match, first=index == 0, last=index == len(pieces) - 1)

    def _quote_piece(self, start: int, end: int, match: re.Match[str], first: bool, last: bool) -> None:
        if last:  # « … », a déclaré X  /  "…," said X  /  "…," X said
            after = self.text[match.end() : match.end() + 80]
            verb = self.cues.speech_verbs.search(after)
            if verb and verb.start() < 25 and "\n" not in after[: verb.start()]:
                cue = (match.end() + verb.start(), match.end() + verb.end())
                line_end = self.text.find("\n", cue[1])
                hi = min(cue[1] + 80, line_end if line_end != -1 else len(self.text))
                speaker = _best_speaker(self.mentions, match.start(), hi, cue[1])
                span = _span(speaker)
                if speaker is None:
                    speaker, span = self._pronoun(match.end(), cue[1], last_words=False)
                self._add(speaker, span, cue, (start, end), "direct", 0.75)
                return
        if first:  # X a déclaré : « … »  /  X said: "…"
            lo = max(self.text.rfind("\n", 0, match.start()) + 1, match.start() - CUE_WINDOW)
            verbs = list(self.cues.speech_verbs.finditer(self.text, lo, match.start()))
            if verbs:
                verb = verbs[-1]
                speaker, span = self._speaker_before(verb.start(), lo)
                if speaker is None:
                    speaker = _best_speaker(self.mentions, verb.end(), match.start(), verb.end())
                    span = _span(speaker)
                self._add(speaker, span, (verb.start(), verb.end()), (start, end), "direct", 0.75)

    def reported(self, sentences: list[Sentence]) -> None:
        for sentence in sentences:
            self._according_to(sentence)
            if not self._that_clause(sentence) and not self._inverted(sentence):
                self._bare_clause(sentence)

    def _according_to(self, s: Sentence) -> None:
        for cue in self.cues.according_to.finditer(self.text, s.start, s.end):
            after = [m for m in self.mentions if cue.end() <= m.start <= cue.end() + 25 and m.end <= s.end]
            if not after:
                continue
            speaker, span = after[0], _span(after[0])
            head = self.text[s.start : cue.start()].rstrip()
            if head.endswith(",") and len(head.split()) >= 3:  # "…, according to X." / "…, selon X."
                content = (s.start, len(head) + s.start - 1)
            elif not head.strip(' «“"'):  # "Selon X, …" / "Laut X wurden …" opens the sentence
                comma = self.text.find(",", speaker.end, s.end)
                content = (comma + 1 if comma != -1 and comma - speaker.end < 40 else speaker.end, s.end)
            else:
                continue  # elsewhere the word means something else ("pour", "laut")
            self._add(speaker, span, (cue.start(), cue.end()), content, "indirect", 0.7)

    def _that_clause(self, s: Sentence) -> bool:
        for verb in self.cues.speech_verbs.finditer(self.text, s.start, s.end):
            comp = self.cues.complementizers.search(self.text, verb.end(), min(s.end, verb.end() + 100))
            if comp is None or re.search(r"[.;!?«»\"“”]", self.text[verb.end() : comp.start()]):
                continue
            speaker, span = self._speaker_before(verb.start(), s.start)
            self._add(speaker, span, (verb.start(), verb.end()), (comp.end(), s.end), "indirect", 0.65)
            return True
        return False

    def _inverted(self, s: Sentence) -> bool:
        for verb in self.cues.speech_verbs.finditer(self.text, s.start, s.end):
            head = self.text[s.start : verb.start()].rstrip()
            if not head.endswith(",") or len(head.split()) < 5:
                continue
            speaker = _best_speaker(self.mentions, verb.end(), min(s.end, verb.end() + 90), verb.end())
            if speaker is None:
                continue
            self._add(speaker, _span(speaker), (verb.start(), verb.end()),
                      (s.start, verb.start()), "indirect", 0.65)  # fmt: skip
            return True
        return False

    def _bare_clause(self, s: Sentence) -> None:
        """'X said the talks were useful' / 'X sagte, er hoffe …': the reported clause follows the verb directly."""
        for verb in self.cues.speech_verbs.finditer(self.text, s.start, s.end):
            speaker, span = self._speaker_before(verb.start(), max(s.start, verb.start() - 80))
            rest = self.text[verb.end() : s.end].lstrip(" ,:")
            if speaker is None or len(rest.split()) < 3 or rest[:1] in '«“"„':
                continue
            self._add(speaker, span, (verb.start(), verb.end()), (s.end - len(rest), s.end), "indirect", 0.6)
            return

    def unattributed(self, sentences: list[Sentence], comments_from: int | None) -> None:
        """The author's own hedged assertions: any hedge in a comment section, a strong one ('allegedly') elsewhere."""
        for s in sentences:
            in_comments = comments_from is not None and s.start >= comments_from
            hedges = self.cues.hedges if in_comments else self.cues.strong_hedges
            if hedges.search(s.text) and not s.text.rstrip().endswith("?"):
                self._add(None, None, None, (s.start, s.end), "unattributed", 0.55)


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
    finder.reported(sentences)
    finder.unattributed(sentences, comments_from)
    return sorted(finder.claims, key=lambda c: c.content[0])


def claim_record(text: str, claim: Claim, comments_from: int | None) -> dict[str, Any]:
    start, end = claim.content
    record: dict[str, Any] = {
        "speaker": {"id": claim.speaker.entity.id, "name": claim.speaker.entity.name} if claim.speaker else None,
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
