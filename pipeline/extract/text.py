"""Text normalisation that every offset is measured against."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi marks and C0/C1 controls other than tab and newline carry no meaning for analysts.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NBSP = re.compile("[\u00a0\u202f\u2007]")


def normalise_text(text: str) -> str:
    """NFC, unified newlines, visible spaces only; trailing whitespace trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _NBSP.sub(" ", text)
    return text.strip()
