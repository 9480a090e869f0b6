"""Dependency-light HTML handling with lxml.

Used to turn feed-entry HTML into text, and as the page extractor when trafilatura is unavailable or
finds nothing, so ingestion degrades rather than fails.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

log = logging.getLogger(__name__)

_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "form", "button", "select")
_PAGE_CHROME = ("nav", "header", "footer", "aside", "menu")
_BLOCKS = frozenset(
    {
        *("p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("blockquote", "pre", "table", "tr", "td", "th", "dd", "dt", "dl", "figure", "figcaption"),
        *("address", "hr", "br"),
    }
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a page extractor found; any field may be missing."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: str | None = None
    language: str | None = None


def _parse(markup: bytes | str) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.document_fromstring(markup)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _block_text(element: lxml_html.HtmlElement) -> str:
    """Text with paragraph breaks at block elements, so sentences from separate blocks do not merge."""
    parts: list[str] = []

    def walk(node: lxml_html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag.lower() in _BLOCKS
        if block:
            parts.append("\n\n" if tag.lower() not in {"br", "li", "tr", "td", "th"} else "\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n\n" if tag.lower() not in {"br", "td", "th"} else "\n")
        if node.tail:
            parts.append(node.tail)

    walk(element)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def fragment_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (feed summaries); text without tags passes through unchanged."""
    if "<" not in markup and "&" not in markup:
        return markup
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return markup
    for bad in list(root.iter(*_DROP)):
        bad.drop_tree()
    return _block_text(root)


def _meta(root: lxml_html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            values = root.xpath(f"//meta[@{attr}=$n]/@content", n=name)
            if values and str(values[0]).strip():
                return str(values[0]).strip()
    return None


def extract_page(markup: bytes | str) -> Extracted | None:
    """Main text and metadata of a page: the ``<article>``/``<main>`` element if any, else the body."""
    root = _parse(markup)
    if root is None:
        return None
    title = _meta(root, "og:title", "twitter:title", "headline")
    if not title:
        found = root.xpath("//title/text()") or root.xpath("//h1//text()")
        title = " ".join(str(found[0]).split()) if found else None
    canonical = root.xpath("//link[@rel='canonical']/@href")
    published = _meta(root, "article:published_time", "datePublished", "date", "pubdate", "dc.date")
    if not published:
        times = root.xpath("//time/@datetime")
        published = str(times[0]) if times else None
    for bad in list(root.iter(*_DROP, *_PAGE_CHROME)):
        bad.drop_tree()
    containers = root.xpath("//article") or root.xpath("//main") or root.xpath("//body") or [root]
    text = max((_block_text(c) for c in containers), key=len)
    language = root.get("lang")
    return Extracted(
        text=text,
        title=title,
        url=(str(canonical[0]) if canonical else None) or _meta(root, "og:url"),
        outlet=_meta(root, "og:site_name", "application-name"),
        published=published,
        authors=_meta(root, "author", "article:author", "dc.creator"),
        language=language.strip() if isinstance(language, str) and language.strip() else None,
    )
