from pipeline.identity import article_id, canonical_url


def test_canonical_url_strips_tracking_fragment_default_port_and_sorts_query():
    url = "HTTPS://Example.ORG:443/a/b?utm_source=rss&z=1&fbclid=x&a=2#top"
    assert canonical_url(url) == "https://example.org/a/b?a=2&z=1"


def test_canonical_url_keeps_non_default_port_and_meaningful_params():
    assert canonical_url("http://host:8080/p?id=7") == "http://host:8080/p?id=7"


def test_article_id_is_stable_across_tracking_variants():
    a = article_id("https://example.org/x?utm_medium=feed", "t", "body")
    b = article_id("https://example.org/x", "other title", "other body")
    assert a == b and len(a) == 32


def test_article_id_without_url_hashes_normalised_content():
    a = article_id(None, "Title", "Some  body\ntext")
    b = article_id(None, "title", "some body text")
    c = article_id(None, "title", "another text")
    assert a == b != c


def test_non_http_url_falls_back_to_content():
    assert article_id("file:///tmp/a.txt", "t", "x") == article_id(None, "t", "x")
