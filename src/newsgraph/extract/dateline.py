"""Recognise a wire dateline ("DOHA —", "UNITED NATIONS —", "BAMAKO, Mali —") inside a parsed sentence.

The dateline names where the story was filed, not who acted, but the parser often takes it as
the first sentence's subject ("DOHA — Saudi Arabia ... cut ties", with the real subject as its
apposition, or "YEREVAN, Armenia — Armenia and Azerbaijan agreed" with the real subject hung under
the dateline). Subject look-ups ask this module so the filing place never becomes the doer.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.knowledge import KnowledgeBase

DASHES = frozenset({"\u2014", "\u2013", "--", "-"})
MAX_COUNTRY_WORDS = 3  # "BAMAKO, Mali —", "ABIDJAN, Ivory Coast —", "PORT LOUIS, Republic of Mauritius —"


def _opens_paragraph(doc: Doc, start: int) -> bool:
    return start == 0 or doc[start - 1].is_space or "\n" in doc[start - 1].whitespace_


def dateline_dash(doc: Doc, i: int) -> int | None:
    """Index of the dash closing the dateline that token ``i`` belongs to, or None.

    A dateline is an all-capitals place opening a paragraph, optionally followed by a comma and a
    capitalised country or state of at most three words, then a dash.
    """
    start = i
    while start > 0 and not _opens_paragraph(doc, start) and start > i - 8:
        start -= 1
    if not _opens_paragraph(doc, start):
        return None
    j = start
    while j < len(doc) and doc[j].is_upper and not doc[j].is_space and doc[j].is_alpha:
        j += 1
    if j == start or j >= len(doc):
        return None
    if doc[j].text == "," and j + 1 < len(doc):
        k = j + 1
        while k < len(doc) and k - j - 1 < MAX_COUNTRY_WORDS and doc[k].text[:1].isupper() and doc[k].is_alpha:
            k += 1
        if k == j + 1:
            return None
        j = k
    if j < len(doc) and doc[j].text in DASHES and start <= i < j:
        return j
    return None


def is_dateline_token(t: Token) -> bool:
    """Is ``t`` part of a dateline (the place, its comma or its country) opening a paragraph?"""
    return dateline_dash(t.doc, t.i) is not None


def after_dateline(t: Token) -> Token | None:
    """The head of the phrase after the dash that the parser hung under dateline token ``t``
    ("YEREVAN, Armenia — Armenia and Azerbaijan agreed": the second "Armenia")."""
    dash = dateline_dash(t.doc, t.i)
    if dash is None:
        return None
    for c in t.subtree:
        if c.i > dash and c.head.i < dash and c.pos_ in {"NOUN", "PROPN", "PRON"}:
            return c
    return None


def dateline_country(doc: Doc, kb: KnowledgeBase) -> str | None:
    """The country of the article's opening dateline ("CARACAS, Venezuela —", "MADRID —"), or None.

    Where a story is filed is usually where it is set, so unnamed locals ("police fired tear gas")
    take this country when the article's mentions name no single country most often. Only the first
    line counts: a dateline further down belongs to an appended story.
    """
    first = next((t.i for t in doc if not t.is_space), None)
    if first is None:
        return None
    dash = dateline_dash(doc, first)
    if dash is None:
        return None
    words = doc[first:dash]
    comma = next((t.i for t in words if t.text == ","), None)
    if comma is not None:
        named = kb.country_of(doc[comma + 1 : dash].text)
        if named:
            return named
        words = doc[first:comma]
    place = words.text
    return kb.country_of(place) or kb.is_capital(place.title())
