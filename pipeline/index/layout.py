"""Which concrete indices stand behind each alias (write index, rolled-over ones, older template versions), and
real-time lookups of article documents across all of them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from elasticsearch import AsyncElasticsearch, Elasticsearch, NotFoundError

from pipeline.index.templates import TEMPLATE_VERSION

_VERSIONED = re.compile(r"-v(\d+)(?:-(\d{6}))?$")


@dataclass(frozen=True)
class Layout:
    """One alias: its write index and every index it reads (the write index included)."""

    alias: str
    write: str
    indices: tuple[str, ...]


def template_version(index: str) -> int:
    """The template version an index was created from (`<prefix><kind>-v2`, `…-v2-000003`); 0 when unknown."""
    found = _VERSIONED.search(index)
    return int(found[1]) if found else 0


def next_index(write: str) -> str:
    """The name a rollover gives the next index: `…-v1` → `…-v1-000002`, `…-v1-000002` → `…-v1-000003`."""
    found = _VERSIONED.search(write)
    if found and found[2]:
        return f"{write[: found.start(2)]}{int(found[2]) + 1:06d}"
    return f"{write}-000002"


def sibling(article_index: str, articles_alias: str, kind_alias: str) -> str:
    """The events or claims index written together with an articles index (same version and generation)."""
    return kind_alias + article_index[len(articles_alias) :]


def _layouts(response: Any, aliases: dict[str, str]) -> dict[str, Layout]:
    by_alias: dict[str, list[tuple[str, bool]]] = {}
    for index, body in dict(response).items():
        for alias, spec in (body.get("aliases") or {}).items():
            by_alias.setdefault(alias, []).append((index, bool(spec.get("is_write_index"))))
    layouts = {}
    for kind, alias in aliases.items():
        members = sorted(by_alias.get(alias, []))
        if not members:
            continue
        writes = [index for index, is_write in members if is_write]
        # An alias over one index may carry no write flag at all; then that index is written.
        write = writes[0] if writes else max(index for index, _ in members)
        layouts[kind] = Layout(alias, write, tuple(index for index, _ in members))
    return layouts


def read_layouts(es: Elasticsearch, aliases: dict[str, str]) -> dict[str, Layout]:
    try:
        return _layouts(es.indices.get_alias(name=",".join(aliases.values())), aliases)
    except NotFoundError:
        return {}


async def read_layouts_async(es: AsyncElasticsearch, aliases: dict[str, str]) -> dict[str, Layout]:
    try:
        return _layouts(await es.indices.get_alias(name=",".join(aliases.values())), aliases)
    except NotFoundError:
        return {}


def mget_request(layout: Layout, ids: list[str], fields: list[str]) -> dict[str, Any]:
    """Keyword arguments of a real-time mget of `ids` in every index behind the alias.

    An mget on an alias over several indices is refused, and a search is not real-time: asking each index for each
    id is both exact and immediate.
    """
    if len(layout.indices) == 1:
        return {"index": layout.indices[0], "ids": ids, "source_includes": fields}
    docs = [{"_index": index, "_id": i, "_source": {"includes": fields}} for index in layout.indices for i in ids]
    return {"docs": docs}


def current_version(index: str) -> bool:
    return template_version(index) == TEMPLATE_VERSION
