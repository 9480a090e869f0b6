"""Analyst views tell verbatim quotes from reported speech, and the relations page/API pages.

Issues 5, 7 and 8: the report, the actor page, the quotes and articles lists and the outlet
comparison mark reported speech (``kind == "indirect"``) instead of passing it off as a quote;
``/relations`` serves one page of stances with ``limit``/``offset`` and the total.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient
from tests.e2e.conftest import GLOBAL, LINKS, STORIES, _doc

from newsgraph.records import Quote, stable_id
from newsgraph.report import write_report
from newsgraph.store import Store
from newsgraph.web.app import create_app

#: a sentence of the first story the UN is reported (not quoted) as saying
REPORTED = "Islamic State fighters attacked Maliki's forces near Mosul."


@pytest.fixture(scope="module")
def kinds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The e2e database plus one reported-speech quote by the UN in the Reuters story."""
    docs = [_doc(i, *story) for i, story in enumerate(STORIES)]
    first = docs[0]
    start = first.article.text.index(REPORTED)
    extra = Quote(stable_id(first.article.article_id, "reported"), first.article.article_id, start,
                  start + len(REPORTED), REPORTED, "indirect", "org:united nations", "the UN", "said")
    docs[0] = dataclasses.replace(first, quotes=[*first.quotes, extra])
    path = tmp_path_factory.mktemp("kinds") / "kinds.duckdb"
    with Store(path) as store:
        store.write_docs(docs)
        store.replace_actors(GLOBAL, LINKS)
    return path


@pytest.fixture(scope="module")
def client(kinds_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(kinds_db)), raise_server_exceptions=False) as c:
        yield c


def test_outlet_counts_split_quotes_and_reported(client: TestClient) -> None:
    body = client.get("/api/outlets").json()
    counts = {r["outlet"]: (r["quotes"], r["reported"]) for r in body["rows"]}
    assert counts["Reuters"] == (1, 1) and counts["AP"] == (1, 0)
    reuters = next(o for o in body["comparison"]["outlets"] if o["outlet"] == "Reuters")
    assert (reuters["quotes"], reuters["reported"]) == (1, 1)
    un = next(q for q in reuters["quoted"] if q["id"] == "A_UN")
    assert (un["quotes"], un["reported"]) == (0, 1)
    html = client.get("/outlets").text
    assert ">reported</th>" in html
    arts = {a["outlet"]: (a["quotes"], a["reported"]) for a in client.get("/api/articles").json()["rows"]}
    assert arts["Reuters"] == (1, 1)
    assert ">reported</th>" in client.get("/articles").text


def test_actor_and_quotes_pages_label_reported_speech(client: TestClient) -> None:
    un = client.get("/actors/A_UN").text
    assert re.search(r'<span class="tag reported"[^>]*>reported</span> Islamic State fighters attacked', un)
    assert "“Islamic State" not in un  # a paraphrase is never put in quotation marks
    maliki = client.get("/actors/A_MALIKI").text
    assert "“&#34;We will not retreat,&#34;”" in maliki and "tag reported" not in maliki
    quotes = client.get("/quotes?kind=indirect").text
    assert quotes.count('class="tag reported"') == 1


def test_report_marks_reported_speech(kinds_db: Path, tmp_path: Path) -> None:
    html = write_report(kinds_db, tmp_path / "r.html").read_text(encoding="utf-8")
    section = html[html.index('id="quotes"'):html.index('id="outlets"')]
    assert re.search(r'<span class="tag reported"[^>]*>reported</span> Islamic State fighters', section)
    assert "“&#34;Help is coming,&#34;”" in section and "<td>indirect</td>" in section
    outlets = html[html.index('id="outlets"'):]
    assert ">reported</th>" in outlets and '<td class="num">1</td><td class="num">1</td>' in outlets


def test_relations_page_and_api_are_paged(client: TestClient) -> None:
    full = client.get("/api/relations?period=month&limit=500").json()
    total = full["total"]
    assert full["ok"] and total == len(full["relations"]) >= 3 and full["next_offset"] is None
    first = client.get("/api/relations?period=month&limit=2").json()
    assert (first["limit"], first["offset"], first["total"], len(first["relations"])) == (2, 0, total, 2)
    assert first["next_offset"] == 2 and isinstance(first["rows"], list)  # rows: the chart series
    rest = client.get(f"/api/relations?period=month&limit=2&offset={total - 1}").json()
    assert len(rest["relations"]) == 1 and rest["next_offset"] is None
    assert first["relations"] + client.get(f"/api/relations?period=month&offset=2&limit={total}").json()[
        "relations"] == full["relations"]
    rel = first["relations"][0]
    assert {"source_id", "target_id", "period", "events", "score", "stance", "event_ids"} <= set(rel)
    maliki = client.get("/api/relations?actor=A_MALIKI&limit=500").json()["relations"]
    assert maliki and all("A_MALIKI" in (r["source_id"], r["target_id"]) for r in maliki)
    html = client.get("/relations?period=month&limit=2").text
    assert f"showing 1–2 of {total} relations" in html and "offset=2" in html
    for bad in ("limit=0", "limit=501", "offset=-1", "order=random"):
        assert client.get(f"/api/relations?{bad}").status_code == 400, bad


def test_openapi_documents_relations_paging(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/relations"]["get"]["parameters"]}
    assert {"limit", "offset", "actor", "order"} <= set(params)
    assert params["limit"]["schema"]["maximum"] == 500 and params["offset"]["schema"]["minimum"] == 0
