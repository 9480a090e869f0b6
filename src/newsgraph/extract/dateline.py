"""Recognise a wire dateline ("DOHA —", "UNITED NATIONS —") inside a parsed sentence.

The dateline names where the story was filed, not who acted, but the parser often takes it as
the first sentence's subject ("DOHA — Saudi Arabia ... cut ties", with the real subject as its
apposition). Subject look-ups ask this module so the filing place never becomes the doer.
"""

from __future__ import annotations

from spacy.tokens import Token

DASHES = frozenset({"\u2014", "\u2013", "--", "-"})


def is_dateline_token(t: Token) -> bool:
    """Is ``t`` the last word of an all-capitals place name opening a paragraph, followed by a dash?"""
    doc = t.doc
    if t.i + 1 >= len(doc) or doc[t.i + 1].text not in DASHES or not t.is_upper:
        return False
    start = t.i
    while start > 0 and doc[start - 1].is_upper and not doc[start - 1].is_space:
        start -= 1
    return start == 0 or doc[start - 1].is_space or "\n" in doc[start - 1].whitespace_
