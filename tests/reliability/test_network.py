"""Network fetches against a hostile local site: bounded in time and size, http(s) only, clear offline note.

In-process through ``iter_inputs`` with a 1 s timeout (the CLI's is 15 s), so the slow routes cost
about a second each instead of a quarter of the suite's budget.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from newsgraph.ingest import IngestOptions, iter_inputs
from newsgraph.records import Article, Rejected
from tests.reliability.site import serve_site
from tests.reliability.support import TALLY

FAST = IngestOptions(timeout=1.0, max_bytes=1_000_000)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_site() as base:
        yield base


def fetch(url: str, options: IngestOptions = FAST) -> list[Article | Rejected]:
    TALLY["inputs_tried"] += 1
    try:
        out = list(iter_inputs([url], options))
    except Exception:
        TALLY["crashes"] += 1
        raise
    for r in out:
        if isinstance(r, Rejected):
            assert r.source.startswith(url) and "internal error" not in r.reason, r
            TALLY["rejected_with_reason" if r.reason.strip() else "rejected_without_reason"] += 1
    return out


def rejected(url: str, options: IngestOptions = FAST) -> str:
    out = fetch(url, options)
    assert len(out) == 1 and isinstance(out[0], Rejected), out
    return out[0].reason


@pytest.mark.parametrize(("path", "reason"), [
    ("/missing", "HTTP 404"),
    ("/500", "HTTP 500"),
    ("/503", "HTTP 503"),
    ("/loop", "too many redirects (limit 5)"),
    ("/to-file", "redirect to a non-http(s) URL refused (file:///etc/passwd)"),
    ("/big", "response too large (999999999 bytes > max_bytes=1000000)"),
    ("/endless", "response too large (more than max_bytes=1000000 bytes)"),
    ("/bomb", "decompressed response larger than max_bytes=1000000"),
    ("/image", "binary file (looks like PNG image); content type image/png"),
    ("/png-as-html", "binary file (looks like PNG image)"),
    ("/pdf", "binary file (looks like PDF document)"),
    ("/empty", "empty response"),
])
def test_failing_urls_are_rejected_with_the_reason(site: str, path: str, reason: str) -> None:
    assert rejected(site + path).startswith(reason)


def test_timeouts_are_enforced(site: str) -> None:
    """A server that never answers and one that answers forever, slowly, both stop near the timeout."""
    for path, reason in (("/slow", "timed out after 1s"), ("/trickle", "timed out after 1s")):
        t0 = time.monotonic()
        got = rejected(site + path, IngestOptions(timeout=1.0, max_bytes=50_000_000))
        assert got.startswith(reason), got
        assert time.monotonic() - t0 < 4, f"{path} took {time.monotonic() - t0:.1f}s with a 1 s timeout"


def test_good_urls_still_work(site: str) -> None:
    """The reasons above are not a blanket refusal: a page, a feed and a JSON API on the same site load."""
    page, hop = fetch(site + "/article.html"), fetch(site + "/hop")
    assert [type(x) for x in page] == [Article] and page[0].url == site + "/article.html"
    assert hop[0].url == site + "/article.html"  # the final URL after one redirect is the article's
    feed = fetch(site + "/feed.xml")
    assert [type(x) for x in feed] == [Article, Rejected]
    assert feed[1].source == site + "/feed.xml#2"
    api = fetch(site + "/articles.json")
    assert [type(x) for x in api] == [Article, Rejected] and "got number" in api[1].reason


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "FILE:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "data:text/plain,hi",
    "javascript:alert(1)", "http:///nohost", "https://",
])
def test_only_http_and_https(url: str) -> None:
    """No scheme other than http(s) is fetched, and none is mistaken for a local file either."""
    out = fetch(url)
    assert len(out) == 1 and isinstance(out[0], Rejected), out
    assert any(w in out[0].reason for w in ("unsupported URL scheme", "URL has no host", "no such file")), out


def test_offline_gives_a_clear_note(monkeypatch: pytest.MonkeyPatch) -> None:
    """No DNS (a laptop on a plane) is named as such, not as a stack trace or a vague failure."""
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    reason = rejected("https://news.example.org/story")
    assert reason == "DNS lookup failed for news.example.org (offline or unknown host)"


def test_connection_refused() -> None:
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert rejected(f"http://127.0.0.1:{port}/") == "connection refused by 127.0.0.1"
