"""http(s) URLs: a bounded fetch (time, size, redirects), then the page or feed reader by content."""

from __future__ import annotations

import logging
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from email.message import Message
from http.client import HTTPException
from urllib.parse import urlsplit

from newsgraph.ingest.decode import SNIFF_BYTES, DecodeError, sniff_binary
from newsgraph.ingest.options import IngestOptions
from newsgraph.records import Article, Rejected

log = logging.getLogger(__name__)

USER_AGENT = "newsgraph/0.1 (news event extraction; +https://pypi.org/project/newsgraph/)"
_CHUNK = 65_536


class FetchError(Exception):
    """A fetch failure carrying the reason shown to the user."""


class _RedirectLimit(urllib.request.HTTPRedirectHandler):
    """Caps redirects per request and keeps them on http(s), so a server cannot bounce us to file://."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.max_redirections = limit
        self.max_repeats = limit

    def redirect_request(
        self, req: urllib.request.Request, fp: object, code: int, msg: str, headers: Message, newurl: str
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in {"http", "https"}:
            raise FetchError(f"redirect to a non-http(s) URL refused ({newurl})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def check_url(url: str) -> str | None:
    """A reason when the URL must not be fetched at all (scheme or host missing or not allowed)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        return f"unsupported URL scheme '{scheme}' (only http and https are fetched)"
    if not parts.hostname:
        return "URL has no host"
    return None


def fetch(url: str, options: IngestOptions) -> tuple[bytes, str, str]:
    """Body, content type and final URL; the size cap is enforced while streaming, not after."""
    opener = urllib.request.build_opener(_RedirectLimit(options.max_redirects))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    deadline = time.monotonic() + options.timeout
    try:
        with opener.open(request, timeout=options.timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > options.max_bytes:
                raise FetchError(f"response too large ({length} bytes > max_bytes={options.max_bytes})")
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > options.max_bytes:
                    raise FetchError(f"response too large (more than max_bytes={options.max_bytes} bytes)")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {options.timeout:g}s while downloading")
                chunks.append(chunk)
            body = _decompress(b"".join(chunks), response.headers.get("Content-Encoding", ""), options)
            return body, response.headers.get_content_type(), response.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400 and "not allowed" in str(exc.reason):
            # urllib itself refuses redirects to file: and other schemes before our handler sees them
            raise FetchError(f"redirect to a non-http(s) URL refused ({exc.filename})") from exc
        if 300 <= exc.code < 400 and "redirect" in str(exc.reason).lower():
            raise FetchError(f"too many redirects (limit {options.max_redirects})") from exc
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise FetchError(_network_reason(exc.reason, url, options)) from exc
    except TimeoutError as exc:
        raise FetchError(f"timed out after {options.timeout:g}s") from exc
    except (HTTPException, OSError, ValueError) as exc:
        raise FetchError(f"fetch failed ({type(exc).__name__}: {exc})") from exc


def _network_reason(reason: object, url: str, options: IngestOptions) -> str:
    host = urlsplit(url).hostname
    if isinstance(reason, socket.gaierror):
        return f"DNS lookup failed for {host} (offline or unknown host)"
    if isinstance(reason, TimeoutError):
        return f"timed out after {options.timeout:g}s"
    if isinstance(reason, ConnectionRefusedError):
        return f"connection refused by {host}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error with {host} ({reason})"
    return f"cannot reach {host} ({reason})"


def _decompress(body: bytes, encoding: str, options: IngestOptions) -> bytes:
    """Servers sometimes compress unasked; inflate with the same size cap (no zip bombs)."""
    encoding = encoding.strip().lower()
    if encoding not in {"gzip", "x-gzip", "deflate"}:
        return body
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(body, options.max_bytes + 1)
    except zlib.error as exc:
        raise FetchError(f"cannot decompress {encoding} response ({exc})") from exc
    if len(out) > options.max_bytes:
        raise FetchError(f"decompressed response larger than max_bytes={options.max_bytes}")
    return out


def read_url(url: str, options: IngestOptions) -> Iterator[Article | Rejected]:
    """Any failure becomes one Rejected naming the URL, so a bad link never stops a batch."""
    reason = check_url(url)
    if reason:
        yield Rejected(url, reason)
        return
    try:
        body, content_type, final_url = fetch(url, options)
    except FetchError as exc:
        yield Rejected(url, str(exc))
        return
    if not body.strip():
        yield Rejected(url, "empty response")
        return
    yield from _dispatch(body, content_type, url, final_url, options)


def _dispatch(
    body: bytes, content_type: str, url: str, final_url: str, options: IngestOptions
) -> Iterator[Article | Rejected]:
    from newsgraph.ingest.feeds import articles_from_feed, looks_like_feed
    from newsgraph.ingest.html import article_from_html

    if looks_like_feed(body):
        yield from articles_from_feed(body, url, options, url=final_url)
        return
    binary = sniff_binary(body[:SNIFF_BYTES])
    if binary:
        yield Rejected(url, f"{binary}; content type {content_type}")
        return
    if "html" in content_type or body.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html")):
        yield article_from_html(body, url, options, url=final_url)
        return
    if content_type in {"application/json", "application/x-ndjson", "application/jsonl"}:
        import io

        from newsgraph.ingest.decode import detect_encoding
        from newsgraph.ingest.jsonl import iter_json_stream

        try:
            text = body.decode(detect_encoding(body))
        except (DecodeError, UnicodeDecodeError, LookupError) as exc:
            yield Rejected(url, f"cannot decode JSON response ({exc})")
            return
        yield from iter_json_stream(io.StringIO(text), url, options, final_url)
        return
    if content_type.startswith("text/"):
        from newsgraph.ingest.decode import decode_bytes
        from newsgraph.ingest.plaintext import article_from_text

        try:
            text = decode_bytes(body)
        except DecodeError as exc:
            yield Rejected(url, str(exc))
            return
        yield article_from_text(text, url, options, final_url, url=final_url)
        return
    yield Rejected(url, f"unsupported content type {content_type}")
