"""Bulk-write enriched records: retry transient failures in place, hand poison documents back for dead letters."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch, TransportError

from pipeline.index.documents import (
    bulk_actions,
    classify_bulk_items,
    copy_deletes,
    doc_version,
    operation,
    stale_item_deletes,
)
from pipeline.index.layout import Layout, current_version, mget_request, read_layouts_async, sibling
from pipeline.models import encode_json

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 30.0
# Told what is retried in place ("bulk", "bulk_item", "read") and how many: the worker counts it in its metrics.
OnRetry = Callable[[str, int], None]
BULK_MAX_BYTES = 10 * 1024 * 1024


def _no_count(what: str, n: int) -> None:
    pass


@dataclass(frozen=True)
class Rejected:
    """A record Elasticsearch refused for good, with its reason."""

    position: int
    reason: str


class BulkRefused(Exception):
    """Elasticsearch refused a whole bulk request (400 malformed, 413 too large): some record in it is to blame."""


async def _bulk(es: AsyncElasticsearch, actions: list[dict[str, Any]], on_retry: OnRetry) -> list[dict[str, Any]]:
    """One bulk call; retries in place for as long as the cluster is unreachable or overloaded."""
    # Lines encoded here (orjson; documents once, when their size was weighed) pass through the client's NDJSON
    # serializer untouched, which its type hints do not say.
    lines: Any = [line for action in actions for line in _lines(action)]
    delay = 0.5
    while True:
        try:
            response = await es.bulk(operations=lines, refresh=False)
            return list(response["items"])
        except (TransportError, ApiError) as exc:
            status = getattr(getattr(exc, "meta", None), "status", None)
            if isinstance(exc, ApiError) and status in (400, 413):
                raise BulkRefused(f"HTTP {status}: {str(exc)[:300]}") from exc
            log.warning("bulk of %d actions failed (%s); retrying in %.1fs", len(actions), exc, delay)
            on_retry("bulk", 1)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF_SECONDS)


async def write_records(
    es: AsyncElasticsearch,
    records: list[dict[str, Any]],
    indices: dict[str, str],
    extractor_version: str,
    on_retry: OnRetry = _no_count,
    max_bytes: int = BULK_MAX_BYTES,
) -> list[Rejected]:
    """Index every record's article, events and claims; return the records that can never be indexed.

    Requests are cut at `max_bytes` of documents (Elasticsearch refuses bodies over http.max_content_length,
    100 MB by default, and large bodies hurt it long before): one refused request costs a bisection of its own
    records only.

    Every write is versioned (documents.doc_version): a record older than what is stored is skipped as superseded,
    and the items a previous write had beyond this one's counts are deleted, under the same version guard.
    """
    rejected: dict[int, str] = {}
    owners: list[int] = []
    actions: list[dict[str, Any]] = []
    layouts = await _read(lambda: read_layouts_async(es, indices), "the index layout", on_retry)
    write = {kind: layouts[kind].write if kind in layouts else alias for kind, alias in indices.items()}
    ids = [r["id"] for r in records if isinstance(r.get("id"), str)]
    stored = await _stored(es, ids, layouts.get("articles"), on_retry)
    for position, record in enumerate(records):
        try:
            version = doc_version(record)
            copies = stored.get(record["id"], [])
            if copies and max(c.version for c in copies) > version:
                log.info("article %s: a newer version is indexed; this one is superseded", record["id"])
                continue
            targets, previous, leftovers = _placement(copies, write, indices)
            built = list(bulk_actions(record, targets))
            if previous is not None:
                built += stale_item_deletes(record, targets, previous.counts)
            for copy in leftovers:  # an older template version (or a generation left by a crash): moved, not kept
                built += copy_deletes(record["id"], copy.where(indices), copy.counts)
        except Exception as exc:  # a record whose documents cannot be built is rejected alone, not with its batch
            rejected[position] = f"cannot build its documents: {type(exc).__name__}: {exc}"
            continue
        for action in built:
            action["_version"] = version
        owners += [position] * len(built)
        actions += built
    for chunk, chunk_owners in _by_size(actions, owners, max_bytes):
        try:
            await _write_actions(es, chunk, chunk_owners, rejected, on_retry)
        except BulkRefused as exc:
            guilty = sorted(set(chunk_owners) - set(rejected))
            await _bisect(es, records, guilty, indices, extractor_version, rejected, str(exc), on_retry, max_bytes)
    return [Rejected(position, reason) for position, reason in sorted(rejected.items())]


def _encoded_source(action: dict[str, Any]) -> bytes:
    if "_encoded" not in action:
        action["_encoded"] = encode_json(action["_source"])
    return action["_encoded"]  # type: ignore[no-any-return]


def _lines(action: dict[str, Any]) -> list[bytes]:
    meta = encode_json(operation(action))
    return [meta, _encoded_source(action)] if action.get("_op", "index") == "index" else [meta]


def action_bytes(action: dict[str, Any]) -> int:
    """What one action weighs in a bulk body: its metadata line (about) plus its document (exactly)."""
    return 160 + (len(_encoded_source(action)) if action.get("_source") is not None else 0)


def _by_size(
    actions: list[dict[str, Any]], owners: list[int], max_bytes: int
) -> list[tuple[list[dict[str, Any]], list[int]]]:
    """Consecutive runs of actions of at most max_bytes each (an action larger than that goes alone)."""
    chunks: list[tuple[list[dict[str, Any]], list[int]]] = []
    current: list[dict[str, Any]] = []
    current_owners: list[int] = []
    size = 0
    for action, owner in zip(actions, owners, strict=True):
        weight = action_bytes(action)
        if current and size + weight > max_bytes:
            chunks.append((current, current_owners))
            current, current_owners, size = [], [], 0
        current.append(action)
        current_owners.append(owner)
        size += weight
    if current:
        chunks.append((current, current_owners))
    return chunks


@dataclass(frozen=True)
class Stored:
    """One indexed copy of an article: where it is, its version, and where and how many its items are."""

    index: str
    version: int
    counts: dict[str, int]
    items_in: dict[str, str]

    def where(self, indices: dict[str, str]) -> dict[str, str]:
        """The concrete index of the article and of each kind of its items (older copies did not record them)."""
        found = {"articles": self.index}
        for kind in ("events", "claims"):
            found[kind] = self.items_in.get(kind) or sibling(self.index, indices["articles"], indices[kind])
        return found


def _placement(
    copies: list[Stored], write: dict[str, str], indices: dict[str, str]
) -> tuple[dict[str, str], Stored | None, list[Stored]]:
    """Where a record is written, the copy it overwrites in place (if any), and copies to delete.

    An article stays in the indices it was first written to (a rolled-over generation included), so an id is never
    in two indices of one alias; a copy in an older template version is moved to the current write indices.
    """
    current = sorted((c for c in copies if current_version(c.index)), key=lambda c: c.version, reverse=True)
    if not current:
        return write, None, copies
    keep = current[0]
    return keep.where(indices), keep, [c for c in copies if c is not keep]


async def _read(call: Callable[[], Awaitable[Any]], what: str, on_retry: OnRetry) -> Any:
    """A read the writer cannot go on without: retried in place, with backoff, while the cluster does not answer."""
    delay = 0.5
    while True:
        try:
            return await call()
        except (TransportError, ApiError) as exc:
            log.warning("reading %s failed (%s); retrying in %.1fs", what, exc, delay)
            on_retry("read", 1)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF_SECONDS)


async def _stored(
    es: AsyncElasticsearch, article_ids: list[str], layout: Layout | None, on_retry: OnRetry
) -> dict[str, list[Stored]]:
    """Every indexed copy of these articles, with version and items (real-time gets: no refresh needed)."""
    if not article_ids or layout is None:
        return {}
    request = mget_request(layout, article_ids, ["event_count", "claim_count", "items_in"])
    response = await _read(lambda: es.mget(**request), "stored versions", on_retry)
    found: dict[str, list[Stored]] = {}
    for doc in response["docs"]:
        if doc.get("found"):
            source = doc.get("_source") or {}
            counts = {"events": source.get("event_count", 0), "claims": source.get("claim_count", 0)}
            copy = Stored(doc["_index"], int(doc["_version"]), counts, dict(source.get("items_in") or {}))
            found.setdefault(doc["_id"], []).append(copy)
    return found


async def _bisect(
    es: AsyncElasticsearch,
    records: list[dict[str, Any]],
    candidates: list[int],
    indices: dict[str, str],
    extractor_version: str,
    rejected: dict[int, str],
    reason: str,
    on_retry: OnRetry,
    max_bytes: int,
) -> None:
    """A refused request is split in halves until the guilty records stand alone; the others are written."""
    if len(candidates) == 1:
        rejected[candidates[0]] = reason
        return
    if not candidates:
        return
    middle = len(candidates) // 2
    for half in (candidates[:middle], candidates[middle:]):
        part = [records[i] for i in half]
        for item in await write_records(es, part, indices, extractor_version, on_retry, max_bytes):
            rejected[half[item.position]] = item.reason


async def _write_actions(
    es: AsyncElasticsearch,
    actions: list[dict[str, Any]],
    owners: list[int],
    rejected: dict[int, str],
    on_retry: OnRetry,
) -> None:
    delay = 0.5
    while actions:
        items = await _bulk(es, actions, on_retry)
        retry, poison = classify_bulk_items(items)
        for index, reason in poison.items():
            rejected.setdefault(owners[index], reason)
        if retry:
            log.warning("%d bulk items throttled or failed; retrying in %.1fs", len(retry), delay)
            on_retry("bulk_item", len(retry))
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF_SECONDS)
        actions = [actions[i] for i in retry]
        owners = [owners[i] for i in retry]
