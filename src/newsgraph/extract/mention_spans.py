"""Where mention candidates start and end: named spans, phrase trimming, quoted stretches.

Split out of ``mentions`` so the resolution rules there stay readable; these helpers read only the
Doc (tokens, entities, text), never the mentions found so far.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsgraph.extract.doc_cache import doc_ents
from newsgraph.knowledge.gazetteer import locate, norm_place

_NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}


_PLACE_PREPS = {"in", "at", "near", "outside", "from", "to", "into", "across", "around", "toward",
                "towards", "inside", "throughout", "within", "through", "between"}


def named_spans(doc: Doc, kb_matches: list[Span]) -> list[Span]:
    """Entities and knowledge-base matches, longest first where they overlap, so each token has one name."""
    spans = [e for e in doc_ents(doc) if e.label_ in _NAMED_LABELS] + kb_matches
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out: list[Span] = []
    end = -1
    for s in spans:
        if s.start >= end:
            out.append(s)
            end = s.end
    return out


_BREAKS = {"\u2014", "\u2013", "--", ":", ";"}


def trim(span: Span) -> Span:
    """The phrase without a leading dateline, articles, punctuation or a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    root = -1  # ``span.root`` walks the span: found once, and only for a phrase with a break in it
    for t in span:  # "KYIV — Russian forces": a dateline is not part of the phrase
        if t.text in _BREAKS:
            root = span.root.i if root < 0 else root
            if t.i < root:
                start = t.i + 1
    while start < end and ((first := doc[start]).lower_ in {"the", "a", "an"} or first.is_punct):
        start += 1
    while end > start and ((last := doc[end - 1]).tag_ == "POS" or last.is_punct):
        end -= 1
    return Span(doc, start, end, label=span.label)


def is_place_use(span: Span) -> bool:
    """'in Baghdad' names a place; 'Baghdad rejected' names the government."""
    first = span.doc[span.start]
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in _PLACE_PREPS and first.head == prev:
        return True
    return prev is not None and prev.lower_ == "of" and span.start > 1 and span.doc[span.start - 2].lower_ in {
        "city", "province", "town", "capital", "outskirts", "village", "region", "district", "port"}


def in_quote(doc: Doc, i: int, quote_ranges: list[tuple[int, int]]) -> bool:
    """Token ``i`` lies inside quotation marks (a quoted "I" is the speaker, not a mention to resolve)."""
    c = doc[i].idx
    return any(s < c < e for s, e in quote_ranges)


def quote_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges between quotation marks; an unclosed quote ends at the paragraph break."""
    ranges, opened = [], None
    for i, ch in enumerate(text):
        if ch in "\u201c\u201d\"":
            if opened is None and ch != "\u201d":
                opened = i
            elif opened is not None and ch != "\u201c":
                ranges.append((opened, i))
                opened = None
        elif ch == "\n" and opened is not None and text[i + 1 : i + 2] == "\n":
            opened = None
    return ranges


def home_place_name(span: Span, focus: str | None) -> bool:
    """A one-word 'name' the tagger took for a person that is a region or city of the story's country.

    "China objected to the inclusion of Ladakh": NER says PERSON, but the gazetteer knows Ladakh by
    exactly that name in India, the country the story is about. Only an exact (accent-blind) match in
    the focus country counts, and never a subject: a person who acts is named as one.
    """
    if focus is None or len(span) != 1 or span.root.dep_ in {"nsubj", "nsubjpass"}:
        return False
    place = locate(span.text, focus)
    return place is not None and place.country == focus and place.kind in {"region", "city"} \
        and norm_place(place.name) == norm_place(span.text)
