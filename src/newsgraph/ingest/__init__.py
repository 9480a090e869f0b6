"""Ingestion: turn files, directories, URLs, feeds and stdin into ``Article`` or ``Rejected`` records.

Everything is a generator, so a corpus streams through without being held in memory, and every
problem with an input is reported as a ``Rejected`` record instead of an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from newsgraph.ingest.normalize import article_id_for, normalize_date, normalize_text
from newsgraph.ingest.options import IngestOptions
from newsgraph.ingest.registry import FILE_READERS, URL_READERS, iter_source, register, register_scheme
from newsgraph.records import Article, Rejected

__all__ = [
    "DEFAULT_OPTIONS",
    "FILE_READERS",
    "URL_READERS",
    "IngestOptions",
    "article_id_for",
    "iter_inputs",
    "normalize_date",
    "normalize_text",
    "register",
    "register_scheme",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

# Frozen, so one shared default instance is safe.
DEFAULT_OPTIONS = IngestOptions()


def iter_inputs(
    sources: Sequence[str], options: IngestOptions = DEFAULT_OPTIONS
) -> Iterator[Article | Rejected]:
    """Articles and rejections from every source, in the order given (directories in sorted order)."""
    for source in sources:
        yield from iter_source(source, options)
