"""Which reader handles which source: extensions for files, schemes for URLs, ``-`` for stdin.

Readers are plain generator functions ``(path, options) -> Iterator[Article | Rejected]``; adding a
source kind (WARC, say) means one module and one :func:`register` call.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from newsgraph.ingest.feeds import read_feed_file
from newsgraph.ingest.html import read_html_file
from newsgraph.ingest.jsonl import read_json_file, read_jsonl_file, read_stdin_lines
from newsgraph.ingest.options import IngestOptions
from newsgraph.ingest.plaintext import read_text_file
from newsgraph.ingest.warc import read_warc_file
from newsgraph.ingest.web import read_url
from newsgraph.records import Article, Rejected

log = logging.getLogger(__name__)

Output = Article | Rejected
FileReader = Callable[[Path, IngestOptions], Iterator[Output]]
UrlReader = Callable[[str, IngestOptions], Iterator[Output]]

FILE_READERS: dict[str, FileReader] = {}
URL_READERS: dict[str, UrlReader] = {}
# JSON Lines is streamed and capped per line, so a large corpus file is not refused as a whole.
STREAMED_SUFFIXES = {".jsonl", ".ndjson", ".warc", ".gz", ".arc"}


def register(suffixes: tuple[str, ...], reader: FileReader) -> None:
    """Map lower-case suffixes (with the dot) to a reader; a later registration wins."""
    for suffix in suffixes:
        FILE_READERS[suffix.lower()] = reader


def register_scheme(schemes: tuple[str, ...], reader: UrlReader) -> None:
    for scheme in schemes:
        URL_READERS[scheme.lower()] = reader


register((".jsonl", ".ndjson"), read_jsonl_file)
register((".json",), read_json_file)
register((".txt", ".md", ".markdown", ".text"), read_text_file)
register((".html", ".htm", ".xhtml"), read_html_file)
register((".xml", ".rss", ".atom"), read_feed_file)
register((".warc", ".arc", ".gz"), read_warc_file)  # .gz: the reader accepts .warc.gz/.arc.gz only
register_scheme(("http", "https"), read_url)


def _scheme(source: str) -> str | None:
    head, sep, _ = source.partition("://")
    if sep and head.isalpha() and len(head) > 1:
        return head.lower()
    return None


def iter_source(source: str, options: IngestOptions) -> Iterator[Output]:
    """One command-line source: ``-``, a URL, a file or a directory."""
    if source == "-":
        yield from _guarded("<stdin>", lambda: read_stdin_lines(sys.stdin, options))
        return
    scheme = _scheme(source)
    if scheme is not None:
        url_reader = URL_READERS.get(scheme)
        if url_reader is None:
            yield Rejected(source, f"unsupported URL scheme '{scheme}' (only http and https are fetched)")
            return
        yield from _guarded(source, lambda: url_reader(source, options))
        return
    path = Path(source)
    try:
        is_dir = path.is_dir()
    except OSError as exc:
        yield Rejected(source, f"cannot access path ({exc.strerror or exc})")
        return
    if is_dir:
        yield from iter_directory(path, options)
    else:
        yield from iter_file(path, options)


def iter_directory(root: Path, options: IngestOptions) -> Iterator[Output]:
    """Depth-first in sorted name order, one entry at a time; hidden entries and symlinked dirs skipped."""
    try:
        with os.scandir(root) as scan:
            entries = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in scan)
    except OSError as exc:
        yield Rejected(str(root), f"cannot list directory ({exc.strerror or exc})")
        return
    for name, is_dir in entries:
        if name.startswith("."):
            log.debug("skipping hidden %s", root / name)
            continue
        if is_dir:
            yield from iter_directory(root / name, options)
        else:
            yield from iter_file(root / name, options)


def iter_file(path: Path, options: IngestOptions) -> Iterator[Output]:
    """Checks shared by every file reader (existence, type, size) happen here, before reading."""
    label = str(path)
    suffix = path.suffix.lower()
    try:
        info = path.stat()
    except FileNotFoundError:
        yield Rejected(label, "no such file or directory")
        return
    except OSError as exc:
        yield Rejected(label, f"cannot read file ({exc.strerror or exc})")
        return
    if stat.S_ISDIR(info.st_mode):
        yield Rejected(label, "symlinked directory not followed (pass it explicitly to read it)")
        return
    if not stat.S_ISREG(info.st_mode):
        yield Rejected(label, "not a regular file (device, socket or pipe)")
        return
    reader = FILE_READERS.get(suffix)
    if reader is None:
        yield Rejected(label, f"unsupported file type {suffix or '(no extension)'}")
        return
    if info.st_size == 0:
        yield Rejected(label, "empty file")
        return
    if info.st_size > options.max_bytes and suffix not in STREAMED_SUFFIXES:
        yield Rejected(label, f"file too large ({info.st_size} bytes > max_bytes={options.max_bytes})")
        return
    yield from _guarded(label, lambda: reader(path, options))


def _guarded(label: str, make: Callable[[], Iterator[Output]]) -> Iterator[Output]:
    """Last line of defence: a reader bug or OS error becomes a Rejected, never a crashed batch."""
    try:
        yield from make()
    except PermissionError:
        yield Rejected(label, "cannot read file (permission denied)")
    except OSError as exc:
        yield Rejected(label, f"cannot read ({exc.strerror or exc})")
    except Exception as exc:
        log.exception("reader failed on %s", label)
        yield Rejected(label, f"internal error while reading ({type(exc).__name__}: {exc})")
