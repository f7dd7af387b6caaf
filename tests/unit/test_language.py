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


@pytest.mark.parametrize(
    "text, code",
    [
        ("Rozmowy pokojowe zostały wznowione w Genewie.", "pl"),
        ("Преговорите продължават в Женева.", "bg"),
        ("Перамовы працягваюцца ў Жэневе.", "be"),
        ("As negociações foram retomadas em Genebra.", "pt"),
        ("I negoziati sono ripresi a Ginevra dopo una lunga pausa.", "it"),
        ("De onderhandelingen zijn hervat.", "nl"),
        ("Jednání pokračují v Ženevě.", "cs"),
    ],
)
def test_uncovered_languages_get_their_own_code(text, code):
    assert detect_language(text).code == code


def test_long_text_and_confidence_range():
    text = (
        "Die Verhandlungen in Genf wurden am Montag nach einer langen Pause wieder aufgenommen. "
        "Beide Seiten erklärten, man sei zu Gesprächen über einen Waffenstillstand bereit. "
    ) * 30
    guess = detect_language(text, title="Gespräche in Genf")
    assert guess.code == "de" and 0.0 <= guess.confidence <= 1.0
    for sample in ("Where is the summit?", "ok", "Это якобы правда."):
        assert 0.0 <= detect_language(sample).confidence <= 1.0


def test_hint_breaks_ties_on_very_short_text_only():
    assert detect_language("Real Madrid", hint="es").code == "es"
    long = "The talks resumed in Geneva on Monday after a long pause, officials said. " * 5
    assert detect_language(long, hint="fr").code == "en"


def test_model_budget_is_kept():
    from pipeline.extract import language

    high = language._HighAccuracy(2)
    ranked = [language.Language.POLISH, language.Language.CZECH, language.Language.SLOVAK, language.Language.GERMAN]
    assert high.usable(ranked[:1]) == frozenset(ranked[:1])
    assert high.usable(ranked) == frozenset(ranked[:3])  # the budget full, two new models per text at most
    assert len(high.loaded) == 3
    assert high.usable(ranked[3:]) == frozenset(ranked[3:]) and len(high.loaded) == 2  # least recent unloaded
    assert set(high.loaded) == {language.Language.SLOVAK, language.Language.GERMAN}
