"""Roll each alias over to a new index when its write index passes a size, document count or age."""

from __future__ import annotations

import logging
import re
from typing import Any

from elasticsearch import AsyncElasticsearch

from pipeline.errors import NewswireError
from pipeline.index.layout import next_index, read_layouts_async

log = logging.getLogger(__name__)
CONDITIONS = ("max_age", "max_docs", "max_size", "max_primary_shard_size", "max_primary_shard_docs")
_SIZE = re.compile(r"^\d+(b|kb|mb|gb|tb|pb)$")
_AGE = re.compile(r"^\d+(d|h|m|s|ms)$")


def parse_conditions(text: str) -> dict[str, Any]:
    """`max_primary_shard_size=50gb,max_age=30d` → rollover conditions, or an error naming the bad part."""
    conditions: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        name, value = name.strip(), value.strip().lower()
        if name not in CONDITIONS:
            raise NewswireError(f"NEWSWIRE_INDEX_ROLLOVER: unknown condition {name!r}; one of {', '.join(CONDITIONS)}")
        ok = (value.isdigit() if name.endswith("docs") else _AGE.match(value) if name == "max_age"
              else _SIZE.match(value))  # fmt: skip
        if not ok:
            raise NewswireError(f"NEWSWIRE_INDEX_ROLLOVER: {name}={value!r} is not a valid value")
        conditions[name] = int(value) if name.endswith("docs") else value
    if not conditions:
        raise NewswireError("NEWSWIRE_INDEX_ROLLOVER: no condition given, e.g. max_primary_shard_size=50gb,max_age=30d")
    return conditions


async def roll_over(es: AsyncElasticsearch, aliases: dict[str, str], conditions: dict[str, Any]) -> list[str]:
    """Ask Elasticsearch to roll every alias whose write index meets a condition; return the new indices.

    Elasticsearch checks the conditions and switches the write index atomically, so several workers asking at once
    roll an alias over once. Articles written before stay where they are (the writer finds them there).
    """
    created = []
    for layout in (await read_layouts_async(es, aliases)).values():
        response = await es.indices.rollover(
            alias=layout.alias, new_index=next_index(layout.write), conditions=conditions
        )
        if response.get("rolled_over"):
            log.info("%s rolled over from %s to %s", layout.alias, layout.write, response["new_index"])
            created.append(str(response["new_index"]))
    return created
