"""Date expressions, resolved once against the article's date, for event dating and timelines.

One implementation serves every consumer so an event and its timeline entry can never disagree.
Regexes cover the shapes news prose actually uses; they are ~100x faster than calling dateparser
per sentence and do not misread "two days after the vote" as a calendar date. dateparser is only
a fallback for odd publication-date strings (feeds, HTML meta).

Conventions (checked against hand-dated news): a bare or "on" weekday is the most recent such day
on or before the anchor (the same day if the anchor is that weekday), unless the clause is in
the future tense; "last <weekday>" is strictly before; relative phrases such as "the night before"
or "two days earlier" count from the closest earlier date in the article, never from a caption.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from newsgraph.extract.boilerplate import find_boilerplate, is_dateline_line
from newsgraph.extract.date_spans import MONTHS, NUMBERS, WEEKDAYS, Hit, candidates
from newsgraph.extract.doc_cache import doc_text
from newsgraph.records import DateRef

__all__ = ["dates_component_logic", "dates_in_range", "find_dates", "infer_anchor", "normalize_published",
           "sentence_date"]

_REL_OFFSETS = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2}
_PRECISION_RANK = {"day": 3, "week": 2, "month": 1, "year": 0}

_FUTURE_CUE = re.compile(
    r"(?i)\b(?:will|'ll|shall|is due|are due|due to|scheduled|expected to|set to|plans? to|planning to"
    r"|going to|is to|are to|upcoming)\b[^.;]*$"
)
_REPORTING_AFTER_CUE = re.compile(r"(?i)\b(?:said|says|told|announced|reported|added)\b")
_BRACKET_GAP = re.compile(r"\s*[\[(]\s*$|\s*,\s*$|\s+$")
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def _text_of(obj: Any) -> str:
    return obj if isinstance(obj, str) else obj.text


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    m = _ISO_PREFIX.match(value)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if re.fullmatch(r"\s*\d{4}-\d{2}\s*", value):
        return date(int(value[:4]), int(value.strip()[5:7]), 1)
    if re.fullmatch(r"\s*\d{4}\s*", value):
        return date(int(value), 1, 1)
    return None


def normalize_published(value: object) -> str | None:
    """Publication dates arrive as ISO strings, datetimes or feed strings; downstream wants ISO."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    parsed = _parse_iso(str(value))
    if parsed:
        return parsed.isoformat()
    import dateparser  # slow import and ~0.5 ms per call: only for unusual strings

    dt = dateparser.parse(str(value), languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False})
    return dt.date().isoformat() if dt else None


def _month_num(name: str) -> int:
    return MONTHS[name[:3].lower()]


def _num(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else NUMBERS.get(w, 0)


def _offset(base: date, n: int, unit: str) -> tuple[str, str, bool]:
    """``base`` moved by ``n`` units, at the precision the unit supports ("two years ago" is a year)."""
    if unit == "day":
        return (base + timedelta(days=n)).isoformat(), "day", True
    if unit == "week":
        return (base + timedelta(days=7 * n)).isoformat(), "week", True
    if unit == "month":
        idx = base.year * 12 + base.month - 1 + n
        return f"{idx // 12:04d}-{idx % 12 + 1:02d}", "month", True
    return f"{base.year + n:04d}", "year", True


def _closest_year(month: int, day: int, anchor: date) -> date | None:
    """A day-month without a year: whichever of last/this/next year lies closest to the anchor."""
    best: date | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cand = date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - anchor).days) < abs((best - anchor).days):
            best = cand
    return best


def _is_future_clause(text: str, start: int) -> bool:
    lo = max(0, start - 60, text.rfind(".", 0, start) + 1, text.rfind("\n", 0, start) + 1)
    window = text[lo:start]
    m = _FUTURE_CUE.search(window)
    return bool(m) and not _REPORTING_AFTER_CUE.search(window[m.end() :])


def _resolve(kind: str, m: Hit, text: str, anchor: date | None,
             context: date | None) -> tuple[str, str, bool] | None:
    """(value, precision, relative) for one match, or None when it cannot be resolved."""
    g = m.groups
    try:
        if kind in {"iso", "mdy", "dmy"}:
            month = int(g["m"]) if kind == "iso" else _month_num(g["mon"])
            return date(int(g["year"]), month, int(g["day"])).isoformat(), "day", False
        if kind == "my":
            return f"{int(g['year']):04d}-{_month_num(g['mon']):02d}", "month", False
        if kind == "y":
            return g["year"], "year", False
    except ValueError:
        return None
    if anchor is None:
        return None
    if kind in {"md", "dm"}:
        d = _closest_year(_month_num(g["mon"]), int(g["day"]), anchor)
        return (d.isoformat(), "day", True) if d else None
    if kind == "m":
        month = _month_num(g["mon"])
        lead = (g.get("lead") or "").lower()
        if lead == "last":
            year = anchor.year - (1 if month >= anchor.month else 0)
        elif lead == "next":
            year = anchor.year + (1 if month <= anchor.month else 0)
        elif _is_future_clause(text, m.start):
            year = anchor.year + (1 if month < anchor.month else 0)
        else:
            year = _closest_year(month, 15, anchor).year  # type: ignore[union-attr]
        return f"{year:04d}-{month:02d}", "month", True
    if kind == "wd":
        wd = WEEKDAYS[g["wd"].lower()]
        mod = (g.get("mod") or "").lower()
        back = (anchor.weekday() - wd) % 7
        fwd = (wd - anchor.weekday()) % 7
        if mod in {"next", "this coming", "coming"}:
            d = anchor + timedelta(days=fwd or 7)
        elif mod in {"last", "this past", "past"}:
            d = anchor - timedelta(days=back or 7)
        elif mod == "this" or _is_future_clause(text, m.start):
            d = anchor + timedelta(days=fwd)
        else:
            d = anchor - timedelta(days=back)
        return d.isoformat(), "day", True
    if kind == "rel":
        return _offset(anchor, _REL_OFFSETS.get(g["rel"].lower(), 0), "day")
    if kind == "ctx":
        phrase = g["ctx"].lower()
        base = context
        if base is None:
            if not any(w in phrase for w in ("before", "previous", "earlier")):
                return None
            base = anchor
        offset = -1 if any(w in phrase for w in ("before", "previous", "earlier")) else 0
        if any(w in phrase for w in ("next", "following", "later")) and "later that" not in phrase:
            offset = 1
        return _offset(base, offset, "day")
    n = _num(g.get("num") or "0")
    unit = (g.get("unit") or "").lower()
    if kind in {"ago", "shift"}:
        if kind == "shift":
            sign = -1 if g["dir"].lower() in {"earlier", "before"} else 1
            if context is None and sign > 0:
                return None
            base = context or anchor
        else:
            base, sign = anchor, -1
        if unit == "decade":
            n, unit = n * 10, "year"
        return _offset(base, sign * n, unit)
    if kind == "period":
        pmod, per = (g["pmod"] or "this").lower(), (g["per"] or g["wkend"]).lower()
        step = -1 if pmod == "last" else (1 if pmod == "next" else 0)
        if per == "weekend":
            sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
            if step > 0:
                sat += timedelta(days=7 if anchor.weekday() >= 5 else 0)
            return sat.isoformat(), "week", True
        return _offset(anchor, step, per)
    return None


def _inside(pos: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in ranges)


def find_dates(doc_or_text: Any, anchor: str | None, skip: Sequence[tuple[int, int]] | None = None,
               offset: int = 0) -> list[DateRef]:
    """Every resolvable date expression, in text order, with offsets into the (doc's) text.

    ``skip`` (default: a Doc's ``_.boilerplate``) hides ranges such as captions: their dates are
    neither returned nor used as the reference point for "the night before". ``offset`` is added
    to returned positions, for callers that pass a sentence's text rather than the Doc.
    """
    text = _text_of(doc_or_text)
    if skip is None and not isinstance(doc_or_text, str):
        doc = getattr(doc_or_text, "doc", doc_or_text)
        skip = getattr(getattr(doc, "_", None), "boilerplate", None) or []
        if doc is not doc_or_text:  # a Span: make its offsets doc-relative
            offset = doc_or_text.start_char
            skip = [(s - offset, e - offset) for s, e in skip]
    skip = skip or []
    anchor_d = _parse_iso(anchor)
    out: list[DateRef] = []
    context: date | None = None
    cands = candidates(text)
    i = 0
    while i < len(cands):
        start, end, kind, m = cands[i]
        i += 1
        if _inside(start, skip):
            continue
        resolved = _resolve(kind, m, text, anchor_d, context)
        # "yesterday [June 12]" / "Wednesday, June 11": the explicit date that follows wins.
        if i < len(cands) and kind in {"rel", "wd", "ctx"}:
            n_start, n_end, n_kind, n_m = cands[i]
            gap = text[end:n_start]
            if n_kind in {"mdy", "dmy", "md", "dm", "iso"} and len(gap) <= 3 and _BRACKET_GAP.fullmatch(gap):
                explicit = _resolve(n_kind, n_m, text, anchor_d, context)
                if explicit:
                    close = re.match(r"\s*[\])]", text[n_end:])
                    end = n_end + (close.end() if close and gap.strip() in {"[", "("} else 0)
                    resolved = explicit
                    i += 1
        if resolved is None:
            continue
        value, precision, relative = resolved
        out.append(DateRef(start + offset, end + offset, text[start:end], value, precision, relative))
        if precision == "day" and not text[start:end].lower().startswith("since"):
            context = date.fromisoformat(value)
    return out


def dates_in_range(dates: Sequence[DateRef], start: int, end: int) -> list[DateRef]:
    """The date refs that fall inside a sentence (or any character range)."""
    return [d for d in dates if start <= d.start and d.end <= end]


def infer_anchor(text: str, published: object | None,
                 boilerplate: Sequence[tuple[int, int]] | None = None) -> tuple[str | None, str | None]:
    """The date relative expressions count from, and how sure we are of it.

    The publication date when known ("day"). Otherwise a date-only line near the top of the page
    (a publication stamp), else the latest full date in the reporting text ("inferred"): articles
    recount the past, so the latest date they name is the best lower bound on when they appeared.
    """
    pub = normalize_published(published) if published is not None else None
    if pub:
        return pub, "day"
    skip = list(boilerplate) if boilerplate is not None else find_boilerplate(text)
    for n, line in enumerate(text.splitlines()):
        if n > 15:
            break
        if is_dateline_line(line):
            refs = find_dates(line, None)
            if refs and refs[0].precision == "day":
                return refs[0].value, "inferred"
    full = [d.value for d in find_dates(text, None, skip=skip) if d.precision == "day" and not d.relative]
    return (max(full), "inferred") if full else (None, None)


def sentence_date(dates_in_sentence: Sequence[DateRef], anchor: str | None,
                  anchor_precision: str | None) -> tuple[str | None, str]:
    """The date of the events a sentence reports.

    The most specific expression in the sentence wins (first one on ties); "since 2011" marks the
    start of a state, not when something happened, so it is ignored. Without any, events are
    taken to happen around publication: the anchor, with precision "publication" (or "inferred"
    when the anchor itself was guessed) so consumers can tell stated dates from assumed ones.
    """
    usable = [d for d in dates_in_sentence if not d.text.lower().startswith("since")]
    if usable:
        best = max(usable, key=lambda d: (_PRECISION_RANK.get(d.precision, -1), -d.start))
        return best.value, best.precision
    if anchor is None:
        return None, "unknown"
    return anchor, "inferred" if anchor_precision == "inferred" else "publication"


def dates_component_logic(doc: Any) -> Any:
    """Set ``doc._.dates`` / ``article_date`` / ``article_date_precision`` from published + boilerplate."""
    from newsgraph.nlp.extensions import register

    register()
    skip = doc._.boilerplate or []
    text = doc_text(doc)
    anchor, precision = infer_anchor(text, doc._.published, skip)
    doc._.article_date = anchor
    doc._.article_date_precision = precision
    doc._.dates = find_dates(text, anchor, skip=skip)
    return doc
