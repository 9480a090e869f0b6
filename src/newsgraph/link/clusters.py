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
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
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


def split_windows(keys: Sequence[object], days: Sequence[int | None], exact: Sequence[bool | None]) -> list[int]:
    """Cluster number per row, for rows sorted by (key, day): the single pass.

    A new cluster starts when the key changes, when the row is undated (undated mentions are never
    merged), or when the row's day is past the window of the open cluster's first day.
    """
    out = [0] * len(keys)
    n = -1
    open_key: object = object()
    first: int | None = None
    first_exact = False
    for i, (k, d, x) in enumerate(zip(keys, days, exact, strict=True)):
        if (k != open_key or d is None or first is None
                or d - first > (DAY_WINDOW if first_exact and x else PUBLICATION_WINDOW)):
            n += 1
            open_key, first, first_exact = k, d, bool(x)
        out[i] = n
    return out


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
    sha1 = hashlib.sha1
    out = []
    for lo, hi, root, cameo, src, tgt, d0, d1, n_art, n_src, rep in zip(
            starts, ends, cols["root"], cols["cameo"], cols["source_id"], cols["target_id"], cols["date_start"],
            cols["date_end"], cols["num_articles"], cols["num_sources"], cols["representative_event_id"],
            strict=True):
        ids = (event_ids[lo],) if hi - lo == 1 else tuple(sorted(event_ids[lo:hi]))
        # same value as records.stable_id("cluster", *ids), inlined: it is the hot loop of a relink
        cid = sha1(("cluster\x1f" + "\x1f".join(ids)).encode("utf-8")).hexdigest()[:16]
        out.append(EventCluster(cid, ids, root, cameo, src, tgt, d0, d1, len(ids), n_art, n_src, rep))
    return out
