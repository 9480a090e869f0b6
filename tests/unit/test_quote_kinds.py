"""Quote kinds across the boundaries: exports keep to verbatim quotes unless asked, listings filter by kind."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsgraph.cli import main
from newsgraph.records import Quote, stable_id
from newsgraph.store import Store, StoreError
from newsgraph.store.synthetic import make_docs
from newsgraph.web.app import create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kinds") / "ng.duckdb"
    doc = make_docs(1, events=2)[0]
    aid = doc.article.article_id
    text = doc.article.text
    s = text.index("Nouri")  # any stretch of the text will do: only offsets and kind matter here
    reported = Quote(stable_id(aid, "r"), aid, s, s + 15, text[s:s + 15], "indirect", "person:nouri maliki",
                     "Maliki", "say")
    with Store(path) as store:
        store.write_docs([dataclasses.replace(doc, quotes=[*doc.quotes, reported])])
    return path


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store(db, read_only=True) as s:
        yield s


def kinds_exported(store: Store, **kw: object) -> list[str]:
    buf = io.StringIO()
    store.export("quotes", "jsonl", buf, **kw)  # type: ignore[arg-type]
    return sorted(json.loads(line)["kind"] for line in buf.getvalue().splitlines())


def test_export_is_verbatim_by_default(store: Store) -> None:
    assert kinds_exported(store) == ["direct"]
    assert kinds_exported(store, quote_kinds=("direct", "mixed", "indirect")) == ["direct", "indirect"]
    assert kinds_exported(store, quote_kinds=("indirect",)) == ["indirect"]
    with pytest.raises(StoreError):
        kinds_exported(store, quote_kinds=("reported",))


def test_csv_export_follows_the_same_kinds(store: Store) -> None:
    buf = io.StringIO()
    assert store.export("quotes", "csv", buf) == 1
    assert store.export("quotes", "csv", io.StringIO(), quote_kinds=("direct", "mixed", "indirect")) == 2


def test_listings_filter_by_kind(store: Store) -> None:
    assert sorted(q["kind"] for q in store.quotes_for()) == ["direct", "indirect"]
    assert [q["kind"] for q in store.quotes_for(kinds=["indirect"])] == ["indirect"]
    assert [q["kind"] for q in store.list_quotes(kind="direct")] == ["direct"]


def test_cli_kind_options(db: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["export", "quotes", "--db", str(db)])
    assert out.exit_code == 0 and [json.loads(x)["kind"] for x in out.output.splitlines()] == ["direct"]
    out = runner.invoke(main, ["export", "quotes", "--db", str(db), "--kind", "all"])
    assert sorted(json.loads(x)["kind"] for x in out.output.splitlines()) == ["direct", "indirect"]
    assert runner.invoke(main, ["export", "events", "--db", str(db), "--kind", "all"]).exit_code != 0
    listing = runner.invoke(main, ["quotes", "--db", str(db)]).output
    assert "indirect" in listing and "direct" in listing
    only = runner.invoke(main, ["quotes", "--db", str(db), "--kind", "indirect"]).output.splitlines()
    assert len(only) == 1 and " indirect " in only[0]


def test_web_kind_filter(db: Path) -> None:
    with TestClient(create_app(str(db))) as client:
        assert [r["kind"] for r in client.get("/api/quotes?kind=indirect").json()["rows"]] == ["indirect"]
        assert len(client.get("/api/quotes").json()["rows"]) == 2
        assert client.get("/api/quotes?kind=bogus").status_code == 400  # the app reports bad input as 400
        page = client.get("/quotes?kind=indirect")
        assert page.status_code == 200 and 'value="indirect" selected' in page.text
