"""Criticism voiced in quotes or reported speech becomes a CAMEO 111 event; neutral or denied words do not."""

from __future__ import annotations

from newsgraph.nlp.pipeline import make_doc
from newsgraph.records import Article


def _events(nlp, text: str):
    doc = nlp(make_doc(nlp, Article("t", text, published="2015-03-02")))
    return doc, [e for e in doc._.events if e.cameo == "111"]


def test_negative_quote_about_another_actor_is_criticism(nlp) -> None:
    doc, events = _events(nlp, '"The violence is the work of ISIS and its brutal terrorist allies," '
                               "Norwegian Foreign Minister Erik Dahl said on Monday.")
    assert len(events) == 1
    src, tgt = doc._.actors[events[0].source_key], doc._.actors[events[0].target_key]
    assert "Dahl" in src.name and tgt.link_key == "org:isis"
    assert events[0].date == "2015-03-02"


def test_neutral_quote_is_not_criticism(nlp) -> None:
    _, events = _events(nlp, '"We had a useful meeting with Germany," Norwegian Foreign Minister Erik Dahl said.')
    assert events == []


def test_criticism_of_ones_own_side_is_not_coded(nlp) -> None:
    _, events = _events(nlp, '"Norway has failed its poorest citizens in a terrible way," '
                             "Norwegian Foreign Minister Erik Dahl said.")
    assert events == []


def test_leader_addressing_own_country_is_not_an_event_with_it(nlp) -> None:
    doc = nlp(make_doc(nlp, Article("t", "President Saddam Hussein urged Iraqis to fight the invaders.",
                                    published="2003-03-21")))
    for e in doc._.events:
        assert not (e.source_key == "person:saddam hussein" and e.target_key == "country:IRQ")


def test_reported_criticism_is_criticism(nlp) -> None:
    doc, events = _events(nlp, "Norwegian Foreign Minister Erik Dahl said that the brutal crackdown by Syria's "
                               "government was causing terrible suffering.")
    assert [(e.source_key, e.target_key) for e in events] == [("person:erik dahl", "country:SYR")]
    assert [q.kind for q in doc._.quotes] == ["indirect"]


def test_letter_with_reported_accusation(nlp) -> None:
    doc, events = _events(nlp, "Six US senators wrote to the president this week, saying that Sweden's reckless "
                               "leadership is fuelling the deadly violence.")
    assert [(doc._.actors[e.source_key].code, e.target_key) for e in events] == [("USALEG", "country:SWE")]


def test_claimed_cleft_with_dropped_copula(nlp) -> None:
    doc, events = _events(nlp, "Several lawmakers in Washington claim its Sweden's corrupt government that is "
                               "fuelling the deadly violence.")
    assert [(doc._.actors[e.source_key].code, e.target_key) for e in events] == [("USALEG", "country:SWE")]


def test_denial_and_neutral_reports_are_not_criticism(nlp) -> None:
    _, events = _events(nlp, "Norwegian Foreign Minister Erik Dahl denied that Sweden had caused terrible damage "
                             "to the talks.")
    assert events == []
    _, events = _events(nlp, "Norwegian Foreign Minister Erik Dahl said that Sweden had agreed to a useful plan "
                             "for the talks.")
    assert events == []
