from pathlib import Path

from pipeline.crawl.simhash import NEAR_DISTANCE, bands, distance, simhash
from pipeline.web.page import extract_page

PAGES = Path(__file__).resolve().parents[2] / "eval" / "pages"


def body(name: str) -> str:
    return extract_page((PAGES / name).read_bytes()).text


def test_the_same_wire_story_on_two_sites_is_near_and_other_stories_are_far():
    ledger, courier = simhash(body("en-ledger-ceasefire.html")), simhash(body("en-courier-ceasefire.html"))
    other = simhash(body("fr-kremlin-sommet.html"))
    assert distance(ledger, courier) <= NEAR_DISTANCE
    assert distance(ledger, other) > 10 and distance(courier, other) > 10


def test_equal_texts_equal_hashes_and_case_or_spacing_does_not_matter():
    text = "Delegations from Ukraine and Russia met in Istanbul on Tuesday."
    assert simhash(text) == simhash("  " + text.upper().replace(" ", "  "))


def test_near_hashes_share_a_band():
    value = simhash("some text about talks in Istanbul between the two delegations")
    flipped = value ^ (1 << 3) ^ (1 << 40) ^ (1 << 63)
    assert distance(value, flipped) == 3
    assert set(enumerate(bands(value))) & set(enumerate(bands(flipped)))
