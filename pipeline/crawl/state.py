"""The crawler's memory across restarts (SQLite): pages seen, articles sent, fingerprints, HTTP validators."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from pipeline.crawl.simhash import NEAR_DISTANCE, bands, distance
from pipeline.models import utc_now

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,          -- canonical form of a URL a feed announced, or a redirect target
    status TEXT NOT NULL,          -- sent | duplicate | skipped | failed (fetch) | unsent (Kafka refused)
    article_id TEXT,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    source TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    url TEXT,
    content_hash TEXT NOT NULL,
    simhash INTEGER NOT NULL,      -- stored signed: SQLite integers are 64-bit signed
    duplicate_of TEXT,
    source TEXT,
    sent_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_content ON articles (content_hash);
CREATE TABLE IF NOT EXISTS bands (band INTEGER NOT NULL, value INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bands_lookup ON bands (band, value);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    children TEXT,                 -- a sitemap index's sitemaps (JSON), still walked when the index answers 304
    updated_at TEXT
);
"""


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


@dataclass(frozen=True)
class Validators:
    """What a conditional GET of a feed sends back, and the children of a sitemap index."""

    etag: str | None = None
    last_modified: str | None = None
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageState:
    status: str
    article_id: str | None
    reason: str | None
    attempts: int


class CrawlState:
    """One SQLite file; every write commits at once, so a crash loses at most the page in flight."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def page(self, url: str) -> PageState | None:
        with self._lock:
            row = self._db.execute(
                "SELECT status, article_id, reason, attempts FROM pages WHERE url = ?", (url,)
            ).fetchone()
        return PageState(*row) if row else None

    def mark_page(
        self, url: str, status: str, source: str, article_id: str | None = None, reason: str | None = None
    ) -> None:
        with self._lock:
            self._db.execute(
                """INSERT INTO pages (url, status, article_id, reason, attempts, source, updated_at)
                   VALUES (?, ?, ?, ?, 1, ?, ?)
                   ON CONFLICT (url) DO UPDATE SET status = excluded.status, article_id = excluded.article_id,
                       reason = excluded.reason, attempts = pages.attempts + 1, updated_at = excluded.updated_at""",
                (url, status, article_id, reason, source, utc_now()),
            )

    def article_by_content(self, content_hash: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT article_id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def has_article(self, article_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM articles WHERE article_id = ?", (article_id,)).fetchone() is not None

    def near_duplicate(self, fingerprint: int, max_distance: int = NEAR_DISTANCE) -> str | None:
        """The first-sent article whose SimHash is within `max_distance` bits, following it to its original."""
        candidates: set[str] = set()
        with self._lock:
            for band, value in enumerate(bands(fingerprint)):
                rows = self._db.execute("SELECT article_id FROM bands WHERE band = ? AND value = ?", (band, value))
                candidates.update(row[0] for row in rows)
            best: tuple[str, str] | None = None
            for article_id in candidates:
                row = self._db.execute(
                    "SELECT simhash, duplicate_of, sent_at FROM articles WHERE article_id = ?", (article_id,)
                ).fetchone()
                if row and distance(_unsigned(row[0]), fingerprint) <= max_distance:
                    original = row[1] or article_id
                    if best is None or row[2] < best[1]:
                        best = (original, row[2])
        return best[0] if best else None

    def record_article(
        self,
        article_id: str,
        url: str | None,
        content_hash: str,
        fingerprint: int,
        duplicate_of: str | None,
        source: str,
    ) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            try:
                inserted = self._db.execute(
                    """INSERT OR IGNORE INTO articles
                           (article_id, url, content_hash, simhash, duplicate_of, source, sent_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    (article_id, url, content_hash, _signed(fingerprint), duplicate_of, source, utc_now()),
                ).rowcount
                if inserted:
                    self._db.executemany(
                        "INSERT INTO bands (band, value, article_id) VALUES (?, ?, ?)",
                        [(band, value, article_id) for band, value in enumerate(bands(fingerprint))],
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def validators(self, url: str) -> Validators:
        with self._lock:
            row = self._db.execute(
                "SELECT etag, last_modified, children FROM validators WHERE url = ?", (url,)
            ).fetchone()
        if not row:
            return Validators()
        return Validators(row[0], row[1], tuple(json.loads(row[2] or "[]")))

    def save_validators(self, url: str, validators: Validators) -> None:
        with self._lock:
            self._db.execute(
                """INSERT INTO validators (url, etag, last_modified, children, updated_at) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                       children = excluded.children, updated_at = excluded.updated_at""",
                (url, validators.etag, validators.last_modified, json.dumps(list(validators.children)), utc_now()),
            )

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT status, count(*) FROM pages GROUP BY status").fetchall()
        return dict(rows)
