from pipeline.extract.enrich import extract


def _fr(text, published="2026-01-23"):
    return extract("", text, "fr", published)


def _en(text, published="2026-03-04"):
    return extract("", text, "en", published)


def test_french_reported_speech_with_pronoun_speaker():
    text = "Selon Peskov, rien n'est décidé. Il a affirmé que la Russie attendra les experts."
    claims = _fr(text)["claims"]
    assert [(c["kind"], c["speaker"]["name"]) for c in claims] == [("indirect", "Dmitry Peskov")] * 2
    pronoun = claims[1]["speaker_mention"]
    assert text[pronoun["start"] : pronoun["end"]] == "Il"
    assert claims[1]["content"]["text"] == "la Russie attendra les experts"


def test_direct_quote_split_between_two_speakers_across_paragraphs():
    text = (
        "Poutine a réitéré que « sans accord sur le territoire, rien ne sera possible à long terme.\n"
        "Nous voulons une solution politique durable pour tous », a déclaré Ouchakov."
    )
    claims = _fr(text)["claims"]
    assert [(c["kind"], c["speaker"]["name"]) for c in claims] == [
        ("direct", "Vladimir Putin"),
        ("direct", "Yuri Ushakov"),
    ]


def test_english_quote_and_bare_reported_speech():
    text = '"We will not accept job cuts," said Niek Stam. Lavrov said the talks had been useful.'
    claims = _en(text)["claims"]
    assert [(c["kind"], c["speaker"]["name"], c["content"]["text"]) for c in claims] == [
        ("direct", "Niek Stam", "We will not accept job cuts"),
        ("indirect", "Sergey Lavrov", "the talks had been useful"),
    ]


def test_hedged_unattributed_claims_in_comments_only_need_a_soft_hedge():
    article = "Le Kremlin a rejeté le plan européen mardi. Les discussions reprendront plus tard dans le mois."
    text = article + "\n\n\n\nC'est encore à confirmer mais il semblerait qu'il bluffe."
    result = _fr(text)
    assert result["comments_start"] == text.index("C'est")
    (claim,) = [c for c in result["claims"] if c["kind"] == "unattributed"]
    assert claim["hedged"] and claim["in_comments"] and claim["speaker"] is None


def test_event_statuses():
    cases = {
        "Aucune rencontre entre Trump et Poutine n'est prévue.": "negated",
        "Un sommet entre Trump et Poutine prévu à Budapest a été annulé.": "cancelled",
        "Trump et Poutine se sont rencontrés à Anchorage en août 2025.": "occurred",
        "Trump et Poutine se réuniront à Genève la semaine prochaine.": "planned",
    }
    for text, status in cases.items():
        (event,) = [e for e in _fr(text)["events"] if e["type"] == "CONSULT"]
        assert event["status"] == status, text
        assert {a["name"] for a in event["actors"]} == {"Donald Trump", "Vladimir Putin"}


def test_event_place_date_and_capital_as_state():
    text = "Le sommet entre Washington et Moscou s'est tenu en Alaska à Anchorage le 15 août 2025."
    (event,) = _fr(text)["events"]
    assert event["location"]["name"] == "Anchorage"
    assert event["date"] == {"value": "2025-08-15", "precision": "day", "inferred": False}
    assert {a["name"] for a in event["actors"]} == {"United States", "Russia"}
    assert text[event["evidence"]["start"] : event["evidence"]["end"]] == event["evidence"]["text"]


def test_unsupported_language_still_finds_entities_and_does_not_crash():
    result = extract("", "Putin i Trump rozmawiali w Anchorage o pokoju.", "pl", None)
    assert result["extraction"]["supported"] is False
    assert {e["name"] for e in result["entities"]} >= {"Vladimir Putin", "Donald Trump", "Anchorage"}
    assert result["events"] == [] and result["claims"] == []
