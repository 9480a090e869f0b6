"""One happening, many reports: event mentions grouped into event clusters, GDELT style.

Two mentions report the same happening when they have the same (linked) source actor, the same
target actor, the same CAMEO root, the same mode (negated, hypothetical, threatened and future
events never join asserted ones: "did not attack" is not a report of the attack), and dates close
enough. Mentions dated only by their article's publication date get a wider window because the
happening may predate the report by a day or two; month/year-precision dates only meet the same
period. Counts follow GDELT: ``num_mentions`` mentions, ``num_articles`` distinct articles,
``num_sources`` distinct outlets. Every event lands in exactly one cluster, singletons included,
so every mention stays evidence of its happening.

The store hands over the events sorted by (grouping key, day), so clustering is one pass: a cluster
stays open while new mentions fall within the window of its first date. Anchoring on the first date
(rather than chaining to the last) keeps a run of daily clashes from fusing into one month-long
"happening". The representative mention is the most confident, then the earliest.

Two entry points give the same clusters: :func:`cluster_events` returns them as objects (tests,
small stores; the database aggregates), and :func:`write_clusters`, which the engines use, streams
the sorted events with their aggregate inputs in record batches, computes each cluster's row when
the pass closes it (:func:`cluster_chunks`) and appends clusters and members chunk by chunk, so
a relink's memory does not grow with the number of events or clusters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import pyarrow as pa

from newsgraph.store.types import EventCluster

#: days after a cluster's first date for mentions dated to the day
DAY_WINDOW = 2
#: the same when either date is only the publication date (or inferred, or a week)
PUBLICATION_WINDOW = 3


class ClusterSource(Protocol):
    def cluster_event_order(self) -> pa.Table: ...

    def cluster_aggregates(self, assignment: pa.Table) -> pa.Table: ...


def window(exact_a: bool, exact_b: bool) -> int:
    """Days two mentions may be apart and still report one happening."""
    return DAY_WINDOW if exact_a and exact_b else PUBLICATION_WINDOW


@dataclass(slots=True)
class WindowState:
    """The open cluster of the single pass, carried from one batch of sorted rows to the next."""

    number: int = -1
    key: object = field(default_factory=object)
    first: int | None = None
    first_exact: bool = False


def split_windows(keys: Sequence[object], days: Sequence[int | None], exact: Sequence[bool | None],
                  state: WindowState | None = None) -> list[int]:
    """Cluster number per row, for rows sorted by (key, day): the single pass.

    A new cluster starts when the key changes, when the row is undated (undated mentions are never
    merged), or when the row's day is past the window of the open cluster's first day. Passing the
    same ``state`` for consecutive batches numbers them as if they were one sequence.
    """
    st = state if state is not None else WindowState()
    out = [0] * len(keys)
    n, open_key, first, first_exact = st.number, st.key, st.first, st.first_exact
    for i, (k, d, x) in enumerate(zip(keys, days, exact, strict=True)):
        if (k != open_key or d is None or first is None
                or d - first > (DAY_WINDOW if first_exact and x else PUBLICATION_WINDOW)):
            n += 1
            open_key, first, first_exact = k, d, bool(x)
        out[i] = n
    st.number, st.key, st.first, st.first_exact = n, open_key, first, first_exact
    return out


def cluster_id(ids: Sequence[str]) -> str:
    """``records.stable_id("cluster", *sorted(ids))``, inlined: it is the hot loop of a relink."""
    joined = ids[0] if len(ids) == 1 else "\x1f".join(sorted(ids))
    return hashlib.sha1(("cluster\x1f" + joined).encode("utf-8")).hexdigest()[:16]


def cluster_events(store: ClusterSource) -> list[EventCluster]:
    """Every stored event in exactly one cluster, for ``Store.replace_clusters``."""
    order = store.cluster_event_order()
    if order.num_rows == 0:
        return []
    numbers = split_windows(order.column("k").to_pylist(), order.column("day").to_pylist(),
                            order.column("exact").to_pylist())
    assignment = pa.table({"event_id": order.column("event_id"), "cluster_no": pa.array(numbers, pa.int64())})
    agg = store.cluster_aggregates(assignment)
    cols = {name: agg.column(name).to_pylist() for name in agg.column_names}
    event_ids = order.column("event_id").to_pylist()
    starts = [0, *(i for i in range(1, len(numbers)) if numbers[i] != numbers[i - 1])]
    ends = [*starts[1:], len(numbers)]
    out = []
    for lo, hi, root, cameo, src, tgt, d0, d1, n_art, n_src, rep in zip(
            starts, ends, cols["root"], cols["cameo"], cols["source_id"], cols["target_id"], cols["date_start"],
            cols["date_end"], cols["num_articles"], cols["num_sources"], cols["representative_event_id"],
            strict=True):
        ids = (event_ids[lo],) if hi - lo == 1 else tuple(sorted(event_ids[lo:hi]))
        out.append(EventCluster(cluster_id(ids), ids, root, cameo, src, tgt, d0, d1, len(ids), n_art, n_src, rep))
    return out


#: sorted events read per record batch by :func:`write_clusters` (and cluster rows written per
#: chunk): Python holds about this many rows' values at a time
BATCH_ROWS = 16_384


class ClusterSink(Protocol):
    def cluster_member_batches(self, rows: int) -> Iterator[pa.RecordBatch]: ...

    def write_cluster_rows(self, chunks: Iterable[tuple[pa.Table, pa.Table]]) -> int: ...


@dataclass(slots=True)
class _Open:
    """The members of the cluster the pass has not closed yet (it may span record batches)."""

    ids: list[str] = field(default_factory=list)
    ranks: list[tuple[float, int | None, str, str | None]] = field(default_factory=list)
    days: list[int] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    first: tuple[str | None, str | None, str | None] = (None, None, None)  # root, source_id, target_id


class _Rows:
    """Finished cluster and member rows, column by column, in the pass's (cluster number) order."""

    def __init__(self) -> None:
        self.clusters: dict[str, list] = {}
        self.members: dict[str, list] = {}
        self._reset()

    def _reset(self) -> None:
        from newsgraph.store import write

        self.clusters = write.columns("event_clusters")
        self.members = write.columns("event_cluster_members")

    def close(self, c: _Open) -> None:
        """The cluster's row, the aggregates ``store.clusterstore._AGGREGATE_SQL`` computes: the
        representative is the most confident member, then the earliest, then the smallest id."""
        ids = sorted(c.ids)
        cid = cluster_id(ids)
        _rank, _day, rep, cameo = min(c.ranks, key=lambda r: (r[0], r[1] is None, r[1] or 0, r[2]))
        root, source_id, target_id = c.first
        for name, value in (("cluster_id", cid), ("root", root or None), ("cameo", cameo),
                            ("source_id", source_id), ("target_id", target_id),
                            ("date_start", min(c.days) if c.days else None),
                            ("date_end", max(c.days) if c.days else None), ("num_mentions", len(ids)),
                            ("num_articles", len(c.articles)), ("num_sources", len(c.sources)),
                            ("representative_event_id", rep)):
            self.clusters[name].append(value)
        self.members["cluster_id"] += [cid] * len(ids)
        self.members["event_id"] += ids

    def take(self) -> tuple[pa.Table, pa.Table]:
        from newsgraph.store import write

        # dates are days since 1970, which is what Arrow's date32 holds
        out = (write.table("event_clusters", self.clusters), write.table("event_cluster_members", self.members))
        self._reset()
        return out


def cluster_chunks(batches: Iterable[pa.RecordBatch], rows: int = BATCH_ROWS) -> Iterator[tuple[pa.Table, pa.Table]]:
    """(event_clusters rows, event_cluster_members rows) of the clusters the single pass closes,
    about ``rows`` members per chunk, from ``Store.cluster_member_batches`` output.

    A cluster's members are contiguous in the sorted order, so only the open cluster is carried
    from one batch to the next; the last cluster closes when the batches end.
    """
    state = WindowState()
    out = _Rows()
    cur = _Open()
    open_no = -1
    for batch in batches:
        if batch.num_rows == 0:
            continue
        col = {name: batch.column(name).to_pylist() for name in batch.schema.names}
        numbers = split_windows(col["k"], col["day"], col["exact"], state)
        for i, no in enumerate(numbers):
            if no != open_no:
                if cur.ids:
                    out.close(cur)
                    if len(out.members["event_id"]) >= rows:
                        yield out.take()
                cur, open_no = _Open(first=(col["root"][i], col["source_id"][i], col["target_id"][i])), no
            eid, day = col["event_id"][i], col["day"][i]
            cur.ids.append(eid)
            cur.ranks.append((col["rank"][i], day, eid, col["cameo"][i]))
            if day is not None:
                cur.days.append(day)
            cur.articles.add(col["article_id"][i])
            cur.sources.add(col["source_name"][i])
    if cur.ids:
        out.close(cur)
    if out.members["event_id"]:
        yield out.take()


def write_clusters(store: ClusterSink, batch_rows: int = BATCH_ROWS) -> int:
    """Cluster every stored event and replace the stored clusters (same result as writing
    :func:`cluster_events` with ``Store.replace_clusters``) in memory bounded by ``batch_rows`` and
    the largest cluster; returns the number of clusters."""
    return store.write_cluster_rows(cluster_chunks(store.cluster_member_batches(batch_rows), batch_rows))
