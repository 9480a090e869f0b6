"""Field normalisation shared by all readers, so every source yields identically shaped articles."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from newsgraph.ingest.options import IngestOptions
from newsgraph.records import Article, Rejected, stable_id

log = logging.getLogger(__name__)

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_])")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_TRAILING_WS = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u3000]+$", re.MULTILINE)
_MIN_YEAR, _MAX_YEAR = 1800, 2200
# JSON may escape half a surrogate pair ("\\ud800"); such a str cannot be encoded, hashed or stored.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_DATEPARSER_SETTINGS: dict[str, Any] = {
    # Relative expressions ("yesterday") would resolve against today's clock and break reproducibility.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def normalize_text(text: str) -> str:
    """NFC, LF line ends, no trailing whitespace: stable offsets and stable content hashes."""
    text = unicodedata.normalize("NFC", _LONE_SURROGATE.sub("\ufffd", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _TRAILING_WS.sub("", text)
    return text.strip("\n")


def clean_field(value: object) -> str | None:
    """Short metadata fields (title, outlet...) as a single tidy line, or None when blank or not text."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = " ".join(unicodedata.normalize("NFC", _LONE_SURROGATE.sub("\ufffd", value)).split())
    return value or None


def article_id_for(text: str, url: str | None, title: str | None) -> str:
    """Content hash used when a record brings no id, so re-ingesting an article gives the same id."""
    return stable_id("article", normalize_text(text), url or "", title or "")


def _valid(year: int, month: int, day: int) -> str | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def normalize_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from the many shapes dates arrive in; None when unknown rather than guessed.

    The date part is kept as written (no conversion to UTC): a story dated 23:00 local time belongs
    to that local day.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    match = _ISO_DATE.match(text) or _COMPACT_DATE.match(text)
    if match:
        return _valid(int(match[1]), int(match[2]), int(match[3]))
    if text.isdigit() and len(text) >= 9:
        return _from_timestamp(float(text))
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return _valid(parsed.year, parsed.month, parsed.day)
    return _with_dateparser(text)


def _from_timestamp(seconds: float) -> str | None:
    if seconds > 1e11:  # milliseconds since the epoch
        seconds /= 1000.0
    if not 0 < seconds < 7.3e9:
        return None
    moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    return _valid(moment.year, moment.month, moment.day)


def _with_dateparser(text: str) -> str | None:
    try:
        import dateparser  # imported lazily: it costs ~1 s at import time

        parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; a bad date is not fatal
        log.debug("date %r could not be parsed", text, exc_info=True)
        return None
    return None if parsed is None else _valid(parsed.year, parsed.month, parsed.day)


def coerce_authors(value: object) -> tuple[str, ...]:
    """Authors as a tuple of names from a list, a list of {name: ...} dicts, or a delimited string."""
    items: Iterable[object]
    if value is None:
        return ()
    if isinstance(value, str):
        # "A; B" is how trafilatura joins names; a bare comma list is the other common shape.
        items = re.split(r"[;|\n]", value)
        if len(items) == 1:
            items = value.split(",")
    elif isinstance(value, list | tuple):
        items = value
    elif isinstance(value, dict):
        items = [value]
    else:
        return ()
    names: list[str] = []
    for item in items:
        name = clean_field(item.get("name") if isinstance(item, dict) else item)
        if name and name not in names:
            names.append(name)
    return tuple(names)


def build_article(
    source: str,
    text: object,
    options: IngestOptions,
    *,
    article_id: object = None,
    title: object = None,
    url: object = None,
    outlet: object = None,
    published: object = None,
    authors: object = None,
    language: object = None,
    source_path: str | None = None,
) -> Article | Rejected:
    """The single place where an Article is made, so validation and ids are identical across readers."""
    if text is None:
        return Rejected(source, "missing article text")
    if not isinstance(text, str):
        return Rejected(source, f"article text is not a string (got {type(text).__name__})")
    body = normalize_text(text)
    if not body.strip():
        return Rejected(source, "empty article text")
    if len(body) < options.min_chars:
        return Rejected(source, f"article text too short ({len(body)} chars < min_chars {options.min_chars})")
    clean_title, clean_url = clean_field(title), clean_field(url)
    given_id = clean_field(article_id)
    return Article(
        article_id=given_id or article_id_for(body, clean_url, clean_title),
        text=body,
        title=clean_title,
        url=clean_url,
        outlet=clean_field(outlet),
        published=normalize_date(published),
        authors=coerce_authors(authors),
        language=clean_field(language),
        source_path=source_path,
    )
