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


def test_event_and_claim_filters_and_the_command_line_formats(settings):
    """Each filter narrows to the items that have the value and excludes the others; JSON and CSV carry no markers."""
    import csv
    import io
    import json
    import subprocess
    import sys

    from pipeline.index.search import search_items

    indices = ensure_indices(settings)
    text = ("Les États-Unis ont accusé la Russie d'avoir bombardé Kharkiv mardi. "
            "La Russie n'a pas attaqué la centrale, a affirmé Dmitri Peskov. "
            "Selon Emmanuel Macron, la France pourrait envoyer de l'aide.")  # fmt: skip
    record = enrich(RawArticle(id="d" * 32, source="s", title="", text=text, published="2026-01-06"))
    assert record["events"] and record["claims"]
    assert asyncio.run(_write(settings, [record], indices)) == []
    make_client(settings).indices.refresh(index=[indices["events"], indices["claims"]])

    for event in record["events"]:
        found = search_items(settings, "events", type_=event["type"], status=event["status"])
        assert event["evidence"]["text"] in [e["evidence"] for e in found]
        other = "negated" if event["status"] != "negated" else "occurred"
        assert event["evidence"]["text"] not in [
            e["evidence"] for e in search_items(settings, "events", type_=event["type"], status=other)
        ]
        for actor in event["actors"]:
            assert any(actor["name"] in e["actors"] for e in search_items(settings, "events", actor=actor["id"]))
            assert search_items(settings, "events", actor=actor["name"].upper())  # names match without case
    for claim in record["claims"]:
        same = [c["content"] for c in search_items(settings, "claims", hedged=claim["hedged"])]
        other = [c["content"] for c in search_items(settings, "claims", hedged=not claim["hedged"])]
        assert claim["content"]["text"] in same and claim["content"]["text"] not in other

    event = record["events"][0]
    command = [sys.executable, "-m", "pipeline.cli", "search", "--events", "--type", event["type"]]
    env = settings.child_environment()
    out = subprocess.run([*command, "--format", "json"], env=env, capture_output=True, text=True, check=True).stdout
    rows = (
        [json.loads(line) for line in out.splitlines() if line.strip()]
        if not out.lstrip().startswith("[")
        else json.loads(out)
    )
    assert rows and all(r["type"] == event["type"] for r in rows) and "<em>" not in out
    out = subprocess.run([*command, "--format", "csv"], env=env, capture_output=True, text=True, check=True).stdout
    table = list(csv.DictReader(io.StringIO(out)))
    assert table and table[0]["type"] == event["type"] and "<em>" not in out


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


def _where(es, indices, kind, doc_id):
    """The concrete indices holding this id behind the alias (more than one would be a duplicate)."""
    es.indices.refresh(index=indices[kind])
    hits = es.search(index=indices[kind], query={"ids": {"values": [doc_id]}}, size=10)["hits"]["hits"]
    return sorted(h["_index"] for h in hits)


def _article(n, text="Le Kremlin a déclaré lundi que la réunion aurait lieu. Selon Dmitri Peskov, rien n'est décidé."):
    raw = RawArticle(id=f"{n:032x}", source="s", title="", text=text, fetched_at=f"2026-01-0{n}T00:00:00Z")
    return enrich(raw)


def test_after_a_rollover_an_article_is_rewritten_where_it_is_and_new_ones_go_to_the_new_index(settings):
    from pipeline.index.rollover import roll_over

    indices = ensure_indices(settings)
    es = make_client(settings)
    first = _article(1)
    assert first["claims"] and asyncio.run(_write(settings, [first], indices)) == []

    async def roll():
        client = make_async_client(settings)
        try:
            return await roll_over(client, indices, {"max_docs": 1})
        finally:
            await client.close()

    es.indices.refresh(index=list(indices.values()))
    created = asyncio.run(roll())
    # Indices holding a document meet max_docs=1 (this article has claims, no event).
    assert sorted(created) == sorted(f"{indices[kind]}-v1-000002" for kind in ("articles", "claims"))
    assert asyncio.run(roll()) == []  # the new write indices are empty: nothing meets the condition

    again = first | {"fetched_at": "2026-02-01T00:00:00Z", "claims": first["claims"][:1]}
    second = _article(2)
    assert asyncio.run(_write(settings, [again, second], indices)) == []
    # The rewritten article stayed in its first index with its items (no copy in the new one), its dropped claim
    # is gone; the new article went to the new indices.
    assert _where(es, indices, "articles", first["id"]) == [f"{indices['articles']}-v1"]
    assert _where(es, indices, "claims", f"{first['id']}:0") == [f"{indices['claims']}-v1"]
    assert _where(es, indices, "claims", f"{first['id']}:1") == []
    assert _where(es, indices, "articles", second["id"]) == [f"{indices['articles']}-v1-000002"]
    assert _where(es, indices, "claims", f"{second['id']}:0") == [f"{indices['claims']}-v1-000002"]


def test_a_new_template_version_takes_over_writing_and_a_rewrite_moves_the_article(settings):
    """An index of an older template version stays readable behind the alias until a replay moves each article."""
    indices = dict(ensure_indices(settings))
    es = make_client(settings)
    # Play the past: indices of template version 0 behind the aliases, written before the template changed.
    old = _article(3)
    for kind, alias in indices.items():
        template = es.indices.get_index_template(name=f"{settings.index_prefix}{kind}-template")
        mappings = template["index_templates"][0]["index_template"]["template"]["mappings"]
        es.indices.delete(index=f"{alias}-v1")
        es.indices.create(index=f"{alias}-v0", aliases={alias: {"is_write_index": True}}, mappings=mappings)
    assert asyncio.run(_write(settings, [old], indices)) == []
    assert _where(es, indices, "articles", old["id"]) == [f"{indices['articles']}-v0"]

    ensure_indices(settings)  # the worker starts with the new template version
    layout = es.indices.get_alias(name=indices["articles"])
    assert layout[f"{indices['articles']}-v1"]["aliases"][indices["articles"]]["is_write_index"] is True
    assert layout[f"{indices['articles']}-v0"]["aliases"][indices["articles"]]["is_write_index"] is False

    replayed = old | {"fetched_at": "2026-03-01T00:00:00Z"}
    assert asyncio.run(_write(settings, [replayed], indices)) == []
    assert _where(es, indices, "articles", old["id"]) == [f"{indices['articles']}-v1"]  # moved, not duplicated
    assert _where(es, indices, "claims", f"{old['id']}:0") == [f"{indices['claims']}-v1"]
