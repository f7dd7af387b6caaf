"""WARC archives (web crawls) to articles: every HTML response goes through the same page extraction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.identity import site_of
from pipeline.models import RawArticle
from pipeline.producers.outcomes import Rejection, Skip
from pipeline.web.article import article_from_page, is_html
from pipeline.web.page import NoArticle, extract_page

MAX_PAGE_BYTES = 10_000_000


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz"))


def gzip_intact(path: Path) -> bool:
    """False when a .gz file ends inside a member: warcio would stop there silently."""
    import gzip
    import zlib

    try:
        with gzip.open(path, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return False
    return True


def warc_articles(path: Path) -> Iterator[RawArticle | Rejection | Skip]:
    """Articles of a (gzipped) WARC file, and a Skip with the reason for each response that is not one."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue  # requests, metadata and warcinfo records carry no page
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                origin = f"{path}#{uri}"
                status = record.http_headers.get_statuscode() or ""
                if not status.startswith("2"):
                    yield Skip(origin, f"http_{status}" if status else "no_http_status")
                    continue
                content_type = record.http_headers.get_header("Content-Type")
                if not is_html(content_type):
                    yield Skip(origin, "not_html")
                    continue
                body = record.content_stream().read(MAX_PAGE_BYTES + 1)
                if len(body) > MAX_PAGE_BYTES:
                    yield Skip(origin, "too_large")
                    continue
                try:
                    page = extract_page(body, uri, content_type)
                except NoArticle:
                    yield Skip(origin, "no_article")
                    continue
                yield article_from_page(
                    page,
                    source=site_of(uri) or "warc",
                    fetched_url=uri,
                    fetched_at=record.rec_headers.get_header("WARC-Date"),
                    extra={"warc_file": path.name, "warc_record_id": record.rec_headers.get_header("WARC-Record-ID")},
                )
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield Rejection(str(path), f"unreadable WARC: {exc}", "")
            return
    if path.name.lower().endswith(".gz") and not gzip_intact(path):
        yield Rejection(str(path), "truncated WARC: the archive ends inside a record (records before it were read)", "")
