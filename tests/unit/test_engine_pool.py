"""The local engine's pool path without spaCy: chunking, Arrow hand-over, identical tables.

The pool is replaced by threads and NLP by the reliability suite's stand-in, so the same code
that runs with ``--workers N`` (chunks, ``process_to_tables``, IPC buffers, one bulk write per
batch) runs here in a second; the real pipeline in real processes is
``test_engine.test_pool_gives_the_same_rows_as_one_process`` (slow).
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tests.reliability.support import fake_process_batch

from newsgraph.engines import common, local
from newsgraph.records import Article
from newsgraph.store import Store, write

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from make_corpus import articles as synthetic  # noqa: E402

NOW = dt.datetime(2026, 1, 2, 3, 4, 5)


def _art(i: int, words: int) -> Article:
    return Article(f"a{i}", " ".join(["word"] * words))


def test_chunks_follow_word_counts_and_keep_order() -> None:
    arts = [_art(i, w) for i, w in enumerate([100, 200, 5000, 10, 9000, 50, 50])]
    got = common.chunks(arts, words=400)
    assert [[a.article_id for a in c] for c in got] == [["a0", "a1"], ["a2"], ["a3"], ["a4"], ["a5", "a6"]]
    assert [a for c in common.chunks(arts) for a in c] == arts
    assert common.chunks([]) == []


def test_arrow_hand_over_equals_the_records_path() -> None:
    """Tables built in chunks, sent as IPC and concatenated are the tables of the whole batch."""
    arts = [Article(r["id"], r["text"], title=r.get("title"), published=r.get("published"))
            for r in synthetic(9, 3)]
    whole = write.build_tables(fake_process_batch(arts), NOW)
    parts = []
    for chunk in (arts[:4], arts[4:5], arts[5:]):
        docs, _ = write.dedupe_docs(fake_process_batch(chunk))
        buffers = write.to_ipc(write.build_tables(docs, NOW))
        parts.append(write.from_ipc(pickle.loads(pickle.dumps(buffers))))
    joined = write.concat(parts)
    for name in write.ARTICLE_TABLE_ORDER:
        expected = write.conform(name, whole.get(name))
        assert write.conform(name, joined.get(name)).equals(expected), name
    assert joined["events"].num_rows > 9


def thread_pools(made: list[ThreadPoolExecutor]) -> Callable[[int, str | None], ThreadPoolExecutor]:
    """A ``make_pool`` stand-in with threads (no model loads), keeping every pool it makes."""
    def make(workers: int, model: str | None) -> ThreadPoolExecutor:
        made.append(ThreadPoolExecutor(workers))
        return made[-1]
    return make


def _ingest_rows(db: Path) -> list:
    with Store(db, read_only=True) as s:
        con = s._con
        return [con.execute("SELECT * EXCLUDE (ingested_at) FROM articles ORDER BY article_id").fetchall()] + [
            con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("events", "quotes", "mentions", "local_actors", "boilerplate", "actors", "actor_links")]


def test_pool_path_writes_the_same_tables_as_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in synthetic(50, 7, 0.1)))
    monkeypatch.setattr(local, "process_batch", fake_process_batch)
    monkeypatch.setattr(common, "process_batch", fake_process_batch)
    one = local.ingest([str(src)], tmp_path / "one.duckdb", workers=1, batch_size=12)

    pools: list[ThreadPoolExecutor] = []
    threads = thread_pools(pools)
    submitted: list[int] = []
    real = common.process_to_tables

    def counted(arts: list[Article], model: str | None, now: dt.datetime) -> common.TableBatch:
        submitted.append(len(arts))
        return real(arts, model, now)

    monkeypatch.setattr(local, "make_pool", threads)
    monkeypatch.setattr(local, "process_to_tables", counted)
    monkeypatch.setattr(common, "CHUNK_WORDS", 300)
    two = local.ingest([str(src)], tmp_path / "two.duckdb", workers=2, batch_size=12)
    assert pools, "the pool path was not taken"
    assert len(submitted) > 50 // 12 + 1  # batches were cut into several tasks
    assert (two.new, two.events, two.quotes, two.duplicates) == (one.new, one.events, one.quotes, one.duplicates)
    assert two.nlp_cpu_seconds > 0 and two.parent_cpu_seconds > 0
    assert _ingest_rows(tmp_path / "two.duckdb") == _ingest_rows(tmp_path / "one.duckdb")


def test_recycled_pools_write_the_same_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers are replaced every ``WORKER_RECYCLE_TASKS`` tasks (spaCy's vocabulary only grows):
    the pending batches are written first, so nothing is lost, repeated or reordered."""
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in synthetic(60, 11, 0.1)))
    monkeypatch.setattr(local, "process_batch", fake_process_batch)
    monkeypatch.setattr(common, "process_batch", fake_process_batch)
    one = local.ingest([str(src)], tmp_path / "one.duckdb", workers=1, batch_size=10)
    pools: list[ThreadPoolExecutor] = []
    monkeypatch.setattr(local, "make_pool", thread_pools(pools))
    monkeypatch.setattr(local, "WORKER_RECYCLE_TASKS", 3)
    monkeypatch.setattr(common, "CHUNK_WORDS", 300)
    two = local.ingest([str(src)], tmp_path / "two.duckdb", workers=2, batch_size=10)
    assert len(pools) >= 3, "the pool was never replaced"
    assert all(p._shutdown for p in pools)
    assert (two.new, two.events, two.quotes) == (one.new, one.events, one.quotes)
    assert _ingest_rows(tmp_path / "two.duckdb") == _ingest_rows(tmp_path / "one.duckdb")
