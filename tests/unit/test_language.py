import pytest

from pipeline.extract.language import detect_language


@pytest.mark.parametrize(
    "text, code",
    [
        ("Putin a le temps.", "fr"),
        ("Les Russes balancent des bombes.", "fr"),
        ("Where is the summit?", "en"),
        ("Die Gespräche sind gescheitert.", "de"),
        ("Sin acuerdo, no hay paz.", "es"),
        ("Переговоры продолжатся.", "ru"),
        ("Переговори тривають у Женеві.", "uk"),
        ("Це нібито правда.", "uk"),
        ("Это якобы правда.", "ru"),
    ],
)
def test_short_texts(text, code):
    assert detect_language(text).code == code


def test_deterministic_and_undetermined():
    text = "Les négociations ont repris à Genève après une longue pause."
    assert detect_language(text) == detect_language(text)
    assert detect_language("12345 !!").code == "und"
