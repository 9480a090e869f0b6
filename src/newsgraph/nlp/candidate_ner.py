"""Run the model's NER only on the sentences that can hold a name newsgraph uses.

NER is the costliest step of the stock pipeline (its own tok2vec plus a transition parser: about
45% of the CPU time on news text), and newsgraph reads only its name labels (PERSON, ORG, GPE,
NORP, FAC, LOC). Those are written capitalised in edited text, so a sentence whose only
capitalised word is a sentence-initial function word ("The", "He", "But") cannot hold one. On
200 Timeline17 articles such sentences are 21% of the tokens and held 0.5% of the model's
name entities, nearly all in lowercase reader comments ("the middle east"). The component
copies the other sentences into one compact Doc per article (words, spaces, norms and sentence
starts, which are everything the NER model reads), runs the stock NER on those in batches, and
maps the entities back; every other token is marked outside any entity, so ``doc.ents`` is
complete. A Doc with nothing to skip goes to the stock NER unchanged.

The setting ``NER_SCOPE=all`` keeps the stock component (every sentence).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import numpy
from spacy.attrs import NORM, ORTH, SENT_START, TAG
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.strings import StringStore
from spacy.tokens import Doc, Span
from spacy.util import minibatch

# a capitalised sentence-initial word counts when tagged as a noun or adjective ("Obama said",
# "Iraqi forces"); other tags there are function words capitalised by position ("The", "He").
_INITIAL_NAME_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "JJ"})
_MAX_MEMO = 500_000  # bounded over a long run; the memo only saves time


class CandidateNER:
    """The pipeline's own ``EntityRecognizer``, run on the sentences that can hold a name."""

    def __init__(self, ner: EntityRecognizer) -> None:
        self.ner = ner
        self._shapes: dict[int, tuple[bool, bool]] = {}
        self._name_tags = {ner.vocab.strings.add(t) for t in _INITIAL_NAME_TAGS}

    def _shape(self, orth: int, strings: StringStore) -> tuple[bool, bool]:
        """(has a capital letter, has a letter or digit) for a token's text."""
        shape = self._shapes.get(orth)
        if shape is None:
            if len(self._shapes) >= _MAX_MEMO:
                self._shapes.clear()
            text = strings[orth]
            shape = self._shapes[orth] = (any(ch.isupper() for ch in text), any(ch.isalnum() for ch in text))
        return shape

    def candidate_tokens(self, doc: Doc) -> list[int]:
        """Indices of the tokens of every sentence that can hold a name, in order."""
        if not len(doc):
            return []
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, TAG, SENT_START]).tolist()
        keep: list[int] = []
        start, initial, wanted = 0, True, False
        for i, (orth, tag, sent_start) in enumerate(rows):
            if sent_start == 1 and i:
                if wanted:
                    keep.extend(range(start, i))
                start, initial, wanted = i, True, False
            if wanted:
                continue
            capital, word = self._shape(orth, strings)
            if capital:
                wanted = not initial or tag in self._name_tags
            initial = initial and not word
        if wanted:
            keep.extend(range(start, len(rows)))
        return keep

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size):
            yield from self._annotate(list(batch))

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        inputs: list[Doc] = []
        maps: list[list[int] | None] = []
        for doc in docs:
            keep = self.candidate_tokens(doc)
            if len(keep) == len(doc):
                inputs.append(doc)
                maps.append(None)
            else:
                inputs.append(_compact(doc, keep))
                maps.append(keep)
        runnable = [d for d in inputs if len(d)]
        if runnable:
            self.ner.set_annotations(runnable, self.ner.predict(runnable))
        for doc, compact, keep in zip(docs, inputs, maps, strict=True):
            if keep is not None:
                _copy_entities(compact, doc, keep)
        return docs


def _compact(doc: Doc, keep: list[int]) -> Doc:
    """The kept tokens as a Doc of their own, with the attributes the NER model reads."""
    if not keep:
        return Doc(doc.vocab, words=[])
    tokens = [doc[i] for i in keep]
    compact = Doc(doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
    values = doc.to_array([NORM, SENT_START])[numpy.asarray(keep)]
    values[0, 1] = 1
    compact.from_array([NORM, SENT_START], values)
    return compact


def _copy_entities(compact: Doc, doc: Doc, keep: list[int]) -> None:
    spans = []
    for ent in compact.ents:
        start, last = keep[ent.start], keep[ent.end - 1]
        if last - start == ent.end - 1 - ent.start:  # never across a skipped sentence
            spans.append(Span(doc, start, last + 1, label=ent.label))
    doc.set_ents(spans, default="outside")


@Language.factory("newsgraph_ner")
def make_candidate_ner(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Built from the pipeline's own ``ner``, which must be present when this is added."""
    return CandidateNER(nlp.get_pipe("ner"))


def scope_ner(nlp: Language, scope: str) -> None:
    """Swap the stock ``ner`` for the candidate-sentence one unless ``scope`` is ``all``."""
    if scope not in ("names", "all"):
        raise ValueError(f"NER_SCOPE must be 'names' or 'all', not {scope!r}")
    if scope == "all" or "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        return
    nlp.add_pipe("newsgraph_ner", after="ner")
    nlp.remove_pipe("ner")
