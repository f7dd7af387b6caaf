"""Backfill from a WARC archive: HTML responses become articles on the real raw topic, the rest is counted."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.contract import raw_from_payload
from pipeline.kafka_io import ensure_topics
from pipeline.producers.sender import produce_paths

from .helpers import read_topic

pytestmark = pytest.mark.integration
PAGES = Path(__file__).resolve().parents[2] / "eval" / "pages"


def write_warc(path: Path) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        def response(url: str, status: str, content_type: str, body: bytes) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))

        request = StatusAndHeaders("GET /news/a HTTP/1.1", [("Host", "observateur.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://observateur.example/a", "request", http_headers=request))
        response(
            "https://observateur.example/a?utm_source=x",
            "200 OK",
            "text/html; charset=utf-8",
            (PAGES / "fr-kremlin-sommet.html").read_bytes(),
        )
        response(
            "https://vestnik.example/politika/23012026-ushakov-peregovory",
            "200 OK",
            "text/html",
            (PAGES / "ru-ushakov-peregovory.html").read_bytes(),
        )
        response("https://observateur.example/logo.png", "200 OK", "image/png", b"\x89PNG....")
        response("https://observateur.example/gone", "404 Not Found", "text/html", b"<html>gone</html>")
        response(
            "https://dailyledger.example/world", "200 OK", "text/html", (PAGES / "en-section-index.html").read_bytes()
        )


def test_warc_responses_become_articles(settings, tmp_path):
    write_warc(tmp_path / "crawl.warc.gz")
    ensure_topics(settings)

    summary = produce_paths(settings, [tmp_path / "crawl.warc.gz"], progress=False)

    assert (summary.sent, summary.failed, sum(summary.rejected.values())) == (2, 0, 0)
    assert dict(summary.skipped) == {"not_html": 1, "http_404": 1, "no_article": 1}
    articles = {a.url: a for a in (raw_from_payload(m.value) for m in read_topic(settings, settings.topic_raw, 2))}
    fr = articles["https://observateur.example/international/2025/12/18/kremlin-sommet-poutine-trump.html"]
    assert fr.source == "observateur.example" and len(fr.comments) == 3 and "Zélésky" not in fr.text
    assert fr.metadata["fetched_url"] == "https://observateur.example/a?utm_source=x"
    assert articles["https://vestnik.example/politika/23012026-ushakov-peregovory"].title.startswith("Ушаков")


def test_a_truncated_warc_is_reported_and_sends_nothing(settings, tmp_path):
    write_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "cut.warc.gz").write_bytes((tmp_path / "crawl.warc.gz").read_bytes()[:700])
    ensure_topics(settings)

    summary = produce_paths(settings, [tmp_path / "cut.warc.gz"], progress=False)

    assert summary.sent == 0 and summary.failed == 0
    assert sum(summary.rejected.values()) + sum(summary.skipped.values()) >= 1
