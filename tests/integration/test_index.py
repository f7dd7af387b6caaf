import asyncio

import pytest

from pipeline.extract.enrich import EXTRACTOR_VERSION, enrich
from pipeline.index.client import ensure_indices, make_async_client, make_client
from pipeline.index.writer import write_records
from pipeline.models import RawArticle

pytestmark = pytest.mark.integration


def _records():
    texts = ["Le Kremlin a rejeté la proposition.", "The union rejected the offer on Tuesday."]
    return [enrich(RawArticle(id=f"{i:032x}", source="s", title="", text=t, published="2026-01-0" + str(i + 1)))
            for i, t in enumerate(texts)]  # fmt: skip


async def _write(settings, records, indices):
    es = make_async_client(settings)
    try:
        return await write_records(es, records, indices, EXTRACTOR_VERSION)
    finally:
        await es.close()


def test_bulk_write_is_idempotent_and_refusals_are_reported(settings):
    indices = ensure_indices(settings)
    assert ensure_indices(settings) == indices  # idempotent
    es = make_client(settings)

    assert asyncio.run(_write(settings, _records(), indices)) == []
    assert asyncio.run(_write(settings, _records(), indices)) == []  # a replay
    es.indices.refresh(index=indices["articles"])
    assert es.count(index=indices["articles"])["count"] == 2

    bad = _records()[0] | {"id": "f" * 32, "published": "not a date"}
    rejected = asyncio.run(_write(settings, [_records()[1], bad], indices))
    assert [r.position for r in rejected] == [1]
    assert "parse" in rejected[0].reason
