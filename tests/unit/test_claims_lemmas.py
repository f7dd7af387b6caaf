"""Claims and events found through lemmas in six languages: cue inflections, the cue's subject as speaker, content."""

import pytest

from pipeline.extract.enrich import extract
from pipeline.extract.lemmas import lemma, tokens


def _claims(lang, text):
    return [
        ((c["speaker_mention"] or {}).get("text"), (c["cue"] or {}).get("text"), c["content"]["text"])
        for c in extract("", text, lang, "2026-03-04")["claims"]
    ]


def test_inflections_share_one_lemma():
    assert {lemma("ru", w) for w in ("сообщил", "сообщила", "сообщили")} == {"сообщить"}
    assert lemma("de", "erklärte") == lemma("de", "erklärt") == "erklären"
    assert lemma("es", "afirmó") == "afirmar"


def test_french_inverted_subject_is_its_own_token():
    assert [t.text for t in tokens("explique-t-il", "fr")][0] == "explique"
    assert [t.text for t in tokens("пов'язують", "uk")] == ["пов'язують"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "The spokeswoman insisted that the factory would stay open.",
         ("The spokeswoman", "insisted", "the factory would stay open")),
        ("en", "The harbour will reopen next week, the port authority warned.",
         ("the port authority", "warned", "The harbour will reopen next week")),
        ("fr", "Le porte-parole a souligné que le dialogue restait ouvert.",
         ("Le porte-parole", "a souligné", "le dialogue restait ouvert")),
        ("de", "Die Gewerkschaft erklärte, die Verhandlungen seien gescheitert.",
         ("Die Gewerkschaft", "erklärte", "die Verhandlungen seien gescheitert")),
        ("de", "Die Lage sei ernst, sagte der Bürgermeister am Abend.",
         ("der Bürgermeister", "sagte", "Die Lage sei ernst")),
        ("es", "La ministra afirmó que el puerto seguirá abierto todo el año.",
         ("La ministra", "afirmó", "el puerto seguirá abierto todo el año")),
        ("ru", "Пресс-секретарь сообщила, что переговоры продолжатся в среду.",
         ("Пресс-секретарь", "сообщила", "переговоры продолжатся в среду")),
        ("uk", "Речниця міністерства заявила, що рішення ще не ухвалене.",
         ("Речниця міністерства", "заявила", "рішення ще не ухвалене")),
    ],
)  # fmt: skip
def test_subject_of_the_cue_is_the_speaker(lang, text, expected):
    assert expected in _claims(lang, text)


@pytest.mark.parametrize(
    ("lang", "text", "speaker", "content"),
    [
        ("en", "According to the health ministry, three clinics were closed on Friday.",
         "the health ministry", "three clinics were closed on Friday"),
        ("fr", "Selon le syndicat, la grève durera au moins trois jours.",
         "le syndicat", "la grève durera au moins trois jours"),
        ("de", "Laut der Polizei wurden zwei Männer vorläufig festgenommen.",
         "der Polizei", "wurden zwei Männer vorläufig festgenommen"),
        ("es", "Según la alcaldía, el agua volverá a las casas el lunes.",
         "la alcaldía", "el agua volverá a las casas el lunes"),
        ("ru", "По словам губернатора, электричество вернут к вечеру.",
         "губернатора", "электричество вернут к вечеру"),
        ("uk", "За словами мера, світло повернуть до вечора середи.",
         "мера", "світло повернуть до вечора середи"),
    ],
)  # fmt: skip
def test_according_to_names_the_source_after_the_cue(lang, text, speaker, content):
    ((mention, _, found),) = _claims(lang, text)
    assert (mention, found) == (speaker, content)


def test_inverted_subject_after_the_cue():
    claims = _claims("ru", "Поставки возобновятся весной, заявил глава компании Игорь Сечкин.")
    assert claims == [("глава компании Игорь Сечкин", "заявил", "Поставки возобновятся весной")]
    claims = _claims("fr", "« Nous ne céderons pas sur les salaires », prévient-il.")
    assert claims[0][1:] == ("prévient", "Nous ne céderons pas sur les salaires")


def test_apposition_and_relative_clause_subjects():
    text = (
        "Maria Lopes, the union leader, said the strike would continue. "
        "It was led by Jon Bakker, who claimed the deal was unfair."
    )
    speakers = {c["speaker"]["name"] for c in extract("", text, "en", None)["claims"]}
    assert speakers == {"Maria Lopes", "Jon Bakker"}


def test_german_subjunctive_sentences_continue_the_last_speaker():
    text = "Der Verbandschef sagte, die Preise seien zu hoch. Die Regierung müsse schnell handeln. Das Wetter war gut."
    claims = _claims("de", text)
    assert [c[2] for c in claims] == ["die Preise seien zu hoch", "Die Regierung müsse schnell handeln"]
    assert claims[1][0] == "Der Verbandschef"


def test_cues_inside_a_quotation_do_not_make_claims():
    claims = _claims("en", 'The mayor said: "Nobody told us that the bridge was closed."')
    assert claims == [("The mayor", "said", "Nobody told us that the bridge was closed")]


def test_event_triggers_by_lemma():
    events = extract("", "Пётр Иванов раскритиковал Олега Сидорова за задержку выплат.", "ru", None)["events"]
    assert [e["type"] for e in events] == ["ACCUSE"]
    events = extract("", "Die Gewerkschaft Verdi kritisierte Anna Berger scharf.", "de", None)["events"]
    assert events and events[0]["type"] == "ACCUSE"


@pytest.mark.parametrize(
    "text",
    [
        "Anna Berg said that " * 3000,  # one endless sentence of cues
        '"a b c d," he said ' * 3000,  # thousands of quotations
        "Anna Berg met Putin in Moscow. He added that it is fine. " * 1500,  # thousands of sentences
    ],
)
def test_hostile_long_texts_stay_fast(text):
    import time

    extract("", "warm up", "en", None)
    start = time.perf_counter()
    extract("", text, "en", "2024-01-01")
    assert time.perf_counter() - start < 3.0
