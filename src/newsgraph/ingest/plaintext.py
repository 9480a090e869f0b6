"""Plain text and Markdown articles, with optional ``---`` front matter for metadata."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from newsgraph.ingest.decode import DecodeError, decode_bytes, read_capped
from newsgraph.ingest.normalize import build_article, normalize_text
from newsgraph.ingest.options import IngestOptions
from newsgraph.records import Article, Rejected

log = logging.getLogger(__name__)

MAX_TITLE_CHARS = 150
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_ALIASES = {
    "link": "url",
    "source": "outlet",
    "publisher": "outlet",
    "sitename": "outlet",
    "source_domain": "outlet",
    "date": "published",
    "date_publish": "published",
    "time": "published",
    "author": "authors",
    "lang": "language",
    "article_id": "id",
}
_KNOWN = {"id", "title", "url", "outlet", "published", "authors", "language"}


def parse_front_matter(block: str) -> dict[str, object]:
    """YAML when it parses to a mapping, else a forgiving ``key: value`` reading (hand-written headers)."""
    meta: dict[str, object] = {}
    try:
        import yaml

        loaded = yaml.safe_load(block)
    except Exception:  # YAML raises many error types on hand-written headers; fall back below
        loaded = None
    if isinstance(loaded, dict):
        items = [(str(key), value) for key, value in loaded.items()]
    else:
        items = []
        list_key: str | None = None
        for line in block.splitlines():
            match = _KEY_VALUE.match(line.strip())
            if match:
                list_key = match[1]
                items.append((match[1], match[2].strip().strip("\"'") or None))
            elif list_key and line.strip().startswith("- "):
                items.append((list_key + "[]", line.strip()[2:].strip().strip("\"'")))
    for key, value in items:
        many = key.endswith("[]")
        name = key.removesuffix("[]").lower()
        name = _ALIASES.get(name, name)
        if name not in _KNOWN:
            continue
        if many:
            existing = meta.get(name)
            meta[name] = [*existing, value] if isinstance(existing, list) else [value]
        elif value is not None:
            meta[name] = value
    return meta


def split_title(text: str) -> tuple[str | None, str]:
    """A short first line without a final period reads as a headline; anything else is body text."""
    first, sep, rest = text.partition("\n")
    candidate = first.strip().lstrip("#").strip()
    if (
        sep
        and rest.strip()
        and candidate
        and len(candidate) < MAX_TITLE_CHARS
        and not candidate.endswith((".", ":", ";", ","))
    ):
        return candidate, rest.lstrip("\n")
    return None, text


def article_from_text(
    text: str, source: str, options: IngestOptions, source_path: str | None, url: str | None = None
) -> Article | Rejected:
    """Shared by files and ``text/plain`` URLs so both read front matter the same way."""
    text = normalize_text(text)
    meta: dict[str, object] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        meta = parse_front_matter(match[1])
        text = text[match.end() :].lstrip("\n")
    title = meta.get("title")
    if title is None:
        title, text = split_title(text)
    return build_article(
        source,
        text,
        options,
        article_id=meta.get("id"),
        title=title,
        url=meta.get("url") or url,
        outlet=meta.get("outlet"),
        published=meta.get("published"),
        authors=meta.get("authors"),
        language=meta.get("language"),
        source_path=source_path,
    )


def read_text_file(path: Path, options: IngestOptions) -> Iterator[Article | Rejected]:
    """One article per ``.txt``/``.md`` file."""
    label = str(path)
    try:
        text = decode_bytes(read_capped(path, options.max_bytes))
    except DecodeError as exc:
        yield Rejected(label, str(exc))
        return
    yield article_from_text(text, label, options, label)
