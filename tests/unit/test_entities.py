import pytest

from pipeline.extract.entities import find_mentions, group_entities


def _names(text):
    return [(m.text, m.entity.name) for m in find_mentions(text)]


@pytest.mark.parametrize(
    "text, surface, name",
    [
        ("Poutine a parlé.", "Poutine", "Vladimir Putin"),
        ("Встреча с Путиным прошла.", "Путиным", "Vladimir Putin"),
        ("Заява Путіна була різкою.", "Путіна", "Vladimir Putin"),
        ("Putin said so.", "Putin", "Vladimir Putin"),
        ("Zélésky était à Londre ce jour.", "Zélésky", "Volodymyr Zelenskyy"),
        ("Zélésky était à Londre ce jour.", "Londre", "London"),
        ("Micron et Zelya font les kékés.", "Zelya", "Volodymyr Zelenskyy"),
        ("Micron et Zelya font les kékés.", "Micron", "Emmanuel Macron"),
        ("L'envoyé Steve Whitkoff est arrivé.", "Whitkoff", "Steve Witkoff"),
        ("Whitcoff des États-Unis.", "Whitcoff", "Steve Witkoff"),
        ("promis par Ursula la Hyène.", "Ursula la Hyène", "Ursula von der Leyen"),
        ("porte-parole du Kremlin", "Kremlin", "Kremlin"),
        ("Les négociations à Kyiv et à Kiev.", "Kiev", "Kyiv"),
    ],
)
def test_aliases_inflections_misspellings_and_nicknames_resolve(text, surface, name):
    assert (surface, name) in _names(text)


def test_ids_are_stable_across_languages():
    ids = {m.entity.id for t in ("Poutine", "Putin", "Путин", "Путіна") for m in find_mentions(f"{t} a dit.")}
    assert ids == {"person:vladimir-putin"}


def test_lowercase_common_words_are_not_names():
    assert _names("trump card and the us of it") == []


def test_acronyms_need_capitals():
    assert ("US", "United States") in _names("The US said no.")
    assert _names("let us go") == []


def test_unknown_capitalised_pairs_become_low_confidence_entities():
    (mention,) = find_mentions("hier, John Smithers a parlé")
    assert mention.entity.type == "PERSON" and mention.confidence < 0.5


def test_offsets_point_at_the_text_and_title_is_marked():
    text = "Selon Peskov, rien."
    grouped = group_entities(find_mentions("Peskov", "title") + find_mentions(text))
    (peskov,) = grouped
    title_span, body_span = peskov["mentions"]
    assert title_span["field"] == "title" and "field" not in body_span
    assert text[body_span["start"] : body_span["end"]] == "Peskov"


GERMAN_PAD = " Die Verhandlungen über die neuen Regeln dauern noch an, und viele warten auf eine Entscheidung."


def _german_people(text):
    from pipeline.extract.entities import find_mentions

    return [
        (m.text, m.entity.name) for m in find_mentions(text + GERMAN_PAD, language="de") if m.entity.type == "PERSON"
    ]


def test_german_names_whose_words_are_also_common_words():
    # A first name ending in s is no possessive (Andreas Scheuer, Dennis Poß); a first name opens a name even at the
    # start of a paragraph; a compound role (Bundesverkehrsminister) is a role; the surname alone is the same person.
    text = (
        "Das sagte Bundesverkehrsminister Andreas Scheuer am Montag.\n\nMichael Brömsen, Betriebsrat bei Airbus, "
        "warnte. Dennis Poß widersprach. Laut Scheuer ist das gut. Auch Bundesverkehrsminister Scheuer schwieg."
    )
    found = _german_people(text)
    assert ("Andreas Scheuer", "Andreas Scheuer") in found
    assert ("Michael Brömsen", "Michael Brömsen") in found and ("Dennis Poß", "Dennis Poß") in found
    assert [t for t, name in found if name == "Andreas Scheuer"] == ["Andreas Scheuer", "Scheuer", "Scheuer"]


def test_a_german_common_noun_alone_is_still_no_name():
    assert _german_people("Die Scheuer brannte ab, und der Bauer rettete die Tiere.") == []


def test_family_name_first_joins_the_full_name():
    from pipeline.extract.entities import find_mentions

    text = (
        "China's finance minister, Lou Jiwei, met the delegation on Monday in Beijing for two days of talks. "
        "Mr. Lou said the government could not control the economy through central planning any more."
    )
    names = {m.text: m.entity.name for m in find_mentions(text, "text", "en")}
    assert names["Mr. Lou"] == "Lou Jiwei"


def test_speaker_after_an_honorific_is_the_named_person():
    from pipeline.extract.enrich import extract

    text = (
        "China's finance minister, Lou Jiwei, met the delegation on Monday in Beijing for two days of talks. "
        "The talks were hard, said Mr. Lou, and the economy could not be planned centrally any more."
    )
    speakers = {(c["speaker"] or {}).get("name") for c in extract("", text, "en", None)["claims"]}
    assert "Lou Jiwei" in speakers
