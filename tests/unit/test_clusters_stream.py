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

from newsgraph.link.clusters import assignment_chunks, cluster_events, split_windows, write_clusters
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


def test_record_batches_keep_the_order(corpus: Store) -> None:
    whole = corpus.cluster_event_order()
    parts = pa.Table.from_batches(list(corpus.cluster_event_batches(7)))
    assert parts.equals(whole.cast(parts.schema))


def test_assignment_chunks_carry_the_open_cluster_across_batches() -> None:
    schema = pa.schema([("event_id", pa.string()), ("k", pa.int64()), ("day", pa.int32()), ("exact", pa.bool_())])
    rows = {"event_id": ["e3", "e1", "e2", "e0", "e5", "e4"], "k": [1, 1, 1, 1, 2, 2],
            "day": [10, 10, 11, 14, 3, None], "exact": [True] * 6}
    table = pa.Table.from_pydict(rows, schema)
    numbers = split_windows(rows["k"], rows["day"], rows["exact"])
    for size in (1, 2, 4, 6):
        chunks = list(assignment_chunks(table.to_batches(max_chunksize=size)))
        got = [n for a, _ in chunks for n in a.column("cluster_no").to_pylist()]
        ids = {n: c for _, i in chunks for n, c in zip(i.column("cluster_no").to_pylist(),
                                                       i.column("cluster_id").to_pylist(), strict=True)}
        assert got == numbers == [0, 0, 0, 1, 2, 3]
        assert sorted(ids) == [0, 1, 2, 3]  # each cluster closed exactly once
        assert ids[0] == stable_id("cluster", "e1", "e2", "e3")


def test_empty_store_clears_clusters(tmp_path: Path) -> None:
    with build(tmp_path, [doc("a1", "X", "2014-06-12", [ev("a1", 0, "kb:USA", "kb:IRQ", "190", "2014-06-12")])]) \
            as store:
        write_clusters(store)
        assert stored(store)[0]
        store._con.execute("DELETE FROM events")
        assert write_clusters(store) == 0
        assert stored(store) == ([], [])
