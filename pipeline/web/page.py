"""One HTML page to its article: main text, reader comments kept apart, and metadata, via trafilatura."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import NewswireError
from pipeline.extract.language import detect_language
from pipeline.extract.lexicon import LANGUAGES, cues
from pipeline.extract.segment import comments_start
from pipeline.extract.text import normalise_text
from pipeline.web.decode import decode_html

# Below this much prose (characters in lines of several words) a page is a listing, a stub or an error page.
MIN_ARTICLE_CHARS = 200
PROSE_LINE_MIN_WORDS = 8
_HTML_LANG = re.compile(r"""<html[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3})""", re.IGNORECASE)
_MIDNIGHT = re.compile(r"T00:00:00$")

# trafilatura logs every page it finds nothing in at WARNING; a crawler counts those itself.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


class NoArticle(NewswireError):
    """The page holds no article text (a listing, a stub, an error page, a non-HTML body)."""


@dataclass(frozen=True)
class Page:
    """What one page yields: the article body without comments, the comments, and the page's metadata."""

    title: str
    text: str
    comments: tuple[str, ...] = ()
    url: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    language: str | None = None
    encoding: str = "utf-8"
    tags: tuple[str, ...] = field(default_factory=tuple)


def prose_chars(text: str) -> int:
    return sum(len(line) for line in text.split("\n") if len(line.split()) >= PROSE_LINE_MIN_WORDS)


def _published(value: str | None) -> str | None:
    if not value:
        return None
    # htmldate pads a bare date with midnight; a midnight without an offset means "time unknown".
    value = _MIDNIGHT.sub("", value)
    if re.search(r"[+-]\d{4}$", value):
        value = value[:-2] + ":" + value[-2:]
    return value


def _strip_heading(text: str, title: str) -> str:
    # Some layouts put the headline inside the text container; the record carries it as the title already.
    first, _, rest = text.partition("\n")
    if title and first.strip().casefold() == title.strip().casefold():
        return rest.lstrip("\n")
    return text


def _split_comments(text: str, language: str | None) -> tuple[str, tuple[str, ...]]:
    """Split off a comment section trafilatura left in the body (one marked by a header, not by markup)."""
    if language not in LANGUAGES:
        return text, ()
    start = comments_start(text, cues(language))
    if start is None:
        return text, ()
    header_start = text.rfind("\n", 0, max(start - 1, 0)) + 1
    comments = tuple(line.strip() for line in text[start:].split("\n") if line.strip())
    return text[:header_start].rstrip(), comments


def _bare_extract(html: str, url: str | None) -> dict[str, Any] | None:
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=True,
        include_tables=False,
        with_metadata=True,
        favor_precision=False,  # recall mode scored best on eval/pages; the comment split restores precision
        deduplicate=False,
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        },
    )
    if document is None:
        return None
    return dict(document.as_dict()) if hasattr(document, "as_dict") else dict(document)


def extract_page(
    body: bytes | str, url: str | None = None, content_type: str | None = None, language_hint: str | None = None
) -> Page:
    """The article of one page; NoArticle with the reason when there is none."""
    if isinstance(body, bytes):
        html, encoding = decode_html(body, content_type)
    else:
        html, encoding = body, "utf-8"
    if "<" not in html[:2048]:
        raise NoArticle("not HTML")
    document = _bare_extract(html, url)
    if document is None or not (document.get("text") or "").strip():
        raise NoArticle("no main text found")
    title = normalise_text(document.get("title") or "").strip()
    text = _strip_heading(normalise_text(document.get("text") or ""), title)
    declared = _HTML_LANG.search(html[:4096])
    language = (declared.group(1).lower() if declared else None) or language_hint
    if language not in LANGUAGES:
        language = detect_language(text, title=title, hint=language_hint).code
    text, split_comments = _split_comments(text, language)
    prose = prose_chars(text)
    if prose < MIN_ARTICLE_CHARS:
        raise NoArticle(f"too little prose ({prose} characters) for an article")
    marked = tuple(line.strip() for line in normalise_text(document.get("comments") or "").split("\n") if line.strip())
    return Page(
        title=title,
        text=text,
        comments=marked + split_comments,
        url=document.get("url") or url,
        author=document.get("author") or None,
        published=_published(document.get("date")),
        site_name=document.get("sitename") or None,
        language=language,
        encoding=encoding,
        tags=tuple(document.get("tags") or ()),
    )
