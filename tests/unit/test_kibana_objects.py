"""Kibana cannot run here: its saved objects are checked offline against the index templates and the import API's
shape, and `newswire kibana import` against a small HTTP server standing in for Kibana."""

import json
import re
from pathlib import Path

import pytest

from pipeline.index.templates import KINDS, template_for
from pipeline.ops.kibana import KIBANA_VERSION, OBJECT_FILES, load_objects, objects_dir
from pipeline.records import load_schema

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "deploy/kibana"
TYPES = {"index-pattern", "search", "lens", "dashboard"}
AGGREGATABLE = {"keyword", "date", "boolean", "long", "integer", "short", "byte", "double", "float", "half_float",
                "scaled_float", "ip"}  # fmt: skip
BUCKETS = {"terms", "date_histogram", "range", "filters", "significant_terms", "multi_terms"}
METRICS_ON_FIELDS = {"unique_count", "sum", "min", "max", "average", "median", "percentile", "last_value"}
COUNT_FIELD = "___records___"  # Lens's "count of documents": no field


def _objects() -> list[dict]:
    return load_objects(FOLDER)


def _by_type(kind: str) -> list[dict]:
    return [o for o in _objects() if o["type"] == kind]


def _fields(kind: str) -> dict[str, dict]:
    """Every searchable field path of an index template (sub-fields like title.raw and object members included)."""
    found: dict[str, dict] = {}

    def walk(props: dict, prefix: str) -> None:
        for name, spec in props.items():
            if spec.get("enabled") is False:
                continue
            if "properties" in spec:
                walk(spec["properties"], f"{prefix}{name}.")
                continue
            found[prefix + name] = spec
            for sub, sub_spec in (spec.get("fields") or {}).items():
                found[f"{prefix}{name}.{sub}"] = sub_spec

    walk(template_for("newswire-", kind, {})["template"]["mappings"]["properties"], "")
    return found


def _view_kind(view_id: str) -> str:
    views = {o["id"]: o for o in _by_type("index-pattern")}
    return views[view_id]["attributes"]["title"].removeprefix("newswire-")


def _field(kind: str, name: str, *, aggregated: bool = False, where: str = "") -> dict:
    fields = _fields(kind)
    assert name in fields, f"{where}: field {name!r} is not in the {kind} index template"
    spec = fields[name]
    if aggregated:
        assert spec.get("type") in AGGREGATABLE, f"{where}: {kind}.{name} is {spec.get('type')}, not aggregatable"
    return spec


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_CLAUSE = re.compile(r'(?<![\w.@])([A-Za-z_@][\w.]*)\s*:\s*(\([^)]*\)|"(?:[^"\\]|\\.)*"|[^\s()]+)')


def kql_fields(query: str) -> list[str]:
    """The field names a KQL query uses (`field : value`), quoted values left out (they may hold colons)."""
    return re.findall(r"(?<![\w.@])([A-Za-z_@][\w.]*)\s*:", _QUOTED.sub('""', query))


def kql_values(query: str) -> list[tuple[str, list[str]]]:
    """(field, the literal values it is compared with) for each clause of a KQL query."""
    clauses = []
    for field, value in _CLAUSE.findall(query):
        words = re.findall(r'"((?:[^"\\]|\\.)*)"|([^\s()"]+)', value)
        clauses.append((field, [q or w for q, w in words if (q or w).lower() not in {"or", "and", "not"}]))
    return clauses


# --- the files and the import API's shape ---------------------------------------------------------------------


def test_every_file_is_ndjson_of_saved_objects():
    assert sorted(p.name for p in FOLDER.glob("*.ndjson")) == sorted(OBJECT_FILES)
    for name in OBJECT_FILES:
        text = (FOLDER / name).read_text(encoding="utf-8")
        assert text.endswith("\n") and "\n\n" not in text, name
        for number, line in enumerate(text.splitlines(), start=1):
            item = json.loads(line)  # one object per line: the import API reads the file line by line
            assert isinstance(item, dict), f"{name}:{number}"


def test_every_object_has_what_the_import_api_expects():
    objects = _objects()
    assert objects
    for o in objects:
        where = f"{o.get('type')}/{o.get('id')}"
        assert {"type", "id", "attributes", "references"} <= set(o), where
        assert o["type"] in TYPES, where
        assert re.fullmatch(r"newswire-[a-z0-9-]+", o["id"]), f"{where}: ids are stable and readable"
        assert isinstance(o["attributes"], dict) and isinstance(o["attributes"].get("title"), str), where
        assert isinstance(o["references"], list), where
        for ref in o["references"]:
            assert set(ref) == {"name", "type", "id"} and all(isinstance(v, str) and v for v in ref.values()), where
        # An object from a newer Kibana than the server is refused; these are written for the pinned version.
        assert o["coreMigrationVersion"] == "8.8.0", where
        assert _version(o["typeMigrationVersion"]) <= _version(KIBANA_VERSION), where


def test_ids_are_unique_so_a_second_import_overwrites():
    ids = [o["id"] for o in _objects()]
    assert len(ids) == len(set(ids))


def test_every_reference_resolves_to_an_object_of_the_files():
    known = {(o["type"], o["id"]) for o in _objects()}
    for o in _objects():
        for ref in o["references"]:
            assert (ref["type"], ref["id"]) in known, f"{o['id']} refers to {ref['type']}/{ref['id']}"


def test_the_installed_package_holds_the_same_files():
    assert objects_dir().resolve() == FOLDER.resolve() or all((objects_dir() / n).is_file() for n in OBJECT_FILES)
    assert load_objects() == _objects()


# --- data views -----------------------------------------------------------------------------------------------


def test_data_views_point_at_our_indices_and_date_fields():
    views = _by_type("index-pattern")
    assert {v["attributes"]["title"] for v in views} == {f"newswire-{k}" for k in KINDS}
    for view in views:
        kind = view["attributes"]["title"].removeprefix("newswire-")
        time_field = view["attributes"]["timeFieldName"]
        assert _field(kind, time_field, where=view["id"])["type"] == "date"
        # Undated events and undated articles must stay visible: `timeline` is the article's publication, else its
        # fetch time (index/documents.timeline), never the event's own date.
        assert time_field == "timeline"
        for name in json.loads(view["attributes"].get("fieldFormatMap") or "{}"):
            _field(kind, name, where=f"{view['id']} fieldFormatMap")
    assert "event_date" in _fields("events")  # the event's own date stays a field of the events view


# --- saved searches -------------------------------------------------------------------------------------------


def _search_source(search: dict) -> dict:
    return json.loads(search["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])


def _search_kind(search: dict) -> str:
    source = _search_source(search)
    ref = next(r for r in search["references"] if r["name"] == source["indexRefName"])
    assert ref["type"] == "index-pattern"
    return _view_kind(ref["id"])


def test_the_saved_searches_analysts_asked_for_exist():
    queries = {s["id"]: (_search_kind(s), _search_source(s)["query"]["query"]) for s in _by_type("search")}
    assert queries["newswire-claims-by-speaker"][0] == "claims"
    assert kql_fields(queries["newswire-claims-by-speaker"][1]) == ["speaker"]
    assert queries["newswire-claims-hedged"] == ("claims", "hedged : true")
    assert queries["newswire-events-of-type"][0] == "events"
    assert kql_fields(queries["newswire-events-of-type"][1]) == ["type"]
    assert queries["newswire-events-negated-cancelled"][0] == "events"
    assert sorted(kql_values(queries["newswire-events-negated-cancelled"][1])[0][1]) == ["cancelled", "negated"]


def test_every_field_a_saved_search_uses_is_in_its_template():
    for search in _by_type("search"):
        kind, where = _search_kind(search), search["id"]
        attributes = search["attributes"]
        assert attributes["columns"], where
        for column in attributes["columns"]:
            _field(kind, column, where=f"{where} column")
        for field, _direction in attributes["sort"]:
            _field(kind, field, aggregated=True, where=f"{where} sort")
        source = _search_source(search)
        assert source["query"]["language"] == "kuery"
        for field in kql_fields(source["query"]["query"]):
            _field(kind, field, where=f"{where} query")
        for flt in source.get("filter") or []:
            _field(kind, flt["meta"]["key"], where=f"{where} filter")


def test_query_values_are_values_the_extractor_produces():
    schema = load_schema("enriched_article")["$defs"]
    allowed = {
        ("events", "type"): schema["event"]["properties"]["type"]["enum"],
        ("events", "status"): schema["event"]["properties"]["status"]["enum"],
        ("claims", "kind"): schema["claim"]["properties"]["kind"]["enum"],
        ("claims", "hedged"): ["true", "false"],
    }
    checked = 0
    for search in _by_type("search"):
        kind = _search_kind(search)
        for field, values in kql_values(_search_source(search)["query"]["query"]):
            if (kind, field) in allowed:
                checked += 1
                assert set(values) <= set(allowed[(kind, field)]), f"{search['id']}: {field} : {values}"
    assert checked >= 3


def test_kql_helpers_read_fields_and_values():
    assert kql_fields('speaker_id : "person:x" and not hedged:true') == ["speaker_id", "hedged"]
    assert kql_values('status : ("negated" or "cancelled")') == [("status", ["negated", "cancelled"])]


# --- Lens visualisations --------------------------------------------------------------------------------------


def _layers(vis: dict) -> dict[str, dict]:
    return vis["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]


def _accessors(visualization: dict) -> list[tuple[str, str]]:
    """(layer id, column id) for every column the chart draws."""
    found = []
    for layer in visualization.get("layers") or [visualization]:
        ids = [layer.get(k) for k in ("xAccessor", "splitAccessor", "accessor", "metricAccessor")]
        ids += layer.get("accessors") or []
        ids += layer.get("primaryGroups") or []
        ids += layer.get("metrics") or []
        ids += [c["columnId"] for c in layer.get("columns") or []]
        found += [(layer["layerId"], i) for i in ids if i]
    return found


def test_every_lens_layer_has_its_data_view_and_every_field_is_in_the_template():
    lenses = _by_type("lens")
    assert lenses
    for vis in lenses:
        refs = {r["name"]: r for r in vis["references"]}
        assert vis["attributes"]["visualizationType"] in {"lnsXY", "lnsPie", "lnsDatatable", "lnsMetric"}
        for layer_id, layer in _layers(vis).items():
            ref = refs[f"indexpattern-datasource-layer-{layer_id}"]
            assert ref["type"] == "index-pattern"
            kind = _view_kind(ref["id"])
            assert set(layer["columns"]) == set(layer["columnOrder"]), vis["id"]
            for column_id, column in layer["columns"].items():
                where = f"{vis['id']} column {column_id}"
                operation, field = column["operationType"], column.get("sourceField")
                if operation == "count":
                    assert field in (COUNT_FIELD, None) or field in _fields(kind), where
                    continue
                assert field, where
                aggregated = operation in BUCKETS or operation in METRICS_ON_FIELDS
                spec = _field(kind, field, aggregated=aggregated, where=where)
                if operation == "date_histogram":
                    assert spec["type"] == "date", where
                if operation == "terms":
                    order = column["params"]["orderBy"]
                    assert order["type"] != "column" or order["columnId"] in layer["columns"], where


def test_breakdowns_are_top_values_over_the_whole_range():
    # Lens nests aggregations in columnOrder: terms after a date histogram would pick a different top-N per interval.
    for vis in _by_type("lens"):
        for layer in _layers(vis).values():
            operations = [layer["columns"][c]["operationType"] for c in layer["columnOrder"]]
            if "date_histogram" in operations and "terms" in operations:
                assert operations.index("terms") < operations.index("date_histogram"), vis["id"]


def test_every_chart_accessor_is_a_column_of_its_layer():
    for vis in _by_type("lens"):
        layers = _layers(vis)
        accessors = _accessors(vis["attributes"]["state"]["visualization"])
        assert accessors, vis["id"]
        for layer_id, column_id in accessors:
            assert column_id in layers[layer_id]["columns"], f"{vis['id']}: {layer_id}/{column_id}"


# --- the dashboard --------------------------------------------------------------------------------------------


def _panels(dashboard: dict) -> list[dict]:
    return json.loads(dashboard["attributes"]["panelsJSON"])


def test_dashboard_panels_resolve_to_objects_of_the_files():
    known = {(o["type"], o["id"]): o for o in _objects()}
    dashboards = _by_type("dashboard")
    assert len(dashboards) == 1
    dashboard = dashboards[0]
    refs = {r["name"]: r for r in dashboard["references"]}
    shown = []
    for panel in _panels(dashboard):
        # Kibana 8 finds a by-reference panel's object under "<panelIndex>:<panelRefName>".
        ref = refs[f"{panel['panelIndex']}:{panel['panelRefName']}"]
        assert ref["type"] == panel["type"] and (ref["type"], ref["id"]) in known
        assert panel["gridData"]["i"] == panel["panelIndex"]
        shown.append(ref["id"])
    assert len(set(shown)) == len(shown) == len(refs)
    assert set(shown) == {
        "newswire-lens-events-over-time", "newswire-lens-top-actors", "newswire-lens-top-speakers",
        "newswire-lens-claims-by-language", "newswire-lens-places", "newswire-claims-latest",
    }  # fmt: skip


def test_dashboard_panels_fit_the_grid_without_overlapping():
    cells: set[tuple[int, int]] = set()
    for panel in _panels(_by_type("dashboard")[0]):
        g = panel["gridData"]
        assert g["x"] >= 0 and g["w"] > 0 and g["x"] + g["w"] <= 48 and g["h"] > 0
        mine = {(x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])}
        assert not cells & mine, panel["panelIndex"]
        cells |= mine


def test_what_the_dashboard_shows():
    lenses = {v["id"]: v for v in _by_type("lens")}

    def fields(vis_id: str) -> dict[str, str]:
        layer = next(iter(_layers(lenses[vis_id]).values()))
        return {c["operationType"] + ":" + c.get("sourceField", ""): c["dataType"] for c in layer["columns"].values()}

    assert {"date_histogram:timeline", "terms:type"} <= set(fields("newswire-lens-events-over-time"))
    assert "terms:actors" in fields("newswire-lens-top-actors")
    assert "terms:speaker" in fields("newswire-lens-top-speakers")
    assert "terms:language" in fields("newswire-lens-claims-by-language")
    assert "terms:location" in fields("newswire-lens-places")
    latest = next(s for s in _by_type("search") if s["id"] == "newswire-claims-latest")
    assert {"speaker", "content"} <= set(latest["attributes"]["columns"])
    assert latest["attributes"]["sort"] == [["timeline", "desc"]]


@pytest.mark.parametrize("kind", KINDS)
def test_each_index_has_a_data_view(kind):
    assert f"newswire-{kind}" in {o["id"] for o in _by_type("index-pattern")}


# --- `newswire kibana import` against a stand-in for Kibana ---------------------------------------------------


class FakeKibana:
    """An HTTP server on a loopback port that records each request and answers with `self.answer` (status, body)."""

    def __init__(self) -> None:
        import http.server
        import threading

        fake = self
        self.requests: list[dict] = []
        self.answer: tuple[int, dict | str] = (200, {})

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the standard library's method name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                fake.requests.append({"path": self.path, "headers": headers, "body": body})
                status, answer = fake.answer
                if status == 200 and answer == {}:  # by default: what Kibana says when every object went in
                    objects = _uploaded(fake.requests[-1])
                    answer = {"success": True, "successCount": len(objects),
                              "successResults": [{"type": o["type"], "id": o["id"], "overwrite": True}
                                                 for o in objects]}  # fmt: skip
                data = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _uploaded(request: dict) -> list[dict]:
    """The saved objects in a recorded request's multipart body (its one `file` part), checked as Kibana would."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {request['headers']['content-type']}\r\n\r\n".encode() + request["body"]
    )
    assert message.is_multipart()
    parts = list(message.iter_parts())
    assert len(parts) == 1
    part = parts[0]
    assert part.get_param("name", header="content-disposition") == "file"
    assert part.get_filename().endswith(".ndjson")  # Kibana refuses any other extension
    text = part.get_payload(decode=True).decode("utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


@pytest.fixture
def kibana():
    server = FakeKibana()
    yield server
    server.close()


def test_import_posts_every_object_with_overwrite_xsrf_and_api_key(kibana):
    from pipeline.ops.kibana import import_objects

    result = import_objects(kibana.url + "/", api_key="c2VjcmV0")
    (request,) = kibana.requests
    assert request["path"] == "/api/saved_objects/_import?overwrite=true"
    assert request["headers"]["kbn-xsrf"] == "true"
    assert request["headers"]["authorization"] == "ApiKey c2VjcmV0"
    assert request["headers"]["content-type"].startswith("multipart/form-data; boundary=")
    sent = _uploaded(request)
    assert sent == _objects()
    assert {(o["type"], o["id"]) for o in sent} == {(o["type"], o["id"]) for o in _objects()}
    assert result.imported == len(sent) and result.overwritten == len(sent)
    assert result.by_type == {"index-pattern": 3, "search": 5, "lens": 5, "dashboard": 1}


def test_importing_twice_sends_the_same_objects_under_the_same_ids(kibana):
    from pipeline.ops.kibana import import_objects

    import_objects(kibana.url)
    import_objects(kibana.url)
    first, second = (_uploaded(r) for r in kibana.requests)
    assert first == second
    assert all("overwrite=true" in r["path"] for r in kibana.requests)


def test_data_views_follow_the_index_prefix(kibana, monkeypatch):
    from pipeline.cli import main

    monkeypatch.setenv("NEWSWIRE_INDEX_PREFIX", "staging-")
    assert main(["kibana", "import", "--url", kibana.url]) == 0
    sent = _uploaded(kibana.requests[-1])
    views = {o["id"]: o["attributes"]["title"] for o in sent if o["type"] == "index-pattern"}
    assert views == {f"newswire-{k}": f"staging-{k}" for k in KINDS}  # same ids: a re-import re-points them
    assert [o for o in sent if o["type"] != "index-pattern"] == [o for o in _objects() if o["type"] != "index-pattern"]


def test_a_space_and_credentials_in_the_url(kibana):
    import base64

    from pipeline.ops.kibana import import_objects

    url = kibana.url.replace("http://", "http://analyst:p%40ss@") + "/kibana"
    import_objects(url, space="newsroom")
    (request,) = kibana.requests
    assert request["path"] == "/kibana/s/newsroom/api/saved_objects/_import?overwrite=true"
    assert request["headers"]["authorization"] == "Basic " + base64.b64encode(b"analyst:p@ss").decode()


def test_a_response_with_errors_raises_naming_each_failed_object(kibana):
    from pipeline.ops.kibana import KibanaError, import_objects

    kibana.answer = (200, {
        "success": False, "successCount": 12,
        "errors": [
            {"type": "lens", "id": "newswire-lens-top-actors", "meta": {"title": "Top actors"},
             "error": {"type": "missing_references",
                       "references": [{"type": "index-pattern", "id": "newswire-events"}]}},
            {"type": "dashboard", "id": "newswire-overview", "title": "newswire: events and claims",
             "error": {"type": "unknown", "message": "Something\nbroke", "statusCode": 500}},
        ],
    })  # fmt: skip
    with pytest.raises(KibanaError) as caught:
        import_objects(kibana.url, api_key="k")
    message = str(caught.value)
    assert "\n" not in message
    assert "imported 12 of 14" in message
    assert "lens/newswire-lens-top-actors (Top actors): missing references index-pattern/newswire-events" in message
    assert "dashboard/newswire-overview (newswire: events and claims): unknown Something broke" in message


@pytest.mark.parametrize(
    "status, answer, says",
    [
        (401, {"statusCode": 401, "error": "Unauthorized", "message": "unable to authenticate"},
         "HTTP 401 unable to authenticate (check the API key or credentials)"),
        (400, {"statusCode": 400, "message": "Invalid file extension .txt"}, "HTTP 400 Invalid file extension .txt"),
        (200, "<html>not kibana</html>", "not JSON"),
        (200, {"success": True, "successCount": 2}, "2 saved objects imported, 14 were sent"),
    ],
)  # fmt: skip
def test_refusals_and_odd_answers_raise_one_line(kibana, status, answer, says):
    from pipeline.ops.kibana import KibanaError, import_objects

    kibana.answer = (status, answer)
    with pytest.raises(KibanaError, match=re.escape(says)) as caught:
        import_objects(kibana.url)
    assert "\n" not in str(caught.value)


def test_the_password_of_a_url_never_shows_in_an_error():
    import socket

    from pipeline.ops.kibana import KibanaError, import_objects

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(KibanaError, match="cannot reach Kibana") as caught:
        import_objects(f"http://analyst:hunter2@127.0.0.1:{port}", timeout=5)
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("url", ["kibana:5601", "ftp://kibana", "", "http://kibana:port", "http://[::1"])
def test_a_url_that_is_not_http_is_refused(url):
    from pipeline.ops.kibana import KibanaError, import_objects

    with pytest.raises(KibanaError, match="must be http"):
        import_objects(url)


def test_the_cli_uses_settings_and_exits_2_with_one_line(kibana, monkeypatch, capsys):
    from pipeline.cli import main

    monkeypatch.setenv("NEWSWIRE_KIBANA_URL", kibana.url)
    monkeypatch.setenv("NEWSWIRE_KIBANA_API_KEY", "from-settings")
    assert main(["kibana", "import"]) == 0
    assert kibana.requests[-1]["headers"]["authorization"] == "ApiKey from-settings"
    assert capsys.readouterr().out.startswith("imported 14 saved objects")

    assert main(["kibana", "import", "--url", kibana.url, "--api-key", "flag", "--space", "ops"]) == 0
    assert kibana.requests[-1]["headers"]["authorization"] == "ApiKey flag"
    assert kibana.requests[-1]["path"].startswith("/s/ops/")

    kibana.answer = (403, {"message": "forbidden"})
    capsys.readouterr()
    assert main(["kibana", "import"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("newswire kibana: ") and "HTTP 403" in err

    monkeypatch.delenv("NEWSWIRE_KIBANA_URL")
    assert main(["kibana", "import"]) == 2
    assert "NEWSWIRE_KIBANA_URL" in capsys.readouterr().err


def test_the_settings_are_secrets_and_masked():
    from pipeline.config import load_settings

    s = load_settings({"NEWSWIRE_KIBANA_URL": "https://analyst:hunter2@kibana:5601",
                       "NEWSWIRE_KIBANA_API_KEY": "c2VjcmV0"})  # fmt: skip
    shown = "\n".join(s.describe())
    assert "NEWSWIRE_KIBANA_URL=https://analyst:***@kibana:5601" in shown
    assert "NEWSWIRE_KIBANA_API_KEY=***" in shown and "c2VjcmV0" not in shown and "hunter2" not in shown
