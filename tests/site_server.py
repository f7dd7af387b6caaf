"""A loopback web site for crawler tests: the fixture feeds and sitemaps, eval/pages as articles, broken cases."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "tests" / "fixtures" / "site"
PAGES = ROOT / "eval" / "pages"
# How each saved page is served: the Russian one declares its charset only in a <meta>, the Ukrainian one
# comes with a wrong charset in the header (its bytes are UTF-8).
PAGE_TYPES = {
    "ru-ushakov-peregovory.html": "text/html",
    "uk-obmin-polonenymy.html": "text/html; charset=iso-8859-1",
}
FEED_TYPES = {".xml": "application/xml", ".gz": "application/gzip", ".json": "application/json", ".txt": "text/plain"}


@dataclass
class Hit:
    path: str
    agent: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class FixtureSite:
    """Serves on 127.0.0.1 from a background thread; records every request for the politeness checks."""

    slow_seconds: float = 5.0
    huge_bytes: int = 2_000_000
    hits: list[Hit] = field(default_factory=list)
    live_items: list[tuple[str, str]] = field(default_factory=list)  # (path, title) of the /live/rss.xml feed
    in_flight: int = 0
    max_in_flight: int = 0
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def requested(self, path: str) -> int:
        return sum(1 for hit in self.hits if hit.path == path)

    def statuses(self, path: str) -> Counter[int]:
        return Counter(hit.status for hit in self.hits if hit.path == path)

    # -- handlers -----------------------------------------------------------------------------------------

    @web.middleware
    async def _record(self, request: web.Request, handler):  # type: ignore[no-untyped-def]
        hit = Hit(request.path_qs, request.headers.get("User-Agent", ""), dict(request.headers))
        self.hits.append(hit)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            response = await handler(request)
            hit.status = response.status
            return response
        except web.HTTPException as exc:
            hit.status = exc.status
            raise
        finally:
            self.in_flight -= 1

    def _document(self, request: web.Request, body: bytes, content_type: str) -> web.Response:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, headers={"Content-Type": content_type, "ETag": etag})

    async def feed(self, request: web.Request) -> web.Response:
        relative = request.match_info["path"]
        if relative.endswith(".xml.gz"):
            source = SITE / relative[: -len(".gz")]
            body = gzip.compress(source.read_bytes().replace(b"{base}", self.base.encode()), mtime=0)
            return self._document(request, body, "application/x-gzip")
        path = (SITE / relative).resolve()
        if SITE not in path.parents or not path.is_file():
            raise web.HTTPNotFound()
        body = path.read_bytes().replace(b"{base}", self.base.encode())
        return self._document(request, body, FEED_TYPES.get(path.suffix, "application/octet-stream"))

    async def robots(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(SITE / "robots.txt")

    async def live(self, request: web.Request) -> web.Response:
        items = "".join(
            f"<item><title>{title}</title><link>{self.base}{path}</link></item>" for path, title in self.live_items
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>{items}</channel></rss>'
        return self._document(request, body.encode(), "application/rss+xml")

    async def page(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        path = PAGES / name
        if not path.is_file():
            raise web.HTTPNotFound()
        return web.Response(
            body=path.read_bytes(), headers={"Content-Type": PAGE_TYPES.get(name, "text/html; charset=utf-8")}
        )

    async def broken(self, request: web.Request) -> web.StreamResponse:
        case = request.match_info["case"]
        if case == "slow.html":
            await asyncio.sleep(self.slow_seconds)
            return web.Response(text="<html><body><p>too late</p></body></html>", content_type="text/html")
        if case == "truncated.html":
            response = web.StreamResponse(headers={"Content-Type": "text/html"})
            response.content_length = 50_000
            await response.prepare(request)
            await response.write(b"<html><body><p>" + b"Le texte s'interrompt " * 100)
            assert request.transport is not None
            request.transport.close()  # the connection drops before the announced length
            return response
        if case == "huge.html":
            return web.Response(body=b"<p>x</p>" * (self.huge_bytes // 8), content_type="text/html")
        if case == "huge-chunked.html":
            response = web.StreamResponse(headers={"Content-Type": "text/html"})
            response.enable_chunked_encoding()
            await response.prepare(request)
            for _ in range(self.huge_bytes // 65536 + 2):
                await response.write(b"<p>" + b"y" * 65529 + b"</p>")
            await response.write_eof()
            return response
        if case == "photo.png":
            return web.Response(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")
        if case == "500.html":
            raise web.HTTPInternalServerError()
        if case == "offsite":  # the same server under another name: another site for the same-site rule
            raise web.HTTPFound(f"http://localhost:{self.port}/news/en-ledger-ceasefire.html")
        if case == "loop-a":
            raise web.HTTPFound("/broken/loop-b")
        if case == "loop-b":
            raise web.HTTPFound("/broken/loop-a")
        raise web.HTTPNotFound()

    async def chain(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(f"/broken/chain/{int(request.match_info['n']) + 1}")

    async def redirect(self, request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/news/fr-kremlin-sommet.html?utm_source=rss&utm_medium=feed")

    async def private(self, request: web.Request) -> web.Response:
        return web.Response(
            text="<html><body><p>robots.txt forbids this page</p></body></html>", content_type="text/html"
        )

    # -- lifecycle ----------------------------------------------------------------------------------------

    def start(self) -> FixtureSite:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def serve() -> None:
            app = web.Application(middlewares=[self._record])
            app.router.add_get("/robots.txt", self.robots)
            app.router.add_get("/live/rss.xml", self.live)
            app.router.add_get("/news/{name}", self.page)
            app.router.add_get("/broken/chain/{n}", self.chain)
            app.router.add_get("/broken/{case}", self.broken)
            app.router.add_get("/redirect/fr-kremlin", self.redirect)
            app.router.add_get("/private/{name}", self.private)
            app.router.add_get("/{path:.+\\.(?:xml|gz|json)}", self.feed)
            # Cancelled handlers stop counting as in flight when the client gives up (slow.html).
            self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            ready.set()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="fixture-site", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fixture site did not start")
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def sources_toml(base: str, **overrides: object) -> str:
    """A sources file for the fixture site; every source allows private addresses, as loopback needs."""
    extra = "".join(f"{key} = {value!r}\n".replace("'", '"') for key, value in overrides.items())
    return f"""
[defaults]
allow_private = true
poll_interval = "1s"
{extra}
[[sources]]
name = "observateur-fr"
feeds = ["{base}/fr/rss.xml"]
language = "fr"

[[sources]]
name = "world-en"
feeds = ["{base}/en/atom.xml"]

[[sources]]
name = "sitemaps"
sitemaps = ["{base}/sitemap-index.xml"]

[[sources]]
name = "hostile"
feeds = ["{base}/hostile/billion-laughs.xml", "{base}/hostile/external-entity.xml", "{base}/hostile/malformed.xml",
         "{base}/hostile/links.xml", "{base}/hostile/not-a-feed.json", "{base}/hostile/missing.xml"]
"""


def wait_until(check, timeout: float = 30.0, every: float = 0.2):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not (value := check()) and time.monotonic() < deadline:
        time.sleep(every)
    return value
