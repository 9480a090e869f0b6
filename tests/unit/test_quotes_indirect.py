"""Reported speech (kind ``indirect``) on invented sentences: one test per accepted or refused shape.

Uses the entity-based mention stand-in of ``test_quotes`` so the tests check the clause and speaker
logic, not the mention resolver.
"""

from __future__ import annotations

from spacy.language import Language
from tests.unit.test_quotes import nlp, run  # noqa: F401  (nlp is the stand-in pipeline fixture)

from newsgraph.records import Quote


def indirect(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if q.kind == "indirect"]


def test_told_reporters_without_that(nlp: Language) -> None:  # noqa: F811
    qs = indirect(run(nlp, "Erik Dahl told reporters the bridge would reopen in May.", indirect=True))
    assert [(q.text, q.speaker_key, q.cue) for q in qs] == [("the bridge would reopen in May", "Erik Dahl", "tell")]


def test_according_to_closing_the_sentence(nlp: Language) -> None:  # noqa: F811
    qs = indirect(run(nlp, "The bridge will reopen in May, according to Erik Dahl.", indirect=True))
    assert [(q.text, q.speaker_key, q.cue) for q in qs] == [
        ("The bridge will reopen in May", "Erik Dahl", "according to")]


def test_negated_speech_is_not_a_claim(nlp: Language) -> None:  # noqa: F811
    assert indirect(run(nlp, "Erik Dahl did not say that the bridge would reopen in May.", indirect=True)) == []


def test_question_is_not_a_claim(nlp: Language) -> None:  # noqa: F811
    assert indirect(run(nlp, "Did Erik Dahl say that the bridge would reopen in May?", indirect=True)) == []


def test_passive_subject_is_the_listener_not_the_speaker(nlp: Language) -> None:  # noqa: F811
    assert indirect(run(nlp, "Erik Dahl was told that the bridge would reopen in May.", indirect=True)) == []


def test_speech_verb_without_a_clause(nlp: Language) -> None:  # noqa: F811
    assert indirect(run(nlp, "Erik Dahl said on Tuesday in Oslo that nothing.", indirect=True)) == []
    assert indirect(run(nlp, "Erik Dahl spoke on Tuesday in Oslo.", indirect=True)) == []


def test_unresolved_speaker_is_dropped(nlp: Language) -> None:  # noqa: F811
    assert indirect(run(nlp, "He said that the bridge would reopen in May.", indirect=True, pronouns=False)) == []


def test_second_report_is_cut_off_the_first(nlp: Language) -> None:  # noqa: F811
    text = "Erik Dahl said he may close the bridge while claiming drivers had to find other routes."
    qs = indirect(run(nlp, text, indirect=True))
    assert [(q.text, q.cue) for q in qs] == [
        ("he may close the bridge", "say"), ("drivers had to find other routes", "claim")]
    assert {q.speaker_key for q in qs} == {"Erik Dahl"}


def test_writers_which_aside_is_not_reported(nlp: Language) -> None:  # noqa: F811
    text = ("Erik Dahl claimed that the toll would not be raised, which few drivers in the city are "
            "likely to believe.")
    qs = indirect(run(nlp, text, indirect=True))
    assert [q.text for q in qs] == ["the toll would not be raised"]


def test_direct_quote_is_not_repeated_as_reported_speech(nlp: Language) -> None:  # noqa: F811
    qs = run(nlp, 'Erik Dahl said: "The bridge will reopen in May and the toll will stay."', indirect=True)
    assert [q.kind for q in qs] == ["direct"]


def test_mixed_fragment_stays_inside_the_reported_clause(nlp: Language) -> None:  # noqa: F811
    text = 'Erik Dahl said the council had backed "a reckless plan" for the old bridge.'
    qs = run(nlp, text, indirect=True)
    assert sorted((q.kind, q.text) for q in qs) == [
        ("indirect", 'the council had backed "a reckless plan" for the old bridge'),
        ("mixed", "a reckless plan")]
    assert {q.speaker_key for q in qs} == {"Erik Dahl"}


def test_claimed_noun_with_relative_clause(nlp: Language) -> None:  # noqa: F811
    # a dropped copula ("claim [it is] X that ...") parses as a noun object with a relative clause
    text = "Several traders in Oslo claim the council's own plan that is ruining the old market."
    qs = indirect(run(nlp, text, indirect=True))
    assert [(q.text, q.cue) for q in qs] == [("the council's own plan that is ruining the old market", "claim")]
    assert qs[0].speaker_key == "Oslo"


def test_claimed_noun_without_a_clause_is_not_speech(nlp: Language) -> None:  # noqa: F811
    text = "The Oslo Liberation Front claimed responsibility for the attack that killed two guards."
    assert indirect(run(nlp, text, indirect=True)) == []


def test_clause_first_then_attribution(nlp: Language) -> None:  # noqa: F811
    qs = indirect(run(nlp, "The bridge will reopen in May, Erik Dahl said on Tuesday.", indirect=True))
    assert [(q.text, q.speaker_key, q.cue) for q in qs] == [("The bridge will reopen in May", "Erik Dahl", "say")]
