"""Safety against a real loopback server: a source that does not allow private addresses never reaches it."""

from __future__ import annotations

import asyncio

import pytest

from pipeline.config import Settings
from pipeline.crawl.runner import crawl
from pipeline.crawl.sources import parse_sources
from tests.site_server import FixtureSite

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def site():
    served = FixtureSite().start()
    yield served
    served.stop()


def test_loopback_is_refused_by_address_and_by_name_unless_allowed(tmp_path, site):
    settings = Settings(crawl_state_file=tmp_path / "state.sqlite3", crawl_metrics_port=0, crawl_host_delay=0.0)
    port = site.port
    sources = parse_sources(
        {
            "sources": [
                {"name": "by-address", "feeds": [f"http://127.0.0.1:{port}/fr/rss.xml"]},
                {"name": "by-name", "feeds": [f"http://localhost:{port}/fr/rss.xml"]},
                # Written so urlsplit sees no address, while the HTTP client connects to 127.0.0.1.
                {"name": "ideographic-dots", "feeds": [f"http://127\u30020\u30020\u30021:{port}/fr/rss.xml"]},
                {"name": "enclosed-digits", "feeds": [f"http://\u2460\u2461\u2466.0.0.1:{port}/fr/rss.xml"]},
                {"name": "decimal", "feeds": [f"http://2130706433:{port}/fr/rss.xml"]},
            ]
        }
    )
    sent: list[object] = []

    counters = asyncio.run(crawl(settings.crawl_settings(), sources, sent.append, once=True))

    assert dict(counters["by-address"].skipped) == {"feed_private_address": 1}
    assert dict(counters["by-name"].skipped) == {"feed_private_address": 1}
    for name in ("ideographic-dots", "enclosed-digits", "decimal"):
        assert dict(counters[name].skipped) == {"feed_private_address": 1}, name
    assert site.hits == [] and sent == []

    allowed = parse_sources(
        {
            "sources": [
                {
                    "name": "ok",
                    "feeds": [f"http://localhost:{port}/fr/rss.xml"],
                    "allow_private": True,
                    "rules": {"same_site": False},  # the feed links to 127.0.0.1, another host than localhost
                }
            ]
        }
    )
    counters = asyncio.run(crawl(settings.crawl_settings(), allowed, sent.append, once=True))
    assert counters["ok"].feeds == 1 and len(sent) == 2
