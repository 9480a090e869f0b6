"""Every parsing process (``--workers 1``, pool workers, Ray actors) reloads its pipeline every
``recycle.PIPELINE_RECYCLE_ARTICLES`` articles, so spaCy's vocabulary cannot grow with the corpus
(issue #8), and the stored tables do not depend on when it reloads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import GOLD, SEEDS, need

from newsgraph.engines import common, local, recycle
from newsgraph.records import Article


class FakeLoader:
    """Stands in for ``load_pipeline``: a new object per load, and the ``lru_cache`` interface."""

    def __init__(self) -> None:
        self.made: list[object] = []
        self.cleared = 0

    def __call__(self, model: str | None = None) -> object:
        self.made.append(object())
        return self.made[-1]

    def cache_clear(self) -> None:
        self.cleared += 1


@pytest.fixture
def fresh() -> Iterator[None]:
    """No pipeline held before or after the test: each starts from a fresh process's state."""
    recycle.release()
    yield
    recycle.release()


def test_pipeline_is_reloaded_after_the_limit(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    from newsgraph.extract import kb_matcher
    from newsgraph.nlp import pipeline

    fake = FakeLoader()
    monkeypatch.setattr(pipeline, "load_pipeline", fake)
    monkeypatch.setattr(recycle, "PIPELINE_RECYCLE_ARTICLES", 5)
    kb_matcher._MATCHERS[1] = object()  # type: ignore[assignment]
    got = [recycle.pipeline(None, 3) for _ in range(5)]
    # 3, 6 (>= 5: the next batch reloads), 3, 6, 3: one batch is never split
    assert got == [fake.made[0], fake.made[0], fake.made[1], fake.made[1], fake.made[2]]
    assert fake.cleared == 2 and kb_matcher._MATCHERS == {}  # nothing keeps the old vocabulary alive
    assert recycle.pipeline("other-model") is fake.made[3]  # another model is never served the old one
    monkeypatch.setattr(recycle, "PIPELINE_RECYCLE_ARTICLES", 0)
    assert {id(recycle.pipeline("other-model", 1000)) for _ in range(3)} == {id(fake.made[3])}


def test_process_batch_counts_articles(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    from newsgraph.nlp import pipeline

    fake = FakeLoader()
    seen: list[object] = []
    monkeypatch.setattr(pipeline, "load_pipeline", fake)
    monkeypatch.setattr(pipeline, "process", lambda nlp, arts: seen.append(nlp) or [])
    monkeypatch.setattr(recycle, "PIPELINE_RECYCLE_ARTICLES", 4)
    common.worker_init(None)  # a pool worker loads before its first task
    for _ in range(4):
        common.process_batch([Article("a", "x"), Article("b", "y")])
    assert seen == [fake.made[0], fake.made[0], fake.made[1], fake.made[1]]


def _tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    from newsgraph.store import Store, schema

    with Store(db, read_only=True) as s:
        con = s._con
        out = {}
        for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary "
                                   "ORDER BY table_name").fetchall():
            cols = [c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                              "AND column_name NOT IN ('ingested_at', 'source_path', 'data_version', "
                                              "'seconds', 'built_at', 'applied_at')",
                                              [name]).fetchall()]
            if name == "store_meta":  # run times, and the timeline data version (it hashes max(ingested_at))
                continue
            quoted = ", ".join('"' + c + '"' for c in cols)
            out[name] = con.execute(f"SELECT {quoted} FROM {name} ORDER BY ALL").fetchall()
        assert s.schema_version == len(schema.MIGRATIONS)
    return out


@pytest.mark.slow
def test_recycling_keeps_tables_and_bounds_the_vocabulary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           fresh: None) -> None:
    """Seeds + dev through ``--workers 1`` with the real pipeline, reloaded every 2 articles or never."""
    sources = [str(need(SEEDS / "seeds.jsonl")), str(need(GOLD / "dev" / "articles.jsonl"))]
    strings: dict[int, int] = {}
    for every in (0, 2):
        monkeypatch.setattr(recycle, "PIPELINE_RECYCLE_ARTICLES", every)
        loads = recycle.loads
        rep = local.ingest(sources, tmp_path / f"r{every}.duckdb", workers=1, batch_size=2)
        assert rep.processed >= 8
        held = recycle._CURRENT
        assert held is not None
        strings[every] = len(held.nlp.vocab.strings)
        if every:
            assert recycle.loads - loads >= rep.processed // 2  # a fresh pipeline per two articles
            assert held.articles <= 2  # what the pipeline in use has seen: one batch, not the corpus
        recycle.release()
    # the words of the earlier articles went with the pipelines that parsed them
    assert strings[2] < strings[0]
    assert _tables(tmp_path / "r2.duckdb") == _tables(tmp_path / "r0.duckdb")
