"""The README's settings table is the one the settings generate, and every variable it names is a real setting."""

import re
from dataclasses import fields
from pathlib import Path

from pipeline.config import Settings, settings_table, variable

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_settings_table_is_generated_from_the_settings():
    text = README.read_text(encoding="utf-8")
    between = re.search(r"<!-- settings:begin -->\n(.*?)\n<!-- settings:end -->", text, re.S)
    assert between, "README lost its settings markers"
    assert between[1].strip() == settings_table(), "README settings table is stale: paste `newswire config --markdown`"


def test_every_setting_has_a_doc_line():
    assert [f.name for f in fields(Settings) if not f.metadata.get("doc")] == []


def test_every_variable_the_readme_names_exists():
    known = {variable(f) for f in fields(Settings)}
    named = set(re.findall(r"\bNEWSWIRE_[A-Z0-9_]+[A-Z0-9]", README.read_text(encoding="utf-8")))
    # NEWSWIRE_<SECRET>_FILE forms and prefixes written as `NEWSWIRE_CRAWL_*` are not settings by themselves.
    unknown = {n for n in named if n not in known and not (n.endswith("_FILE") and n[:-5] in known)}
    unknown -= {n for n in unknown if any(k.startswith(n + "_") for k in known)}
    unknown -= {"NEWSWIRE_TOPIC_PARTITONS"}  # the misspelling the README shows being refused
    assert unknown == set()


def _template_fields(kind):
    from pipeline.index.templates import template_for

    found = set()

    def walk(props, prefix=""):
        for name, spec in props.items():
            found.add(prefix + name)
            walk(spec.get("properties", {}), prefix + name + ".")

    walk(template_for("newswire-", kind, {})["template"]["mappings"]["properties"])
    return found


def test_every_field_the_kql_examples_use_is_in_its_index_template():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Ten KQL queries") :]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`" in line][:10]
    assert len(rows) == 10
    for row in rows:
        kind = next(k for k in ("articles", "events", "claims") if f"| {k}" in row)
        query = row.rsplit("|", 2)[-2]
        used = set(re.findall(r"([a-z_.]+) :", query))
        assert used and used <= _template_fields(kind), (row, used - _template_fields(kind))
