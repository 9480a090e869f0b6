"""When did each event happen: the date expressions of a sentence shared out among its events.

A sentence can report two happenings at two times ("X fired missiles on Wednesday, days after the
strike that killed Y last Friday"): a date expression belongs to the event whose clause governs it
in the parse. A sentence without any date that says "hours later" / "within hours" continues the
time of the sentence before it, not the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.tokens import Span, Token

from newsgraph.records import DateRef

# time adverbials that only make sense relative to the previous sentence's time
ANAPHORIC_TIME = re.compile(
    r"\b(?:(?:hours|minutes|moments|shortly|soon|immediately) (?:later|afterwards?|after that)|within (?:hours|minutes)"
    r"|later (?:that|the same) (?:day|night|morning|evening)|the same day|that (?:day|night|morning|evening))\b",
    re.IGNORECASE,
)

CONTINUING_PRONOUNS = {"he", "she", "they"}

DateFn = Callable[[Sequence[DateRef], str | None, str | None], tuple[str | None, str]]


FOREIGN = -1  # a date dating a clause embedded in a candidate's, that is not itself a candidate


def _finite_clause(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)


def _governor(tok: Token, anchors: dict[int, int]) -> int | None:
    """Index of the candidate whose trigger/clause token first dominates ``tok``; ``FOREIGN`` when
    a finite clause of its own lies in between ("killing two marines in the worst attack since the
    war ended in 1953": 1953 dates the war's end, not the killing)."""
    cur = tok
    embedded = False
    for _ in range(40):
        if cur.i in anchors:
            return FOREIGN if embedded else anchors[cur.i]
        if cur is not tok and _finite_clause(cur):
            embedded = True
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def attach(sent: Span, in_sent: list[DateRef], anchors: list[set[int]]) -> list[list[DateRef]]:
    """For each candidate (given by its anchor token indices) the dates its own clause governs."""
    return _attach(sent, in_sent, anchors)[0]


def _attach(sent: Span, in_sent: list[DateRef], anchors: list[set[int]]) -> tuple[list[list[DateRef]], list[DateRef]]:
    """``attach`` plus the dates of clauses embedded in a candidate's (which date no candidate)."""
    owner = {i: k for k, idx in enumerate(anchors) for i in idx}
    out: list[list[DateRef]] = [[] for _ in anchors]
    foreign: list[DateRef] = []
    doc = sent.doc
    for d in in_sent:
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        k = _governor(span.root, owner)
        if k == FOREIGN:
            foreign.append(d)
        elif k is not None:
            out[k].append(d)
    return out, foreign


def continues_previous(sent: Span) -> bool:
    """Does the sentence open with a personal pronoun as subject ("He announced ...")? Such a
    sentence goes on reporting the occasion the sentence before it dated ("X said on Wednesday.")."""
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    return first is not None and first.lower_ in CONTINUING_PRONOUNS and first.dep_ in {"nsubj", "nsubjpass"}


def event_dates(sent: Span, in_sent: list[DateRef], anchors: list[set[int]], previous: tuple[str | None, str] | None,
                anchor: str | None, anchor_precision: str | None, pick: DateFn,
                just_before: tuple[str | None, str] | None = None) -> list[tuple[str | None, str]]:
    """(date, precision) per candidate: its own dates, else the sentence's, else the previous
    sentence's time when this one is anaphoric ("hours later") or continues the sentence just before
    (``just_before``: that sentence's own stated time, if any), else publication."""
    if not in_sent and previous is not None and previous[0] and ANAPHORIC_TIME.search(sent.text):
        return [previous for _ in anchors]
    if not in_sent and just_before is not None and just_before[0] and continues_previous(sent):
        return [just_before for _ in anchors]
    own, foreign = _attach(sent, in_sent, anchors)
    whole = pick([d for d in in_sent if d not in foreign], anchor, anchor_precision)
    return [pick(ds, anchor, anchor_precision) if ds else whole for ds in own]
