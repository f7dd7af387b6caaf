"""SimHash fingerprints of article text, for near-duplicate detection (the same wire story on several sites)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

BITS = 64
SHINGLE = 3
BANDS = 4  # 4 bands of 16 bits: two texts within 3 differing bits share at least one band exactly
BAND_BITS = BITS // BANDS
NEAR_DISTANCE = 3
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def simhash(text: str) -> int:
    """64-bit SimHash over overlapping word 3-grams; equal texts give equal hashes, similar texts close ones."""
    words = _words(text)
    grams = [" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))]
    weights = [0] * BITS
    for gram in grams:
        value = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        for bit in range(BITS):
            weights[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit in range(BITS) if weights[bit] > 0)


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def bands(value: int) -> list[int]:
    """The four 16-bit slices used as lookup keys."""
    mask = (1 << BAND_BITS) - 1
    return [(value >> (band * BAND_BITS)) & mask for band in range(BANDS)]
