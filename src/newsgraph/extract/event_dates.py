"""When did each event happen: the date expressions of a sentence shared out among its events.

A sentence can report two happenings at two times ("X fired missiles on Wednesday, days after the
strike that killed Y last Friday"): a date expression belongs to the event whose clause governs it
in the parse. A sentence without any date that says "hours later" / "within hours" continues the
time of the sentence before it, not the publication date.
"""

from __future__ import annotations

import datetime as dt
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
# "a day after X resigned", "two weeks before the vote": a clause dated by its distance from the main one
OFFSET_UNITS = {"day": 1, "week": 7}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}

DateFn = Callable[[Sequence[DateRef], str | None, str | None], tuple[str | None, str]]


FOREIGN = -1  # a date dating a clause embedded in a candidate's, that is not itself a candidate


def _finite_clause(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)


def _governor(tok: Token, anchors: dict[int, int], past: bool = False) -> int | None:
    """Index of the candidate whose trigger/clause token first dominates ``tok``; ``FOREIGN`` when
    a finite clause of its own lies in between ("killing two marines in the worst attack since the
    war ended in 1953": 1953 dates the war's end, not the killing). ``past``: the date is not after
    publication, so a present-tense clause cannot own it ("fired missiles at bases that house
    troops early on Wednesday" is the parser hanging the firing's date on "house")."""
    cur = tok
    embedded = False
    for _ in range(40):
        if cur.i in anchors:
            return FOREIGN if embedded else anchors[cur.i]
        if cur is not tok and _finite_clause(cur) and not (past and cur.tag_ in {"VBZ", "VBP"}):
            embedded = True
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def attach(sent: Span, in_sent: list[DateRef], anchors: list[set[int]]) -> list[list[DateRef]]:
    """For each candidate (given by its anchor token indices) the dates its own clause governs."""
    return _attach(sent, in_sent, anchors)[0]


def _attach(sent: Span, in_sent: list[DateRef], anchors: list[set[int]],
            published: str | None = None) -> tuple[list[list[DateRef]], list[DateRef]]:
    """``attach`` plus the dates of clauses embedded in a candidate's (which date no candidate)."""
    owner = {i: k for k, idx in enumerate(anchors) for i in idx}
    out: list[list[DateRef]] = [[] for _ in anchors]
    foreign: list[DateRef] = []
    doc = sent.doc
    for d in in_sent:
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        k = _governor(span.root, owner, bool(published and d.value and d.value[:10] <= published[:10]))
        if k == FOREIGN:
            foreign.append(d)
        elif k is not None:
            out[k].append(d)
    return out, foreign


def _offset_days(tok: Token) -> int | None:
    """Days from the main clause's time to the clause of ``tok`` when that clause is "N days after/
    before ..." ("promised on Saturday ..., a day after Mubarak resigned": -1); None otherwise."""
    cur = tok
    for _ in range(4):
        if cur.dep_ == "advcl":
            mark = next((c.lower_ for c in cur.children if c.dep_ == "mark" and c.lower_ in {"after", "before"}), None)
            unit = next((c for c in cur.children if c.dep_ == "npadvmod" and c.lemma_.lower() in OFFSET_UNITS), None)
            if mark is None or unit is None:
                return None
            count = next((c.lower_ for c in unit.children if c.dep_ in {"det", "nummod"}), None)
            n = NUMBER_WORDS.get(count or "") or (int(count) if count and count.isdigit() else None)
            if n is None:
                return None  # "days after": no exact distance
            days = n * OFFSET_UNITS[unit.lemma_.lower()]
            return -days if mark == "after" else days
        if cur.dep_ != "conj" or cur.head is cur:
            return None
        cur = cur.head
    return None


def _shift(when: tuple[str | None, str], days: int) -> tuple[str | None, str]:
    value, precision = when
    if not value or precision != "day" or len(value) != 10:
        return when
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat(), precision


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
    own, foreign = _attach(sent, in_sent, anchors, anchor)
    stated = [d for d in in_sent if d not in foreign]
    whole = pick(stated, anchor, anchor_precision)
    out = []
    for ds, idx in zip(own, anchors, strict=True):
        if ds:
            out.append(pick(ds, anchor, anchor_precision))
            continue
        offset = next((o for i in sorted(idx) if (o := _offset_days(sent.doc[i])) is not None), None)
        out.append(_shift(whole, offset) if offset is not None and stated else whole)
    return out
