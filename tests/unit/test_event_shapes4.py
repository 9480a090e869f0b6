"""Event shapes found by the fourth held-out check (tests/data/heldout4), each on an invented sentence.

Riot-control weapons fired at a crowd when the parser reads the last weapon as a verb, deadlines
that make an ultimatum, a ceasefire between two sides that took hold, halting military drills,
headway "in talks with X", impeachment proceedings, slogans chanted against someone, a past verb
hung on a "would" clause, invitations, documents (not people) released, "was needed to" that
obliges no one, place names labelling a meeting, and one doer's repeated undirected statements.
"""

from __future__ import annotations

from spacy.language import Language

from newsgraph.extract.event_needs import has_must
from newsgraph.extract.event_patterns import lexicon
from newsgraph.nlp.pipeline import process
from newsgraph.records import Article, DocRecords


def run(nlp: Language, text: str, published: str = "2020-05-05") -> DocRecords:
    return next(process(nlp, [Article(article_id="t", text=text, published=published)]))


def triples(rec: DocRecords) -> set[tuple[str, str | None, str | None]]:
    return {(e.cameo[:2], e.source_key, e.target_key) for e in rec.events if not e.negated}


def codes(rec: DocRecords) -> set[str]:
    return {e.cameo for e in rec.events}


def test_riot_weapons_fired_at_a_crowd_target_the_crowd(nlp: Language) -> None:
    rec = run(nlp, "Police fired water cannon and bean bag rounds at students in Santiago.")
    assert ("17", "country:CHL:COP", "country:CHL:EDU") in triples(rec)


def test_a_deadline_to_quit_is_an_ultimatum(nlp: Language) -> None:
    rec = run(nlp, "The ruling party had given Prime Minister Boris Johnson until Friday to resign or face a vote.")
    assert {t for c, _, t in triples(rec) if c == "13"} == {"person:boris johnson"}
    # a gift with no deadline stays aid
    assert "13" not in {c for c, _, _ in triples(run(nlp, "Japan gave Kenya food aid on Monday."))}


def test_a_ceasefire_between_two_sides_binds_both(nlp: Language) -> None:
    rec = run(nlp, "A truce between Armenia and Azerbaijan took hold on Saturday.")
    assert {t for t in triples(rec) if t[0] == "08"} == {("08", "country:ARM", "country:AZE")}


def test_halting_military_drills_is_de_escalation(nlp: Language) -> None:
    rec = run(nlp, "Putin said Russia would stop its joint naval drills with China.")
    assert "0356" in codes(rec)  # an announced intent to de-escalate, not a threat
    assert not any(c.startswith("13") for c in codes(rec))
    assert "087" in codes(run(nlp, "Seoul suspended its military exercises with Washington on Monday."))


def test_progress_in_talks_with_someone_is_a_meeting(nlp: Language) -> None:
    rec = run(nlp, "Kenya's opposition leader Raila Odinga said on Monday that he had made real progress "
                   "in talks with President William Ruto.")
    assert ("04", "person:raila odinga", "person:wiliam ruto") in triples(rec)


def test_impeachment_proceedings_against_a_president(nlp: Language) -> None:
    rec = run(nlp, "Lawmakers in Peru began impeachment proceedings against President Pedro Castillo on Tuesday.")
    assert ("09", "country:PER:LEG", "person:pedro castilo") in triples(rec)


def test_slogans_chanted_against_a_leader_are_a_protest_at_him(nlp: Language) -> None:
    rec = run(nlp, "Demonstrators marched through Minsk, chanting slogans against President Alexander Lukashenko.")
    assert ("14", "sector::CVL:demonstrator", "person:alexander lukashenko") in triples(rec)


def test_past_verb_after_a_would_clause_is_the_speakers(nlp: Language) -> None:
    rec = run(nlp, "Erdogan said Turkey would hold a referendum soon, and announced a state of emergency and a curfew.")
    assert ("17", "person:recep tayyip erdogan", None) in triples(rec)


def test_inviting_someone_is_an_intent_to_meet(nlp: Language) -> None:
    rec = run(nlp, "President Macron invited Chancellor Scholz to visit Paris.")
    assert {c for c, s, _ in triples(rec) if s == "person:emmanuel macron"} == {"03"}


def test_releasing_a_document_frees_no_one(nlp: Language) -> None:
    assert not any(c.startswith("08") for c in codes(run(nlp, "The report was released by the ministry on Sunday.")))
    assert not any(c.startswith("08") for c in codes(run(nlp, "The Kremlin released a statement on Sunday.")))
    assert "0841" in codes(run(nlp, "Iran released two French tourists on Sunday."))


def test_a_passive_need_obliges_no_one(nlp: Language) -> None:
    doc = nlp("She insisted the law was needed to protect children.")
    needed = next(t for t in doc if t.lower_ == "needed")
    assert not has_must(needed)
    assert has_must(next(t for t in nlp("He said Russia needs to withdraw.") if t.lower_ == "needs"))
    assert "10" not in {c for c, _, _ in triples(run(nlp, "Merkel insisted the law was needed to protect children."))}


def test_drills_are_in_the_lexicon() -> None:
    assert lexicon().verbs["stop"][1].code == "087"


def test_a_named_place_in_the_strike_slot_stands_for_its_state(nlp: Language) -> None:
    rec = run(nlp, "Hamas fired rockets at Israel on Monday, and the Palestinian Authority praised the fighters. "
                   "Israel responded with dozens of air strikes on Gaza.")
    assert ("19", "country:ISR", "country:PSE") in triples(rec)


def test_a_place_naming_talks_is_not_whom_a_quote_faults(nlp: Language) -> None:
    from newsgraph.extract.statement_events import _venue_name

    doc = nlp("The Doha talks were a disaster, the senator said.")
    doha = next(t for t in doc if t.text == "Doha")
    assert _venue_name(doc, doha.idx, doha.idx + len(doha))
    qatar = nlp("Qatar was a disaster, the senator said.")
    assert not _venue_name(qatar, 0, 5)


def test_one_doers_undirected_acts_of_a_kind_are_one_event(nlp: Language) -> None:
    rec = run(nlp, '"We are ready to open a new era and we are prepared to write a new chapter," Modi said on Monday.')
    assert len([e for e in rec.events if e.cameo[:2] == "03" and e.target_key is None]) <= 1


def test_a_passive_participle_does_not_make_its_noun_the_doer(nlp: Language) -> None:
    from newsgraph.extract.event_subjects import subject_tokens

    doc = nlp("Seoul raised the case of fishermen kidnapped at sea.")
    assert subject_tokens(next(t for t in doc if t.lower_ == "kidnapped")) == []
    doc = nlp("Rebels fighting in the north seized the town.")
    assert [t.text for t in subject_tokens(next(t for t in doc if t.lower_ == "fighting"))] == ["Rebels"]


def test_a_doer_acting_on_his_own_unnamed_people_has_no_target(nlp: Language) -> None:
    rec = run(nlp, "Police Commissioner Stephen Lo called the clashes a riot and defended his officers.")
    assert {t for c, _, t in triples(rec) if c == "05"} <= {None}
    rec = run(nlp, "Putin defended Assad on Monday.")
    assert ("05", "person:vladimir putin", "person:~asad") in triples(rec)


def test_freezing_their_assets_keeps_the_sanctioned_target(nlp: Language) -> None:
    rec = run(nlp, "Canada imposed sanctions on Monday on Iranian officials, freezing their assets.")
    assert any(c == "16" and t is not None for c, _, t in triples(rec))


def test_defending_its_allies_keeps_the_allies(nlp: Language) -> None:
    from newsgraph.extract.event_emit import owned_object

    doc = nlp("Washington would defend its NATO allies.")
    assert owned_object(doc, next(t for t in doc if t.lower_ == "defend"), {"country:USA"}) == set()
