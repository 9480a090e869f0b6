"""Find the parts of an article's text that are not reporting.

Captions, bylines, author bios, tag lists, paywall blurbs and share widgets carry names, dates and
verbs that would otherwise become bogus events, quotes and dates (a caption's "Jan. 12, 2014" must
not date a June story). Everything downstream skips these ranges, and the reasons are kept so the
store can show *why* a range was dropped.

The rules are deliberately general (line shape + a few phrase families) rather than tuned to any
one site; each returns a short reason string so false positives can be audited and fixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["find_boilerplate", "find_boilerplate_with_reasons", "is_boilerplate_line", "is_dateline_line"]

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|Jun(?:e|\.)?|Jul(?:y|\.)?|Aug(?:ust|\.)?"
    r"|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday|\.)?"
# A line made only of date/time material, optionally labelled ("Updated: Jun 13, 2014 10:02 ET").
_DATELINE = re.compile(
    rf"^(?:(?:published|updated|posted|last updated|first published|date)\s*(?:on|at)?\s*:?\s*)?"
    rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
    rf"(?:[\s,|·•-]+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{{2,4}})?)?\s*$",
    re.IGNORECASE,
)

# Caption credits. Case-sensitive on purpose: "Photo by REUTERS/..." is a credit, while
# "a photo by a local journalist showed ..." is reporting.
_CREDIT = re.compile(
    r"(?:\bPhoto(?:graph)?s?\s*(?:by|:|credit)|\bPHOTO\s*(?:BY|:)|\bImage(?:s)?\s*(?:by|:|credit)"
    r"|\bPicture\s*(?:by|:)|\bCredit\s*:|\bIllustration\s*:|\bFile photo\b|\bFILE PHOTO\b"
    r"|\((?:AP|AFP|EPA|Reuters|REUTERS|Getty|UPI|Xinhua|AAP)\b[^()\n]{0,80}(?:Photo|/)[^()\n]{0,80}\)"
    r"|\(Photo\b[^()\n]{0,80}\)"
    r"|\b(?:REUTERS|Reuters|AFP|AP|EPA|UPI|Getty Images|Getty)\s*/\s*"
    r"(?:[A-Z][\w'’-]+\s+[A-Z]|Stringer|File|Handout|Pool|STRINGER|FILE|HANDOUT|POOL)"
    r"|\bAP Photo\b|\bAFP via Getty Images\b|\b(?:via|/)\s*Getty Images\b"
    r"|^(?:Image|Media) caption\b|^Caption\s*:|^Pictured\s*:"
    r"|^(?:Top|Above|Below|Main)\s*(?:photo|image)?\s*:)"
)

_BYLINE_LEAD = re.compile(
    r"^(?:By|BY|Written by|Reported by|Story by|Words by|Posted by|Text by|Compiled by)\s+(.+)$"
)
def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NAME_CONNECTORS = _wordset(
    "and & , | - — – de da del della di al al- bin ibn van von der la le du dos das y in for the of "
    "staff writer writers correspondent correspondents reporter reporters editor editors special "
    "to with senior chief bureau contributing news agency agencies"
)
_NOT_NAMES = _wordset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December The This That Then Now Late Early Midnight Noon "
    "Dawn Nightfall Contrast Comparison Law Far All Some Most Many"
)
_AUTHOR_LABEL = re.compile(
    r"^(?:Authors?|Written by|Reporter|Reporting|Byline|Writer|Editor|Edited by|Contact)\s*:\s*\S.{0,80}$",
    re.IGNORECASE,
)
_WIRE_TRAILER = re.compile(
    r"^\(?\s*(?:\(?(?:Additional )?(?:reporting|writing|editing|compiled|translated)\s+by\b.*)\)?\s*$"
    r"|\b(?:contributed to this (?:report|story|article)|contributed reporting)\b"
    r"|^\(?\s*(?:Additional )?reporting by\b",
    re.IGNORECASE,
)

# Bio phrases specific enough to flag anywhere.
_BIO_STRONG = re.compile(
    r"\b(?:has|with) (?:\d+|\w+(?:-\w+)?) years of (?:experience|reporting|journalism)"
    r"|\b(?:his|her|their) (?:work|writing|reporting|articles?) (?:has|have) appeared in\b"
    r"|\bfollow (?:him|her|them) on (?:Twitter|X|Facebook|Instagram|Bluesky|Mastodon)\b"
    r"|\bcan be (?:reached|contacted) at\b|\bis the author of\b",
    re.IGNORECASE,
)
# "<Name> is <outlet>'s correspondent" / "<Name> covers the Pentagon for <outlet>": only trusted
# near the end of the article or right after an author line, since prose also describes people.
_BIO_SHAPE = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s+){1,4}(?:"
    r"(?:is|was|has been|serves as)\b.{0,120}\b(?:correspondent|editor|reporter|writer|columnist|"
    r"contributor|journalist|fellow|bureau chief|producer|blogger|commentator)s?\b"
    r"|(?:covers|writes about|reports on)\b.{0,100}\bfor (?:the )?[A-Z])"
)

_MARKER = re.compile(
    r"^(?:Topics covered|Topics|Tags|Tagged|Related(?: topics| articles| stories| coverage| content)?"
    r"|Keywords|Filed under|Categories|Category|Subjects?|See also|Also read|Read also|Most read"
    r"|Most popular|Trending(?: now)?|Recommended(?: for you)?|You may also like|More on this story"
    r"|More stories|Latest news|Explore more|In this article)(?:\s*:\s*(.*)|\s*)$",
    re.IGNORECASE,
)
_PAYWALL = re.compile(
    r"\bcontinue reading\b|\bregister(?:ing)?\b.{0,40}\b(?:no cost|for free|free of charge)\b"
    r"|\bunlimited (?:digital )?access\b|\balready (?:a )?(?:subscriber|member|registered)\b"
    r"|\bsubscribe (?:now|today|to (?:our|the|read|continue))\b|\bsign up (?:for|to) (?:our|the|a)\b"
    r"|\bget (?:our|the) (?:\w+ )?newsletter\b|\bsubscribers? only\b"
    r"|\bsupport (?:our|independent) journalism\b"
    # "become a member" as an appeal to the reader, not "no country can become a member state"
    r"|\bbecome a (?:member|subscriber|supporter)\b(?!\s+(?:state|states|country|nation)\b)"
    r"|\blog ?in to (?:read|continue|comment)\b"
    r"|\bcreate (?:a free|an) account\b|\bthis (?:article|content) is (?:available|reserved)\b"
    r"|\bstory continues below\b|\bscroll (?:down )?to continue\b|\blisten to this article\b"
    r"|\bclick here\b|\bdownload (?:our|the) app\b|\ball rights reserved\b"
    r"|^(?:©|\(c\)\s|copyright\s+(?:©|\d{4}))",
    re.IGNORECASE,
)
_WIDGET = re.compile(
    r"^(?:advertisement|ad|sponsored(?: content)?|share(?: this(?: article| story)?)?(?: on \w+)?|tweet|"
    r"email|e-mail|print|copy link|facebook|twitter|x|whatsapp|linkedin|reddit|telegram|pinterest|"
    r"comments?(?: \(\d+\))?|\d+ comments?|show comments|hide comments|leave a (?:comment|reply)|"
    r"add a comment|join the (?:conversation|discussion)|reply|report(?: abuse)?|like|sort by.*|"
    r"newest|oldest|load more|view comments|\d+ min(?:ute)? read|share this:?|related|more|"
    r"close|menu|skip to (?:main )?content|back to top)\s*[:|]?\s*$",
    re.IGNORECASE,
)
_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|read next|see also|watch|listen|related|"
    r"recommended|further reading|editor'?s note)\s*[:|—–-]\s*\S",
    re.IGNORECASE,
)
_MORE_FROM = re.compile(r"^More (?:from|by|on|about|stories from|news from)\s+\S.{0,60}$")
_FOLLOW = re.compile(r"^(?:Follow|Like) (?:us|\w+) on (?:Twitter|Facebook|X|Instagram)\b", re.IGNORECASE)
# Substring gates: the phrase regexes are slow (case-insensitive alternations), and most prose
# lines contain none of these words, so they skip the regex entirely (~10x faster overall).
_GATES: dict[str, tuple[str, ...]] = {
    "credit": ("photo", "image", "picture", "credit", "illustration", "getty", "/", "caption", "pictured",
               "top", "above", "below", "main"),
    "paywall": ("continue", "regist", "unlimited", "already", "subscri", "sign up", "newsletter", "support",
                "become a", "log", "create", "this article", "this content", "continues", "scroll", "listen",
                "click", "download", "rights reserved", "©", "(c)", "copyright"),
    "bio": ("years of", "appeared in", "follow", "reached", "contacted", "author of"),
    "trailer": ("by", "contributed"),
}


def _gated(kind: str, pattern: re.Pattern[str], s: str) -> bool:
    lower = s.lower()
    return any(w in lower for w in _GATES[kind]) and bool(pattern.search(s))


_BULLET = re.compile(r"^\s*(?:[•·▪►‣◦*]|-\s|–\s|\d+\.\s)")
_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“(])")
_WORD = re.compile(r"\S+")


def is_dateline_line(line: str) -> bool:
    """A line that holds nothing but a date (and maybe a time): a page's publication stamp."""
    s = line.strip()
    return 0 < len(s) <= 80 and bool(_DATELINE.match(s))


def _is_byline(s: str) -> bool:
    m = _BYLINE_LEAD.match(s)
    if not m or len(s) > 100:
        return False
    words = re.findall(r"[\w'’.&|-]+|,", m.group(1))
    if not words or words[0].rstrip(",.") in _NOT_NAMES:
        return False
    caps = 0
    for w in words:
        core = w.strip(",.")
        if not core or core.lower() in _NAME_CONNECTORS:
            continue
        if not core[0].isupper():
            return False
        caps += 1
    return 1 <= caps <= 12


def is_boilerplate_line(line: str) -> str | None:
    """Reason a single line (paragraph) is not reporting, judged without context; None if it may be.

    Context rules (lists after a "Topics" marker, trailing bios, repeated headlines) live in
    :func:`find_boilerplate_with_reasons`.
    """
    s = line.strip()
    if not s:
        return None
    n_words = len(_WORD.findall(s))
    if is_dateline_line(s):
        return "dateline"
    if n_words <= 6 and _WIDGET.match(s):
        return "widget"
    if _is_byline(s) or (n_words <= 14 and _AUTHOR_LABEL.match(s)):
        return "byline"
    if (n_words <= 35 or (n_words <= 70 and len(_SENT_SPLIT.split(s)) <= 2)) and _gated("credit", _CREDIT, s):
        return "caption"  # caption-sized; in longer paragraphs only the caption sentences (_sentence_hits)
    marker = _MARKER.match(s)
    if marker:
        rest = marker.group(1)
        if not rest or "," in rest or len(_WORD.findall(rest)) <= 12:
            return "tags"
    if n_words <= 40 and _READ_MORE.match(s):
        return "read-more"
    if n_words <= 10 and not s.endswith(".") and _MORE_FROM.match(s):
        return "read-more"
    if n_words <= 25 and _FOLLOW.match(s):
        return "widget"
    if n_words <= 60 and _gated("paywall", _PAYWALL, s):
        return "subscription"
    if n_words <= 80 and _gated("bio", _BIO_STRONG, s):
        return "bio"
    if n_words <= 40 and _gated("trailer", _WIRE_TRAILER, s):
        return "bio"
    return None


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Non-empty lines with their stripped character extents."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + (len(body) - len(body.lstrip()))
            yield start, start + len(stripped), stripped
        pos += len(raw)


def _sentence_hits(text: str, start: int, line: str) -> list[tuple[int, int, str]]:
    """Sentence-level boilerplate inside a long paragraph (a credit or paywall line glued to prose)."""
    hits: list[tuple[int, int, str]] = []
    offset = 0
    prev: tuple[int, int] | None = None
    for piece in _SENT_SPLIT.split(line):
        idx = line.find(piece, offset)
        if idx < 0:
            continue
        offset = idx + len(piece)
        n = len(_WORD.findall(piece))
        lo, reason = idx, None
        if n <= 45 and _gated("credit", _CREDIT, piece):
            reason = "caption"
            if n <= 8 and prev is not None and prev[1] <= 45:
                lo = prev[0]  # a bare credit belongs to the caption sentence before it
        elif n <= 30 and _gated("paywall", _PAYWALL, piece):
            reason = "subscription"
        elif _gated("bio", _BIO_STRONG, piece):
            reason = "bio"
        if reason:
            hits.append((start + lo, start + idx + len(piece), reason))
        prev = (idx, n)
    return hits


def _norm(s: str) -> str:
    return re.sub(r"[\W_]+", " ", s.lower()).strip()


def _looks_like_list_item(s: str) -> bool:
    n = len(_WORD.findall(s))
    return bool(_BULLET.match(s)) or ("," in s and s == s.lower()) or (n <= 15 and s[-1] not in ".!?\"”")


def _is_deck(line: str) -> bool:
    """A short Title Case line with no closing punctuation, as headlines and decks are set."""
    words = [w for w in line.split() if w[:1].isalpha()]
    if not 3 <= len(words) <= 16 or line.rstrip()[-1:] in ".!?\"”'’:":
        return False
    small = {"a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "at", "by", "with", "as", "from", "vs"}
    particle = ("al-", "el-", "bin", "ibn", "de", "van", "von", "da")  # "Moqtada al-Sadr" is Title Case too
    caps = sum(1 for w in words if w[:1].isupper() or w.lower() in small or w.lower().startswith(particle))
    return caps == len(words) and sum(1 for w in words if w[:1].isupper()) >= 3


def find_boilerplate_with_reasons(text: str, title: str | None = None) -> list[tuple[int, int, str]]:
    """Boilerplate ranges with the rule that fired, sorted and non-overlapping, for auditing."""
    lines = list(_lines(text))
    if not lines:
        return []
    out: list[tuple[int, int, str]] = []
    flagged = [False] * len(lines)
    title_norm = _norm(title) if title else ""
    seen: dict[str, int] = {}
    list_mode: str | None = None  # after "Topics covered" / a paywall blurb, list-like lines follow
    list_budget = 0
    # The trailing region: the last few paragraphs, where bios and credits sit.
    tail_from = max(0, len(lines) - 3)

    for i, (start, end, s) in enumerate(lines):
        reason = is_boilerplate_line(s)
        n_words = len(_WORD.findall(s))
        key = _norm(s)
        if reason is None and list_mode and list_budget > 0 and _looks_like_list_item(s):
            reason = list_mode
            list_budget -= 1
        elif reason is None:
            list_mode = None
        if reason is None and title_norm and key == title_norm and i > 0:
            reason = "headline"
        if reason is None and i == 0 and len(lines) > 1 and _is_deck(s):
            reason = "headline"  # a headline or deck set above the story: "Minister Also Meets Envoy"
        if reason is None and key and key in seen and n_words >= 3:
            reason = "repeated"
        if reason is None and n_words <= 70 and _BIO_SHAPE.match(s):
            after_author = i > 0 and flagged[i - 1] and out and out[-1][2] in {"byline", "bio"}
            if i >= tail_from or after_author:
                reason = "bio"
        if reason in {"tags", "subscription"} and not _BULLET.match(s):
            list_mode, list_budget = reason, 8
        if reason:
            flagged[i] = True
            out.append((start, end, reason))
        elif n_words > 15:
            out.extend(_sentence_hits(text, start, s))
        seen.setdefault(key, i)
    return _merge(out)


def _merge(ranges: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    ranges.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, r in ranges:
        if merged and s <= merged[-1][1]:
            ps, pe, pr = merged[-1]
            merged[-1] = (ps, max(pe, e), pr)
        else:
            merged.append((s, e, r))
    return merged


def find_boilerplate(text: str, title: str | None = None) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that must yield no events, quotes or dates.

    A line equal to ``title`` is flagged unless it is the first line: the first line is the
    headline itself when the caller prepends the title, and a later copy is a repeat.
    """
    return [(s, e) for s, e, _ in find_boilerplate_with_reasons(text, title)]
