"""`newswire crawl`: the crawler as a service (metrics endpoint, signals) or as one pass with a table."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
from typing import Any

from aiohttp import web

from pipeline.config import CrawlSettings, Settings
from pipeline.crawl.counters import COLUMNS, SourceCounters, render_prometheus, render_table
from pipeline.crawl.crawler import Crawler, Deliver
from pipeline.crawl.polite_http import Fetcher
from pipeline.crawl.sources import Source
from pipeline.crawl.state import CrawlState

log = logging.getLogger(__name__)


async def _serve_metrics(crawler: Crawler, port: int, host: str = "127.0.0.1") -> web.AppRunner | None:
    """GET /metrics (Prometheus text) and /status (JSON) on loopback; port 0 turns it off."""
    if not port:
        return None

    async def metrics(_: web.Request) -> web.Response:
        return web.Response(text=render_prometheus(crawler.counters), content_type="text/plain")

    async def status(_: web.Request) -> web.Response:
        body: dict[str, Any] = {
            name: {
                **{k: c.value(k) for k in (*(column for column in COLUMNS if column != "skipped"), "polls")},
                "skipped": dict(c.skipped),
            }
            for name, c in crawler.counters.items()
        }
        body["_state"] = crawler.state.counts()
        return web.Response(text=json.dumps(body, indent=1), content_type="application/json")

    app = web.Application()
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/status", status)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("crawler metrics on http://%s:%d/metrics", host, port)
    return runner


async def crawl(
    settings: CrawlSettings, sources: list[Source], deliver: Deliver, once: bool, stop: asyncio.Event | None = None
) -> dict[str, SourceCounters]:
    """Run the crawler until `stop` is set (or SIGINT/SIGTERM), or for one pass when `once`."""
    state = CrawlState(settings.state_path)
    log.info("crawler state in %s", state.path)
    try:
        async with Fetcher(settings) as fetcher:
            crawler = Crawler(settings, sources, fetcher, state, deliver)
            if once:
                return await crawler.run_once()
            stop = stop or asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(signum, stop.set)
                except (NotImplementedError, RuntimeError):  # not the main thread (tests run it in one)
                    pass
            runner = await _serve_metrics(crawler, settings.metrics_port, settings.metrics_host)
            try:
                await crawler.run_forever(stop)
            finally:
                if runner is not None:
                    await runner.cleanup()
            return crawler.counters
    finally:
        state.close()


def run_crawl(settings: Settings, sources: list[Source], once: bool) -> int:
    """The CLI entry: topics ensured, articles delivered through the walking skeleton's producer."""
    from pipeline.errors import PoisonRecord
    from pipeline.kafka_io import ensure_topics
    from pipeline.models import RawArticle, encode_json
    from pipeline.producers.sender import RawSender

    ensure_topics(settings)
    sender = RawSender(settings)

    def deliver(article: RawArticle) -> None:
        try:
            sender.send_and_wait(article)
        except PoisonRecord as exc:  # nothing invalid is sent; the operator finds it among the dead letters
            sender.reject("produce", str(exc), encode_json(article.to_dict()), article.url)
            sender.flush()
            raise

    try:
        counters = asyncio.run(crawl(settings.crawl_settings(), sources, deliver, once))
    finally:
        sender.close()
    if once:
        print(render_table(counters))
    return 0
