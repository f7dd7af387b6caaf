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


def test_parameters_that_tell_articles_apart_are_kept():
    # Some sites number articles with ref/ito/spm/at_* parameters: two articles must not share one id.
    assert article_id("https://example.org/a?ref=123", "", "x") != article_id("https://example.org/a?ref=456", "", "x")
    assert canonical_url("https://example.org/a?spm=2&ito=1&at_x=3") == "https://example.org/a?at_x=3&ito=1&spm=2"


def test_ipv6_literal_urls_keep_their_brackets():
    assert canonical_url("http://[2001:DB8::1]:8080/a") == "http://[2001:db8::1]:8080/a"
    assert canonical_url("http://[::1]/x") == "http://[::1]/x"


def test_control_characters_never_reach_the_terminal():
    from pipeline.index.search import printable

    assert printable("ok \x1b[31mred\x1b[0m\x07") == "ok \ufffd[31mred\ufffd[0m\ufffd"
