"""A Page as a RawArticle: canonical URL (only from the same site), id, metadata; shared by crawler, WARC, CLI."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pipeline.contract import valid_date
from pipeline.identity import article_id, canonical_url, site_of
from pipeline.models import RawArticle, utc_now
from pipeline.web.page import Page

HTML_TYPES = {"text/html", "application/xhtml+xml"}


def media_type(content_type: str | None) -> str:
    """`text/html` of `text/HTML; charset=utf-8`; empty when there is none."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_html(content_type: str | None) -> bool:
    """True for HTML media types, and for a missing type (the extractor then decides)."""
    media = media_type(content_type)
    return media in HTML_TYPES or media == ""


def choose_url(declared: str | None, fetched: str | None) -> str | None:
    """The page's own canonical link when it points into the same site, else the URL it was fetched from.

    A page may only name itself: a canonical link to another site could otherwise silence that site's article.
    """
    if (
        declared
        and fetched
        and site_of(declared) == site_of(fetched)
        and urlsplit(declared).scheme in {"http", "https"}
    ):
        return canonical_url(declared)
    if fetched:
        return canonical_url(fetched)
    return canonical_url(declared) if declared else None


def article_from_page(
    page: Page,
    source: str,
    fetched_url: str | None,
    fetched_at: str | None = None,
    language_hint: str | None = None,
    duplicate_of: str | None = None,
    extra: dict[str, Any] | None = None,
) -> RawArticle:
    url = choose_url(page.url, fetched_url)
    metadata: dict[str, Any] = {"fetched_url": fetched_url, "encoding": page.encoding, **(extra or {})}
    if page.tags:
        metadata["tags"] = list(page.tags)
    return RawArticle(
        id=article_id(url, page.title, page.text),
        source=source,
        title=page.title,
        text=page.text,
        url=url,
        # A page's date is a guess from its markup: an impossible one is dropped, the article kept.
        published=page.published if page.published and valid_date(page.published) else None,
        language_hint=language_hint or page.language,
        fetched_at=fetched_at or utc_now(),
        metadata=metadata,
        author=page.author,
        site_name=page.site_name,
        duplicate_of=duplicate_of,
        comments=list(page.comments),
    )
