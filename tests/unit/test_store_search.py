"""Full-text search: BM25 through the bundled FTS extension, the ILIKE fallback, hostile queries."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from newsgraph.records import Article, DocRecords
from newsgraph.store import Store, search
from newsgraph.store.synthetic import make_doc

TEXTS = {
    "oil": ("Oil prices climb", "Crude oil prices climbed after OPEC cut output; oil traders cheered."),
    "talks": ("Ceasefire talks resume", "Negotiators resumed ceasefire talks in Doha on Tuesday."),
    "pct": ("Turnout hit 50% in the vote", "Officials said 50% of voters took part, a record_high."),
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "ng.duckdb")
    s.write_docs([DocRecords(Article(k, text, title=title, published="2020-01-01"))
                  for k, (title, text) in TEXTS.items()])
    yield s
    s.close()


def test_extension_is_found_in_the_wheel() -> None:
    path = search.fts_extension_path()
    assert path is not None and path.name == "fts.duckdb_extension" and path.exists()


def test_bm25_search(store: Store) -> None:
    assert store.build_search_index()
    hits = store.search("oil prices")
    assert hits[0]["article_id"] == "oil" and hits[0]["score"] > 0
    assert [h["article_id"] for h in store.search("ceasefire")] == ["talks"]
    assert store.search("   ") == []
    assert store.info().search_index


def test_stale_index_warns_and_rebuild_finds_new_articles(store: Store,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    store.build_search_index()
    store.write_docs([make_doc(1, events=1)])
    with caplog.at_level(logging.WARNING):
        assert store.search("Maliki") == []
    assert "stale" in caplog.text
    store.build_search_index()
    assert len(store.search("Maliki")) == 1


def test_search_works_read_only(store: Store, tmp_path: Path) -> None:
    store.build_search_index()
    store.close()
    with Store(tmp_path / "ng.duckdb", read_only=True) as r:
        assert r.search("oil")[0]["article_id"] == "oil"


def test_fallback_without_index_or_extension(store: Store, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        hits = store.search("ceasefire talks")
    assert [h["article_id"] for h in hits] == ["talks"] and hits[0]["score"] is None
    assert "substring" in caplog.text
    monkeypatch.setattr(search, "fts_extension_path", lambda: None)
    store._fts_loaded = None
    with caplog.at_level(logging.WARNING):
        assert store.build_search_index() is False
        assert store.search("50%")[0]["article_id"] == "pct"
    assert "not installed" in caplog.text


@pytest.mark.parametrize("evil", ["'; DROP TABLE articles; --", "' OR 1=1 --", "\\", "\")",
                                  "oil' UNION SELECT * FROM articles --"])
def test_hostile_queries_are_data(store: Store, evil: str) -> None:
    store.build_search_index()
    store.search(evil)
    store._fts_loaded = False  # the ILIKE path too
    assert store.search(evil) == []
    assert store.counts()["articles"] == 3


def test_like_wildcards_are_literal(store: Store) -> None:
    store._fts_loaded = False
    assert [h["article_id"] for h in store.search("50%")] == ["pct"]
    assert [h["article_id"] for h in store.search("record_high")] == ["pct"]
    assert store.search("record%high") == []
