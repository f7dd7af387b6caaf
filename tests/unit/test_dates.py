import pytest

from pipeline.extract.dates import find_dates


@pytest.mark.parametrize(
    "text, published, value, precision",
    [
        ("le 15 août 2025 à Anchorage", "2026-01-23", "2025-08-15", "day"),
        ("En août 2025, ils", None, "2025-08", "month"),
        ("a précisé ce lundi", "2025-12-10", "2025-12-08", "day"),
        ("dans la nuit du 23 janvier", "2026-01-23", "2026-01-23", "day"),
        ("les 23 et 24 janvier", "2026-01-23", "2026-01-23", "day"),
        ("le 28 décembre", "2026-01-03", "2025-12-28", "day"),  # the nearest year, not the publication's
        ("walked out yesterday", "2026-03-04", "2026-03-03", "day"),
        ("заявил в пятницу", "2026-02-20", "2026-02-20", "day"),
        ("am Mittwoch in Berlin", "2026-01-15", "2026-01-14", "day"),
        ("mardi prochain", "2026-02-10", "2026-02-17", "day"),
        ("el 17 de enero de 2026", None, "2026-01-17", "day"),
        ("March 3, 2025", None, "2025-03-03", "day"),
        ("in 2024", None, "2024", "year"),
    ],
)
def test_dates_resolve_against_publication(text, published, value, precision):
    (found,) = find_dates(text, published)
    assert (found.value, found.precision) == (value, precision)
    assert text[found.start : found.end].strip()


def test_relative_dates_need_a_publication_date():
    assert find_dates("ce lundi", None) == []


def test_an_impossible_day_keeps_only_what_is_certain():
    assert [(d.value, d.precision) for d in find_dates("le 31 février 2026", None)] == [("2026-02", "month")]


def test_sentences_do_not_end_at_month_abbreviations_and_german_ordinal_dates():
    from pipeline.extract.segment import sentences

    def split(text):
        return [s.text for s in sentences(text)]

    assert split("Am 5. Februar kam er. Dann ging er.") == ["Am 5. Februar kam er.", "Dann ging er."]
    assert split("The war began on Feb. 24, 2022. It goes on.") == ["The war began on Feb. 24, 2022.", "It goes on."]
    assert split("Er kam ca. 300 Mal. Gut.") == ["Er kam ca. 300 Mal.", "Gut."]
    # A number ending a sentence still ends it, and so does a month abbreviation before a word.
    assert split("Es waren 12. Danach kam nichts.") == ["Es waren 12.", "Danach kam nichts."]
    assert split("It was in Feb. The rest came later.") == ["It was in Feb.", "The rest came later."]
