"""Language identification: langdetect, seeded so the same text always gets the same answer."""

from __future__ import annotations

from dataclasses import dataclass

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

DetectorFactory.seed = 0  # langdetect samples randomly; a fixed seed makes it deterministic


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1, or "und" when nothing can be said
    confidence: float


UNDETERMINED = LanguageGuess("und", 0.0)


def detect_language(text: str) -> LanguageGuess:
    """The most probable language of `text` with langdetect's probability."""
    if not any(ch.isalpha() for ch in text):
        return UNDETERMINED
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return UNDETERMINED
    code = best.lang.split("-")[0]  # zh-cn / zh-tw → zh
    return LanguageGuess(code, round(float(best.prob), 4))
