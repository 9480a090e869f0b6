"""Sentence boundaries for analysis, without the parser.

Timelines and briefings read articles back from the store and need every sentence, not only the
ones that produced events; running the dependency parser again for that would cost ~100x more
than this splitter, and news prose (one paragraph per line, few abbreviations) splits well with
rules. Offsets are into the stored text, so every quoted sentence can be highlighted in the UI.
"""

from __future__ import annotations

import re

# A boundary: terminal punctuation, optional closing quotes/brackets, whitespace, then something
# that can start a sentence (capital, digit, opening quote or bracket).
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
# Tokens before a full stop that do not end a sentence: titles, initials, months, "U.S.", "No."
_NO_BREAK = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Gov|Sen|Rep|Rev|St|Jr|Sr|Mt|Ft|No|Nos|vs|etc"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|Ltd|Bros|approx|est)"
    r"|\b[A-Z]|\b(?:[A-Za-z]\.){1,4}[A-Za-z])\.[\"'”’)\]]*\s+$"
)
_LINE = re.compile(r"[^\n]+")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A page timestamp ("Friday 4 June 2010 18.15 BST", "Friday, June 4, 2010 6:15 pm EDT"): weekday,
# date, clock time and time zone with no words between. Prose never reads like this; pages that
# flatten headline, standfirst, timestamp and first paragraph onto one line do, and the timestamp
# is where the prose starts.
_STAMP = re.compile(
    rf"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? "
    rf"(?:\b\d{{1,2}} {_MONTH}|\b{_MONTH} \d{{1,2}},?) \d{{4}},? "
    r"\d{1,2}[.:]\d{2}(?: ?[ap]\.?m\.?)? ?(?:BST|GMT|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET)\b"
)


def split_sentences(text: str, min_chars: int = 2) -> list[tuple[int, int]]:
    """(start, end) of each sentence; paragraphs (lines) never share a sentence.

    A page timestamp inside a line ends the text before it and belongs to no sentence.
    """
    out: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        base, chunk = line.start(), line.group()
        start = 0
        for stamp in _STAMP.finditer(chunk):
            _split_chunk(out, chunk[start:stamp.start()], base + start, min_chars)
            start = stamp.end()
        _split_chunk(out, chunk[start:], base + start, min_chars)
    return out


def _split_chunk(out: list[tuple[int, int]], chunk: str, base: int, min_chars: int) -> None:
    """Sentences of one stretch of a line, appended to ``out`` with offsets from ``base``."""
    start = 0
    for m in _BOUNDARY.finditer(chunk):
        head = chunk[max(start, m.start() - 12):m.end()]
        if _NO_BREAK.search(head):
            continue
        _append(out, chunk, base, start, m.end(), min_chars)
        start = m.end()
    _append(out, chunk, base, start, len(chunk), min_chars)


def _append(out: list[tuple[int, int]], chunk: str, base: int, start: int, end: int, min_chars: int) -> None:
    piece = chunk[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece.rstrip())
    if trail - lead >= min_chars:
        out.append((base + start + lead, base + start + trail))
