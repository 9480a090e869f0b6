"""HTML pages: trafilatura for main text and metadata, with the lxml extractor as a fallback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

from newsgraph.ingest.decode import DecodeError, read_markup
from newsgraph.ingest.htmltext import Extracted, extract_page
from newsgraph.ingest.normalize import build_article
from newsgraph.ingest.options import IngestOptions
from newsgraph.records import Article, Rejected

log = logging.getLogger(__name__)


@cache
def _trafilatura() -> ModuleType | None:
    """Imported once, lazily; a broken install (e.g. lxml without lxml_html_clean) must not stop ingestion."""
    try:
        import trafilatura
    except ImportError as exc:
        log.warning("trafilatura unavailable (%s); using the basic lxml extractor for HTML", exc)
        return None
    return trafilatura


def _with_trafilatura(markup: bytes | str, url: str | None) -> Extracted | None:
    module = _trafilatura()
    if module is None:
        return None
    try:
        doc = module.bare_extraction(
            markup, url=url, with_metadata=True, include_comments=False, include_tables=True, as_dict=False
        )
    except Exception:  # trafilatura can fail on malformed markup; the fallback extractor gets a chance
        log.debug("trafilatura failed on %s", url, exc_info=True)
        return None
    if doc is None or not getattr(doc, "text", None):
        return None
    return Extracted(
        text=doc.text,
        title=getattr(doc, "title", None),
        url=getattr(doc, "url", None),
        outlet=getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        published=getattr(doc, "date", None),
        authors=getattr(doc, "author", None),
        language=getattr(doc, "language", None),
    )


def article_from_html(
    markup: bytes | str, source: str, options: IngestOptions, url: str | None = None
) -> Article | Rejected:
    """Shared by files and fetched pages; a fetched page's own URL wins over what the markup claims."""
    found = _with_trafilatura(markup, url)
    if found is None:
        found = extract_page(markup)
    if found is None or not found.text.strip():
        return Rejected(source, "no article text found in HTML")
    outlet = found.outlet
    page_url = url or found.url
    if not outlet and page_url:
        outlet = urlsplit(page_url).hostname
    return build_article(
        source,
        found.text,
        options,
        title=found.title,
        url=page_url,
        outlet=outlet,
        published=found.published,
        authors=found.authors,
        language=found.language,
        source_path=url or source,
    )


def read_html_file(path: Path, options: IngestOptions) -> Iterator[Article | Rejected]:
    """One article per ``.html``/``.htm`` file; a feed saved with an HTML name is read as a feed."""
    label = str(path)
    try:
        data = read_markup(path, options.max_bytes)
    except DecodeError as exc:
        yield Rejected(label, str(exc))
        return
    from newsgraph.ingest.feeds import articles_from_feed, looks_like_feed

    if looks_like_feed(data):
        yield from articles_from_feed(data, label, options)
        return
    yield article_from_html(data, label, options)
