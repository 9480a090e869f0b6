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


def _governor(tok: Token, anchors: dict[int, int]) -> int | None:
    """Index of the candidate whose trigger/clause token first dominates ``tok``."""
    cur = tok
    for _ in range(40):
        if cur.i in anchors:
            return anchors[cur.i]
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def attach(sent: Span, in_sent: list[DateRef], anchors: list[set[int]]) -> list[list[DateRef]]:
    """For each candidate (given by its anchor token indices) the dates its own clause governs."""
    owner = {i: k for k, idx in enumerate(anchors) for i in idx}
    out: list[list[DateRef]] = [[] for _ in anchors]
    doc = sent.doc
    for d in in_sent:
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        k = _governor(span.root, owner)
        if k is not None:
            out[k].append(d)
    return out


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
    whole = pick(in_sent, anchor, anchor_precision)
    own = attach(sent, in_sent, anchors)
    return [pick(ds, anchor, anchor_precision) if ds else whole for ds in own]
