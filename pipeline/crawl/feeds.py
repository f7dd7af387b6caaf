"""RSS, RDF, Atom, news sitemaps and sitemap indexes to article links, parsed without entity expansion."""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from pipeline.errors import Declined

MAX_ENTRIES = 5000  # a feed or sitemap listing more is truncated here (news sitemaps are capped at 1,000 by spec)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


class FeedError(Declined):
    """A feed or sitemap that cannot be read."""


@dataclass(frozen=True)
class FeedEntry:
    """One link a feed or sitemap announces, with what it says about it."""

    url: str
    title: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Feed:
    kind: str  # rss, rdf, atom, urlset, sitemapindex
    entries: tuple[FeedEntry, ...] = ()
    sitemaps: tuple[str, ...] = ()  # children of a sitemap index


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(element: Any, name: str) -> Any:
    return next((child for child in element if _local(child.tag) == name), None)


def _text(element: Any, *path: str) -> str | None:
    for name in path:
        if element is None:
            return None
        element = _child(element, name)
    if element is None or element.text is None:
        return None
    return " ".join(element.text.split()) or None


def normalise_date(value: str | None) -> str | None:
    """ISO 8601 from an RFC 822 (RSS) or W3C (Atom, sitemap) date; None when it is neither."""
    if not value:
        return None
    value = value.strip()
    if _ISO.match(value):
        return value.replace(" ", "T", 1)
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.isoformat()


def _decompress(body: bytes, limit: int) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        data = gzip.GzipFile(fileobj=io.BytesIO(body)).read(limit + 1)
    except (OSError, EOFError) as exc:
        raise FeedError("malformed_feed", f"bad gzip: {exc}") from exc
    if len(data) > limit:  # a gzip bomb, or simply too big
        raise FeedError("too_large", f"decompressed sitemap exceeds {limit} bytes")
    return data


def _rss_items(items: list[Any], base: str) -> list[FeedEntry]:
    out = []
    for item in items:
        link = _text(item, "link")
        guid = _child(item, "guid")
        if not link and guid is not None and (guid.get("isPermaLink") or "true").lower() == "true":
            link = _text(item, "guid")
        if link:
            published = _text(item, "pubdate") or _text(item, "date")
            out.append(FeedEntry(urljoin(base, link), _text(item, "title"), normalise_date(published)))
    return out


def _atom_entries(root: Any, base: str) -> list[FeedEntry]:
    out = []
    for entry in (child for child in root if _local(child.tag) == "entry"):
        links = [child for child in entry if _local(child.tag) == "link"]
        chosen = next((link for link in links if link.get("rel", "alternate") == "alternate"), None)
        if chosen is None or not chosen.get("href"):
            continue
        published = _text(entry, "published") or _text(entry, "updated")
        out.append(
            FeedEntry(urljoin(base, chosen.get("href").strip()), _text(entry, "title"), normalise_date(published))
        )
    return out


def _urlset(root: Any, base: str) -> list[FeedEntry]:
    out = []
    for url in (child for child in root if _local(child.tag) == "url"):
        loc = _text(url, "loc")
        if not loc:
            continue
        news = _child(url, "news")
        published = _text(news, "publication_date") if news is not None else None
        language = _text(news, "publication", "language") if news is not None else None
        title = _text(news, "title") if news is not None else None
        out.append(FeedEntry(urljoin(base, loc), title, normalise_date(published or _text(url, "lastmod")), language))
    return out


def parse_feed(body: bytes, base_url: str, limit: int = 20_000_000) -> Feed:
    """The links of an RSS/RDF/Atom feed or a (news) sitemap; FeedError with the reason when unreadable."""
    data = _decompress(body, limit)
    if not data.strip():
        raise FeedError("malformed_feed", "empty document")
    try:
        root = fromstring(data)
    except DefusedXmlException as exc:
        raise FeedError("hostile_xml", f"{type(exc).__name__}: entity or DTD tricks refused") from exc
    except Exception as exc:  # ParseError and friends: every malformed document ends here
        raise FeedError("malformed_feed", f"{type(exc).__name__}: {exc}") from exc
    kind = _local(root.tag)
    if kind == "rss":
        channel = _child(root, "channel")
        items = [child for child in (channel if channel is not None else []) if _local(child.tag) == "item"]
        entries = _rss_items(items, base_url)
    elif kind == "rdf":
        entries = _rss_items([child for child in root if _local(child.tag) == "item"], base_url)
    elif kind == "feed":
        kind, entries = "atom", _atom_entries(root, base_url)
    elif kind == "urlset":
        entries = _urlset(root, base_url)
    elif kind == "sitemapindex":
        children = [_text(sitemap, "loc") for sitemap in root if _local(sitemap.tag) == "sitemap"]
        return Feed(kind, sitemaps=tuple(urljoin(base_url, loc) for loc in children if loc)[:MAX_ENTRIES])
    else:
        raise FeedError("not_a_feed", f"root element <{kind}> is not rss, rdf, feed, urlset or sitemapindex")
    return Feed(kind, tuple(entries[:MAX_ENTRIES]))


def age_days(published: str | None, now: datetime | None = None) -> float | None:
    """Days since `published`, None when unknown or unparsable."""
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return ((now or datetime.now(UTC)) - when).total_seconds() / 86400
