"""Where date expressions are in a text: the patterns news prose uses, found per paragraph.

Kept apart from :mod:`newsgraph.extract.dates`, which resolves what each match means against the
article's date: finding is pure text matching and by far the hot path (it runs over every
paragraph of every article), resolving is calendar logic that only sees the few matches.
"""

from __future__ import annotations

import re

__all__ = ["MONTHS", "NUMBERS", "WEEKDAYS", "Hit", "candidates"]

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a couple of": 2, "a dozen": 12, "several": 3,
}  # fmt: skip

# Month names must be capitalised: "may" and "march" are also verbs.
_MON = (
    r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|Jun(?:e|\.)?|Jul(?:y|\.)?|Aug(?:ust|\.)?"
    r"|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?|JAN(?:UARY)?|FEB(?:RUARY)?"
    r"|MARCH|APRIL|MAY|JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1\d{3}|20\d{2})"
_NUM = r"(?P<num>\d{1,3}|a couple of|a dozen|an?|one|two|three|four|five|six|seven|eight|nine|ten" \
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR_PREP = r"(?:in|since|by|until|till|during|from|of|before|after|through|throughout|around|between|" \
    r"early|late|mid|mid-|end of|start of|beginning of|summer of|spring of|autumn of|fall of|winter of)"

# Patterns start at a rare token (a month, weekday, year or unit word) and look *behind* for their
# modifier ("last", "four", "since"): leading optional words would make the regex engine try every
# position and cost ~5x more. (kind, pattern, behind, behind_required).
_BEHIND_END = r"\s+$"
_PATTERNS: list[tuple[str, re.Pattern[str], re.Pattern[str] | None, bool]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b"), None, False),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b"), None, False),
    ("dmy", re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b"), None, False),
    ("md", re.compile(rf"\b{_MON}\s+{_DAY}\b(?!,?\s*\d)(?!\s*(?:%|percent|per cent|million|billion))"),
     None, False),
    ("dm", re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s+\d)"), None, False),
    ("my", re.compile(rf"\b(?:(?:early|late|mid-?)\s*)?{_MON}\s+(?:of\s+)?{_YEAR}\b"), None, False),
    ("m", re.compile(rf"\b{_MON}\b(?!\s+(?:\d|of\s+\d))"),
     re.compile(r"(?i)\b(?P<lead>in|since|by|until|during|early|late|mid-?|last|next|this|of|through)"
                r"(?:\s+(?:early|late|mid-?))?" + _BEHIND_END), True),
    ("y", re.compile(rf"\b{_YEAR}\b(?![\d,.]\d)"),
     re.compile(rf"(?i)\b{_YEAR_PREP}(?:\s+(?:the\s+)?(?:early|late|mid-?))?" + _BEHIND_END), True),
    ("wd", re.compile(rf"\b{_WD}(?:'s|’s)?(?:\s+(?i:morning|afternoon|evening|night))?\b"),
     re.compile(r"(?i)\b(?P<mod>last|next|this|this past|this coming|past|coming|on|late on|early on|late"
                r"|early)" + _BEHIND_END), False),
    ("rel", re.compile(
        r"(?i)\b(?P<rel>the day before yesterday|yesterday|today|tonight|tomorrow|last night|this morning"
        r"|this afternoon|this evening|earlier today|later today|overnight)\b"), None, False),
    ("ctx", re.compile(
        r"(?i)\b(?P<ctx>(?:the (?:night|day|evening|morning)|a day) before(?=\s*(?:[,.;)—–]|$))"
        r"|the previous (?:day|night|evening|morning)|the (?:next|following) (?:day|morning|evening|night)"
        r"|that (?:same )?(?:day|night|evening|morning)|later that (?:day|night)|the same day"
        r"|a day (?:earlier|later))\b"), None, False),
    ("ago", re.compile(r"(?i)\b(?P<unit>day|week|month|year|decade)s?\s+ago\b"),
     re.compile(rf"(?i)\b{_NUM}" + _BEHIND_END), True),
    ("shift", re.compile(r"(?i)\b(?P<unit>day|week|month|year)s?\s+"
                         r"(?P<dir>earlier|later|before(?=\s*[,.;)])|after(?=\s*[,.;)]))"),
     re.compile(rf"(?i)\b{_NUM}" + _BEHIND_END), True),
    ("period", re.compile(
        r"(?i)\b(?:(?P<pmod>last|this|next|earlier this|later this|this past)\s+"
        r"(?P<per>week|weekend|month|year)"
        r"|(?:over|at) the (?P<wkend>weekend))\b"), None, False),
]
# Cheap substring tests that let a sentence skip patterns that cannot match it.
_GATES: dict[str, tuple[str, ...]] = {
    "ago": (" ago",), "shift": ("earlier", "later", "before", "after"),
    "rel": ("yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon", "evening"),
    "ctx": ("before", "previous", "next", "following", "that", "same", "a day"),
    "period": ("week", "month", "year"), "wd": ("day",),
}  # fmt: skip
_HAS_DIGIT = re.compile(r"\d")
_HAS_MONTH = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
)


class Hit:
    """One pattern match, with the behind-modifier's groups merged in."""

    __slots__ = ("end", "groups", "start")

    def __init__(self, start: int, end: int, groups: dict[str, str | None]) -> None:
        self.start, self.end, self.groups = start, end, groups


_NOT_A_DATE_AFTER_WEEKDAY = re.compile(
    r"\s*(?:prayers?|sermons?|Times|Telegraph|Mirror|Express|Herald|Night Football|Mail)\b"
)
_NOT_A_DATE_BEFORE_WEEKDAY = re.compile(
    r"(?i)(?:good|black|cyber|ash|super|bloody|holy|palm|easter|maundy)\s+$"
)
# "around 1500 troops", "of 2000 people": counts, not years.
_COUNT_NOUN_AFTER = re.compile(
    r"\s+(?!(?:was|has|is|as|does|saw|its|his|this|has|gives)\b)(?:[a-z]+s|people|men|women|children|dead)\b"
)
def _not_a_weekday_date(text: str, m: Hit) -> bool:
    """"Friday prayers", "the Sunday Times", "Good Friday" name things, not days."""
    if _NOT_A_DATE_AFTER_WEEKDAY.match(text, m.end):
        return True
    before = text[max(0, m.start - 12) : m.start]
    return not m.groups.get("mod") and bool(_NOT_A_DATE_BEFORE_WEEKDAY.search(before))


def candidates(text: str) -> list[tuple[int, int, str, Hit]]:
    """Per paragraph, so the cheap gates skip most patterns for most paragraphs (~3x faster)."""
    out: list[tuple[int, int, str, Hit]] = []
    pos = 0
    for para in text.split("\n"):
        if para.strip():
            for start, end, kind, hit in _paragraph_candidates(para):
                hit.start, hit.end = start + pos, end + pos
                out.append((hit.start, hit.end, kind, hit))
        pos += len(para) + 1
    return out


def _paragraph_candidates(text: str) -> list[tuple[int, int, str, Hit]]:
    lower = text.lower()
    has_digit = bool(_HAS_DIGIT.search(text))
    has_month = bool(_HAS_MONTH.search(text))
    found: list[tuple[int, int, str, Hit]] = []
    for kind, pattern, behind, required in _PATTERNS:
        gate = _GATES.get(kind)
        if gate is not None and not any(w in lower for w in gate):
            continue
        if kind in {"iso", "y"} and not has_digit:
            continue
        if kind in {"mdy", "dmy", "md", "dm", "my", "m"} and not has_month:
            continue
        for m in pattern.finditer(text):
            hit = Hit(m.start(), m.end(), m.groupdict())
            if behind is not None:
                b = behind.search(text, max(0, m.start() - 30), m.start())
                if b:
                    hit.start = b.start()
                    hit.groups.update({k: v for k, v in b.groupdict().items() if v is not None})
                elif required:
                    continue
            if kind == "wd" and _not_a_weekday_date(text, hit):
                continue
            if kind == "y" and _COUNT_NOUN_AFTER.match(text, m.end()):
                continue
            found.append((hit.start, hit.end, kind, hit))
    # Longest span first, then earliest; drop anything overlapping an accepted span.
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, str, Hit]] = []
    for c in found:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c[0])
    return taken
