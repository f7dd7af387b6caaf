from pipeline.crawl.simhash import simhash
from pipeline.crawl.state import CrawlState, Validators


def test_state_survives_a_restart(tmp_path):
    path = tmp_path / "crawler.sqlite3"
    state = CrawlState(path)
    fingerprint = simhash("the original story text " * 20)
    state.record_article("a" * 32, "https://x.example/a", "hash-a", fingerprint, None, "src")
    state.mark_page("https://x.example/a", "sent", "src", "a" * 32)
    state.save_validators("https://x.example/feed", Validators('"v1"', "Tue, 10 Feb 2026 14:05:00 GMT", ("c1",)))
    state.close()

    again = CrawlState(path)
    assert again.page("https://x.example/a").status == "sent"
    assert again.has_article("a" * 32) and again.article_by_content("hash-a") == "a" * 32
    assert again.validators("https://x.example/feed") == Validators('"v1"', "Tue, 10 Feb 2026 14:05:00 GMT", ("c1",))
    assert again.validators("https://x.example/other") == Validators()
    assert again.near_duplicate(fingerprint ^ 0b101) == "a" * 32  # two bits apart
    assert again.near_duplicate(fingerprint ^ 0xFFFF_0000_FFFF) is None


def test_near_duplicates_point_at_the_first_copy_and_high_bit_hashes_round_trip(tmp_path):
    state = CrawlState(tmp_path / "s.sqlite3")
    high = (1 << 63) | 12345  # does not fit a signed 64-bit integer as is
    state.record_article("1" * 32, None, "h1", high, None, "src")
    state.record_article("2" * 32, None, "h2", high ^ 1, "1" * 32, "src")
    assert state.near_duplicate(high ^ 2) == "1" * 32  # the copy's original, not the copy


def test_attempts_count_up(tmp_path):
    state = CrawlState(tmp_path / "s.sqlite3")
    for _ in range(3):
        state.mark_page("https://x.example/slow", "failed", "src", reason="timeout")
    assert state.page("https://x.example/slow").attempts == 3
    assert state.counts() == {"failed": 1}


def test_robots_follow_rfc_9309_wildcards_end_anchors_and_longest_match():
    from pipeline.crawl.robots import parse_robots

    rules = parse_robots("User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /*.pdf$\nDisallow: /news*/draft\n"
                         "Allow: /admin/public\n", ttl=60)  # fmt: skip
    agent = "newswire-crawler/0.3"
    assert not rules.allows(agent, "https://s.example/admin/x")  # longest match, not first match
    assert rules.allows(agent, "https://s.example/admin/public/page")
    assert not rules.allows(agent, "https://s.example/files/report.pdf")
    assert rules.allows(agent, "https://s.example/files/report.pdf?view=1")  # `$` anchors the end
    assert not rules.allows(agent, "https://s.example/news-2026/draft")
    assert rules.allows(agent, "https://s.example/news/2026/article")
