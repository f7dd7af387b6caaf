import json

import pytest

from pipeline.contract import raw_from_payload
from pipeline.kafka_io import ensure_topics
from pipeline.producers.sender import produce_paths

from .helpers import decode, read_topic

pytestmark = pytest.mark.integration


def test_produce_sends_keyed_valid_records_and_dead_letters_rejects(settings, tmp_path):
    good = [{"url": f"https://news.example/{i}?utm_source=x", "title": f"T{i}", "text": f"Body {i}"} for i in range(3)]
    lines = [json.dumps(g) for g in good] + ["{broken", json.dumps({"title": "no body"})]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines))
    (tmp_path / "note.txt").write_text("Un titre\n2026-01-05\nLe corps du texte.")
    ensure_topics(settings)

    summary = produce_paths(settings, [tmp_path], progress=False)

    assert (summary.sent, summary.failed, sum(summary.rejected.values())) == (4, 0, 2)
    raw = read_topic(settings, settings.topic_raw, expect=4)
    assert len(raw) == 4
    articles = [raw_from_payload(m.value) for m in raw]
    assert sorted(m.key.decode() for m in raw) == sorted(a.id for a in articles) == sorted(summary.ids)
    assert {a.published for a in articles} == {None, "2026-01-05"}
    letters = [decode(m) for m in read_topic(settings, settings.topic_dlq, expect=2)]
    assert sorted(letter["stage"] for letter in letters) == ["produce", "produce"]
    assert any("invalid JSON line" in letter["reason"] for letter in letters)
    assert any(letter["payload"] == "{broken" for letter in letters)


def test_same_article_keeps_its_key_across_runs(settings, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"url": "https://n.example/a?fbclid=1", "text": "x"}))
    ensure_topics(settings)
    first = produce_paths(settings, [tmp_path], progress=False).ids
    (tmp_path / "a.json").write_text(json.dumps({"url": "https://n.example/a", "text": "x, updated"}))
    second = produce_paths(settings, [tmp_path], progress=False).ids
    assert first == second
