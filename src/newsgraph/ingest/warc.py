"""WARC and WARC.gz files (the Common Crawl news format): one article per HTML response record.

Read with ``warcio`` (the Webrecorder project's reader, the one Common Crawl documents), record by
record, so a 1 GB crawl file streams through in constant memory. Only ``response`` records with a
2xx HTML payload can be articles; every other record (requests, metadata, warcinfo, revisits,
images, redirects) is skipped and counted in :data:`SKIPPED`, not rejected, because a crawl file is
two thirds such records and listing each one would bury the real problems. A record that cannot be
read becomes a ``Rejected`` naming the file and the record's position; a file whose framing is
broken, or that was cut short mid-record (an interrupted download), stops there with a
``Rejected``, after the articles before the break.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newsgraph.ingest.html import article_from_html
from newsgraph.ingest.options import IngestOptions
from newsgraph.records import Article, Rejected

log = logging.getLogger(__name__)

#: skipped records by reason ("request", "non-html", "status 3xx"...), over every WARC read by this process;
#: engines read it before and after a run to report how many records a run skipped
SKIPPED: Counter[str] = Counter()

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc_name(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(WARC_SUFFIXES)


def _skip(reason: str) -> None:
    SKIPPED[reason] += 1


def _status(record: Any) -> int | None:
    headers = record.http_headers
    if headers is None:
        return None
    code = (headers.get_statuscode() or "").strip()
    return int(code) if code.isdigit() else None


def _content_type(record: Any) -> str:
    headers = record.http_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return (value or "").split(";")[0].strip().lower()


def _read_payload(stream: IO[bytes], cap: int) -> bytes | None:
    """At most ``cap`` bytes: None when the payload is larger (a page that big is not an article)."""
    data = stream.read(cap + 1)
    return None if len(data) > cap else data


def read_warc_file(path: Path, options: IngestOptions) -> Iterator[Article | Rejected]:
    """Articles from the HTML response records of one WARC or WARC.gz file, in file order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    label = str(path)
    if not is_warc_name(path):
        yield Rejected(label, f"unsupported file type {''.join(path.suffixes[-2:]) or path.suffix} "
                              "(compressed inputs must be .warc.gz)")
        return
    with path.open("rb") as fh:
        records = ArchiveIterator(fh, arc2warc=True)
        position = 0
        while True:
            position += 1
            where = f"{label}#record{position}"
            try:
                record = next(records)
            except StopIteration:
                return
            except (ArchiveLoadFailed, ValueError, EOFError, OSError, AttributeError, TypeError) as exc:
                # warcio raises the last two on records cut mid-header
                yield Rejected(where, f"broken WARC record, rest of file not read ({type(exc).__name__}: {exc})")
                return
            result = _handle(record, where, options)
            try:
                record.raw_stream.read()  # what the handler left unread, so a cut record shows
                cut = getattr(record.raw_stream, "limit", 0) > 0
            except Exception:  # a corrupt gzip member surfaces here
                cut = True
            if cut:
                yield Rejected(where, "truncated WARC record (file cut short?), rest of file not read")
                return
            if result is not None:
                yield result


def _handle(record: Any, where: str, options: IngestOptions) -> Article | Rejected | None:
    """One record: an article, a rejection, or None when the record is skipped (and counted)."""
    kind = record.rec_type
    if kind != "response":
        _skip(kind or "unknown")
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    status = _status(record)
    if status is None or not 200 <= status < 300:
        _skip(f"status {status // 100}xx" if status else "no http status")
        return None
    ctype = _content_type(record)
    if ctype and ctype not in _HTML_TYPES:
        _skip("non-html")
        return None
    try:
        payload = _read_payload(record.content_stream(), options.max_bytes)
    except Exception as exc:  # chunked/gzip payload errors come from several libraries
        return Rejected(uri or where, f"unreadable WARC payload ({type(exc).__name__}: {exc})")
    if payload is None:
        return Rejected(uri or where, f"WARC payload larger than max_bytes={options.max_bytes}")
    if not payload.strip():
        _skip("empty payload")
        return None
    return article_from_html(payload, uri or where, options, url=uri)
