"""Every endpoint of the web app in-process: status, JSON shape, pagination, filters, errors, CSV.

Also the web-security checks of issue 9: hostile article content renders escaped, SQL-injection
strings in filters are plain data, request paths never reach the file system.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient
from tests.e2e.conftest import ATTR, IMG, PAYLOADS, XSS

from newsgraph.store import Store
from newsgraph.web import is_loopback
from newsgraph.web.app import create_app

LISTS = ["/events", "/actors", "/quotes", "/outlets", "/articles", "/search?q=Maliki", "/network", "/relations"]
PAGES = ["/", *LISTS, "/timeline", "/brief"]
INJECTIONS = ["' OR 1=1 --", "'; DROP TABLE events; --", "\" OR \"\"=\"", "1) UNION SELECT * FROM articles --",
              "%' OR '%'='", "A_MALIKI' --"]


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(web_db)), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def ids(web_db: Path) -> dict[str, str]:
    with Store(web_db, read_only=True) as s:
        ev = s.events_for(limit=1)[0]
        evil = s.events_for(source_id="A_EVIL", limit=1)[0]
    return {"event": ev["event_id"], "article": ev["article_id"], "evil_event": evil["event_id"],
            "evil_article": evil["article_id"]}


def ok(client: TestClient, url: str) -> dict:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["ok"] is True and isinstance(body["rows"], list) and "next" in body
    return body


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_html_and_json_twin(client: TestClient, page: str) -> None:
    r = client.get(page)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in r.headers
    api = "/api/overview" if page == "/" else "/api" + page
    ok(client, api)


def test_detail_pages(client: TestClient, ids: dict[str, str]) -> None:
    for kind, key in (("events", "event"), ("articles", "article")):
        assert client.get(f"/{kind}/{ids[key]}").status_code == 200
        body = ok(client, f"/api/{kind}/{ids[key]}")
        assert len(body["rows"]) == 1
    body = ok(client, "/api/actors/A_MALIKI")
    assert body["actor"]["name"] == "Nouri al-Maliki" and body["actor"]["aliases"] == ["Maliki"]
    assert body["actor"]["code"] == "IRQGOV" and body["articles"] and body["rows"]
    assert all("A_MALIKI" in (r["source"]["actor_id"], r["target"]["actor_id"]) for r in body["rows"])


def test_overview_counts(client: TestClient) -> None:
    body = ok(client, "/api/overview")
    assert body["counts"]["articles"] == 3 and body["counts"]["events"] == 6
    assert [r["date"] for r in body["rows"]] == ["2014-07-01", "2014-07-02", "2014-07-03"]
    assert {o["outlet"] for o in body["outlets"]} >= {"Reuters", "AP"}


def test_events_pagination_walks_every_row(client: TestClient) -> None:
    seen, cursor, pages = [], None, 0
    while True:
        body = ok(client, "/api/events?_size=2" + (f"&_next={cursor}" if cursor else ""))
        seen += [r["event_id"] for r in body["rows"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 6 and pages == 3


@pytest.mark.parametrize(("query", "check"), [
    ("actor=A_UN", lambda r: "A_UN" in (r["source"]["actor_id"], r["target"]["actor_id"])),
    ("source=A_MALIKI", lambda r: r["source"]["actor_id"] == "A_MALIKI"),
    ("target=A_USA", lambda r: r["target"]["actor_id"] == "A_USA"),
    ("root=19", lambda r: r["root"] == "19"),
    ("cameo=04", lambda r: r["cameo"].startswith("04")),
    ("date_from=2014-07-02&date_to=2014-07-02", lambda r: r["date"] == "2014-07-02"),
    ("outlet=AP", lambda r: r["outlet"] == "AP"),
])
def test_event_filters(client: TestClient, query: str, check) -> None:
    rows = ok(client, "/api/events?" + query)["rows"]
    assert rows and all(check(r) for r in rows)


def test_other_filters(client: TestClient) -> None:
    q = ok(client, "/api/quotes?speaker=A_MALIKI")["rows"]
    assert len(q) == 1 and q[0]["speaker"]["actor_id"] == "A_MALIKI" and q[0]["outlet"] == "Reuters"
    assert len(ok(client, "/api/quotes?q=coming")["rows"]) == 1
    assert [a["actor_id"] for a in ok(client, "/api/actors?q=islamic")["rows"]] == ["A_ISIL"]
    assert len(ok(client, "/api/articles?outlet=AP")["rows"]) == 1
    assert ok(client, "/api/search?q=Washington")["rows"][0]["title"] == "Washington backs Maliki"
    net = ok(client, "/api/network?actor=A_USA")["rows"]
    assert net and all("A_USA" in (d["source_id"], d["target_id"]) for d in net)
    assert ok(client, "/api/network?min_events=99")["rows"] == []
    assert all(r["date"] == "2014-07-02" for r in
               ok(client, "/api/timeline?date_from=2014-07-02&date_to=2014-07-02")["rows"])


def test_timeline_and_brief_shapes(client: TestClient) -> None:
    body = ok(client, "/api/timeline?actor=A_MALIKI")
    assert body["source"] in {"analysis", "store"}
    for entry in body["rows"]:
        assert {"date", "sentences"} <= set(entry)
        for s in entry["sentences"]:
            assert {"text", "article_id", "outlet", "published"} <= set(s)
    brief = ok(client, "/api/brief")
    assert isinstance(brief["available"], bool)


@pytest.mark.parametrize(("url", "status"), [
    ("/api/events?_size=0", 400), ("/api/events?_size=501", 400), ("/api/events?_next=abc", 400),
    ("/api/events?date_from=not-a-date", 400), ("/api/network?min_events=-1", 400),
    ("/api/events/nope", 404), ("/api/actors/nope", 404), ("/api/articles/nope", 404), ("/api/nothing", 404),
    ("/api/relations?period=century", 400),
])
def test_errors_are_json_without_traces(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert body["ok"] is False and body["error"] and "Traceback" not in r.text and "File \"" not in r.text


def test_html_errors_and_methods(client: TestClient) -> None:
    r = client.get("/events/nope")
    assert r.status_code == 404 and "not found" in r.text and r.headers["content-type"].startswith("text/html")
    assert client.post("/api/events", content=b"x").json()["ok"] is False
    big = client.post("/api/events", content=b"x" * 200_000)
    assert big.status_code == 413 and big.json()["ok"] is False
    long = client.get("/api/events?actor=" + "a" * 5000)
    assert long.status_code == 414


def test_internal_error_is_json_without_trace(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a, **k):
        raise RuntimeError("secret /etc/passwd detail")

    monkeypatch.setattr(Store, "outlet_summary", boom)
    r = client.get("/api/outlets")
    assert r.status_code == 500 and r.json() == {"ok": False, "error": "internal error"}
    assert "secret" not in client.get("/outlets").text


def test_csv_downloads(client: TestClient) -> None:
    for url in ("/api/events.csv", "/api/events?_format=csv"):
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert len(rows) == 6 and {"event_id", "source_name", "target_code", "goldstein"} <= set(rows[0])
    assert "attachment" in client.get("/api/events.csv").headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv?source=A_MALIKI").text)))
    assert rows and {r["source_actor_id"] for r in rows} == {"A_MALIKI"}
    for name in ("actors", "quotes", "outlets", "articles", "network", "relations"):
        assert client.get(f"/api/{name}.csv").status_code == 200


def test_csv_neutralises_formulas(client: TestClient) -> None:
    text = client.get("/api/events.csv").text
    assert not re.search(r"(^|,)=", text)


def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/events", "/api/events/{event_id}", "/api/actors/{actor_id}", "/api/timeline",
            "/api/network", "/api/brief", "/api/search", "/api/events.csv"} <= paths
    assert not any(p.startswith("/static") for p in paths)
    assert client.get("/docs").status_code == 404  # swagger UI would load assets from a CDN


# -- security ----------------------------------------------------------------------------------
def assert_escaped(html: str) -> None:
    for p in PAYLOADS:
        assert p not in html
    assert "<script>alert" not in html and "<img src=x" not in html and "onmouseover=\"alert" not in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all(s == '<script src="/static/app.js" defer>' for s in scripts), scripts
    assert not re.search(r"(href|src|action)=[\"']?\s*javascript:", html, re.I)


def test_hostile_content_is_escaped_on_every_page(client: TestClient, ids: dict[str, str]) -> None:
    urls = [*PAGES, f"/articles/{ids['evil_article']}", f"/events/{ids['evil_event']}", "/actors/A_EVIL",
            f"/articles/{ids['article']}", "/quotes?speaker=A_EVIL", "/search?q=" + XSS,
            "/events?actor=" + XSS, "/actors?q=" + ATTR, "/timeline?q=" + IMG, "/search?q=Evil"]
    for url in urls:
        r = client.get(url)
        assert r.status_code in (200, 404), url
        assert_escaped(r.text)
    art = client.get(f"/articles/{ids['evil_article']}").text
    assert "&lt;script&gt;alert(" in art  # the text is there, as text
    assert "Evil &lt;script&gt;" in client.get("/actors/A_EVIL").text


def test_json_is_served_as_json(client: TestClient) -> None:
    r = client.get("/api/quotes?speaker=A_EVIL")
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert XSS in r.json()["rows"][0]["speaker"]["name"]  # data kept intact, escaping is the renderer's job


@pytest.mark.parametrize("payload", INJECTIONS)
def test_sql_injection_strings_are_data(client: TestClient, payload: str) -> None:
    for param in ("actor", "source", "target", "root", "cameo", "outlet", "article"):
        assert ok(client, f"/api/events?{param}={payload}")["rows"] == []
    assert ok(client, f"/api/actors?q={payload}")["rows"] == []
    assert ok(client, f"/api/quotes?q={payload}")["rows"] == []
    assert ok(client, f"/api/quotes?speaker={payload}")["rows"] == []
    assert ok(client, f"/api/articles?outlet={payload}")["rows"] == []
    assert ok(client, f"/api/network?actor={payload}")["rows"] == []
    ok(client, f"/api/search?q={payload}")
    ok(client, f"/api/timeline?actor={payload}")
    assert client.get(f"/api/events/{payload}").status_code == 404
    assert ok(client, "/api/overview")["counts"]["events"] == 6  # nothing dropped


@pytest.mark.parametrize("path", [
    "/static/../../../../etc/passwd", "/static/..%2F..%2Fapp.py", "/static/%2e%2e/app.py", "/static/app.py",
    "/static/..%2f..%2f..%2fetc%2fpasswd", "/../etc/passwd", "/articles/..%2F..%2Fetc%2Fpasswd",
    "/api/events/..%2F..%2Fetc%2Fpasswd", "/static/templates/base.html",
])
def test_path_traversal_is_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "root:" not in r.text and "import" not in r.text


def test_static_whitelist(client: TestClient) -> None:
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").status_code == 200


def test_no_external_resources(client: TestClient) -> None:
    for page in PAGES:
        html = client.get(page).text
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), page


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
