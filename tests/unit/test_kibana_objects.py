"""Kibana cannot run here: its saved objects are checked offline against the index templates."""

import json
from pathlib import Path

from pipeline.index.templates import template_for

ROOT = Path(__file__).resolve().parents[2]


def test_data_views_point_at_our_indices_and_date_fields():
    views = [json.loads(line) for line in (ROOT / "deploy/kibana/data-views.ndjson").read_text().splitlines() if line]
    assert {v["attributes"]["title"] for v in views} == {"newswire-articles", "newswire-events", "newswire-claims"}
    for view in views:
        assert view["type"] == "index-pattern" and view["id"]
        kind = view["attributes"]["title"].removeprefix("newswire-")
        mapping = template_for("newswire-", kind, {})["template"]["mappings"]["properties"]
        time_field = view["attributes"]["timeFieldName"]
        assert mapping[time_field]["type"] == "date"
        # Undated events must stay visible: the time field is the article's publication, not the event's date.
        assert time_field != "event_date"
