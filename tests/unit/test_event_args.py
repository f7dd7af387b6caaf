"""Events: trigger lexicons, non-event senses, bare-name actors, romanised actors, blame statements, Ukrainian cues."""

from pipeline.extract.enrich import extract
from pipeline.extract.event_args import romanise
from pipeline.extract.events import trigger_matches
from pipeline.extract.lexicon import cues


def _events(language, text, published="2025-05-06"):
    return extract("", text, language, published)["events"]


def test_romanise_cyrillic_names_per_language():
    assert romanise("Олег Ляшко", "uk") == "Oleh Liashko"
    assert romanise("Игорь Петров", "ru") == "Igor Petrov"
    assert romanise("Jean Dupont", "fr") == "Jean Dupont"


def test_non_event_senses_are_not_triggers():
    text = "When asked about the plan, he smiled. There was no sign of progress. He stood at the back of the queue."
    assert trigger_matches(text, cues("en")) == []
    assert [k for _, _, k in trigger_matches("De acuerdo con la policía, todo sigue igual.", cues("es"))] == []


def test_noun_triggers_in_several_languages():
    assert "CONSULT" in {k for _, _, k in trigger_matches("Die Gespräche dauerten drei Stunden.", cues("de"))}
    assert "SANCTION" in {k for _, _, k in trigger_matches("Новые санкции вступили в силу.", cues("ru"))}
    assert "ASSAULT" in {k for _, _, k in trigger_matches("Вночі стався обстріл міста.", cues("uk"))}


def test_shelling_without_a_named_attacker_is_still_an_event():
    events = _events("uk", "Вночі окупанти здійснили потужний обстріл села.")
    assert [e["type"] for e in events] == ["ASSAULT"]
    assert events[0]["actors"] == []


def test_acronym_subject_is_an_actor_when_the_gazetteer_does_not_know_it():
    events = _events("es", "Ayer la organización ZXQA bloqueó varias carreteras del país.")
    assert events and events[0]["type"] == "PROTEST"
    assert [a["name"] for a in events[0]["actors"]] == ["ZXQA"]


def test_a_quoted_reproach_is_an_accusation_by_its_speaker():
    text = "“Emmanuel Macron is a liar and a disgrace,” said Vladimir Putin on Monday."
    events = _events("en", text)
    assert [e["type"] for e in events] == ["ACCUSE"]
    assert events[0]["actors"][0]["name"] == "Vladimir Putin"


def test_ukrainian_reporting_phrases_and_particles():
    claims = extract("", "Як наголосив міністр Іван Петренко, уряд не виконав жодної обіцянки.", "uk", None)["claims"]
    assert claims and claims[0]["cue"]["text"] == "Як наголосив"
    assert claims[0]["content"]["text"] == "уряд не виконав жодної обіцянки"
    said = extract("", "Депутат Іван Петренко зауважив, що уряд не виконав обіцянки.", "uk", None)["claims"]
    assert said and said[0]["cue"]["text"] == "зауважив"


def test_an_undated_event_that_happened_takes_the_publication_day():
    events = _events("en", "Russian troops attacked the Ukrainian city of Kharkiv.", published="2025-05-06")
    assert events and events[0]["date"] == {"value": "2025-05-06", "precision": "day", "inferred": True}
    planned = _events("en", "NATO will deploy more troops to Poland, the alliance said.", published="2025-05-06")
    assert all(e["date"] is None for e in planned if e["status"] == "planned")


def test_a_reported_attack_is_also_the_speakers_accusation():
    events = _events("en", "Hillary Clinton said Russia attacked Ukraine on Monday.")
    kinds = {e["type"]: [a["name"] for a in e["actors"]] for e in events}
    assert kinds["ASSAULT"][:2] == ["Russia", "Ukraine"]
    assert kinds["ACCUSE"] == ["Hillary Clinton", "Russia"]
