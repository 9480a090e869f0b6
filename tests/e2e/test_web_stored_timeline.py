"""Issue 7: after an ingest the timeline page's first load is the analysis timeline, not a fallback.

A real ingest (spaCy pipeline, relink) of part of the bundled corpus stores the timelines; the web
then serves them on the first request without starting its analysis worker, the same entries as
``build_timeline``, and without writing to the database.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("spacy")

from fastapi.testclient import TestClient

from newsgraph.analyze.timeline import build_timeline, timeline_json
from newsgraph.store import Store
from newsgraph.web.app import create_app

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsgraph.engines.local import ingest

    src = tmp_path_factory.mktemp("corpus")
    for p in sorted(CORPUS.iterdir())[:4]:
        shutil.copy(p, src / p.name)
    path = tmp_path_factory.mktemp("stored") / "ingested.duckdb"
    report = ingest([str(src)], path, workers=1)
    assert report.new >= 3
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db)), raise_server_exceptions=False) as c:
        yield c


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingest_stored_the_timelines(db: Path) -> None:
    with Store(db, read_only=True) as s:
        params = [json.loads(p) for p, _ in s.stored_timeline_params()]
        assert {p["actor_keys"] is None for p in params} == {True, False}  # unfiltered and actors
        assert {v for _, v in s.stored_timeline_params()} == {s.timeline_data_version()}


def test_first_load_is_the_analysis_timeline(db: Path, client: TestClient) -> None:
    before = digest(db)
    with Store(db, read_only=True) as s:
        want = timeline_json(build_timeline(s, n_dates=10))
        top = s.list_actors(limit=1)[0]["actor_id"]
        want_actor = timeline_json(build_timeline(s, actor=top, n_dates=10))
    body = client.get("/api/timeline").json()
    assert body["ok"] and body["source"] == "analysis" and body["pending"] is False
    assert body["rows"] == want and want
    body = client.get("/api/timeline", params={"actor": top}).json()
    assert body["source"] == "analysis" and body["pending"] is False and body["rows"] == want_actor
    html = client.get("/timeline").text
    assert "still being computed" not in html and "not available yet" not in html
    assert client.app.state.timelines._pool is None  # nothing computed in the background
    assert digest(db) == before  # the server read, never wrote


def test_report_uses_the_stored_timeline(db: Path) -> None:
    from newsgraph.report import report_context

    with Store(db, read_only=True) as s:
        ctx = report_context(s)
        assert ctx["timeline_source"] == "analysis"
        assert ctx["timeline"] == timeline_json(build_timeline(s, n_dates=12))
