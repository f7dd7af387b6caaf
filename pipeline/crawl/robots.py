"""robots.txt per origin, cached: who may fetch what, and the crawl delay a site asks for (RFC 9309)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
UNREACHABLE_TTL = 300.0  # an unreachable robots.txt means "disallow all", re-checked after this long


@dataclass
class RobotsRules:
    """The parsed rules for one origin, or a blanket allow/deny when robots.txt is missing/unreachable."""

    parser: Protego | None  # RFC 9309: wildcards, `$`, longest match wins
    allow_all: bool
    expires: float
    unreachable: bool = False

    def allows(self, agent: str, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


def parse_robots(text: str, ttl: float, now: float | None = None) -> RobotsRules:
    return RobotsRules(Protego.parse(text), allow_all=True, expires=(now or time.monotonic()) + ttl)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


# (robots.txt URL, allow_private) -> (status, body); status 0 when it could not be reached at all.
RobotsFetch = Callable[[str, bool], Awaitable[tuple[int, bytes]]]


class RobotsCache:
    """One robots.txt fetch per origin per TTL, shared by every source that touches the origin."""

    def __init__(self, fetch: RobotsFetch, agent: str, ttl: float) -> None:
        self._fetch = fetch
        self.agent = agent
        self._ttl = ttl
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules(self, url: str, allow_private: bool = False) -> RobotsRules:
        key = origin(url)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            cached = self._rules.get(key)
            if cached is not None and cached.expires > time.monotonic():
                return cached
            status, body = await self._fetch(key + "/robots.txt", allow_private)
            now = time.monotonic()
            if 200 <= status < 300:
                rules = parse_robots(body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace"), self._ttl, now)
            elif 400 <= status < 500:  # no robots.txt (or not for us to read): everything is allowed
                rules = RobotsRules(None, allow_all=True, expires=now + self._ttl)
            else:  # 5xx or unreachable: assume a complete disallow, for a while
                rules = RobotsRules(None, allow_all=False, expires=now + UNREACHABLE_TTL, unreachable=True)
            self._rules[key] = rules
            return rules
