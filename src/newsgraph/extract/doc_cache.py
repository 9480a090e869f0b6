"""Per-Doc memos of spaCy properties that are rebuilt on every access.

``Doc.text`` joins every token and ``Span.ents`` walks every token of the Doc (through ``Doc.ents``)
each time they are read, so rules that read them once per mention made mention finding quadratic in
article length (most of newsgraph's own cost on long articles). The memos live in ``doc.user_data``,
so they belong to one Doc and die with it: nothing is shared across documents.

Both are snapshots: take them only after the tokenizer (text) and the entity recognizer (ents) have
run. newsgraph's components never change ``doc.ents``.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span

_TEXT = "newsgraph:text"
_ENTS = "newsgraph:ents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Seed ``doc_text`` with the string the Doc was tokenized from (identical: tokenization is lossless)."""
    doc.user_data[_TEXT] = text


def _ents(doc: Doc) -> tuple[tuple[int, ...], tuple[Span, ...]]:
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        ents = tuple(doc.ents)
        cached = doc.user_data[_ENTS] = (tuple(e.start for e in ents), ents)
    return cached


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per Doc."""
    return _ents(doc)[1]


def span_ents(span: Span) -> list[Span]:
    """``span.ents`` (entities wholly inside the span, in order) without rescanning the Doc."""
    starts, ents = _ents(span.doc)
    out: list[Span] = []
    # same walk as spaCy's Span.ents: from the first entity starting inside the span, stop at the
    # first one that ends after it
    for ent in ents[bisect_left(starts, span.start) :]:
        if ent.end > span.end:
            break
        out.append(ent)
    return out
