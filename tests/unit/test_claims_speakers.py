"""Speakers and claim spans on the constructions of real news (issue #9): nested and interrupted quotations, role
phrases with a complement, appositions, participles, inverted and oblique names, pronoun and role resolution.
Every text here is written for the test."""

import pytest

from pipeline.extract.enrich import extract
from pipeline.extract.quotes import quote_matches


def _claims(lang, text):
    return [
        (
            (c["speaker"] or {}).get("name"),
            (c["speaker_mention"] or {}).get("text"),
            (c["cue"] or {}).get("text"),
            c["content"]["text"],
        )
        for c in extract("", text, lang, "2026-03-04")["claims"]
    ]


def test_nested_guillemets_stay_inside_their_quotation():
    text = "Він сказав: «Це люди з «Нової партії», усі місцеві». Потім пішов."
    (quote,) = quote_matches(text)
    assert text[quote.inner[0] : quote.inner[1]] == "Це люди з «Нової партії», усі місцеві"


def test_unclosed_guillemet_is_no_quotation():
    assert quote_matches("Вона сказала: «ні, і пішла.\n\nДалі інше.") == []


def test_quotation_interrupted_by_its_cue_makes_two_claims():
    text = (
        "«Ми зустрічаємося щодва дні і ведемо переговори з ними, — розповів мер Остап Гнатенко журналістам. "
        "— Але вони не хочуть іти на компроміс»."
    )
    claims = _claims("uk", text)
    contents = [c[3] for c in claims]
    assert contents == [
        "Ми зустрічаємося щодва дні і ведемо переговори з ними",
        "Але вони не хочуть іти на компроміс",
    ]
    assert {c[2] for c in claims} == {"розповів"}
    assert all("Остап Гнатенко" in (c[1] or "") for c in claims)


@pytest.mark.parametrize(
    ("lang", "text", "mention"),
    [
        ("es", "El ministro de Exteriores de Moldavia dijo que la reunión fue muy productiva para todos.",
         "El ministro de Exteriores de Moldavia"),
        ("fr", "La porte-parole du gouvernement a déclaré que la réforme sera adoptée en mars prochain.",
         "La porte-parole du gouvernement"),
        ("en", "The spokesman of the Kremlin said that the talks would resume next week.",
         "The spokesman of the Kremlin"),
    ],
)  # fmt: skip
def test_role_phrase_keeps_its_head_not_the_place_in_its_complement(lang, text, mention):
    ((name, surface, _, _),) = _claims(lang, text)
    assert surface == mention
    assert name == mention


def test_person_in_apposition_wins_over_the_role_phrase_before_it():
    text = "La correspondante de la radio nationale en Egypte, Sonia Marchetti, affirme que la foule était hostile."
    ((name, _, cue, _),) = _claims("fr", text)
    assert name == "Sonia Marchetti" and cue == "affirme"


def test_pronoun_after_a_quotation_is_the_person_the_narration_turned_to():
    text = (
        "« Vous êtes une héritière », lui avait dit Christian Jacob, président du groupe. "
        "Dans l'interview, Jean-Marie Le Pen revient sur le parti et l'Europe. "
        "« Le maître sera la démographie, et ce sera très rapide », prévient-il."
    )
    speakers = [c[0] for c in _claims("fr", text)]
    assert speakers[-1] == "Jean-Marie Le Pen"


def test_participle_takes_the_subject_of_its_sentence():
    text = "Philippe Varin a réfuté l'idée d'un prêt par l'État affirmant : « nous avons une sécurité financière »."
    claims = _claims("fr", text)
    assert ("Philippe Varin", "Philippe Varin", "affirmant", "nous avons une sécurité financière") in claims


def test_coordinated_verb_shares_the_subject_of_the_first_cue():
    text = (
        "El canciller Dmitri Kovalenko criticó a Europa. Un día antes, el presidente francés Emmanuel Macron dijo que "
        "la entrada al bloque podría tardar años, y propuso crear una comunidad política donde Kiev pueda esperar."
    )
    claims = _claims("es", text)
    proposed = [c for c in claims if c[2] == "propuso"]
    assert proposed and proposed[0][0] == "Emmanuel Macron"


def test_addressee_and_infinitive_are_not_the_speaker():
    text = "“La fianza se está preparando y llegará pronto”, respondieron a EL HERALDO los abogados del acusado."
    ((_, surface, cue, _),) = _claims("es", text)
    assert cue == "respondieron" and surface.startswith("los abogados")


def test_inverted_object_in_an_oblique_case_is_not_the_speaker():
    text = "І вже сам нардеп, виступаючи в ефірі каналу, закликав Путіна «публічно засудити сепаратистів»."
    ((name, surface, cue, _),) = _claims("uk", text)
    assert cue == "закликав" and surface == "нардеп" and name != "Vladimir Putin"


def test_role_phrase_resolves_to_the_person_named_with_that_role():
    text = "El fiscal Jason Richman habló ayer ante la corte. Más tarde, el fiscal dijo que la acusación era sólida."
    ((name, surface, _, _),) = _claims("es", text)
    assert name == "Jason Richman" and surface == "el fiscal"


def test_source_phrase_with_a_possessive_resolves_the_pronoun():
    text = (
        "Президент Рафаэль Корреа заявил, что решение примут в Москве. "
        "По его словам, беседа состоялась в пятницу и длилась час."
    )
    claims = _claims("ru", text)
    assert [c[2] for c in claims] == ["заявил", "По его словам"]
    assert claims[1][3] == "беседа состоялась в пятницу и длилась час"
    assert claims[1][0] == claims[0][0]


def test_coordinated_named_speakers_make_one_claim_each():
    text = "Donald Trump and Bernie Sanders have both argued that the trade deals hurt American workers."
    speakers = sorted(c[0] for c in _claims("en", text))
    assert speakers == ["Bernie Sanders", "Donald Trump"]


def test_indefinite_subject_reports_nothing():
    assert _claims("uk", "Хтось вважає учителя словесності божевільним і лише посміюється.") == []


def test_german_subjunctive_after_a_quotation_continues_the_speaker():
    text = (
        "Steinmeier sagte am Mittwoch: „Der Hass bereitet den Boden für Angriffe.“ "
        "In den vergangenen Jahren seien die Demokratie und der Rechtsstaat angegriffen worden."
    )
    claims = _claims("de", text)
    assert claims[-1][3] == "In den vergangenen Jahren seien die Demokratie und der Rechtsstaat angegriffen worden"
    assert claims[-1][1] == "Steinmeier"


def test_not_ruling_out_is_a_hedged_cue():
    text = "Мер Остап Гнатенко вже не виключає повторення кримського сценарію в інших містах області."
    ((name, _, cue, content),) = _claims("uk", text)
    claim = extract("", text, "uk", None)["claims"][0]
    assert cue == "не виключає" and name == "Ostap Hnatenko" and claim["hedged"]
    assert content.startswith("повторення")


def test_source_after_its_verb_and_no_source_from_a_relative():
    claims = _claims("es", "Las protestas siguen en todo el país, según argumentó la organización campesina ayer.")
    assert claims and claims[0][1].startswith("la organización")


def test_quotation_paragraph_without_cue_continues_the_last_speaker():
    text = (
        "“The Americans use the word line, not queue,” Mr Farage told the radio programme.\n\n"
        "“Therefore, what he said about the queue was the bidding of the government in London.”"
    )
    claims = _claims("en", text)
    assert len(claims) == 2 and claims[1][1] == "Mr Farage" and claims[1][2] == "told"


def test_complementizer_before_a_quotation_leaves_no_tail_claim():
    text = 'The president said in a statement on Monday that it is "a clear violation of our national sovereignty".'
    claims = _claims("en", text)
    assert [c[3] for c in claims] == ["a clear violation of our national sovereignty"]


def test_pour_lui_gives_a_view():
    text = "Jean-Marie Le Pen revient sur le parti. Pour lui, l'élite parisienne le juge grossier et inquiétant."
    assert _claims("fr", text) == [
        ("Jean-Marie Le Pen", "lui", "Pour", "l'élite parisienne le juge grossier et inquiétant")
    ]
    assert _claims("fr", "Pour la première fois, le parti a gagné des sièges au Sénat.") == []


def test_role_of_a_place_is_the_person_named_with_that_role():
    text = (
        "Вице-президент США Джо Байден побеседовал с президентом Эквадора Рафаэлем Корреа по поводу соглашения. "
        "Кроме того, президент Эквадора сообщил, что судьба соглашения находится в руках парламента."
    )
    claims = _claims("ru", text)
    assert claims[-1][1] == "президент Эквадора" and claims[-1][0] is not None and claims[-1][0] != "Ecuador"


def test_short_tail_after_a_comma_leaves_the_verbs_own_complement():
    text = (
        "Die Stimmung in der Belegschaft ist schlecht. Der Sekretär Dennis Kaltenbrunn warnte vor dem Verlust "
        "tausender Arbeitsplätze, auch in Nordhessen."
    )
    claims = _claims("de", text)
    assert claims and claims[0][3].startswith("vor dem Verlust")


def test_as_he_said_attributes_the_clause_before_it():
    text = "Der Reporter saß lange im Gefängnis, wie er bei seiner Buchvorstellung auf der Messe in Frankfurt sagt."
    ((_, surface, cue, content),) = _claims("de", text)
    assert (surface, cue, content) == ("er", "sagt", "Der Reporter saß lange im Gefängnis")


def test_french_name_after_the_verb_is_its_object():
    text = (
        "Jean-Luc Mélenchon, le candidat du Front de gauche à l'élection présidentielle avait appelé "
        "Marine Le Pen « la bourgeoise du château de Montretout », en référence à la propriété familiale."
    )
    claims = _claims("fr", text)
    assert claims and claims[0][0] == "Jean-Luc Mélenchon"


def test_coordinated_complement_clauses_make_two_claims():
    text = "The minister said that the talks had failed and that new sanctions would follow next month."
    claims = _claims("en", text)
    assert [c[3] for c in claims] == ["the talks had failed", "new sanctions would follow next month"]
    text = "Luna manifestó que había dado la orden para que la aeronave fuera liberada y que nadie la tocara."
    nested = _claims("es", text)
    assert len(nested) == 1


def test_french_reflexive_cue_after_a_quotation():
    text = "« Nous avons appris que les entreprises avaient embauché plus de monde » s'est réjoui le président Obama."
    claims = _claims("fr", text)
    assert claims and claims[0][2].endswith("réjoui") and claims[0][0] == "Barack Obama"


def test_this_was_said_by_takes_the_paragraph_before():
    text = (
        "Un bloque internacional desfilará el primero de mayo en la plaza. Se trata de delegados de otras naciones.\n\n"
        "Así lo confirmó el presidente del instituto, Fernando González Llort, al intervenir en la Mesa Redonda."
    )
    claims = _claims("es", text)
    assert claims and claims[0][2] == "confirmó"
    assert claims[0][3].startswith("Un bloque internacional") and claims[0][0] == "Fernando González Llort"


def test_german_das_sagte():
    text = "Die Lage an der Grenze bleibt angespannt und die Zahl der Flüchtlinge steigt. Das sagte der Innenminister."
    assert _claims("de", text)[0][1:] == (
        "der Innenminister", "sagte", "Die Lage an der Grenze bleibt angespannt und die Zahl der Flüchtlinge steigt"
    )


def test_french_inverted_cue_in_the_compound_past_after_the_statement():
    # '…, a déclaré X': the auxiliary stands between the comma and the participle, the speaker after them.
    from pipeline.extract.enrich import extract

    def claims(text):
        found = extract("", text, "fr", None)["claims"]
        return [((c["speaker_mention"] or {}).get("text"), c["content"]["text"]) for c in found]

    assert claims("Le gouvernement va augmenter les impôts, a déclaré Paula Pinho.") == [
        ("Paula Pinho", "Le gouvernement va augmenter les impôts")
    ]
    assert claims("Les ministres se réuniront à Genève, a annoncé mardi la porte-parole de la Commission.") == [
        ("la porte-parole de la Commission", "Les ministres se réuniront à Genève")
    ]
    # The pronoun inverted into the verb: 'a-t-elle déclaré'.
    assert claims("Paula Pinho est arrivée. Le gouvernement va augmenter les impôts, a-t-elle déclaré.") == [
        ("elle", "Le gouvernement va augmenter les impôts")
    ]


def test_spanish_compound_past_cues_after_the_statement():
    # 'ha dicho' / 'ha asegurado' / 'ha añadido': participles simplemma reads as adjectives, cues after their auxiliary.
    from pipeline.extract.enrich import extract

    found = extract("", "El Gobierno subirá los impuestos el próximo año, ha dicho Paula Pinho.", "es", None)["claims"]
    assert [(c["speaker_mention"]["text"], c["content"]["text"]) for c in found] == [
        ("Paula Pinho", "El Gobierno subirá los impuestos el próximo año")
    ]
    assert extract("", "Dicho acuerdo fue firmado ayer en Madrid por los dos gobiernos.", "es", None)["claims"] == []


def test_french_verbs_of_going_on_report_only_after_a_quotation_or_with_que():
    from pipeline.extract.enrich import extract

    def claims(text):
        return [(c["speaker"]["name"], c["content"]["text"]) for c in extract("", text, "fr", None)["claims"]]

    assert claims("Les négociations reprendront la semaine prochaine, a indiqué Paula Pinho.") == [
        ("Paula Pinho", "Les négociations reprendront la semaine prochaine")
    ]
    assert claims("« Nous voulons un accord avant la fin du mois », a poursuivi Paula Pinho.") == [
        ("Paula Pinho", "Nous voulons un accord avant la fin du mois")
    ]
    assert claims("La guerre se poursuit dans l'est du pays depuis trois ans.") == []


def test_verbs_of_going_on_are_no_cue_as_a_clause_own_verb_in_every_language():
    from pipeline.extract.enrich import extract

    for language, text in [
        ("en", "The war continued for three more years after the ceasefire collapsed."),
        ("es", "Las negociaciones continuarán la próxima semana en Ginebra, dijo Paula Pinho."),
        ("uk", "Переговори продовжаться наступного тижня в Женеві, повідомив Іван Петренко."),
    ]:
        speakers = [(c["speaker"] or {}).get("name") for c in extract("", text, language, None)["claims"]]
        assert speakers in ([], ["Paula Pinho"], ["Ivan Petrenko"]), (language, speakers)
    quoted = extract("", '"We want a deal before the end of the month," Paula Pinho continued.', "en", None)
    assert [c["speaker"]["name"] for c in quoted["claims"]] == ["Paula Pinho"]
