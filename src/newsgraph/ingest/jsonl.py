"""JSON Lines, JSON arrays and single JSON objects, streamed record by record.

Field names from newsgraph, news-please (``maintext``, ``date_publish``, ``source_domain``,
``description``) and Timeline17 (``time``) are all accepted, so common corpora load unchanged.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from newsgraph.ingest.decode import SNIFF_BYTES, DecodeError, detect_encoding, sniff_binary
from newsgraph.ingest.normalize import build_article
from newsgraph.ingest.options import IngestOptions
from newsgraph.records import Article, Rejected

log = logging.getLogger(__name__)

Output = Article | Rejected

# First key present wins; order encodes preference between naming conventions.
_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "_id"),
    "text": ("text", "maintext", "content", "body"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "outlet": ("outlet", "source_domain", "sitename", "source", "publisher"),
    "published": ("published", "date_publish", "time", "date", "published_at", "pubdate"),
    "authors": ("authors", "author"),
    "language": ("language", "lang"),
}
_MIN_READ = 65_536


def _pick(record: dict[str, object], field: str) -> object:
    for key in _FIELDS[field]:
        value = record.get(key)
        if value is not None and value != "":
            return value
    return None


def record_to_article(record: object, source: str, options: IngestOptions, source_path: str | None) -> Output:
    """One JSON value to an Article; a news-please ``description`` stands in only when there is no body."""
    if not isinstance(record, dict):
        return Rejected(source, f"expected a JSON object, got {_json_type(record)}")
    text = _pick(record, "text")
    if text is None and isinstance(record.get("description"), str):
        text = record["description"]
    if text is None:
        present = any(key in record for key in _FIELDS["text"])
        return Rejected(source, "empty article text" if present else "missing text field (text or maintext)")
    return build_article(
        source,
        text,
        options,
        article_id=_pick(record, "id"),
        title=_pick(record, "title"),
        url=_pick(record, "url"),
        outlet=_pick(record, "outlet"),
        published=_pick(record, "published"),
        authors=_pick(record, "authors"),
        language=_pick(record, "language"),
        source_path=source_path,
    )


def _json_type(value: object) -> str:
    names = {list: "array", str: "string", bool: "boolean", type(None): "null", int: "number"}
    return names.get(type(value), "number" if isinstance(value, float) else type(value).__name__)


def iter_json_lines(
    lines: Iterable[tuple[int, bytes | str | None]],
    label: str,
    options: IngestOptions,
    fallback: str | None = None,
    source_path: str | None = None,
) -> Iterator[Output]:
    """Each numbered line is parsed independently, so one bad line costs only itself.

    Byte lines are UTF-8 first; ``fallback`` (a legacy code page detected for the whole file) is only
    tried on lines that are not valid UTF-8, so ASCII-only lines never depend on the guess.
    """
    for number, raw in lines:
        where = f"{label}:{number}"
        if raw is None:
            yield Rejected(where, f"line longer than max_bytes={options.max_bytes}")
            continue
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                if fallback is None:
                    yield Rejected(where, f"invalid UTF-8 at byte {exc.start} of the line")
                    continue
                line = raw.decode(fallback, errors="replace")
        else:
            line = raw
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield Rejected(where, _json_error(exc, line))
            continue
        yield record_to_article(record, where, options, source_path)


def _json_error(exc: Exception, line: str) -> str:
    if isinstance(exc, json.JSONDecodeError):
        # json's messages may end in "at" ("Unterminated string starting at"): avoid "at at column"
        where = f"{exc.msg.removesuffix(' at')} at column {exc.colno}"
        # a string still open at the end of the line is a cut-off record, wherever it started
        if exc.pos >= len(line.rstrip()) or exc.msg.startswith("Unterminated string"):
            return f"truncated JSON ({where})"
        return f"invalid JSON ({where})"
    return "invalid JSON (nested too deeply)"


def capped_lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines, with None for a line over the cap (skipped without holding it in memory)."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(_MIN_READ)
            yield number, None
            continue
        yield number, line


def _read_jsonl_file(path: Path, options: IngestOptions) -> Iterator[Output]:
    """``.jsonl``/``.ndjson``: encoding decided on the first 64 KiB, then strictly one line at a time."""
    label = str(path)
    with path.open("rb") as handle:
        sample = handle.read(SNIFF_BYTES)
        handle.seek(0)
        binary = sniff_binary(sample)
        if binary:
            yield Rejected(label, binary)
            return
        try:
            encoding: str | None = detect_encoding(sample)
        except DecodeError:
            encoding = None  # undecidable: UTF-8 per line, and the bad lines are rejected one by one
        if encoding and encoding.startswith(("utf-16", "utf-32")):
            text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline=None)
            yield from iter_json_lines(enumerate(text, 1), label, options, source_path=label)
            return
        if encoding == "utf-8-sig":
            handle.read(3)
        if encoding in {"utf-8", "utf-8-sig"} or _has_utf8_multibyte(sample):
            encoding = None  # a UTF-8 file with a few corrupt lines, not a legacy code page
        lines = capped_lines(handle, options.max_bytes)
        yield from iter_json_lines(lines, label, options, fallback=encoding, source_path=label)


def _has_utf8_multibyte(sample: bytes) -> bool:
    decoded = sample.decode("utf-8", errors="replace")
    return any(ord(char) > 127 and char != "\ufffd" for char in decoded)


def _file_encoding(sample: bytes) -> str:
    reason = sniff_binary(sample)
    if reason:
        raise DecodeError(reason)
    return detect_encoding(sample)


def _read_json_file(path: Path, options: IngestOptions) -> Iterator[Output]:
    """``.json`` files hold an array, one (possibly pretty-printed) object, or are JSONL in disguise."""
    label = str(path)
    with path.open("rb") as handle:
        sample = handle.read(SNIFF_BYTES)
        handle.seek(0)
        try:
            encoding = _file_encoding(sample)
        except DecodeError as exc:
            yield Rejected(label, str(exc))
            return
        text = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline=None)
        yield from iter_json_stream(text, label, options, label)


def iter_json_stream(
    text: io.TextIOBase, label: str, options: IngestOptions, source_path: str | None
) -> Iterator[Output]:
    """Array, concatenated values, or JSONL, told apart from the first 64 KiB of a seekable stream."""
    try:
        head = text.read(_MIN_READ)
        if not head.lstrip().startswith("[") and _first_line_is_complete(head):
            text.seek(0)
            yield from iter_json_lines(enumerate(text, 1), label, options, source_path=source_path)
            return
        yield from _iter_values(head, text.read, label, options, source_path)
    except UnicodeDecodeError as exc:
        yield Rejected(label, f"invalid {exc.encoding} in file ({exc.reason}); rest skipped")


def _first_line_is_complete(head: str) -> bool:
    for line in head.splitlines():
        if line.strip():
            try:
                json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                return False
            return True
    return False


def _iter_values(
    head: str, read: Callable[[int], str], label: str, options: IngestOptions, source_path: str | None
) -> Iterator[Output]:
    """Incremental raw_decode over an array or concatenated values: memory bounded by one record."""
    decoder = json.JSONDecoder()
    buf, pos, lines_before, eof = head, 0, 0, False
    in_array, count = head.lstrip().startswith("["), 0

    def more() -> bool:
        nonlocal buf, pos, lines_before, eof
        if eof:
            return False
        lines_before += buf.count("\n", 0, pos)
        buf, pos = buf[pos:], 0
        chunk = read(max(_MIN_READ, len(buf)))
        eof = not chunk
        buf += chunk
        return not eof

    def skip(chars: str) -> str:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in chars:
                pos += 1
            if pos < len(buf) or not more():
                return buf[pos] if pos < len(buf) else ""

    if in_array:
        skip(" \t\n\r")
        pos += 1
    while True:
        nxt = skip(" \t\n\r," if in_array and count else " \t\n\r")
        if not nxt or (in_array and nxt == "]"):
            return
        where = f"{label}:{lines_before + buf.count(chr(10), 0, pos) + 1}"
        while True:
            try:
                value, end = decoder.raw_decode(buf, pos)
                if end < len(buf) or eof:
                    break
                more()  # a value ending exactly at the buffer's end may continue (a number): decode again
            except json.JSONDecodeError as exc:
                if len(buf) - pos > options.max_bytes:
                    limit = options.max_bytes
                    yield Rejected(where, f"JSON value larger than max_bytes={limit}; rest skipped")
                    return
                if not more():
                    yield Rejected(where, f"{_json_error(exc, buf[pos:])}; rest of file skipped")
                    return
            except RecursionError:
                yield Rejected(where, "invalid JSON (nested too deeply); rest of file skipped")
                return
        pos = end
        count += 1
        yield record_to_article(value, where, options, source_path)
        if in_array and skip(" \t\n\r") not in {",", "]"}:
            yield Rejected(where, "invalid JSON (expected ',' or ']' after array element); rest skipped")
            return


def read_stdin_lines(stream: object, options: IngestOptions) -> Iterator[Output]:
    """``-``: JSON Lines on standard input, bytes when the stream offers them, text otherwise."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        yield from iter_json_lines(capped_lines(buffer, options.max_bytes), "<stdin>", options)
        return
    readline = getattr(stream, "readline", None)
    if readline is None:
        yield Rejected("<stdin>", "standard input is not readable")
        return
    yield from iter_json_lines(enumerate(iter(readline, ""), 1), "<stdin>", options)


def _at_least_one(outputs: Iterator[Output], path: Path) -> Iterator[Output]:
    """A file that yields nothing (blank lines, a bare BOM, ``[]``) is rejected, never silently dropped."""
    empty = True
    for out in outputs:
        empty = False
        yield out
    if empty:
        yield Rejected(str(path), "no article records in the file (only whitespace or an empty array)")


def read_jsonl_file(path: Path, options: IngestOptions) -> Iterator[Output]:
    return _at_least_one(_read_jsonl_file(path, options), path)


def read_json_file(path: Path, options: IngestOptions) -> Iterator[Output]:
    return _at_least_one(_read_json_file(path, options), path)
