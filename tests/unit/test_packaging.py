import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_ships():
    """A folder of pipeline/ left out of pyproject's explicit list would be missing from the wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "pipeline").rglob("__init__.py")}
    # Data packages that live outside pipeline/: the top-level schemas/ and the Kibana saved objects in deploy/kibana.
    mapped = {"pipeline.schemas": "schemas", "pipeline.kibana": "deploy/kibana"}
    assert found | set(mapped) == set(config["packages"])
    assert config["package-dir"] == mapped
    assert all((ROOT / folder / "__init__.py").is_file() for folder in mapped.values())


def test_data_files_are_covered_by_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    schemas = {p.relative_to(ROOT / "schemas").as_posix() for p in (ROOT / "schemas").rglob("*.json")}
    assert schemas and all(any(Path(s).match(g) for g in config["pipeline.schemas"]) for s in schemas)
    assert "stack.lock.json" in config["pipeline.stack"]
    kibana = [p.name for p in (ROOT / "deploy/kibana").iterdir() if p.suffix == ".ndjson"]
    assert kibana and all(any(Path(k).match(g) for g in config["pipeline.kibana"]) for k in kibana)
