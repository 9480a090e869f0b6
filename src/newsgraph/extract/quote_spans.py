"""Finding quoted stretches of text from the quotation marks alone, before any parsing.

News text mixes straight and curly marks (sometimes inside one quote: “... violence,"), so a mark's
role is decided by its surroundings rather than by its glyph. A quote left open at the end of a
paragraph is the newspaper convention for a quote that goes on in the next paragraph, which then
re-opens with a mark; such segments share a ``group`` so they get one speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = '"“”„«»'
_OPENING_GLYPHS = "“„«"
_CLOSING_GLYPHS = "”»"
_OPEN_BEFORE = set(" \t\n([{—–-/:;")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}—–-'’")


@dataclass(slots=True)
class Segment:
    """One quoted stretch inside one paragraph; ``start``/``end`` exclude the marks."""

    start: int
    end: int
    open_mark: int  # char offset of the opening mark
    close_mark: int | None  # None when the paragraph ended before a closing mark
    para_start: int
    para_end: int
    group: int  # segments continuing one another across paragraphs share a group


@dataclass(slots=True)
class _Mark:
    pos: int
    can_open: bool
    can_close: bool


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph character ranges; any newline ends a paragraph because feeds rarely keep blank lines."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    marks = []
    for i in range(start, end):
        ch = text[i]
        if ch not in DOUBLE_MARKS:
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        can_open = (before in _OPEN_BEFORE or before in DOUBLE_MARKS) and not after.isspace()
        can_close = (after in _CLOSE_AFTER or after in DOUBLE_MARKS) and not before.isspace()
        if can_open and can_close:  # e.g. '-"x' or '"-': let the glyph decide
            can_open, can_close = ch not in _CLOSING_GLYPHS, ch not in _OPENING_GLYPHS
        if not can_open and not can_close:
            can_open, can_close = ch in _OPENING_GLYPHS, ch in _CLOSING_GLYPHS
        marks.append(_Mark(i, can_open, can_close))
    return marks


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    return s, e


def find_segments(text: str) -> list[Segment]:
    """All quoted segments of the text in order, paired paragraph by paragraph."""
    segments: list[Segment] = []
    group = -1
    carried = False  # the previous paragraph ended inside an open quote
    for ps, pe in paragraphs(text):
        open_at: int | None = None
        first = True
        for mk in _marks(text, ps, pe):
            if open_at is None:
                if mk.can_open:
                    open_at = mk.pos
                    if not (first and mk.pos == ps and carried):
                        group += 1
                    first = False
                continue
            if mk.can_close:
                s, e = _trim(text, open_at + 1, mk.pos)
                if e > s:
                    segments.append(Segment(s, e, open_at, mk.pos, ps, pe, group))
                open_at = None
        carried = False
        if open_at is not None:
            s, e = _trim(text, open_at + 1, pe)
            if e > s:
                segments.append(Segment(s, e, open_at, None, ps, pe, group))
                carried = True
    return segments


def inside_any(segments: list[Segment], start: int, end: int) -> bool:
    """Whether [start, end) lies within some segment's marks (used to keep attribution outside quotes)."""
    for seg in segments:
        close = seg.close_mark if seg.close_mark is not None else seg.para_end
        if seg.open_mark <= start and end <= close + 1:
            return True
    return False
