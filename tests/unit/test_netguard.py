import pytest

from pipeline.crawl.netguard import Refused, check_url, is_public


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
        "::127.0.0.1",  # IPv4-compatible
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata)
        "64:ff9b:1::a00:1",  # local-use NAT64 of 10.0.0.1
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "fec0::1",  # site-local
    ],
)
def test_inside_addresses_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:4700::1111", "1.1.1.1", "64:ff9b::5db8:d822", "2002:5db8:d822::1"]
)
def test_public_addresses(address):
    assert is_public(address)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("ftp://example.org/a", "scheme"),
        ("/relative/path", "scheme"),
        ("http://127.0.0.1:8080/", "private_address"),
        ("http://[::1]/", "private_address"),
        ("http://169.254.169.254/latest/meta-data/", "private_address"),
        ("http:///nohost", "bad_url"),
        ("http://example.org:99999/", "bad_url"),
        # Hosts the HTTP client normalises to a loopback address (IDNA/UTS 46 mapping in yarl).
        ("http://127\u30020\u30020\u30021:8080/", "private_address"),
        ("http://\u2460\u2461\u2466.0.0.1:8080/", "private_address"),
        ("http://\uff11\uff12\uff17.0.0.1/", "private_address"),
        ("http://[::127.0.0.1]/", "private_address"),
        ("http://2130706433:8080/", "private_address"),
        ("http://0x7f.1/", "private_address"),
        ("http://0177.0.0.1/", "private_address"),
        ("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "private_address"),
    ],
)
def test_refused_urls(url, reason):
    with pytest.raises(Refused) as caught:
        check_url(url)
    assert caught.value.reason == reason


def test_allowed_urls_and_the_private_opt_in():
    assert check_url("https://news.example/a") == "https://news.example/a"
    assert check_url("http://127.0.0.1:8080/feed.xml", allow_private=True)
    with pytest.raises(Refused):
        check_url("gopher://127.0.0.1/", allow_private=True)  # the opt-in never widens the schemes


def test_the_connected_peer_is_checked_too():
    from pipeline.crawl.netguard import check_peer

    check_peer(("93.184.216.34", 443), "https://news.example/")
    check_peer(None, "https://news.example/")  # no peer information: the resolver's check stands
    with pytest.raises(Refused) as caught:
        check_peer(("127.0.0.1", 8080), "http://2130706433:8080/")
    assert caught.value.reason == "private_address"
