"""Bytes of an HTML page to text, surviving wrong, missing and unknown charset declarations."""

from __future__ import annotations

import codecs
import re

# Only the head of a page may declare its charset; looking further finds charsets quoted in article text.
_META_WINDOW = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower())
    except LookupError:
        return None
    # Browsers read latin-1 declarations as windows-1252; so do we, it is a strict superset in practice.
    return "cp1252" if codec.name in {"latin-1", "iso8859-1", "ascii"} else codec.name


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Text and the encoding used: BOM, then valid UTF-8, then the declared charset, then a detector's guess."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    try:
        # Multi-byte UTF-8 almost never decodes by accident, so valid UTF-8 wins over a wrong declaration.
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(body[:_META_WINDOW])
    declared = [_known(header_charset(content_type)), _known(meta.group(1).decode("ascii") if meta else None)]
    for candidate in declared:
        if candidate and candidate not in {"utf-8", "utf_8"}:
            try:
                return body.decode(candidate), candidate
            except UnicodeDecodeError:
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return body.decode("cp1252", errors="replace"), "cp1252"
