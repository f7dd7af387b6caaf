import gzip
from pathlib import Path

import pytest

from pipeline.crawl.feeds import FeedError, age_days, normalise_date, parse_feed

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
BASE = "http://news.test"


def fixture(name: str) -> bytes:
    return (SITE / name).read_bytes().replace(b"{base}", BASE.encode())


def test_rss_items_with_link_or_permalink_guid_and_rfc822_dates():
    feed = parse_feed(fixture("fr/rss.xml"), BASE)
    assert feed.kind == "rss"
    assert [e.url for e in feed.entries][:2] == [
        f"{BASE}/news/fr-kremlin-sommet.html?utm_source=rss&utm_medium=feed",
        f"{BASE}/news/fr-reactions-lecteurs.html",
    ]
    assert feed.entries[0].published == "2025-12-18T08:42:00+00:00"
    assert feed.entries[0].title == "Le Kremlin écarte un sommet Poutine-Trump avant 2026"


def test_atom_takes_the_alternate_link_resolves_relative_ones_and_falls_back_to_updated():
    feed = parse_feed(fixture("en/atom.xml"), BASE + "/en/atom.xml")
    assert feed.kind == "atom"
    assert feed.entries[0].url == f"{BASE}/news/en-ledger-ceasefire.html"  # href="/news/…"
    assert feed.entries[0].published == "2026-02-10T14:05:00Z"
    assert feed.entries[1].url == f"{BASE}/news/en-courier-ceasefire.html"  # not the enclosure
    assert feed.entries[1].published == "2026-02-10T15:20:00Z"


def test_news_sitemap_gives_language_title_and_publication_date():
    feed = parse_feed(fixture("sitemaps/news-de.xml"), BASE)
    first = feed.entries[0]
    assert (first.language, first.published) == ("de", "2025-12-18T11:20:00+01:00")
    assert first.title == "Kreml: Kein Gipfeltreffen mit Trump vor 2026"
    assert feed.entries[2].published == "2026-02-12"  # lastmod when there is no news block


def test_sitemap_index_lists_children_and_gzip_is_read():
    index = parse_feed(fixture("sitemap-index.xml"), BASE)
    assert index.kind == "sitemapindex" and len(index.sitemaps) == 2 and not index.entries
    zipped = parse_feed(gzip.compress(fixture("sitemaps/news-ru.xml")), BASE)
    assert [e.url for e in zipped.entries] == [f"{BASE}/news/ru-ushakov-peregovory.html"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("hostile/billion-laughs.xml", "hostile_xml"),
        ("hostile/external-entity.xml", "hostile_xml"),
        ("hostile/malformed.xml", "malformed_feed"),
        ("hostile/not-a-feed.json", "malformed_feed"),
        ("robots.txt", "malformed_feed"),
    ],
)
def test_hostile_and_broken_documents_are_refused_with_a_reason(name, reason):
    with pytest.raises(FeedError) as caught:
        parse_feed(fixture(name), BASE)
    assert caught.value.reason == reason


def test_other_xml_is_not_a_feed_and_gzip_bombs_are_capped():
    with pytest.raises(FeedError) as caught:
        parse_feed(b"<html><body/></html>", BASE)
    assert caught.value.reason == "not_a_feed"
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    with pytest.raises(FeedError) as caught:
        parse_feed(bomb, BASE, limit=1_000_000)
    assert caught.value.reason == "too_large"


def test_dates():
    assert normalise_date("Tue, 10 Feb 2026 14:05:00 GMT") == "2026-02-10T14:05:00+00:00"
    assert normalise_date("2026-02-10 14:05:00") == "2026-02-10T14:05:00"
    assert normalise_date("yesterday") is None
    assert age_days("2026-01-01") is not None and age_days("not a date") is None
