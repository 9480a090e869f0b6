"""NER on candidate sentences: the same names where names can be, nothing run where they cannot."""

from __future__ import annotations

import pytest
import spacy

from newsgraph import settings
from newsgraph.nlp.candidate_ner import CandidateNER, scope_ner

TEXT = (
    "Obama met Iraqi officials in Baghdad on Monday.\n\n"
    "The talks were long and the mood was tense.\n\n"
    "\"We will not give up,\" he said after the meeting.\n\n"
    "Iraqi forces later shelled positions held by Islamic State near Mosul.\n\n"
    "it was not clear how many people had been killed.\n\n"
    "Angela Merkel called for calm."
)
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}


@pytest.fixture(scope="module")
def stock() -> spacy.language.Language:
    return spacy.load(settings.get("MODEL"))


def _sentences(doc: spacy.tokens.Doc, keep: list[int]) -> list[str]:
    kept = set(keep)
    return [s.text.strip() for s in doc.sents if s.start in kept]


def test_only_sentences_that_can_hold_a_name_are_kept(stock) -> None:
    doc = stock(TEXT, disable=["ner"])
    keep = CandidateNER(stock.get_pipe("ner")).candidate_tokens(doc)
    kept = _sentences(doc, keep)
    assert any(s.startswith("Obama met") for s in kept)  # a name first: tagged NNP
    assert any(s.startswith("Iraqi forces") for s in kept)  # a nationality adjective first
    assert any(s.startswith("Angela Merkel") for s in kept)
    assert not any(s.startswith("The talks") for s in kept)  # only "The" is capitalised
    assert not any(s.startswith("\"We will") for s in kept)  # a pronoun after an opening quote
    assert not any(s.startswith("it was") for s in kept)
    assert keep == sorted(keep) and len(keep) < len(doc)


def test_the_same_name_entities_as_the_stock_ner_and_every_token_annotated(stock) -> None:
    full = stock(TEXT)
    doc = stock(TEXT, disable=["ner"])
    CandidateNER(stock.get_pipe("ner"))(doc)
    assert doc.has_annotation("ENT_IOB", require_complete=True)

    def names(d: spacy.tokens.Doc) -> list[tuple[int, int, str]]:
        return [(e.start, e.end, e.label_) for e in d.ents if e.label_ in NAME_LABELS]

    assert names(doc) == names(full)
    assert {e.text for e in doc.ents} >= {"Obama", "Baghdad", "Mosul", "Angela Merkel"}


def test_a_doc_without_candidates_gets_empty_complete_entities(stock) -> None:
    doc = stock("the talks were long. nobody said anything.", disable=["ner"])
    ner = CandidateNER(stock.get_pipe("ner"))
    assert ner.candidate_tokens(doc) == []
    ner(doc)
    assert list(doc.ents) == [] and doc.has_annotation("ENT_IOB", require_complete=True)
    empty = stock("", disable=["ner"])
    assert list(ner(empty).ents) == []


def test_batches_keep_each_docs_entities(stock) -> None:
    texts = [TEXT, "the talks were long.", "Putin spoke in Moscow.", TEXT]
    ner = CandidateNER(stock.get_pipe("ner"))
    docs = list(ner.pipe(stock.pipe(texts, disable=["ner"]), batch_size=3))
    assert [[e.text for e in d.ents if e.label_ in NAME_LABELS] for d in docs] == [
        [e.text for e in ner(stock(t, disable=["ner"])).ents if e.label_ in NAME_LABELS] for t in texts]
    assert [e.text for e in docs[2].ents] == ["Putin", "Moscow"]


def test_scope_setting_chooses_the_component() -> None:
    nlp = spacy.load(settings.get("MODEL"))
    scope_ner(nlp, "all")
    assert "ner" in nlp.pipe_names and "newsgraph_ner" not in nlp.pipe_names
    scope_ner(nlp, "names")
    assert "ner" not in nlp.pipe_names and nlp.pipe_names[-1] == "newsgraph_ner"
    with pytest.raises(ValueError, match="NER_SCOPE"):
        scope_ner(nlp, "some")
