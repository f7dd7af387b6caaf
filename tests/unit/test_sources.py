import pytest

from pipeline.crawl.sources import SourcesError, load_sources, parse_interval

TOML = """
[defaults]
poll_interval = "5m"
language = "fr"
[defaults.rules]
max_age_days = 3

[[sources]]
name = "observateur"
feeds = ["https://www.observateur.example/rss.xml"]
sitemaps = ["https://observateur.example/sitemap-news.xml"]
[sources.rules]
include = ["/international/"]
exclude = ["/live/"]

[[sources]]
name = "ledger"
feeds = ["https://dailyledger.example/world/rss"]
poll_interval = 90
language = "en"
"""

YAML = """
sources:
  - name: ledger
    feeds: [https://dailyledger.example/world/rss]
    poll_interval: 1h
    allow_private: true
"""


def test_toml_with_defaults_and_rules(tmp_path):
    (tmp_path / "s.toml").write_text(TOML)
    first, second = load_sources(tmp_path / "s.toml")
    assert (first.name, first.poll_interval, first.language, first.rules.max_age_days) == ("observateur", 300, "fr", 3)
    assert (second.poll_interval, second.language) == (90, "en")
    assert first.refusal("https://observateur.example/international/a.html", 1) is None
    assert first.refusal("https://observateur.example/sport/a.html", 1) == "rule_include"
    assert first.refusal("https://observateur.example/international/live/a.html", 1) == "rule_exclude"
    assert first.refusal("https://observateur.example/international/a.html", 10) == "too_old"
    assert first.refusal("https://elsewhere.example/international/a.html", 1) == "off_site"


def test_yaml(tmp_path):
    (tmp_path / "s.yaml").write_text(YAML)
    (source,) = load_sources(tmp_path / "s.yaml")
    assert (source.poll_interval, source.allow_private, source.max_pages_per_poll) == (3600, True, 100)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[sources]]\nname = "x"\n', "feeds"),
        ('[[sources]]\nname = "x"\nfeeds = ["ftp://a/b"]\n', "feeds/0"),
        ('[[sources]]\nname = "x"\nfeeds = ["https://a/b"]\nsurprise = 1\n', "surprise"),
        ('[[sources]]\nname = "x"\nfeeds = ["https://a/b"]\n[sources.rules]\ninclude = ["("]\n', "regular expression"),
        ('[[sources]]\nname = "x"\nfeeds = ["https://a"]\n[[sources]]\nname = "x"\nfeeds = ["https://b"]\n', "unique"),
        ("sources = [", "s.toml"),
    ],
)
def test_bad_files_name_the_problem(tmp_path, text, message):
    (tmp_path / "s.toml").write_text(text)
    with pytest.raises(SourcesError, match=message):
        load_sources(tmp_path / "s.toml")


def test_other_suffixes_and_missing_files(tmp_path):
    with pytest.raises(SourcesError, match="toml"):
        load_sources(tmp_path / "s.ini")
    with pytest.raises(SourcesError):
        load_sources(tmp_path / "missing.toml")


def test_intervals():
    assert parse_interval("90s") == 90 and parse_interval("2m") == 120 and parse_interval(5) == 5
    with pytest.raises(SourcesError):
        parse_interval("soon")


def test_the_documented_example_file_loads():
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "deploy" / "sources.example.toml"
    names = [source.name for source in load_sources(example)]
    assert names == ["observateur", "dailyledger", "intranet-wire"]
