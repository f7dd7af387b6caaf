"""The raw-topic contract: any producer's minimal article, the full envelope, and reasons that name the field."""

import json

import pytest

from pipeline.contract import article_from_record, raw_from_payload, valid_date
from pipeline.errors import InvalidRecord, PoisonRecord
from pipeline.identity import article_id
from pipeline.producers.files import article_from_mapping

PESKOV = {
    "url": "https://x.example/3",
    "source": "kcat",
    "title": "Ok",
    "text": "Dmitri Peskov a déclaré que la réunion aurait lieu en Floride.",
    "published": "2026-11-20",
}


def _problems(record):
    with pytest.raises(InvalidRecord) as caught:
        raw_from_payload(json.dumps(record).encode())
    return caught.value.problems


def test_a_minimal_article_gets_what_produce_would_give_it():
    article = raw_from_payload(json.dumps(PESKOV).encode(), topic="articles.raw", timestamp_ms=1_763_600_000_000)
    assert article.id == article_id(PESKOV["url"], "Ok", PESKOV["text"])
    assert article.source == "kcat" and article.published == "2026-11-20"
    assert article.fetched_at == "2025-11-20T00:53:20Z"  # the record's timestamp
    assert article_from_mapping(dict(PESKOV), "file.jsonl:1").id == article.id  # same id as `newswire produce`


def test_only_text_is_required_and_the_rest_is_derived():
    article = raw_from_payload(b'{"text": "Le Kremlin a d\\u00e9clar\\u00e9 lundi que rien ne changerait."}', topic="t")
    assert article.source == "kafka:t" and article.title == "" and article.url is None
    assert len(article.id) == 32 and article.fetched_at


def test_source_defaults_to_the_url_host():
    assert raw_from_payload(b'{"text": "x", "url": "https://www.news.example/a?utm_source=z"}').source == "news.example"


def test_extra_fields_are_kept_under_metadata():
    article = raw_from_payload(json.dumps({**PESKOV, "section": "world", "metadata": {"k": 1}}).encode())
    assert article.metadata == {"section": "world", "k": 1}


def test_the_issue_records_name_their_fields():
    assert _problems({"url": "https://x.example/1", "source": "kcat"}) == ["text: missing"]
    bad_date = {"url": "https://x.example/2", "source": "kcat", "title": "Hello", "text": "Le Kremlin…",
                "published": "2026-13-45"}  # fmt: skip
    assert _problems(bad_date) == ["published: '2026-13-45' is not a valid date"]
    with pytest.raises(PoisonRecord, match="payload is not JSON"):
        raw_from_payload(b"not json at all")


def test_one_line_per_problem():
    found = _problems({"title": 3, "published": "yesterday", "language": "French", "author": ["a"]})
    assert found == [
        "text: missing",
        "author: expected string or null, got array",
        "title: expected string or null, got integer",
        "published: 'yesterday' is not a valid date",
        "language: 'French' is not an ISO 639 code such as 'fr'",
    ]


def test_language_tags_are_reduced_to_their_language():
    assert raw_from_payload(json.dumps({**PESKOV, "language": "fr-FR"}).encode()).language_hint == "fr"


@pytest.mark.parametrize(
    "value", ["2026-11-20", "2026-11-20T08:30:00Z", "2026-11-20T08:30:00+02:00", "2026-11-20 08:30"]
)
def test_valid_dates(value):
    assert valid_date(value)


@pytest.mark.parametrize("value", ["2026-13-45", "2026-02-30", "20/11/2026", "2026-11-20T25:00", ""])
def test_impossible_dates(value):
    assert not valid_date(value)


def test_the_full_envelope_stays_valid_and_is_checked_the_same_way():
    envelope = article_from_record(PESKOV, default_source="x").to_dict()
    assert raw_from_payload(json.dumps(envelope).encode()).id == envelope["id"]
    assert _problems({**envelope, "published": "2026-02-30"}) == ["published: '2026-02-30' is not a valid date"]
    assert _problems({**envelope, "schema": "other"})[0].startswith("schema: 'other' is not 'newswire.raw_article'")


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_json_in_any_unicode_encoding(encoding):
    article = raw_from_payload(json.dumps(PESKOV, ensure_ascii=False).encode(encoding))
    assert article.text == PESKOV["text"]


def test_arrays_are_refused_with_a_reason():
    with pytest.raises(PoisonRecord, match="a JSON array of 2 items; send one article per record"):
        raw_from_payload(json.dumps([PESKOV, PESKOV]).encode())


@pytest.mark.parametrize("payload", [None, b"", b"   ", b"null", b"42", b'"text"'])
def test_empty_and_scalar_records_are_poison(payload):
    with pytest.raises(PoisonRecord):
        raw_from_payload(payload)


def test_blank_text_is_refused():
    assert _problems({"text": " \n\t"}) == ["text: only whitespace"]


def test_deep_json_is_poison_not_a_crash():
    with pytest.raises(PoisonRecord):
        raw_from_payload(b"[" * 100_000 + b"]" * 100_000)


def test_deep_metadata_is_refused_with_a_reason_not_a_crash():
    deep: dict = {}
    node = deep
    for _ in range(600):
        node["x"] = {}
        node = node["x"]
    assert _problems({"text": "ok", "metadata": deep}) == ["metadata: nested deeper than 32 levels"]


def test_produce_rejects_deep_json_files_without_stopping(tmp_path):
    from pipeline.producers.files import Rejection, read_articles

    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": "fine"}) + "\n")
    items = list(read_articles([tmp_path]))
    reasons = [i.reason for i in items if isinstance(i, Rejection)]
    assert reasons == ["invalid JSON: nested too deeply", "invalid JSON line: nested too deeply"]
    assert [i.text for i in items if not isinstance(i, Rejection)] == ["fine"]


def test_long_texts_are_extracted_up_to_the_cap_and_say_so():
    from pipeline.extract.enrich import EXTRACTED_CHARS, enrich

    article = raw_from_payload(json.dumps({"text": "Le ministre a déclaré que rien ne changerait. " * 3000}).encode())
    record = enrich(article)
    assert record["extraction"]["truncated_at"] == EXTRACTED_CHARS
    assert all(c["content"]["end"] <= EXTRACTED_CHARS for c in record["claims"])
    assert enrich(raw_from_payload(b'{"text": "Court."}'))["extraction"]["truncated_at"] is None
