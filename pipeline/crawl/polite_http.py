"""Polite, guarded HTTP GETs: robots.txt, per-host limits, conditional requests, retries, size and type checks."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import aiohttp

from pipeline.config import CrawlSettings
from pipeline.crawl.netguard import GuardedResolver, Refused, check_peer, check_url
from pipeline.crawl.robots import ROBOTS_MAX_BYTES, RobotsCache
from pipeline.errors import Declined
from pipeline.identity import site_of
from pipeline.web.article import is_html, media_type

log = logging.getLogger(__name__)

REDIRECTS = {301, 302, 303, 307, 308}
MAX_BACKOFF = 60.0
MAX_RETRY_AFTER = 120.0  # a server asking for a longer pause is retried on the next poll instead
ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
    "robots": "text/plain,*/*;q=0.1",
}
_FEED_TYPES = {"application/gzip", "application/x-gzip", "application/octet-stream", "text/plain", ""}


class FetchError(Declined):
    """A GET that produced no usable body; `transient` ones are retried."""

    def __init__(self, reason: str, detail: str, transient: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason, detail)
        self.transient = transient
        self.retry_after = retry_after


@dataclass(frozen=True)
class Response:
    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def acceptable(kind: str, content_type: str) -> bool:
    if kind == "page":
        return is_html(content_type)
    if kind == "feed":
        media = media_type(content_type)
        return "xml" in media or media in _FEED_TYPES
    return True


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


@dataclass
class HostGate:
    """At most `concurrency` requests in flight to one host, and starts spaced by `delay` seconds."""

    concurrency: int
    delay: float
    semaphore: asyncio.Semaphore = field(init=False)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0

    def __post_init__(self) -> None:
        self.semaphore = asyncio.Semaphore(self.concurrency)

    async def __aenter__(self) -> HostGate:
        await self.semaphore.acquire()
        async with self.lock:
            wait = self.next_start - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self.next_start = time.monotonic() + self.delay
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.semaphore.release()


class Fetcher:
    """One per crawler process; use as an async context manager. Shares robots.txt and host gates across sources."""

    def __init__(self, settings: CrawlSettings) -> None:
        self.settings = settings
        self.agent = settings.user_agent
        self.robots = RobotsCache(self._fetch_robots, self.agent.split("/", 1)[0], settings.robots_ttl)
        self._gates: dict[str, HostGate] = {}
        self._sessions: dict[bool, aiohttp.ClientSession] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for session in self._sessions.values():
            await session.close()
        self._sessions.clear()

    def _session(self, allow_private: bool) -> aiohttp.ClientSession:
        session = self._sessions.get(allow_private)
        if session is None:
            s = self.settings
            connector = aiohttp.TCPConnector(
                resolver=None if allow_private else GuardedResolver(), limit=64, ttl_dns_cache=300
            )
            timeout = aiohttp.ClientTimeout(total=s.timeout, connect=s.connect_timeout)
            session = aiohttp.ClientSession(
                connector=connector, timeout=timeout, headers={"User-Agent": self.agent}, trust_env=False
            )
            self._sessions[allow_private] = session
        return session

    def gate(self, url: str) -> HostGate:
        host = urlsplit(url).netloc.lower()
        gate = self._gates.get(host)
        if gate is None:
            gate = HostGate(self.settings.host_concurrency, self.settings.host_delay)
            self._gates[host] = gate
        return gate

    async def _fetch_robots(self, url: str, allow_private: bool) -> tuple[int, bytes]:
        try:
            response = await self.get(url, kind="robots", allow_private=allow_private, check_robots=False)
            return response.status, response.body
        except FetchError as exc:
            if exc.reason == "private_address":  # the site itself is off limits, not just its robots.txt
                raise
            if exc.reason.startswith("http_"):
                return int(exc.reason[5:]), b""
            return 0, b""

    async def _permit(self, url: str, allow_private: bool) -> None:
        check_url(url, allow_private)
        rules = await self.robots.rules(url, allow_private)
        if not rules.allows(self.robots.agent, url):
            reason = "robots_unreachable" if rules.unreachable else "robots_disallowed"
            raise FetchError(reason, f"robots.txt of {urlsplit(url).netloc} does not allow {url}")
        delay = rules.crawl_delay(self.robots.agent)
        if delay is not None:
            gate = self.gate(url)
            gate.delay = max(self.settings.host_delay, min(delay, MAX_BACKOFF))

    async def get(
        self,
        url: str,
        kind: str,
        allow_private: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = True,
        sites: frozenset[str] | None = None,
    ) -> Response:
        """GET with bounded retries of transient failures; FetchError (or netguard.Refused) otherwise.

        With `sites`, a redirect may not leave them (a source's same-site rule holds on every hop, not only on the
        link it announced).
        """
        attempt = 0
        while True:
            try:
                return await self._follow(url, kind, allow_private, etag, last_modified, check_robots, sites)
            except FetchError as exc:
                if not exc.transient or attempt >= self.settings.retries:
                    raise
                pause = self.settings.backoff * 2**attempt * random.uniform(0.5, 1.5)
                if exc.retry_after is not None:
                    if exc.retry_after > MAX_RETRY_AFTER:
                        raise
                    pause = max(pause, exc.retry_after)
                attempt += 1
                log.debug("retry %d of %s in %.1fs after %s", attempt, url, pause, exc)
                await asyncio.sleep(min(pause, MAX_BACKOFF))

    async def _follow(
        self,
        url: str,
        kind: str,
        allow_private: bool,
        etag: str | None,
        last_modified: str | None,
        check_robots: bool,
        sites: frozenset[str] | None,
    ) -> Response:
        current, seen = url, {url}
        for _ in range(self.settings.max_redirects + 1):
            if check_robots:
                await self._permit(current, allow_private)
            else:
                check_url(current, allow_private)
            headers = {"Accept": ACCEPT[kind]}
            if current == url and etag:
                headers["If-None-Match"] = etag
            if current == url and last_modified:
                headers["If-Modified-Since"] = last_modified
            response = await self._request(url, current, kind, allow_private, headers)
            if response.status not in REDIRECTS:
                return response
            location = response.headers.get("location")
            if not location:
                raise FetchError("bad_redirect", f"{response.status} without Location from {current}")
            current = urljoin(current, location)
            if sites is not None and site_of(current) not in sites:
                raise FetchError("off_site_redirect", f"{url} redirects off the source's sites, to {current}")
            if current in seen:
                raise FetchError("redirect_loop", f"{url} redirects back to {current}")
            seen.add(current)
        raise FetchError("redirect_limit", f"more than {self.settings.max_redirects} redirects from {url}")

    async def _request(
        self, original: str, url: str, kind: str, allow_private: bool, headers: dict[str, str]
    ) -> Response:
        limit = ROBOTS_MAX_BYTES if kind == "robots" else self.settings.max_bytes
        try:
            async with (
                self.gate(url),
                self._session(allow_private).get(url, headers=headers, allow_redirects=False) as resp,
            ):
                if not allow_private and resp.connection is not None and resp.connection.transport is not None:
                    check_peer(resp.connection.transport.get_extra_info("peername"), url)
                status = resp.status
                found = {k.lower(): v for k, v in resp.headers.items()}
                if status in REDIRECTS or status == 304:
                    return Response(original, url, status, found)
                if status == 429 or status >= 500:
                    raise FetchError(
                        f"http_{status}",
                        f"{url}",
                        transient=status != 501,
                        retry_after=_retry_after(found.get("retry-after")),
                    )
                if status >= 400:
                    raise FetchError(f"http_{status}", url)
                if not acceptable(kind, found.get("content-type", "")):
                    raise FetchError("content_type", f"{media_type(found['content-type'])} is not a {kind} type: {url}")
                if resp.content_length is not None and resp.content_length > limit:
                    raise FetchError("too_large", f"{resp.content_length} bytes announced, limit {limit}: {url}")
                chunks, total = [], 0
                async for chunk in resp.content.iter_chunked(65536):
                    total += len(chunk)
                    if total > limit:
                        raise FetchError("too_large", f"more than {limit} bytes: {url}")
                    chunks.append(chunk)
                return Response(original, url, status, found, b"".join(chunks))
        except FetchError:
            raise
        except Refused as exc:
            raise FetchError(exc.reason, exc.detail) from exc
        except TimeoutError as exc:
            raise FetchError(
                "timeout", f"no complete answer within {self.settings.timeout}s: {url}", True
            ) from exc
        except aiohttp.ClientPayloadError as exc:
            raise FetchError("truncated", f"{url}: {exc}", transient=True) from exc
        except aiohttp.ClientConnectorError as exc:
            if "private_address" in f"{exc} {getattr(exc, 'os_error', '')!r}":
                host = urlsplit(url).hostname
                raise FetchError("private_address", f"{host} resolves only to non-public addresses: {url}") from exc
            raise FetchError("connection", f"{url}: {exc}", transient=True) from exc
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            raise FetchError("connection", f"{url}: {type(exc).__name__}: {exc}", transient=True) from exc
