"""A directory of everything a careless export, a crawler or a stranger can hand to ``newsgraph ingest``.

Each input is listed with what must happen to it: stored, or rejected with a reason containing a given
phrase. The expectations are the contract; the CLI test checks stderr and the database against them.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path

GOOD_TEXT = (
    "Iraqi Prime Minister Nouri al-Maliki met United Nations envoys in Baghdad on Monday to discuss "
    "the security situation. \u201cWe will talk to everyone,\u201d Maliki said after the meeting."
)
# English with accents, so the legacy-encoding cases survive the engine's English-only language filter.
FRENCH = (
    "The café in Besançon reopened on Monday after the strike, and the fishermen were delighted to be "
    "back, the owner told a crowd gathered on the quay. “It is a rebirth,” said the mayor of Zürich."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
BIG_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Expect:
    """``reason`` None means the input must be stored as ``articles`` articles."""

    source: str
    reason: str | None = None
    articles: int = 0


def _w(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def write_big_article(path: Path, size: int = BIG_BYTES) -> Path:
    """A single plausible article of ``size`` bytes, written in chunks so the test never holds it."""
    chunk = (GOOD_TEXT + "\n").encode() * 2000
    with path.open("wb") as f:
        written = 0
        while written < size:
            f.write(chunk)
            written += len(chunk)
    return path


CRLF = b"\r\n"


def write_warc(path: Path) -> Path:
    """A crawl file where most records are not articles, as in Common Crawl news dumps."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = ("<html><head><title>Crawled</title></head><body><article><p>" + GOOD_TEXT.replace("Monday", "Sunday")
            + "</p></article></body></html>").encode()
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
        for uri, status, ctype, body in (
            ("https://example.com/news/1", "200 OK", "text/html; charset=utf-8", html),
            ("https://example.com/missing", "404 Not Found", "text/html", b"<p>gone</p>"),
            ("https://example.com/logo.png", "200 OK", "image/png", PNG),
            ("https://example.com/old", "301 Moved Permanently", "text/html", b""),
        ):
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
            w.write_record(w.create_warc_record(uri, "request", http_headers=req))
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers))
        w.write_record(w.create_warc_record("https://example.com/news/1", "metadata",
                                            payload=BytesIO(b"fetchTimeMs: 12"), warc_content_type="text/plain"))
    return path


def build_files(root: Path, big: bool = True) -> list[Expect]:
    """Files in ``root`` with their expected outcomes (the 50 MB article only when ``big``)."""
    root.mkdir(parents=True, exist_ok=True)
    ex: list[Expect] = []

    def stored(p: Path, n: int = 1) -> None:
        ex.append(Expect(str(p), None, n))

    def rejected(p: Path | str, reason: str) -> None:
        ex.append(Expect(str(p), reason))

    stored(_w(root / "good.txt", GOOD_TEXT.encode()))
    stored(_w(root / "latin1.txt", FRENCH.encode("cp1252")))
    stored(_w(root / "utf16.txt", FRENCH.replace("Monday", "Tuesday").encode("utf-16")))
    rejected(_w(root / "photo.txt", PNG + os.urandom(256)), "binary file (looks like PNG image)")
    rejected(_w(root / "selfie.md", JPEG + os.urandom(256)), "binary file (looks like JPEG image)")
    rejected(_w(root / "archive.json", gzip.compress(b"{}" * 100)), "binary file (looks like gzip archive)")
    rejected(_w(root / "blob.html", b"abc\x00\x01\x02" * 50), "binary file (contains NUL bytes)")
    rejected(_w(root / "empty.txt", b""), "empty file")
    rejected(_w(root / "blank.md", b" \n\t\n\n"), "empty article text")
    rejected(_w(root / "noise.txt", bytes(range(0x80, 0x100)) * 4 + b"\x01\x02\x03\x04" * 40), "invalid UTF-8")
    rejected(_w(root / "table.csv", b"a,b\n1,2\n"), "unsupported file type .csv")
    stored(write_warc(root / "crawl.warc.gz"), 1)  # requests, metadata, a 404 and an image are skipped
    rejected(f"{_w(root / 'cut.warc', b'WARC/1.0' + CRLF + b'WARC-Type: request' + CRLF + CRLF)}#record1",
             "broken WARC record")
    if big:
        rejected(write_big_article(root / "huge.txt"), "file too large")

    # Markup that is broken but carries an article, and markup that carries nothing.
    stored(_w(root / "malformed.html", (
        "<html><head><title>Unclosed</title><body><div><p>" + GOOD_TEXT + "<p><b>Talks continue <i>next "
        "week</b></i> in Geneva, a spokesman for the United Nations said on Tuesday evening.</div></span>"
        "</table><p>" + GOOD_TEXT.replace("Monday", "Friday")).encode()))
    rejected(_w(root / "script-only.html", b"<html><body><script>alert(1)</script><style>p{}</style></body></html>"),
             "no article text")

    # JSON Lines: each line stands alone, so only the bad lines go.
    lines = [
        json.dumps({"id": "jl-1", "text": GOOD_TEXT, "title": "Talks"}),
        '{"id": "jl-2", "text": "Talks were cut off in the mid',  # truncated
        json.dumps([{"text": GOOD_TEXT}]),  # wrong shape
        json.dumps("just a string"),
        json.dumps({"title": "headline without body"}),
        json.dumps({"id": "jl-3", "text": 42}),
        json.dumps({"id": "jl-4", "text": "lone \ud800 surrogate escape " + FRENCH}),  # \ud800 on disk
        json.dumps({"id": "jl-5", "maintext": FRENCH, "date_publish": "not a date"}),
    ]
    # The stray 0xFF makes the file "not UTF-8": the legacy code page guessed from it decodes line 9.
    jl = _w(root / "corpus.jsonl", ("\n".join(lines) + "\n").encode() + b'{"text": "bad \xff byte"}\n'
            + b'{"id": "jl-6", "text": "last line cut off before its clos')
    stored(jl, 4)
    rejected(f"{jl}:2", "truncated JSON")
    rejected(f"{jl}:3", "expected a JSON object, got array")
    rejected(f"{jl}:4", "expected a JSON object, got string")
    rejected(f"{jl}:5", "missing text field")
    rejected(f"{jl}:6", "article text is not a string")
    rejected(f"{jl}:10", "truncated JSON")

    shape = _w(root / "shape.json", b'{"articles": 5}')
    rejected(f"{shape}:1", "missing text field")
    number = _w(root / "number.json", b"42")
    rejected(f"{number}:1", "expected a JSON object, got number")
    arr = _w(root / "cut.json", ('[{"id": "arr-1", "text": "' + GOOD_TEXT + '"}, {"text": "and then').encode())
    stored(arr, 1)
    rejected(f"{arr}:1", "truncated JSON")

    feed = _w(root / "wire.rss", (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>Good</title><link>https://example.com/a</link><description>{GOOD_TEXT}</description></item>"
        "<item><title>No body</title><link>https://example.com/b</link></item>"
        "<item><title>Script only</title><description>&lt;script&gt;x()&lt;/script&gt;</description></item>"
        "</channel></rss>").encode())
    stored(feed, 1)
    rejected(f"{feed}#2", "has no content or summary")
    rejected(f"{feed}#3", "has no content or summary")  # the sanitiser drops the script
    atom = _w(root / "cut.atom", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><ti')
    rejected(f"{atom}#1", "has no content or summary")
    rejected(_w(root / "sitemap.xml", b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>'),
             "not an RSS or Atom feed")
    return ex


def build_urls(base: str) -> list[Expect]:
    """URLs on the local test site (see site.py) and schemes that must never be fetched."""
    return [
        Expect(f"{base}/article.html", None, 1),
        Expect(f"{base}/hop", None, 1),  # one redirect is fine...
        Expect(f"{base}/loop", "too many redirects"),  # ...an endless one is not
        Expect(f"{base}/missing", "HTTP 404"),
        Expect(f"{base}/500", "HTTP 500"),
        Expect(f"{base}/to-file", "non-http(s)"),
        Expect(f"{base}/image", "binary file"),
        Expect("file:///etc/passwd", "unsupported URL scheme 'file'"),
        Expect("ftp://127.0.0.1/a.txt", "unsupported URL scheme 'ftp'"),
    ]


STDIN_LINES = (
    json.dumps({"id": "stdin-1", "text": GOOD_TEXT}).encode() + b"\n"
    + b'{"id": "stdin-2", "text": "cut'  + b"\n"
    + b"not json at all\n"
)
STDIN_EXPECT = [Expect("<stdin>", None, 1), Expect("<stdin>:2", "truncated JSON"), Expect("<stdin>:3", "invalid JSON")]
