"""Mentions and within-article actor resolution: a sentence in, actors out."""

from __future__ import annotations

import pytest

from newsgraph.nlp.pipeline import make_doc
from newsgraph.records import Article


@pytest.fixture(scope="module")
def run(nlp):
    def _run(text: str, published: str | None = "2014-06-20"):
        doc = nlp(make_doc(nlp, Article("t", text, published=published)))
        by_text = {m.text: doc._.actors[m.link_key] for m in doc._.mentions}
        return doc, by_text

    return _run


def test_title_and_name_make_one_person_with_country_and_sector(run) -> None:
    _doc, m = run("Iraqi Prime Minister Nouri al-Maliki met the envoy. Later Maliki said he would stay.")
    a = m["Iraqi Prime Minister Nouri al-Maliki"]
    assert (a.type, a.country, a.sector) == ("PERSON", "IRQ", "GOV")
    assert m["Maliki"].link_key == a.link_key
    assert m["he"].link_key == a.link_key


def test_metonyms_are_the_country_and_its_institutions(run) -> None:
    _, m = run("The White House rejected the plan, while the Pentagon and the Kremlin stayed silent.")
    assert m["White House"].link_key == "country:USA"
    assert (m["Pentagon"].country, m["Pentagon"].sector) == ("USA", "MIL")
    assert m["Kremlin"].country == "RUS"


def test_apposition_gives_role_and_country(run) -> None:
    _, m = run("Canada's foreign minister, Jane Holloway, warned Ottawa's rivals on Monday.")
    person = next(a for t, a in m.items() if "Holloway" in t)
    assert (person.country, person.sector) == ("CAN", "GOV")


def test_spokesman_for_a_group_takes_the_group_sector(run) -> None:
    _, m = run("Abu Karim Haddad, a spokesman for ISIS, addressed fighters in an audio message.")
    person = next(a for t, a in m.items() if "Haddad" in t)
    assert person.sector == "INS"
    assert person.country is None


def test_members_of_an_organisation_act_for_it(run) -> None:
    _, m = run("ISIS militants seized the town, and the ISIS fighters then moved south.")
    assert {a.link_key for t, a in m.items() if "ISIS" in t} == {"org:isis"}


def test_surname_of_office_holder_out_of_office_is_not_coded_as_leader(run) -> None:
    _, m = run("Maliki spoke to reporters in Baghdad.", published="2019-05-01")
    a = m["Maliki"]
    assert a.sector != "GOV" or a.role is None


def test_place_use_of_a_capital_is_marked(nlp) -> None:
    doc = nlp(make_doc(nlp, Article("t", "Officials met in Baghdad, and Baghdad rejected the offer.")))
    kinds = [m.kind for m in doc._.mentions if m.text == "Baghdad"]
    assert kinds == ["place", "name"]


def test_two_people_sharing_a_surname_stay_apart(run) -> None:
    _, m = run("Maria Lopez met Carlos Lopez. Later Maria Lopez left the room.")
    assert m["Maria Lopez"].link_key != m["Carlos Lopez"].link_key


def test_us_senators_by_party_state_convention(run) -> None:
    _, m = run("The letter was signed by Tom Rivers (R-Ariz.) and two colleagues.")
    a = next(a for t, a in m.items() if "Rivers" in t)
    assert (a.country, a.sector) == ("USA", "LEG")


def test_boilerplate_produces_no_mentions(nlp) -> None:
    text = "Rebels attacked the base.\n\nPhoto by REUTERS/Jane Roe. President Obama speaks in Berlin, June 2, 2014."
    doc = nlp(make_doc(nlp, Article("t", text, published="2014-06-03")))
    assert all(m.start < text.index("Photo") for m in doc._.mentions)


def test_its_refers_to_the_subject_country(run) -> None:
    _, m = run("Norway lodged a protest with Washington, and its army warned of a review.")
    assert (m["its army"].country, m["its army"].sector) == ("NOR", "MIL")


def test_named_force_is_distinct_from_the_national_army(run) -> None:
    _, m = run("The peshmerga troops advanced on the city. Iraqi government forces withdrew.")
    assert m["peshmerga troops"].link_key != m["Iraqi government forces"].link_key
    assert m["Iraqi government forces"].link_key == "country:IRQ:MIL"


def test_title_word_is_not_taken_as_a_given_name(run) -> None:
    _, m = run("CIA Director Leon Panetta briefed lawmakers on Tuesday.")
    assert any(a.name == "Leon Panetta" for a in m.values())


def test_facility_named_after_a_person_is_not_an_actor(run) -> None:
    _, m = run("The missiles struck Ain al-Asad air base in western Iraq.")
    assert all(a.type != "PERSON" for a in m.values())


def test_group_description_of_a_person_gives_affiliation(run) -> None:
    _doc, m = run("A drone strike killed Omar Haddad. The al Qaeda commander had evaded capture for years.")
    person = m["Omar Haddad"]
    assert m["al Qaeda commander"].link_key == person.link_key
    assert person.sector == "INS"


def test_organisation_inside_an_apposition_keeps_its_own_mention(run) -> None:
    _, m = run("Maliki met Hassan Jaber, the head of the Kurdish Democratic Union, on Monday.")
    org = next((a for t, a in m.items() if t == "Kurdish Democratic Union"), None)
    assert org is not None and org.type == "ORG"
    assert m["Hassan Jaber"].link_key != org.link_key


def test_acronym_links_to_the_organisation_named_earlier(run) -> None:
    _, m = run("The Popular Reform Front won seats. Later the PRF said it would join the government.")
    assert m["PRF"].link_key == m["Popular Reform Front"].link_key


def test_person_heading_a_party_takes_its_sector(run) -> None:
    _, m = run("Maliki met Hassan Jaber, the head of the Baath Party, on Monday.")
    assert m["Hassan Jaber"].sector == "PTY"
