"""Event shapes found by the fifth held-out check (tests/data/heldout5), each on an invented sentence.

A date in the target's preposition ("declared war on X on Friday"), reciprocal objects ("accused
each other"), consultations by telephone, blame laid in a reported clause ("said X was to blame"),
embargoes by "ban"/"bar", a readiness that is the content of a warning, history dated to a decade
told as background, reduced passives ("footage released by the army") whose noun is the theme,
"is to travel" as a plan, attacks named as the subject of their effect ("air strikes flattened X"),
halted advances, participles that list the measures of one sanction, orders to one's own troops,
"would regard it as a declaration of war", nuclear tests, "vowed that X would pay a price",
acts named inside an accusation ("accused X of launching a strike"), the target of "rejected the
announcement", joint statements signed, and orders that a thing be done ("ordered flights suspended").
"""

from __future__ import annotations

from functools import partial

from spacy.language import Language
from tests.unit.pipeline_records import run_article

from newsgraph.records import DocRecords

run = partial(run_article, published="2021-03-10")


def triples(rec: DocRecords) -> set[tuple[str, str | None, str | None]]:
    return {(e.cameo[:2], e.source_key, e.target_key) for e in rec.events if not e.negated}


def roots(rec: DocRecords) -> set[str]:
    return {e.cameo[:2] for e in rec.events}


def test_a_date_in_the_target_preposition_is_skipped(nlp: Language) -> None:
    rec = run(nlp, "Paraguay declared war on Bolivia on Friday.")
    assert ("13", "country:PRY", "country:BOL") in triples(rec)
    assert "17" not in roots(rec)  # not a state of war at home


def test_each_other_makes_conjoined_doers_targets(nlp: Language) -> None:
    rec = run(nlp, "Sudan and South Sudan accused each other of arming rebel groups.")
    assert {t for t in triples(rec) if t[0] == "11"} == {("11", "country:SDN", "country:SSD"),
                                                         ("11", "country:SSD", "country:SDN")}
    rec = run(nlp, "Armenia and Azerbaijan blamed one another for the clashes.")
    assert ("11", "country:AZE", "country:ARM") in triples(rec)


def test_speaking_by_telephone_is_a_consultation(nlp: Language) -> None:
    rec = run(nlp, "Chancellor Olaf Scholz spoke with Emmanuel Macron by telephone on Monday.")
    assert any(c == "04" and t == "person:emmanuel macron" for c, _, t in triples(rec))
    rec = run(nlp, "Prime Minister Jacinda Ardern told Scott Morrison in a phone call that the plan was unfair.")
    assert any(c == "04" and t == "person:scott morrison" for c, _, t in triples(rec))
    # speaking to the press is no consultation
    assert "04" not in roots(run(nlp, "Olaf Scholz spoke to reporters in Berlin on Monday."))


def test_blame_laid_in_a_reported_clause_is_an_accusation(nlp: Language) -> None:
    rec = run(nlp, "Iran said Washington was to blame for the unrest.")
    assert ("11", "country:IRN", "country:USA") in triples(rec)
    rec = run(nlp, "Iran said Washington was responsible for the sabotage at the plant.")
    assert ("11", "country:IRN", "country:USA") in triples(rec)
    # a denial of blame is no accusation
    assert "112" not in {e.cameo for e in run(nlp, "Iran said Washington was not responsible for the fire.").events}


def test_banning_imports_and_barring_ships_are_embargoes(nlp: Language) -> None:
    assert ("16", "country:CAN", "country:BLR") in triples(run(nlp, "Canada banned imports from Belarus on Monday."))
    assert ("16", "country:TUR", "country:CYP") in triples(run(nlp, "Turkey barred Cypriot ships from its ports."))
    assert "16" not in roots(run(nlp, "The junta banned all opposition parties."))


def test_readiness_inside_a_warning_is_not_an_intent(nlp: Language) -> None:
    rec = run(nlp, "Macron warned that France stood ready to act if the talks collapsed.")
    assert "13" in roots(rec)
    assert "03" not in roots(rec)
    assert "03" in roots(run(nlp, "Tehran said it was ready to help Baghdad."))


def test_history_dated_to_a_decade_is_background(nlp: Language) -> None:
    rec = run(nlp, "Libya, which fought a war against Chad in the 1980s, urged both sides to show restraint.")
    assert "19" not in roots(rec)
    assert "02" in roots(rec)


def test_a_reduced_passive_takes_its_noun_as_theme(nlp: Language) -> None:
    # the footage was published, nobody was set free
    assert "08" not in roots(run(nlp, "Footage released by the Kenyan army showed the destroyed camp."))
    assert "08" in roots(run(nlp, "The Kenyan army released 40 prisoners on Tuesday."))


def test_is_to_travel_is_a_scheduled_visit(nlp: Language) -> None:
    rec = run(nlp, "Prime Minister Narendra Modi is to travel to Tokyo on Friday.")
    assert ("03", "person:narendra modi", "country:JPN") in triples(rec)
    assert not run(nlp, "The rebels were to blame for the blast.").events  # an idiom of fault, no plan


def test_an_attack_named_as_subject_of_its_effect_is_the_attack(nlp: Language) -> None:
    rec = run(nlp, "Saudi air strikes flattened a market in Saada on Tuesday.")
    assert ("19", "country:SAU") in {(c, s) for c, s, _ in triples(rec)}
    assert "17" not in roots(rec)  # not a mere destruction of property


def test_halting_an_advance_de_escalates(nlp: Language) -> None:
    assert "087" in {e.cameo for e in run(nlp, "The rebels halted their advance on the capital on Sunday.").events}


def test_participles_listing_sanctions_are_one_act(nlp: Language) -> None:
    rec = run(nlp, "The European Union imposed sanctions on Belarus, banning flights and freezing assets.")
    assert [e.root for e in rec.events] == ["16"]


def test_an_order_to_ones_own_troops_is_ones_own_act(nlp: Language) -> None:
    rec = run(nlp, "President Vladimir Putin ordered his troops to halt their advance.")
    assert {(e.cameo, e.target_key) for e in rec.events} == {("087", None)}
    # an order to another state stays a demand
    assert "10" in roots(run(nlp, "President Vladimir Putin ordered Ukraine to halt its offensive."))


def test_regarding_an_act_as_a_declaration_of_war_is_a_threat(nlp: Language) -> None:
    rec = run(nlp, "He said that if Japan kept up its pressure, Pyongyang would regard it as a declaration of war.")
    assert ("13", "country:PRK", "country:JPN") in triples(rec)
    assert "13" not in roots(run(nlp, "Analysts regard the plan as a step toward peace."))


def test_a_nuclear_test_shows_force(nlp: Language) -> None:
    rec = run(nlp, "Tehran announced on Monday that it had carried out an underground nuclear test.")
    assert ("15", "country:IRN") in {(c, s) for c, s, _ in triples(rec)}
    assert "15" not in roots(run(nlp, "Tehran carried out a blood test on the prisoner."))


def test_vowing_that_someone_will_pay_a_price_is_a_threat(nlp: Language) -> None:
    rec = run(nlp, "Erdogan vowed that the PKK would pay a heavy price.")
    assert any(c == "13" and s == "person:recep tayyip erdogan" for c, s, _ in triples(rec))
    assert "13" not in roots(run(nlp, "Erdogan vowed that Turkey would pay its debts."))


def test_an_act_inside_an_accusation_is_its_topic(nlp: Language) -> None:
    rec = run(nlp, "Moscow accused Kiev of launching a missile strike on the plant.")
    assert roots(rec) == {"11"}


def test_rejecting_the_announcement_answers_its_maker(nlp: Language) -> None:
    rec = run(nlp, "Sudan's military detained President Omar al-Bashir on Thursday. "
                   "The Sudanese Professionals Association rejected the announcement.")
    assert any(c == "12" and t == "country:SDN:MIL" for c, _, t in triples(rec))


def test_signing_a_joint_statement_is_an_agreement(nlp: Language) -> None:
    rec = run(nlp, "Xi Jinping and Vladimir Putin signed a joint statement on Friday.")
    assert ("05", "person:xi jinping", "person:vladimir putin") in triples(rec)


def test_ordering_a_thing_done_is_the_doers_own_measure(nlp: Language) -> None:
    rec = run(nlp, "The Saudi king ordered all flights to Qatar to be suspended.")
    assert {(e.root, e.target_key) for e in rec.events} == {("16", "country:QAT")}
