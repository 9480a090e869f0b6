"""Bytes to text: recognise binary files and decode non-UTF-8 text only when the guess is trustworthy."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

log = logging.getLogger(__name__)

SNIFF_BYTES = 65_536

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"PAR1", "Parquet file"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"\x00\x00\x01\x00", "icon image"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# charset-normalizer's chaos ratio above which a guess is treated as noise, not text.
_MAX_CHAOS = 0.2


class DecodeError(ValueError):
    """Raised with a user-facing reason when bytes cannot be turned into text."""


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces; a BOM is the only trustworthy signal for UTF-16/32."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def sniff_binary(sample: bytes) -> str | None:
    """A reason such as "binary file (looks like PNG image)" when the sample is clearly not text."""
    for magic, label in _MAGIC:
        if sample.startswith(magic):
            if label == "Windows executable" and b"\x00" not in sample[:256]:
                continue  # "MZ" alone is too weak: plenty of text starts with those letters
            return f"binary file (looks like {label})"
    if bom_encoding(sample) in {"utf-16", "utf-32"}:
        return None
    if b"\x00" in sample:
        return "binary file (contains NUL bytes)"
    return None


def read_capped(path: Path, max_bytes: int) -> bytes:
    """Read at most ``max_bytes``; a file that grew past its stat size is still refused, never read whole."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DecodeError(f"file too large (more than max_bytes={max_bytes} bytes)")
    return data


def read_markup(path: Path, max_bytes: int) -> bytes:
    """The bytes of an HTML or XML file, refused (DecodeError) when too large or binary."""
    data = read_capped(path, max_bytes)
    reason = sniff_binary(data[:SNIFF_BYTES])
    if reason:
        raise DecodeError(reason)
    return data


def detect_encoding(sample: bytes) -> str:
    """Encoding for a sample: BOM, else UTF-8 if valid, else a confident charset-normalizer guess."""
    declared = bom_encoding(sample)
    if declared:
        return declared
    position = _utf8_error(sample, final=False)
    if position is None:
        return "utf-8"
    from charset_normalizer import from_bytes

    matches = from_bytes(sample[:SNIFF_BYTES])
    best = matches.best()
    if best is None or best.encoding in {"utf_8", "utf-8"} or best.chaos > _MAX_CHAOS:
        raise DecodeError(f"invalid UTF-8 at byte {position} and no other encoding could be recognised")
    encoding = best.encoding
    # Single-byte code pages often tie (cp1250 vs cp1252 decode French equally "cleanly"); on a tie,
    # Western European is by far the likeliest for news text, so cp1252 wins.
    for match in matches:
        tied = match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.01
        if tied and "cp1252" in match.could_be_from_charset:
            encoding = "cp1252"
            break
    log.info("decoding as %s (not valid UTF-8)", encoding)
    return encoding


def decode_bytes(data: bytes) -> str:
    """Whole-document decoding for the non-streaming readers (text, Markdown)."""
    reason = sniff_binary(data[:SNIFF_BYTES])
    if reason:
        raise DecodeError(reason)
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"cannot decode as {encoding} ({exc.reason} at byte {exc.start})") from exc
    except LookupError as exc:
        raise DecodeError(f"unknown text encoding {encoding}") from exc


def _utf8_error(data: bytes, *, final: bool) -> int | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(data, final=final)
    except UnicodeDecodeError as exc:
        return exc.start
    return None
