"""The index writer with an in-process fake of the bulk API: a refused request is bisected to its guilty record."""

import asyncio

from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ApiError

from pipeline.extract.enrich import EXTRACTOR_VERSION, enrich
from pipeline.index.writer import write_records
from pipeline.models import RawArticle

INDICES = {"articles": "a", "events": "e", "claims": "c"}


def _meta(status: int) -> ApiResponseMeta:
    return ApiResponseMeta(status, "1.1", HttpHeaders(), 0.0, NodeConfig("http", "localhost", 9200))


class FakeIndices:
    """Each alias over one index, as ensure_indices leaves them."""

    async def get_alias(self, name):
        return {f"{alias}-v1": {"aliases": {alias: {"is_write_index": True}}} for alias in name.split(",")}


class FakeBulk:
    """Refuses any whole request holding a document marked too large (HTTP 413); indexes everything else."""

    def __init__(self) -> None:
        self.stored: dict[str, dict] = {}
        self.calls = 0
        self.indices = FakeIndices()

    async def bulk(self, operations, refresh=False):
        import json

        self.calls += 1
        operations = [json.loads(line) for line in operations]  # the writer sends encoded NDJSON lines
        sources = operations[1::2]
        if any("HUGE" in (s.get("title") or "") for s in sources):
            raise ApiError("request entity too large", meta=_meta(413), body={})
        for action, source in zip(operations[::2], sources, strict=True):
            self.stored[action["index"]["_id"]] = source
        return {"items": [{"index": {"status": 201}} for _ in sources]}

    async def mget(self, index, ids, source_includes=None):
        assert index == "a-v1"  # the concrete index behind the alias: real-time and exact
        return {"docs": [{"_id": i, "found": False} for i in ids]}


def _record(n: int, title: str = "") -> dict:
    text = f"Le ministre a déclaré lundi que les négociations reprendraient à Genève (article {n})."
    return enrich(RawArticle(id=f"{n:032x}", source="test", title=title, text=text))


def test_a_refused_request_is_bisected_and_only_the_guilty_record_is_rejected():
    records = [_record(n, "HUGE" if n == 5 else f"t{n}") for n in range(8)]
    es = FakeBulk()
    rejected = asyncio.run(write_records(es, records, INDICES, EXTRACTOR_VERSION))
    assert [r.position for r in rejected] == [5]
    assert "HTTP 413" in rejected[0].reason
    assert {f"{n:032x}" for n in range(8) if n != 5} <= set(es.stored)
    assert f"{5:032x}" not in es.stored


def test_a_record_whose_documents_cannot_be_built_is_rejected_alone():
    good, broken = _record(1), _record(2)
    broken["events"] = None  # e.g. null where a list belongs
    es = FakeBulk()
    rejected = asyncio.run(write_records(es, [good, broken], INDICES, EXTRACTOR_VERSION))
    assert [r.position for r in rejected] == [1] and "cannot build its documents" in rejected[0].reason
    assert good["id"] in es.stored


def test_doc_version_orders_by_extractor_then_fetch_time():
    from pipeline.index.documents import doc_version

    old = {"extractor_version": "0.3.0", "fetched_at": "2026-05-01T00:00:00Z"}
    new = {"extractor_version": "0.4.0", "fetched_at": "2020-01-01T00:00:00Z"}
    refetched = {"extractor_version": "0.3.0", "fetched_at": "2026-05-02T00:00:00Z"}
    assert doc_version(old) < doc_version(refetched) < doc_version(new)
    assert doc_version({"extractor_version": "x"}) == 0 and doc_version(new) < 2**63


class SizeLimitedBulk(FakeBulk):
    """Refuses (413) any request whose body is over a byte limit, as Elasticsearch does past http.max_content_length."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.sizes: list[int] = []

    async def bulk(self, operations, refresh=False):

        size = sum(len(line) + 1 for line in operations)
        self.sizes.append(size)
        if size > self.limit:
            raise ApiError("request entity too large", meta=_meta(413), body={})
        return await super().bulk(operations, refresh)


def test_a_batch_is_cut_into_requests_under_the_byte_limit_before_sending():
    records = [_record(n, f"t{n}") for n in range(30)]
    for record in records:
        record["text"] += " " + "x" * 40_000  # ~80 KB of documents per record (text + search_text)
    es = SizeLimitedBulk(limit=400_000)
    rejected = asyncio.run(write_records(es, records, INDICES, EXTRACTOR_VERSION, max_bytes=300_000))
    assert rejected == []
    assert len(es.stored) >= 30 and len(es.sizes) >= 8  # several requests, none refused
    assert max(es.sizes) <= 400_000


def test_one_document_over_the_servers_limit_is_rejected_alone():
    records = [_record(n, f"t{n}") for n in range(6)]
    records[3]["text"] += " " + "x" * 600_000
    es = SizeLimitedBulk(limit=400_000)
    rejected = asyncio.run(write_records(es, records, INDICES, EXTRACTOR_VERSION, max_bytes=300_000))
    assert [r.position for r in rejected] == [3] and "HTTP 413" in rejected[0].reason
    assert {r["id"] for i, r in enumerate(records) if i != 3} <= set(es.stored)
