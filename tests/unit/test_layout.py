"""Index names behind the aliases: versions, rollover generations, sibling indices; rollover conditions."""

import pytest

from pipeline.errors import NewswireError
from pipeline.index.layout import Layout, _layouts, mget_request, next_index, sibling, template_version
from pipeline.index.rollover import parse_conditions


def test_versions_and_generations_are_read_from_index_names():
    assert template_version("newswire-articles-v1") == 1
    assert template_version("newswire-articles-v12-000003") == 12
    assert template_version("something-else") == 0
    assert next_index("newswire-events-v1") == "newswire-events-v1-000002"
    assert next_index("newswire-events-v1-000009") == "newswire-events-v1-000010"
    assert sibling("newswire-articles-v1-000002", "newswire-articles", "newswire-claims") == "newswire-claims-v1-000002"


def test_layouts_name_the_write_index_and_every_index_read():
    response = {
        "n-articles-v1": {"aliases": {"n-articles": {"is_write_index": False}}},
        "n-articles-v1-000002": {"aliases": {"n-articles": {"is_write_index": True}}},
        "n-events-v1": {"aliases": {"n-events": {}}},
    }
    layouts = _layouts(response, {"articles": "n-articles", "events": "n-events", "claims": "n-claims"})
    assert layouts["articles"] == Layout(
        "n-articles", "n-articles-v1-000002", ("n-articles-v1", "n-articles-v1-000002")
    )
    assert layouts["events"].write == "n-events-v1" and "claims" not in layouts


def test_lookups_ask_every_index_behind_an_alias():
    one = Layout("a", "a-v1", ("a-v1",))
    assert mget_request(one, ["x"], ["f"]) == {"index": "a-v1", "ids": ["x"], "source_includes": ["f"]}
    two = Layout("a", "a-v1-000002", ("a-v1", "a-v1-000002"))
    docs = mget_request(two, ["x", "y"], ["f"])["docs"]
    assert {(d["_index"], d["_id"]) for d in docs} == {(i, x) for i in two.indices for x in ("x", "y")}


def test_rollover_conditions_are_checked_before_use():
    assert parse_conditions("max_primary_shard_size=50gb, max_age=30d,max_docs=1000") == {
        "max_primary_shard_size": "50gb", "max_age": "30d", "max_docs": 1000}  # fmt: skip
    for bad, words in [
        ("max_size=big", "not a valid value"),
        ("max_weight=1", "unknown condition"),
        ("", "no condition"),
    ]:
        with pytest.raises(NewswireError, match=words):
            parse_conditions(bad)
