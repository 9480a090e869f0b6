"""A hostile little web site on 127.0.0.1: every way a fetch can go wrong, without touching the network."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.reliability.support import ARTICLE_HTML

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Talks resume</title><link>https://example.com/1</link>
<description>Negotiators from both sides met in Geneva on Tuesday to resume talks.</description></item>
<item><title>Empty entry</title><link>https://example.com/2</link></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    """Routes by path; each one is a failure mode a real crawl meets sooner or later."""

    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # keep the pytest output readable
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        try:
            route = ROUTES.get(path)
            if route is None:
                self._send(404, b"<h1>Not Found</h1>")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, which is the point of several routes


def _redirect(h: Handler, where: str) -> None:
    h.send_response(302)
    h.send_header("Location", where)
    h.send_header("Content-Length", "0")
    h.end_headers()


def _slow(h: Handler) -> None:
    time.sleep(3)
    h._send(200, ARTICLE_HTML)


def _trickle(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.end_headers()
    for _ in range(40):
        h.wfile.write(b"word " * 20000)  # more than one read chunk each time, so the deadline is checked
        h.wfile.flush()
        time.sleep(0.15)


def _endless(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.end_headers()
    for _ in range(2000):
        h.wfile.write(b"all work and no play " * 3000)


def _bomb(h: Handler) -> None:
    h._send(200, gzip.compress(b"\0" * 20_000_000), "text/plain", {"Content-Encoding": "gzip"})


ROUTES = {
    "/article.html": lambda h: h._send(200, ARTICLE_HTML),
    "/feed.xml": lambda h: h._send(200, RSS, "application/rss+xml"),
    "/articles.json": lambda h: h._send(200, json.dumps([{"text": "Talks in Geneva resumed on Tuesday."}, 7])
                                        .encode(), "application/json"),
    "/500": lambda h: h._send(500, b"<h1>oops</h1>"),
    "/503": lambda h: h._send(503, b"<h1>busy</h1>"),
    "/loop": lambda h: _redirect(h, "/loop"),
    "/hop": lambda h: _redirect(h, "/article.html"),
    "/to-file": lambda h: _redirect(h, "file:///etc/passwd"),
    "/slow": _slow,
    "/trickle": _trickle,
    "/endless": _endless,
    "/big": lambda h: h._send(200, b"x", "text/plain", {"Content-Length": "999999999"}),
    "/bomb": _bomb,
    "/image": lambda h: h._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "image/png"),
    "/png-as-html": lambda h: h._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 200),
    "/empty": lambda h: h._send(200, b""),
    "/pdf": lambda h: h._send(200, b"%PDF-1.4 ...", "application/octet-stream"),
}


@contextmanager
def serve_site() -> Iterator[str]:
    """The base URL (``http://127.0.0.1:PORT``) of the site while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
