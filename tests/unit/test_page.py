from pathlib import Path

import pytest

from pipeline.crawl.counters import SourceCounters, render_prometheus, render_table
from pipeline.crawl.robots import parse_robots
from pipeline.extract.enrich import enrich
from pipeline.producers.files import article_from_html
from pipeline.web.article import choose_url, is_html
from pipeline.web.decode import decode_html
from pipeline.web.page import NoArticle, extract_page

PAGES = Path(__file__).resolve().parents[2] / "eval" / "pages"


def page(name: str, **kwargs):
    return extract_page((PAGES / name).read_bytes(), **kwargs)


def test_french_page_keeps_comments_out_of_the_body():
    fr = page("fr-kremlin-sommet.html")
    assert fr.title == "Le Kremlin écarte un sommet Poutine-Trump avant 2026"
    assert (fr.author, fr.published, fr.site_name, fr.language) == (
        "Claire Dumont",
        "2025-12-18",
        "L'Observateur du Monde",
        "fr",
    )
    assert fr.text.startswith("Le porte-parole du Kremlin, Dmitri Peskov, a déclaré jeudi")
    assert fr.text.endswith("ce que le Kremlin dément.")
    for boilerplate in ("Zélésky", "Commentaires", "Tout accepter", "newsletter", "Lire aussi", "Mentions légales"):
        assert boilerplate not in fr.text
    assert len(fr.comments) == 3 and fr.comments[0].startswith("Zélésky était à Londres")


def test_a_comment_section_marked_only_by_its_header_is_split_off():
    fr = page("fr-reactions-lecteurs.html")
    assert fr.text.endswith("la semaine prochaine.")
    assert "Pierrot56" not in fr.text and "Réactions des lecteurs" not in fr.text
    assert [c.split(" : ")[0] for c in fr.comments] == ["Pierrot56", "Anne-Marie"]


def test_extract_command_path_enriches_the_body_only():
    record = enrich(article_from_html(PAGES / "fr-kremlin-sommet.html"))
    assert record["comments_start"] is None and "Zélésky" not in record["text"]
    assert len(record["comments"]) == 3
    speakers = {c["speaker"]["name"] for c in record["claims"] if c.get("speaker")}
    assert "Dmitry Peskov" in speakers
    for claim in record["claims"]:
        span = claim["content"]
        assert record["text"][span["start"] : span["end"]] == span["text"]


def test_meta_declared_legacy_charset_and_a_wrong_header_charset():
    ru = page("ru-ushakov-peregovory.html", content_type="text/html")
    assert ru.encoding == "cp1251" and ru.title.startswith("Ушаков: переговоры Путина")
    uk = page("uk-obmin-polonenymy.html", content_type="text/html; charset=iso-8859-1")
    assert uk.encoding == "utf-8" and "Зеленський" in uk.text


def test_decoding_fallbacks():
    assert decode_html("é".encode("utf-8-sig"))[1] == "utf-8-sig"
    latin = "<html><body>Élysée, déclaration</body></html>".encode("cp1252")
    assert decode_html(latin, "text/html; charset=iso-8859-1") == (latin.decode("cp1252"), "cp1252")
    text, encoding = decode_html(latin, "text/html; charset=made-up")
    assert "lys" in text and encoding  # an unknown declaration falls through to the detector


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ((PAGES / "en-section-index.html").read_bytes(), "too little prose"),
        (b"%PDF-1.7 binary", "not HTML"),
        (b"<html><body><script>render()</script></body></html>", "no main text"),
    ],
)
def test_pages_without_an_article(body, why):
    with pytest.raises(NoArticle, match=why):
        extract_page(body)


def test_canonical_link_is_trusted_only_within_the_same_site():
    assert choose_url("https://www.site.example/a?utm_source=x", "https://site.example/a?id=1") == (
        "https://www.site.example/a"
    )
    assert choose_url("https://victim.example/their-story", "https://site.example/a") == "https://site.example/a"
    assert choose_url(None, "https://site.example/a#top") == "https://site.example/a"
    assert is_html("text/html; charset=utf-8") and is_html(None) and not is_html("image/png")


def test_robots_rules_and_crawl_delay():
    rules = parse_robots("User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n", ttl=60)
    assert rules.allows("newswire-crawler", "http://x/news/a.html")
    assert not rules.allows("newswire-crawler", "http://x/private/a.html")
    assert rules.crawl_delay("newswire-crawler") == 3


def test_counters_render_as_a_table_and_as_prometheus_text():
    counters = {"fr": SourceCounters(feeds=1, fetched=3, new=2, duplicate=1), "en": SourceCounters()}
    counters["fr"].skip("robots_disallowed")
    table = render_table(counters)
    assert table.splitlines()[0].split() == [
        "source",
        *"feeds not_modified fetched new near_dup duplicate skipped errors".split(),
    ]
    assert table.splitlines()[1].split() == ["fr", "1", "0", "3", "2", "0", "1", "1", "0"]
    assert "fr: robots_disallowed 1" in table
    metrics = render_prometheus(counters)
    assert 'newswire_crawl_new_total{source="fr"} 2' in metrics
    assert 'newswire_crawl_skipped_total{source="fr",reason="robots_disallowed"} 1' in metrics
