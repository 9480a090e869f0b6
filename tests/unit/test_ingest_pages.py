"""HTML pages (trafilatura and the lxml fallback) and RSS/Atom feed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.ingest import IngestOptions, iter_inputs
from newsgraph.records import Article, Rejected


def run(*sources: object, **kwargs: int) -> list[Article | Rejected]:
    return list(iter_inputs([str(s) for s in sources], IngestOptions(**kwargs)))


def articles(outputs: list[Article | Rejected]) -> list[Article]:
    return [o for o in outputs if isinstance(o, Article)]


def rejected(outputs: list[Article | Rejected]) -> list[Rejected]:
    return [o for o in outputs if isinstance(o, Rejected)]


# --- HTML --------------------------------------------------------------------------------------

PAGE = """<!doctype html><html lang="en"><head><title>Ministers meet in Geneva | Daily Bugle</title>
<meta property="og:title" content="Ministers meet in Geneva">
<meta property="og:site_name" content="Daily Bugle"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2014-06-20T10:00:00Z">
<link rel="canonical" href="https://bugle.example/geneva"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav><article><h1>Ministers meet in Geneva</h1>
<p>Foreign ministers from three countries met in Geneva on Friday to discuss a ceasefire plan that
negotiators had drafted over several weeks of quiet contacts.</p>
<p>The talks ended without an agreement, officials said, but both delegations promised to return
next month with revised proposals for monitoring the front line.</p>
</article><footer>Copyright 2014 Daily Bugle</footer><script>var tracking = 1;</script></body></html>"""


def _check_page(art: Article | Rejected) -> None:
    assert isinstance(art, Article), art
    assert "ceasefire plan" in art.text and "revised proposals" in art.text
    assert "tracking" not in art.text and "Copyright" not in art.text
    assert art.title == "Ministers meet in Geneva"
    assert art.outlet == "Daily Bugle"
    assert art.published == "2014-06-20"
    assert art.url == "https://bugle.example/geneva"
    assert art.authors == ("Jane Roe",)


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [art] = run(path)
    _check_page(art)


def test_html_with_trafilatura(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura", reason="trafilatura not importable here", exc_type=ImportError)
    from newsgraph.ingest import html

    assert html._with_trafilatura(PAGE, None) is not None
    path = tmp_path / "page.htm"
    path.write_text(PAGE, encoding="utf-8")
    _check_page(run(path)[0])


def test_html_basic_extractor_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.ingest import html

    monkeypatch.setattr(html, "_trafilatura", lambda: None)
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    _check_page(run(path)[0])

    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    [bad] = run(empty)
    assert isinstance(bad, Rejected) and "no article text" in bad.reason


# --- feeds -------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Times</title><link>https://harbour.example/</link><language>en</language>
<item><title>Pier reopens</title><link>https://harbour.example/pier</link>
<pubDate>Tue, 07 Jan 2020 09:00:00 +0000</pubDate><author>desk@harbour.example (Ana Ruiz)</author>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>The northern pier reopened on Tuesday.</p>
<p>Fishing boats returned at dawn.</p>]]></content:encoded>
</item>
<item><title>Storm warning</title><link>https://harbour.example/storm</link>
<pubDate>Wed, 08 Jan 2020 18:30:00 +0000</pubDate>
<description>&lt;b&gt;Forecasters&lt;/b&gt; warned of gales along the coast.</description></item>
<item><title>Broken entry</title><link>https://harbour.example/empty</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Wire</title><id>urn:coast</id>
<updated>2021-05-02T12:00:00Z</updated>
<entry><title>Ferry strike ends</title><link href="https://coast.example/ferry"/><id>urn:1</id>
<published>2021-05-01T22:00:00+02:00</published><author><name>Li Wei</name></author>
<content type="html">&lt;p&gt;Ferry crews voted to end the strike.&lt;/p&gt;</content></entry>
<entry><title>Port fees rise</title><link href="https://coast.example/fees"/><id>urn:2</id>
<updated>2021-05-02T08:00:00Z</updated><summary>Port fees will rise by ten percent.</summary></entry>
</feed>"""


def test_rss_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    out = run(path)
    first, second = articles(out)
    assert first.text == "The northern pier reopened on Tuesday.\n\nFishing boats returned at dawn."
    assert (first.title, first.url, first.outlet, first.published) == (
        "Pier reopens",
        "https://harbour.example/pier",
        "Harbour Times",
        "2020-01-07",
    )
    assert second.text == "Forecasters warned of gales along the coast."
    [bad] = rejected(out)
    assert bad.source == f"{path}#3" and "no content or summary" in bad.reason


def test_atom_feed_and_sniffing(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(ATOM, encoding="utf-8")
    first, second = run(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.text, first.authors, first.published, first.outlet) == (
        "Ferry crews voted to end the strike.",
        ("Li Wei",),
        "2021-05-01",
        "Coast Wire",
    )
    assert second.text == "Port fees will rise by ten percent." and second.published == "2021-05-02"

    disguised = tmp_path / "feed.html"
    disguised.write_text(ATOM, encoding="utf-8")
    assert len(articles(run(disguised))) == 2

    not_feed = tmp_path / "config.xml"
    not_feed.write_text("<?xml version='1.0'?><config><a>1</a></config>", encoding="utf-8")
    [bad] = run(not_feed)
    assert isinstance(bad, Rejected) and "not an RSS or Atom feed" in bad.reason
