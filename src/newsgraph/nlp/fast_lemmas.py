"""The model's rule lemmatizer, with the same lemmas at a fraction of the cost.

spaCy's ``Lemmatizer.__call__`` visits every token in Python, builds a ``Token`` and reads its
``pos_`` / ``morph`` / ``text`` before consulting its own cache, then writes ``lemma_`` back one token
at a time: about as costly as the parser on news text. A rule lemma is a pure function of the token's
(ORTH, POS, MORPH), the key spaCy's own cache uses, and only tokens without a lemma are lemmatized
(``overwrite=False``, the attribute ruler sets some lemmas first). So this reads those columns as one
array, looks each key up in a memo, asks the stock component only for keys it has not seen, and writes
the LEMMA column back in one ``Doc.from_array``. Even a first-seen key was slow: the stock rules test
candidate forms with ``form in index`` against word *lists* of up to 57,000 entries, so the wrapped
component's ``lemma_index`` table is swapped for one holding the same words as frozensets (membership
is all the rules ask of it).

``speed_up_lemmatizer`` swaps it in only for the stock rule-mode component with ``overwrite=False``;
anything else keeps the stock component.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lookups import Table
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

_MAX_MEMO = 1_000_000  # bounded over a long run; the memo only saves time


class FastLemmatizer:
    """Drop-in for a loaded rule ``Lemmatizer`` with ``overwrite=False``; see the module doc."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        index = lemmatizer.lookups.get_table("lemma_index", None)
        if index is not None and any(isinstance(words, list) for words in index.values()):
            fast_index = Table(name="lemma_index")
            for pos, words in index.items():
                fast_index[pos] = frozenset(words) if isinstance(words, list) else words
            lemmatizer.lookups.set_table("lemma_index", fast_index)
        self.memo: dict[tuple[int, int, int], int] = {}

    @staticmethod
    def applies_to(lemmatizer: object) -> bool:
        """Only the configuration whose behaviour this reproduces exactly."""
        return isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule" and not lemmatizer.overwrite

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cols = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        memo = self.memo
        lemmas: list[int] = []
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(cols):
            if lemma == 0:
                key = (orth, pos, morph)
                lemma = memo.get(key, 0)
                if lemma == 0:
                    if len(memo) > _MAX_MEMO:
                        memo.clear()
                    # the stock component's own answer for this key, stored as its string id
                    lemma = memo[key] = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                changed = True
            lemmas.append(lemma)
        if changed:
            doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc


@Language.factory("newsgraph_lemmatizer")
def make_fast_lemmatizer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Built from the pipeline's own ``lemmatizer``, which must be present when this is added."""
    stock = nlp.get_pipe("lemmatizer")
    if not FastLemmatizer.applies_to(stock):
        raise ValueError("the lemmatizer is not a rule lemmatizer with overwrite=False")
    return FastLemmatizer(stock)  # type: ignore[arg-type]


def speed_up_lemmatizer(nlp: Language) -> None:
    """Swap the stock rule ``lemmatizer`` for the equivalent fast one, when its configuration allows."""
    if "lemmatizer" not in nlp.pipe_names or not FastLemmatizer.applies_to(nlp.get_pipe("lemmatizer")):
        return
    nlp.add_pipe("newsgraph_lemmatizer", after="lemmatizer")
    nlp.remove_pipe("lemmatizer")
