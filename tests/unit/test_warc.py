"""WARC / WARC.gz input: HTML responses become articles, other records are counted, broken ones rejected."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

pytest.importorskip("warcio")

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.ingest import iter_inputs
from newsgraph.ingest.warc import SKIPPED
from newsgraph.records import Article, Rejected

PAGE = """<html><head><title>Iraq talks resume</title><meta name="author" content="Jane Doe"></head><body>
<article><h1>Iraq talks resume</h1><p>BAGHDAD - Iraqi Prime Minister Nouri al-Maliki met United Nations
envoys in Baghdad on Monday to discuss the formation of a new government, officials said.</p>
<p>"We will talk to everyone," Maliki told reporters after the meeting, which lasted three hours.</p>
<p>The envoys said further meetings were planned for next week in Erbil and Basra.</p></article>
</body></html>"""


def _response(writer: WARCWriter, url: str, body: bytes, status: str = "200 OK",
              ctype: str = "text/html; charset=utf-8") -> None:
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


def write_warc(path: Path, gz: bool) -> None:
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example.com")], is_http_request=True)
        w.write_record(w.create_warc_record("https://news.example.com/a", "request", payload=io.BytesIO(b""),
                                            http_headers=req))
        _response(w, "https://news.example.com/a", PAGE.encode())
        _response(w, "https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\nxxxx", ctype="image/png")
        _response(w, "https://news.example.com/gone", b"<html>gone</html>", status="404 Not Found")
        w.write_record(w.create_warc_record("https://news.example.com/a", "metadata",
                                            payload=io.BytesIO(b"fetchTimeMs: 12\n")))


@pytest.mark.parametrize("name,gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_responses_become_articles(tmp_path: Path, name: str, gz: bool) -> None:
    path = tmp_path / name
    write_warc(path, gz)
    before = sum(SKIPPED.values())
    out = list(iter_inputs([str(path)]))
    arts = [x for x in out if isinstance(x, Article)]
    assert [type(x) for x in out] == [Article], out
    assert arts[0].url == "https://news.example.com/a"
    assert arts[0].outlet and "news.example.com" in arts[0].outlet
    assert "Maliki" in arts[0].text and arts[0].title == "Iraq talks resume"
    assert sum(SKIPPED.values()) - before == 5  # warcinfo, request, image, 404, metadata


def test_broken_record_is_rejected_after_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    write_warc(path, True)
    with path.open("ab") as fh:  # a gzip member holding garbage instead of a WARC header
        fh.write(gzip.compress(b"\x00\x01\x02garbage bytes here\r\n\r\n"))
    out = list(iter_inputs([str(path)]))
    assert isinstance(out[0], Article)
    assert isinstance(out[-1], Rejected) and "broken WARC record" in out[-1].reason


def test_record_cut_mid_header_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "cut-header.warc.gz"
    write_warc(path, True)
    with path.open("ab") as fh:
        fh.write(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort"))
    out = list(iter_inputs([str(path)]))
    assert isinstance(out[-1], Rejected) and "broken WARC record" in out[-1].reason


def test_truncated_gzip_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    write_warc(path, True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    out = list(iter_inputs([str(path)]))
    assert out and isinstance(out[-1], Rejected)


def test_plain_gz_is_not_taken_for_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(b"hello"))
    (out,) = list(iter_inputs([str(path)]))
    assert isinstance(out, Rejected) and ".warc.gz" in out.reason
