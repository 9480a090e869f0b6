"""RSS and Atom feeds: one article per entry, from the fullest content the entry carries."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsgraph.ingest.decode import DecodeError, read_markup
from newsgraph.ingest.htmltext import fragment_to_text
from newsgraph.ingest.normalize import build_article
from newsgraph.ingest.options import IngestOptions
from newsgraph.records import Article, Rejected

log = logging.getLogger(__name__)

_FEED_ROOT = re.compile(rb"<(?:[A-Za-z0-9_-]+:)?(rss|feed|RDF)\b")
_SKIP_PROLOG = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL)


def looks_like_feed(data: bytes) -> bool:
    """True when the first element of the document is ``rss``, ``feed`` or ``rdf:RDF``."""
    head = data[:4096]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != b"\xef\xbb\xbf":
                head = head.decode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be", "ignore").encode()
            break
    head = head[_SKIP_PROLOG.match(head).end() :]  # type: ignore[union-attr]
    return _FEED_ROOT.match(head) is not None


def _entry_text(entry: Any) -> str | None:
    """Prefer full ``content`` over ``summary``; strip markup only when the feed says it is HTML."""
    candidates: list[tuple[str, str]] = []
    for content in entry.get("content") or []:
        value = content.get("value")
        if isinstance(value, str) and value.strip():
            candidates.append((value, content.get("type", "")))
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip():
        detail = entry.get("summary_detail") or {}
        candidates.append((summary, detail.get("type", "text/html")))
    if not candidates:
        return None
    value, kind = max(candidates, key=lambda c: len(c[0]))
    return fragment_to_text(value) if "html" in kind or "<" in value else value


def _entry_authors(entry: Any) -> list[str]:
    names = [a.get("name") for a in entry.get("authors") or [] if isinstance(a, dict) and a.get("name")]
    if not names and isinstance(entry.get("author"), str):
        names = [entry["author"]]
    return names


def _entry_date(entry: Any) -> object:
    """The raw date string keeps the publisher's local day; feedparser's parsed tuple is UTC."""
    for key in ("published", "updated", "created", "dc_date"):
        if entry.get(key):
            return entry[key]
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def articles_from_feed(
    data: bytes, source: str, options: IngestOptions, url: str | None = None
) -> Iterator[Article | Rejected]:
    """Entries are numbered from 1 in Rejected sources (``feed.xml#3``) so a user can find them."""
    import feedparser

    # A stream, never bytes/str: feedparser would treat those as a filename or URL to open.
    headers = {"content-location": url} if url else None
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, response_headers=headers)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        if problem is not None and not parsed.get("feed"):
            yield Rejected(source, f"not a valid RSS/Atom feed ({problem})")
        else:
            yield Rejected(source, "feed has no entries")
        return
    feed = parsed.get("feed") or {}
    outlet = _clean_title(feed.get("title"))
    language = feed.get("language")
    for index, entry in enumerate(entries, 1):
        where = f"{source}#{index}"
        try:
            text = _entry_text(entry)
        except (AttributeError, TypeError, ValueError) as exc:
            yield Rejected(where, f"feed entry {index} is malformed ({exc})")
            continue
        if text is None:
            yield Rejected(where, f"feed entry {index} has no content or summary")
            continue
        yield build_article(
            where,
            text,
            options,
            title=_clean_title(entry.get("title")),
            url=entry.get("link") or None,
            outlet=outlet,
            published=_entry_date(entry),
            authors=_entry_authors(entry),
            language=language,
            source_path=url or source,
        )


def _clean_title(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return fragment_to_text(value) if "<" in value or "&" in value else value


def read_feed_file(path: Path, options: IngestOptions) -> Iterator[Article | Rejected]:
    """``.xml``/``.rss``/``.atom`` files; XML that is not a feed is refused by name, not misread."""
    label = str(path)
    try:
        data = read_markup(path, options.max_bytes)
    except DecodeError as exc:
        yield Rejected(label, str(exc))
        return
    if not looks_like_feed(data):
        yield Rejected(label, "XML file is not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)")
        return
    yield from articles_from_feed(data, label, options)
