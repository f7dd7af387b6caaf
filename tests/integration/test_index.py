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


def _items(es, indices, kind, article_id):
    es.indices.refresh(index=indices[kind])
    hits = es.search(index=indices[kind], query={"term": {"article_id": article_id}}, size=50)["hits"]["hits"]
    return sorted(h["_id"] for h in hits)


def test_an_older_extractor_never_overwrites_and_fewer_items_leave_no_orphans(settings):
    indices = ensure_indices(settings)
    es = make_client(settings)
    text = ("Le Kremlin a déclaré lundi que la réunion aurait lieu. Selon Dmitri Peskov, rien n'est décidé. "
            "Emmanuel Macron a affirmé que la France soutiendrait l'accord.")  # fmt: skip
    base = RawArticle(id="a" * 32, source="s", title="", text=text, fetched_at="2026-01-02T00:00:00Z")
    newer = enrich(base) | {"extractor_version": "9.0.0"}
    assert len(newer["claims"]) >= 2
    assert asyncio.run(_write(settings, [newer], indices)) == []
    claims = _items(es, indices, "claims", base.id)
    assert len(claims) == len(newer["claims"])

    older = enrich(base) | {"extractor_version": "0.0.1", "claims": []}
    assert asyncio.run(_write(settings, [older], indices)) == []  # superseded: no dead letter, nothing written
    stored = es.get(index=indices["articles"], id=base.id)["_source"]
    assert stored["extractor_version"] == "9.0.0" and _items(es, indices, "claims", base.id) == claims

    fewer = newer | {"claims": newer["claims"][:1], "fetched_at": "2026-01-03T00:00:00Z"}
    assert asyncio.run(_write(settings, [fewer], indices)) == []
    assert _items(es, indices, "claims", base.id) == [f"{base.id}:0"]  # the second claim is gone, not orphaned
    assert es.get(index=indices["articles"], id=base.id)["_source"]["claim_count"] == 1


def test_who_claimed_what_about_whom(settings):
    from pipeline.index.search import search_items

    indices = ensure_indices(settings)
    text = ("Dmitri Peskov a déclaré lundi que Volodymyr Zelensky refusait tout compromis. "
            "Emmanuel Macron a affirmé que la France soutiendrait l'Ukraine.")  # fmt: skip
    record = enrich(RawArticle(id="c" * 32, source="s", title="", text=text, published="2026-01-05"))
    assert asyncio.run(_write(settings, [record], indices)) == []
    make_client(settings).indices.refresh(index=indices["claims"])
    by_peskov = search_items(settings, "claims", speaker="Dmitry Peskov")
    assert [c["speaker"] for c in by_peskov] == ["Dmitry Peskov"]
    assert "Volodymyr Zelenskyy" in by_peskov[0]["about"] or "Volodymyr Zelensky" in by_peskov[0]["about"]
    about_zelensky = search_items(settings, "claims", about=by_peskov[0]["about_ids"][0])
    assert [c["speaker"] for c in about_zelensky] == ["Dmitry Peskov"]
    assert search_items(settings, "claims", speaker="Dmitry Peskov", about="France") == []


def test_shard_and_replica_counts_come_from_the_settings(settings):
    from pipeline.index.templates import concrete_index

    configured = settings.with_overrides(index_shards=2, index_replicas=None)
    ensure_indices(configured)
    es = make_client(settings)
    index = concrete_index(settings.index_prefix, "events")
    found = es.indices.get_settings(index=index)[index]["settings"]["index"]
    assert (found["number_of_shards"], found["number_of_replicas"]) == ("2", "0")  # local stack: no replica
    # Replicas change in place on the next start; the shard count stays what the index was created with.
    ensure_indices(configured.with_overrides(index_replicas=1, index_shards=3))
    found = es.indices.get_settings(index=index)[index]["settings"]["index"]
    assert (found["number_of_shards"], found["number_of_replicas"]) == ("2", "1")
