"""The throughput work must not change what the pipeline finds: each shortcut equals the slow original."""

from __future__ import annotations

import random

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from newsgraph import settings
from newsgraph.extract.doc_cache import doc_ents, doc_text, span_ents
from newsgraph.extract.resolve import mention_covering
from newsgraph.nlp.fast_lemmas import FastLemmatizer, speed_up_lemmatizer
from newsgraph.nlp.fast_rules import FastAttributeRuler, speed_up_attribute_ruler
from newsgraph.records import Mention

# exceptions of the model's rules: multi-token ("gon na", "let 's"), regex ("nothin'"), DEP-based
# ("there is", auxiliaries, determiners used as pronouns), besides the plain tag map
TEXTS = [
    "Y'all ain't gonna believe it, c'mon, let's go. There is nothin' here and he got ta leave.",
    "The minister has been asked to resign; that was what the Iraqi government wanted, he said.\n\nNew paragraph.",
    "Russian forces struck Kyiv on Monday, officials said, and those who fled were counted.  Gets  worse.",
]


@pytest.fixture(scope="module")
def stock() -> spacy.language.Language:
    return spacy.load(settings.get("MODEL"))


def _annotations(doc: spacy.tokens.Doc) -> numpy.ndarray:
    return doc.to_array([TAG, POS, MORPH, LEMMA, DEP, HEAD])


def test_fast_attribute_ruler_gives_the_stock_annotations(stock) -> None:
    fast = spacy.load(settings.get("MODEL"))
    speed_up_attribute_ruler(fast)
    assert "attribute_ruler" not in fast.pipe_names and "newsgraph_attribute_ruler" in fast.pipe_names
    for text in TEXTS:
        assert numpy.array_equal(_annotations(stock(text)), _annotations(fast(text))), text


def test_fast_attribute_ruler_matches_multi_token_rules_off_its_memo(stock) -> None:
    fast = FastAttributeRuler.from_ruler(stock.get_pipe("attribute_ruler"))
    assert fast is not None and fast.multi_tests and not fast.use_matcher
    # overlapping and repeated matches, a match at the very end, and a rule with two patterns (which
    # sends every multi-token rule back to a Matcher): each as the stock ruler sets them
    for two_patterns in (False, True):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add([[{"LOWER": "a"}, {"LOWER": "a"}]], {"LEMMA": "first"}, index=1)
        ruler.add([[{"LOWER": {"IN": ["a", "b"]}}, {"LOWER": {"REGEX": "^[ab]$"}}, {"LOWER": "b"}]],
                  {"LEMMA": "second"}, index=-1)
        ruler.add([[{"LOWER": "b"}]], {"LEMMA": "single"})
        if two_patterns:
            ruler.add([[{"LOWER": "c"}, {"LOWER": "a"}], [{"LOWER": "a"}, {"LOWER": "c"}]], {"LEMMA": "c"})
        mine = FastAttributeRuler.from_ruler(ruler)
        assert mine is not None and mine.use_matcher == two_patterns
        for text in ("a a a b", "b a b b a a", "c a c a a b", "a"):
            want, got = ruler(nlp.make_doc(text)), mine(nlp.make_doc(text))
            assert [t.lemma_ for t in want] == [t.lemma_ for t in got], text


def test_fast_lemmatizer_gives_the_stock_lemmas(stock) -> None:
    fast = spacy.load(settings.get("MODEL"))
    speed_up_attribute_ruler(fast)
    speed_up_lemmatizer(fast)
    assert "lemmatizer" not in fast.pipe_names and "newsgraph_lemmatizer" in fast.pipe_names
    # twice: the second pass is answered from the memo
    for text in TEXTS + TEXTS + ["Ministers were meeting; the talks broke down, leaving sides further apart.", ""]:
        assert numpy.array_equal(_annotations(stock(text)), _annotations(fast(text))), text


def test_fast_lemmatizer_declines_other_configurations(stock) -> None:
    assert FastLemmatizer.applies_to(stock.get_pipe("lemmatizer"))
    lookup = spacy.blank("en").add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not FastLemmatizer.applies_to(lookup)
    overwriting = spacy.blank("en").add_pipe("lemmatizer", config={"mode": "rule", "overwrite": True})
    assert not FastLemmatizer.applies_to(overwriting)


def test_fast_attribute_ruler_declines_rules_it_cannot_reproduce(stock) -> None:
    ruler = stock.get_pipe("attribute_ruler")
    assert FastAttributeRuler.from_ruler(ruler) is not None
    odd = spacy.blank("en").add_pipe("attribute_ruler")
    odd.add([[{"LOWER": "a", "OP": "+"}, {"LOWER": "b"}]], {"LEMMA": "x"})
    assert FastAttributeRuler.from_ruler(odd) is None
    odd = spacy.blank("en").add_pipe("attribute_ruler")
    odd.add([[{"SHAPE": "Xxx"}]], {"LEMMA": "x"})
    assert FastAttributeRuler.from_ruler(odd) is None


def test_doc_memos_equal_spacy_properties(stock) -> None:
    doc = stock(" ".join(TEXTS) + " The United Nations and the European Union met in New York and Paris.")
    assert doc_text(doc) == doc.text
    assert [(e.start, e.end, e.label_) for e in doc_ents(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 12) + 1):
            span = doc[start:end]
            assert [(e.start, e.end) for e in span_ents(span)] == [(e.start, e.end) for e in span.ents]


def test_paragraph_break_starts_a_sentence(nlp) -> None:
    doc = nlp("A headline without a stop\n\nThe minister said the talks failed. He left.")
    starts = [t.text for t in doc if t.is_sent_start]
    assert "The" in starts


def _covering_reference(ms: list[Mention], start: int, end: int) -> Mention | None:
    best, best_overlap = None, 0
    for m in ms:
        if m.start > end:
            break
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > best_overlap:
            best, best_overlap = m, overlap
    return best


def test_mention_covering_matches_a_full_scan(stock) -> None:
    rng = random.Random(7)
    doc = stock.make_doc("x " * 400)
    spans = sorted((s, s + rng.randint(1, 40)) for s in (rng.randint(0, 700) for _ in range(120)))
    doc._.mentions = [Mention(s, e, "x", "name", f"k{i}") for i, (s, e) in enumerate(spans)]
    for _ in range(2000):
        a = rng.randint(0, 760)
        b = a + rng.randint(1, 30)
        assert mention_covering(doc, a, b) == _covering_reference(doc._.mentions, a, b)
    doc._.mentions = doc._.mentions[:10]  # a new mention list is indexed afresh
    assert mention_covering(doc, 750, 760) == _covering_reference(doc._.mentions, 750, 760)


def test_make_doc_seeds_the_text_memo(nlp) -> None:
    from newsgraph.nlp.pipeline import make_doc
    from newsgraph.records import Article

    article = Article("a1", "  Officials  said,\n\n“We left.”  ")
    doc = make_doc(nlp, article)
    assert doc_text(doc) == doc.text == article.text
