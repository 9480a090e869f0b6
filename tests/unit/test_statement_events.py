"""Criticism voiced in quotes becomes a CAMEO 111 event; neutral quotes do not."""

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
