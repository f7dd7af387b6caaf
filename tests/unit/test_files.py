import json

from pipeline.producers.files import Rejection, parse_date_line, parse_plain_text, read_articles


def test_parse_date_line_formats():
    assert parse_date_line("23-01-2026") == "2026-01-23"
    assert parse_date_line("2026-01-23") == "2026-01-23"
    assert parse_date_line("01/23/2026") == "2026-01-23"  # month-first only when unambiguous
    assert parse_date_line("31-02-2026") is None
    assert parse_date_line("Le 23 janvier") is None


def test_plain_text_title_then_date():
    title, published, body = parse_plain_text("Headline\n2026-02-10\nFirst paragraph.\nSecond.")
    assert (title, published, body) == ("Headline", "2026-02-10", "First paragraph.\nSecond.")


def test_plain_text_date_before_title():
    title, published, body = parse_plain_text("\n23-01-2026\nHeadline here\nBody text.")
    assert (title, published, body) == ("Headline here", "2026-01-23", "Body text.")


def test_plain_text_long_first_line_is_body_not_title():
    lead = "A lead paragraph. " * 30
    title, published, body = parse_plain_text(lead + "\nMore.")
    assert title == "" and published is None and body.startswith("A lead paragraph.")


def test_read_articles_mixes_good_and_bad_without_stopping(tmp_path):
    good = {"url": "https://a.example/1", "title": "T", "text": "Body"}
    lines = [json.dumps(good), "{not json", json.dumps({"title": "no text"}), json.dumps([1, 2])]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "b.txt").write_text("Title\nBody of b")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    items = list(read_articles([tmp_path]))
    articles = [i for i in items if not isinstance(i, Rejection)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert sorted(a.title for a in articles) == ["T", "Title"]
    reasons = " | ".join(r.reason for r in rejections)
    assert "invalid JSON line" in reasons and "text: missing" in reasons
    assert (
        "a JSON array of 2 items; send one article per record" in reasons and "unsupported file type '.pdf'" in reasons
    )
    assert len(rejections) == 4


def test_source_defaults_to_url_host(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"url": "https://news.example.net/a", "text": "x"}))
    (article,) = list(read_articles([tmp_path / "a.json"]))
    assert article.source == "news.example.net"
