"""URL ingestion against a throwaway server on 127.0.0.1: no test touches the internet."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsgraph.ingest import IngestOptions, iter_inputs
from newsgraph.records import Article, Rejected

PAGE = b"""<!doctype html><html lang="en"><head><title>Dam talks resume</title>
<meta property="og:site_name" content="River Post">
<meta property="article:published_time" content="2022-09-14T08:00:00+00:00"></head>
<body><article><h1>Dam talks resume</h1>
<p>Water ministers from the two upstream states resumed talks on the disputed dam on Wednesday,
after a pause of almost a year in which both sides traded accusations.</p>
<p>A spokesman for the mediators said the atmosphere was constructive and that technical teams
would meet again within a fortnight to compare river flow data.</p></article></body></html>"""

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>River Post feed</title>
<item><title>Dam talks resume</title><link>http://example.invalid/dam</link>
<pubDate>Wed, 14 Sep 2022 08:00:00 +0000</pubDate>
<description>Water ministers resumed talks on the disputed dam.</description></item>
</channel></rss>"""

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Handler(BaseHTTPRequestHandler):
    """Routes for each case; ``/slow`` sleeps past the client's timeout."""

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        # The client may give up first: the timeout and size-cap tests do that on purpose.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif path == "/feed":
            self._send(200, FEED, "application/rss+xml")
        elif path == "/feed-as-text":
            self._send(200, FEED, "text/plain")
        elif path == "/plain":
            self._send(200, b"Bridge closed\n\nThe old bridge was closed for repairs.", "text/plain")
        elif path == "/json":
            body = json.dumps([{"id": "j1", "text": "From a JSON API."}]).encode()
            self._send(200, body, "application/json")
        elif path == "/image":
            self._send(200, PNG, "image/png")
        elif path == "/missing":
            self._send(404, b"not here", "text/plain")
        elif path == "/broken":
            self._send(500, b"oops", "text/plain")
        elif path == "/hop":
            self._send(302, b"", "text/plain", {"Location": "/page"})
        elif path in {"/loop-a", "/loop-b"}:
            target = "/loop-b" if path == "/loop-a" else "/loop-a"
            self._send(302, b"", "text/plain", {"Location": target})
        elif path == "/to-ftp":
            self._send(302, b"", "text/plain", {"Location": "ftp://example.invalid/file"})
        elif path == "/slow":
            time.sleep(2)
            self._send(200, PAGE, "text/html")
        elif path == "/big":
            self._send(200, b"<html><body><p>" + b"word " * 2000 + b"</p></body></html>", "text/html")
        elif path == "/big-unsized":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><p>" + b"word " * 2000 + b"</p></body></html>")
        else:
            self._send(404, b"", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def fetch(url: str, **kwargs: float) -> list[Article | Rejected]:
    return list(iter_inputs([url], IngestOptions(**kwargs)))  # type: ignore[arg-type]


def test_page(server: str) -> None:
    [art] = fetch(server + "/page")
    assert isinstance(art, Article), art
    assert "resumed talks on the disputed dam" in art.text
    assert (art.title, art.outlet, art.published, art.url) == (
        "Dam talks resume",
        "River Post",
        "2022-09-14",
        server + "/page",
    )


def test_redirect_is_followed_and_final_url_kept(server: str) -> None:
    [art] = fetch(server + "/hop")
    assert isinstance(art, Article) and art.url == server + "/page"


@pytest.mark.parametrize("path", ["/feed", "/feed-as-text"])
def test_feed_by_content_type_or_sniffing(server: str, path: str) -> None:
    [art] = fetch(server + path)
    assert isinstance(art, Article), art
    assert art.text == "Water ministers resumed talks on the disputed dam."
    assert (art.outlet, art.published) == ("River Post feed", "2022-09-14")


def test_plain_text_and_json(server: str) -> None:
    [plain] = fetch(server + "/plain")
    assert isinstance(plain, Article) and plain.title == "Bridge closed"
    [api] = fetch(server + "/json")
    assert isinstance(api, Article) and (api.article_id, api.text) == ("j1", "From a JSON API.")


@pytest.mark.parametrize(
    ("path", "kwargs", "expected"),
    [
        ("/missing", {}, "HTTP 404"),
        ("/broken", {}, "HTTP 500"),
        ("/loop-a", {}, "too many redirects"),
        ("/to-ftp", {}, "non-http(s)"),
        ("/slow", {"timeout": 0.3}, "timed out"),
        ("/big", {"max_bytes": 1000}, "too large"),
        ("/big-unsized", {"max_bytes": 1000}, "too large"),
        ("/image", {}, "binary file (looks like PNG image)"),
    ],
)
def test_failures_become_rejections(server: str, path: str, kwargs: dict[str, float], expected: str) -> None:
    started = time.monotonic()
    [result] = fetch(server + path, **kwargs)
    assert isinstance(result, Rejected), result
    assert result.source == server + path
    assert expected in result.reason
    assert time.monotonic() - started < 1.5


def test_connection_refused_and_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nobody listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    [refused] = fetch(f"http://127.0.0.1:{port}/x", timeout=2)
    assert isinstance(refused, Rejected) and "refused" in refused.reason

    def no_dns(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    [dns] = fetch("http://news.example.invalid/story")
    assert isinstance(dns, Rejected) and "DNS lookup failed for news.example.invalid" in dns.reason


def test_malformed_urls() -> None:
    [no_host] = fetch("http:///nohost")
    assert isinstance(no_host, Rejected) and "no host" in no_host.reason
