import pytest

from pipeline.contract import raw_from_payload
from pipeline.errors import PoisonRecord
from pipeline.extract.enrich import enrich
from pipeline.models import DeadLetter, RawArticle
from pipeline.records import validate

RAW = RawArticle(id="0" * 32, source="s", title="Titre", text="Le gouvernement a annoncé mardi un nouveau plan.")


def test_raw_round_trip_validates():
    again = raw_from_payload(__import__("json").dumps(RAW.to_dict()).encode())
    assert again == RAW


@pytest.mark.parametrize(
    "payload, fragment",
    [
        (b"\xff\xfe", "not JSON"),
        (b"\x80abc", "not text in UTF-8, UTF-16 or UTF-32"),
        (b"[]", "a JSON array of 0 items; send one article per record"),
        (
            b'{"schema": "newswire.raw_article", "version": 1, "id": "x", "source": "s", "title": "", "text": "t"}',
            "id: 'x' is not valid here",
        ),
        (
            b'{"schema": "newswire.raw_article", "version": 1, "id": "' + b"0" * 32 + b'", "source": "s", "title": ""}',
            "^text: missing$",
        ),
    ],
)
def test_bad_raw_payloads_are_poison_with_clear_reason(payload, fragment):
    with pytest.raises(PoisonRecord, match=fragment):
        raw_from_payload(payload)


def test_enriched_record_matches_schema():
    record = enrich(RAW)
    validate("enriched_article", record)
    assert record["language"]["code"] == "fr"
    assert record["extraction"]["supported"] is True


def test_dead_letter_keeps_binary_payload_as_base64():
    letter = DeadLetter("enrich", "PoisonRecord", "bad", b"\xff\x00", topic="t", partition=0, offset=5).to_dict()
    assert letter["payload_encoding"] == "base64" and letter["source"]["offset"] == 5


def test_dead_letter_cuts_a_large_payload_and_says_so():
    body = ("é" * 1000).encode()
    letter = DeadLetter("enrich", "PoisonRecord", "too big", body[:1001], payload_bytes=len(body)).to_dict()
    assert letter["payload_truncated"] is True and letter["payload_bytes"] == 2000
    assert letter["payload"] == "é" * 500 and letter["payload_encoding"] == "utf-8"
    whole = DeadLetter("enrich", "PoisonRecord", "small", b"{}").to_dict()
    assert whole["payload_truncated"] is False and whole["payload_bytes"] == 2
