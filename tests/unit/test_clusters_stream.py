"""The streaming cluster writer stores exactly what the in-memory clusterer returns.

``write_clusters`` (what the engines run) reads the sorted events in record batches and carries the
open cluster across batch edges; tiny batch sizes put cluster boundaries on and around every edge.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from tests.unit.test_clusters import build, doc, ev

from newsgraph.link.clusters import cluster_chunks, cluster_events, split_windows, write_clusters
from newsgraph.records import DocRecords, stable_id
from newsgraph.store import EventCluster, Store
from newsgraph.store.synthetic import make_docs

KEYS = ["kb:USA", "country:USA", "kb:IRQ", "person:maliki", "org:isis", "org:unknown", None]


def mixed_docs(n: int, seed: int = 7) -> list[DocRecords]:
    """Articles whose events vary every clustering input: dyads, roots, modes, precisions, dates."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        aid = f"m{i:03d}"
        events = []
        for k in range(rnd.randint(1, 6)):
            precision = rnd.choice(["day", "day", "day", "publication", "month", None])
            day = rnd.randint(1, 20)
            date = None if precision is None else (f"2014-06-{day:02d}" if precision != "month" else "2014-06")
            events.append(ev(aid, k, rnd.choice(KEYS), rnd.choice(KEYS), rnd.choice(["190", "193", "042", "051"]),
                             date, precision, negated=rnd.random() < 0.1,
                             modality=rnd.choice([None, None, None, "reported", "hypothetical"]),
                             confidence=rnd.choice([0.3, 0.5, 0.9])))
        out.append(doc(aid, rnd.choice(["Reuters", "AP", None]), f"2014-06-{rnd.randint(1, 22):02d}", events))
    return out


def stored(store: Store) -> tuple[list[tuple], list[tuple]]:
    """Both cluster tables in storage order."""
    con = store._con
    return (con.execute("SELECT * FROM event_clusters").fetchall(),
            con.execute("SELECT * FROM event_cluster_members").fetchall())


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Store]:
    docs = mixed_docs(60) + make_docs(25, events=9)
    store = build(tmp_path, docs)
    yield store
    store.close()


def test_streamed_clusters_equal_in_memory_clusters(corpus: Store) -> None:
    reference = cluster_events(corpus)
    corpus.replace_clusters(reference)
    expected = stored(corpus)
    assert len(reference) > 40 and max(c.num_mentions for c in reference) >= 10  # big and small clusters
    for rows in (1, 2, 3, 5, 64, 10_000):
        corpus.replace_clusters([EventCluster("stale", (reference[0].event_ids[0],))])
        assert write_clusters(corpus, batch_rows=rows) == len(reference)
        assert stored(corpus) == expected, f"batch_rows={rows}"


def test_member_batches_keep_the_order(corpus: Store) -> None:
    whole = corpus.cluster_event_order()
    parts = pa.Table.from_batches(list(corpus.cluster_member_batches(7)))
    assert parts.select(whole.column_names).equals(whole.cast(parts.select(whole.column_names).schema))


def _rows(**cols: list) -> pa.RecordBatch:
    n = len(cols["event_id"])
    base = {"exact": [True] * n, "rank": [-0.5] * n, "cameo": ["190"] * n, "root": ["19"] * n,
            "source_id": ["A"] * n, "target_id": [None] * n, "article_id": ["x"] * n, "source_name": ["s"] * n}
    return pa.RecordBatch.from_pydict({**base, **cols})


def test_cluster_chunks_carry_the_open_cluster_across_batches() -> None:
    rows = {"event_id": ["e3", "e1", "e2", "e0", "e5", "e4"], "k": [1, 1, 1, 1, 2, 2],
            "day": [10, 10, 11, 14, 3, None], "rank": [-0.5, -0.9, -0.9, -0.5, -0.5, -0.5],
            "article_id": ["a1", "a2", "a1", "a3", "a4", "a5"]}
    numbers = split_windows(rows["k"], rows["day"], [True] * 6)
    assert numbers == [0, 0, 0, 1, 2, 3]
    table = pa.Table.from_batches([_rows(**rows)])
    for size in (1, 2, 4, 6):
        for chunk_rows in (1, 3, 100):
            chunks = list(cluster_chunks(table.to_batches(max_chunksize=size), chunk_rows))
            clusters = pa.concat_tables([c for c, _ in chunks]).to_pylist()
            members = pa.concat_tables([m for _, m in chunks]).to_pylist()
            assert [c["cluster_id"] for c in clusters] == [
                stable_id("cluster", "e1", "e2", "e3"), stable_id("cluster", "e0"), stable_id("cluster", "e5"),
                stable_id("cluster", "e4")]  # each cluster closed exactly once, in order
            first = clusters[0]
            # most confident, then earliest, then smallest id: e1 (-0.9, day 10) beats e2 (day 11)
            assert first["representative_event_id"] == "e1"
            assert (first["num_mentions"], first["num_articles"], first["num_sources"]) == (3, 2, 1)
            assert (str(first["date_start"]), str(first["date_end"])) == ("1970-01-11", "1970-01-12")
            assert clusters[3]["date_start"] is None and clusters[3]["num_mentions"] == 1
            assert [m["event_id"] for m in members] == ["e1", "e2", "e3", "e0", "e5", "e4"]
            if chunk_rows == 1:
                assert len(chunks) == 4  # one chunk per closed cluster: nothing waits for the end


def test_empty_store_clears_clusters(tmp_path: Path) -> None:
    with build(tmp_path, [doc("a1", "X", "2014-06-12", [ev("a1", 0, "kb:USA", "kb:IRQ", "190", "2014-06-12")])]) \
            as store:
        write_clusters(store)
        assert stored(store)[0]
        store._con.execute("DELETE FROM events")
        assert write_clusters(store) == 0
        assert stored(store) == ([], [])


def test_failed_rewrite_keeps_the_old_clusters(corpus: Store) -> None:
    """The new clusters fill copies of the tables, swapped in at the end: a failure half-way leaves
    the stored clusters as they were, and no copy behind."""
    from newsgraph.link.clusters import cluster_chunks

    write_clusters(corpus)
    before = stored(corpus)

    def failing() -> Iterator[tuple[pa.Table, pa.Table]]:
        chunks = cluster_chunks(corpus.cluster_member_batches(5), 5)
        yield next(chunks)
        raise RuntimeError("killed half-way")

    with pytest.raises(RuntimeError):
        corpus.write_cluster_rows(failing())
    assert stored(corpus) == before
    names = {r[0] for r in corpus._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert not {n for n in names if n.startswith("event_cluster") and n.endswith("_ng_next")}
    write_clusters(corpus, batch_rows=3)
    assert stored(corpus) == before
