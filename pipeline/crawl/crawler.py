"""The crawl loop: poll each source's feeds and sitemaps, fetch new pages, de-duplicate, produce, count."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import replace

from pipeline.config import CrawlSettings
from pipeline.crawl.counters import SourceCounters
from pipeline.crawl.feeds import FeedEntry, FeedError, age_days, parse_feed
from pipeline.crawl.netguard import Refused, check_url
from pipeline.crawl.polite_http import Fetcher
from pipeline.crawl.simhash import simhash
from pipeline.crawl.sources import Source
from pipeline.crawl.state import CrawlState, Validators
from pipeline.errors import Declined, PoisonRecord
from pipeline.identity import canonical_url, normalised_content
from pipeline.models import RawArticle
from pipeline.web.article import article_from_page
from pipeline.web.page import NoArticle, extract_page

log = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 2  # index → sitemap → (a nested index, rarely) sitemap
MAX_CHILD_SITEMAPS = 50  # per index per poll; news sitemaps list the newest first
DONE = {"sent", "duplicate", "skipped"}

# Blocking delivery of one article to the raw topic; raises when the broker does not acknowledge it.
Deliver = Callable[[RawArticle], None]


def content_hash(article: RawArticle) -> str:
    return hashlib.sha256(normalised_content(article.title, article.text).encode()).hexdigest()


class Crawler:
    """Shared fetcher, state and counters for all sources; `poll` does one pass of one source."""

    def __init__(
        self, settings: CrawlSettings, sources: list[Source], fetcher: Fetcher, state: CrawlState, deliver: Deliver
    ) -> None:
        self.settings = settings
        self.sources = sources
        self.fetcher = fetcher
        self.state = state
        self.deliver = deliver
        self.counters = {source.name: SourceCounters() for source in sources}
        self._commit = asyncio.Lock()  # de-duplication check, send and record happen as one step
        self._refused_once: set[tuple[str, str]] = set()

    # -- listings -------------------------------------------------------------------------------------------

    async def _listing(
        self, source: Source, url: str, depth: int, validators: dict[str, Validators]
    ) -> list[FeedEntry]:
        counters = self.counters[source.name]
        known = self.state.validators(url)
        try:
            response = await self.fetcher.get(url, "feed", source.allow_private, known.etag, known.last_modified)
        except Declined as exc:
            counters.skip(f"feed_{exc.reason}")
            counters.errors += bool(getattr(exc, "transient", False))
            log.warning("source %s: feed %s skipped: %s", source.name, url, exc)
            return []
        if response.not_modified:
            counters.not_modified += 1
            # An unchanged index still has children that change (the news sitemap of the day).
            return await self._children(source, known.children, depth, validators)
        counters.feeds += 1
        try:
            feed = parse_feed(response.body, response.final_url, self.settings.max_bytes * 4)
        except FeedError as exc:
            counters.skip(f"feed_{exc.reason}")
            log.warning("source %s: feed %s skipped: %s", source.name, url, exc)
            return []
        children = feed.sitemaps[:MAX_CHILD_SITEMAPS]
        validators[url] = Validators(response.headers.get("etag"), response.headers.get("last-modified"), children)
        return list(feed.entries) + await self._children(source, children, depth, validators)

    async def _children(
        self, source: Source, children: tuple[str, ...], depth: int, validators: dict[str, Validators]
    ) -> list[FeedEntry]:
        entries: list[FeedEntry] = []
        if depth < MAX_SITEMAP_DEPTH:
            for child in children:
                entries += await self._listing(source, child, depth + 1, validators)
        return entries

    def _candidates(self, source: Source, entries: list[FeedEntry]) -> list[FeedEntry]:
        counters = self.counters[source.name]
        chosen, seen = [], set()
        for entry in entries:
            try:
                url = canonical_url(check_url(entry.url, allow_private=True))  # addresses are checked at fetch
            except Refused as exc:
                counters.skip(exc.reason)
                continue
            if url in seen:
                continue
            seen.add(url)
            refusal = source.refusal(url, age_days(entry.published))
            if refusal:
                # Rules are re-read on restart, so these are not stored; each is counted once per process.
                if (url, refusal) not in self._refused_once:
                    self._refused_once.add((url, refusal))
                    counters.skip(refusal)
                continue
            known = self.state.page(url)
            # Only fetch failures spend attempts: a page Kafka did not take ("unsent") is retried until it does.
            spent = (
                known is not None and known.status == "failed" and known.attempts >= self.settings.page_attempts
            )
            if known and (known.status in DONE or spent):
                continue
            chosen.append(replace(entry, url=url))
        # Newest first, so a backlog larger than one poll's budget starts with what is most current.
        chosen.sort(key=lambda e: e.published or "", reverse=True)
        return chosen

    # -- pages ------------------------------------------------------------------------------------------------

    async def _page(self, source: Source, entry: FeedEntry) -> bool:
        """Fetch, extract, de-duplicate and produce one page; False when it failed in a way worth retrying."""
        counters, url = self.counters[source.name], entry.url
        try:
            sites = source.hosts if source.rules.same_site else None
            response = await self.fetcher.get(url, "page", source.allow_private, sites=sites)
        except Declined as exc:
            transient = bool(getattr(exc, "transient", False))
            counters.skip(exc.reason)
            counters.errors += transient
            self.state.mark_page(url, "failed" if transient else "skipped", source.name, reason=exc.reason)
            log.info("source %s: %s skipped: %s", source.name, url, exc)
            return not transient
        counters.fetched += 1
        try:
            page = await asyncio.to_thread(
                extract_page, response.body, response.final_url, response.content_type, source.language
            )
        except NoArticle as exc:
            counters.skip("no_article")
            self.state.mark_page(url, "skipped", source.name, reason=f"no_article: {exc}")
            log.info("source %s: %s has no article: %s", source.name, url, exc)
            return True
        article = article_from_page(
            page,
            source.name,
            response.final_url,
            language_hint=source.language,
            extra={"announced_url": entry.url, "feed_title": entry.title},
        )
        if article.published is None and entry.published:
            article = replace(article, published=entry.published)
        return await self._commit_article(source, url, canonical_url(response.final_url), article)

    async def _commit_article(self, source: Source, url: str, final_url: str, article: RawArticle) -> bool:
        counters = self.counters[source.name]
        aliases = {url, final_url, article.url or url}
        digest = content_hash(article)
        async with self._commit:
            original = self._exact_duplicate(aliases, article.id, digest)
            if original is not None:
                counters.duplicate += 1
                for alias in aliases:
                    self.state.mark_page(alias, "duplicate", source.name, original)
                log.info("source %s: %s duplicates %s", source.name, url, original)
                return True
            fingerprint = simhash(article.text)
            near = self.state.near_duplicate(fingerprint)
            if near is not None:
                article = replace(article, duplicate_of=near)
            try:
                await asyncio.to_thread(self.deliver, article)
            except PoisonRecord as exc:  # breaks the article contract: dead-lettered by deliver, never retried
                counters.skip("invalid_article")
                for alias in aliases:
                    self.state.mark_page(alias, "skipped", source.name, reason=f"invalid_article: {exc}")
                log.warning("source %s: %s is not a valid article: %s", source.name, url, exc)
                return True
            except Exception as exc:  # the broker's refusal: retried on a later poll, never marked done
                counters.errors += 1
                counters.skip("send_failed")
                self.state.mark_page(url, "unsent", source.name, reason=f"send_failed: {exc}")
                log.error("source %s: could not produce %s: %s", source.name, url, exc)
                return False
            self.state.record_article(article.id, article.url, digest, fingerprint, near, source.name)
            for alias in aliases:
                self.state.mark_page(alias, "sent", source.name, article.id)
        counters.new += 1
        counters.near_dup += near is not None
        log.info(
            "source %s: produced %s %s%s",
            source.name,
            article.id,
            article.url,
            f" (near-duplicate of {near})" if near else "",
        )
        return True

    def _exact_duplicate(self, aliases: set[str], article_id: str, digest: str) -> str | None:
        for alias in aliases:
            known = self.state.page(alias)
            if known and known.status in {"sent", "duplicate"} and known.article_id:
                return known.article_id
        if self.state.has_article(article_id):
            return article_id
        return self.state.article_by_content(digest)

    # -- passes -----------------------------------------------------------------------------------------------

    async def poll(self, source: Source) -> None:
        """One pass over a source; never raises for the web's reasons."""
        counters = self.counters[source.name]
        counters.polls += 1
        validators: dict[str, Validators] = {}
        entries: list[FeedEntry] = []
        for url in source.feeds + source.sitemaps:
            entries += await self._listing(source, url, 0, validators)
        candidates = self._candidates(source, entries)
        budget = candidates[: source.max_pages_per_poll]
        results = await asyncio.gather(*(self._page(source, entry) for entry in budget))
        # Validators are kept only when everything the listings announced was dealt with; otherwise the next
        # poll must see the full listing again instead of a 304 that would hide the pages still to do.
        if all(results) and len(budget) == len(candidates):
            for url, found in validators.items():
                self.state.save_validators(url, found)
        log.info("source %s: poll %d: %s", source.name, counters.polls, counters.summary())

    async def run_once(self) -> dict[str, SourceCounters]:
        await asyncio.gather(*(self._guarded_poll(source) for source in self.sources))
        return self.counters

    async def _guarded_poll(self, source: Source) -> None:
        try:
            await self.poll(source)
        except Exception:  # a bug must not stop the other sources or the next poll
            self.counters[source.name].errors += 1
            log.exception("source %s: poll failed", source.name)

    async def run_forever(self, stop: asyncio.Event) -> None:
        async def loop(source: Source) -> None:
            while not stop.is_set():
                await self._guarded_poll(source)
                try:
                    await asyncio.wait_for(stop.wait(), timeout=source.poll_interval)
                except TimeoutError:
                    pass

        await asyncio.gather(*(loop(source) for source in self.sources))
