"""The crawler end to end: the loopback fixture site → `newswire crawl` → the real Kafka raw topic."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.contract import raw_from_payload
from pipeline.crawl.runner import crawl
from pipeline.crawl.sources import load_sources
from pipeline.kafka_io import ensure_topics
from pipeline.producers.sender import RawSender
from tests.site_server import FixtureSite, sources_toml

from .conftest import _free_port
from .helpers import read_topic

pytestmark = pytest.mark.integration
NEWSWIRE = shutil.which("newswire") or str(Path(sys.executable).parent / "newswire")
ARTICLES = {
    "fr-kremlin-sommet.html",
    "fr-reactions-lecteurs.html",
    "en-ledger-ceasefire.html",
    "en-courier-ceasefire.html",
    "de-gipfel-absage.html",
    "es-cumbre-abu-dabi.html",
    "ru-ushakov-peregovory.html",
    "uk-obmin-polonenymy.html",
}


@pytest.fixture(scope="module")
def site():
    served = FixtureSite(slow_seconds=4).start()
    yield served
    served.stop()


def fast(settings, tmp_path, **more):
    """Politeness scaled down to test speed; the state file is this test's own."""
    overrides = {
        "crawl_state_file": tmp_path / "crawler.sqlite3",
        "crawl_host_delay": 0.02,
        "crawl_timeout": 1.5,
        "crawl_connect_timeout": 1.0,
        "crawl_retries": 1,
        "crawl_backoff": 0.05,
        "crawl_max_bytes": 1_000_000,
        "crawl_metrics_port": 0,
    }
    return settings.with_overrides(**(overrides | more))


def run_once(settings, sources: Path) -> str:
    done = subprocess.run(
        [NEWSWIRE, "crawl", "--sources", str(sources), "--once"],
        env=settings.child_environment(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def table_rows(output: str) -> dict[str, dict[str, int]]:
    lines = output.strip().splitlines()
    header = lines[0].split()
    rows = {}
    for line in lines[1:]:
        if line.startswith("skipped by reason") or line.startswith("  "):
            break
        cells = line.split()
        rows[cells[0]] = dict(zip(header[1:], map(int, cells[1:]), strict=True))
    return rows


def test_one_pass_produces_every_article_once_and_a_restart_resends_nothing(settings, tmp_path, site):
    settings = fast(settings, tmp_path)
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(site.base))

    first = run_once(settings, sources)

    rows = table_rows(first)
    assert rows["observateur-fr"] | {"skipped": 0} == {
        "feeds": 1,
        "not_modified": 0,
        "fetched": 3,
        "new": 2,
        "near_dup": 0,
        "duplicate": 1,
        "skipped": 0,
        "errors": 0,
    }
    assert rows["sitemaps"]["new"] == 4 and rows["sitemaps"]["feeds"] == 3
    assert rows["world-en"]["new"] == 2 and rows["world-en"]["near_dup"] == 1
    for reason in (
        "robots_disallowed 1",
        "no_article 1",
        "timeout 1",
        "truncated 1",
        "too_large 2",
        "content_type 1",
        "http_500 1",
        "http_404 1",
        "redirect_loop 1",
        "redirect_limit 1",
        "off_site_redirect 1",
        "feed_hostile_xml 2",
        "feed_malformed_feed 1",
        "feed_content_type 1",
        "feed_http_404 1",
        "scheme 3",
        "off_site 2",
    ):
        assert reason in first, reason

    records = read_topic(settings, settings.topic_raw, expect=8)
    articles = [raw_from_payload(m.value) for m in records]
    assert sorted(a.url.rsplit("/", 1)[-1] for a in articles) == sorted(ARTICLES)
    assert all(m.key.decode() == a.id for m, a in zip(records, articles, strict=True))
    by_name = {a.url.rsplit("/", 1)[-1]: a for a in articles}
    fr = by_name["fr-kremlin-sommet.html"]
    assert fr.url == f"{site.base}/news/fr-kremlin-sommet.html"  # tracking parameters gone
    assert len(fr.comments) == 3 and "Zélésky" not in fr.text and fr.author == "Claire Dumont"
    assert fr.language_hint == "fr" and fr.source == "observateur-fr"
    assert by_name["ru-ushakov-peregovory.html"].title.startswith("Ушаков")
    ledger, courier = by_name["en-ledger-ceasefire.html"], by_name["en-courier-ceasefire.html"]
    assert {ledger.duplicate_of, courier.duplicate_of} in ({None, ledger.id}, {None, courier.id})

    # Politeness, as the site saw it.
    assert site.requested("/private/abonnes.html") == 0
    assert {hit.agent for hit in site.hits} == {settings.crawl_user_agent}
    assert site.max_in_flight <= settings.crawl_host_concurrency
    assert site.requested("/broken/500.html") == 1 + settings.crawl_retries

    second = run_once(settings, sources)

    rows = table_rows(second)
    assert sum(row["new"] for row in rows.values()) == 0
    assert rows["observateur-fr"]["not_modified"] == 1 and rows["observateur-fr"]["fetched"] == 0
    assert rows["sitemaps"]["not_modified"] >= 2  # the index and its children, conditionally
    assert site.statuses("/fr/rss.xml")[304] == 1
    assert len(read_topic(settings, settings.topic_raw, expect=9, timeout=5)) == 8


def test_new_articles_flow_within_one_poll_interval_and_metrics_are_served(settings, tmp_path, site):
    port = _free_port()
    settings = fast(settings, tmp_path, crawl_metrics_port=port)
    ensure_topics(settings)
    site.live_items[:] = [("/news/es-cumbre-abu-dabi.html", "Abu Dabi")]
    sources_file = tmp_path / "live.yaml"
    sources_file.write_text(
        f"sources:\n  - name: live\n    feeds: [{site.base}/live/rss.xml]\n"
        "    poll_interval: 2s\n    allow_private: true\n"
    )
    sender, stop = RawSender(settings), asyncio.Event()
    loop = asyncio.new_event_loop()
    runner = threading.Thread(
        target=loop.run_until_complete,
        args=(
            crawl(settings.crawl_settings(), load_sources(sources_file), sender.send_and_wait, once=False, stop=stop),
        ),
    )
    runner.start()
    try:
        assert len(read_topic(settings, settings.topic_raw, expect=1, timeout=30)) == 1
        site.live_items.append(("/news/uk-obmin-polonenymy.html", "Обмін"))
        added = time.monotonic()
        assert len(read_topic(settings, settings.topic_raw, expect=2, timeout=30)) == 2
        assert time.monotonic() - added < 2 + 5  # one poll interval, plus fetch and Kafka time
        metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
        assert 'newswire_crawl_new_total{source="live"} 2' in metrics
    finally:
        loop.call_soon_threadsafe(stop.set)
        runner.join(30)
        sender.close()
    assert not runner.is_alive()
