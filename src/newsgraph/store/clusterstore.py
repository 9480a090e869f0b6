"""The reads the event clusterer needs (see :mod:`newsgraph.link.clusters`).

Clustering is a single pass over events sorted by (grouping key, day). The grouping key (linked
source, linked target, CAMEO root, mode, coarse period) is reduced to one 64-bit hash before the
sort, because sorting a million rows on five strings with their payload took seconds where sorting
(hash, day, id) takes a fraction. Python walks only ints to cut the windows; the database then
aggregates each cluster (counts, dates, representative) in one GROUP BY. Member lists are not
aggregated at all: a cluster's members are contiguous in the sorted order, so Python slices them.

The engines' path (:meth:`ClusterMixin.write_cluster_assignments`) never holds the corpus in
Python: the sorted events stream out in record batches, and the per-batch (event, cluster number)
and (cluster number, cluster id) rows go to temporary tables, from which one transaction writes
the clusters (aggregated in SQL) and their members. DuckDB spills what exceeds its memory limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager

import duckdb
import pyarrow as pa

from newsgraph.store.relagg import mark_stale

_EV = """
    SELECT e.event_id, e.article_id, e.cameo, e.confidence, ls.actor_id AS source_id, lt.actor_id AS target_id,
           -- unlinked actors still group by their article-level key, never with a linked actor
           coalesce('a:' || ls.actor_id, 'k:' || e.source_key, '') AS source_group,
           coalesce('a:' || lt.actor_id, 'k:' || e.target_key, '') AS target_group,
           coalesce(e.root, left(e.cameo, 2), '') AS root,
           -- reported speech is still an assertion; negation and each modality stay apart
           CASE WHEN e.negated THEN 'negated:' || coalesce(e.modality, '')
                WHEN e.modality IS NULL OR e.modality = 'reported' THEN 'asserted'
                ELSE e.modality END AS mode,
           coalesce(e.date, a.article_date, a.published) AS date,
           CASE WHEN e.date IS NULL THEN 'publication' ELSE coalesce(e.date_precision, 'publication') END
               AS precision,
           coalesce(nullif(a.outlet, ''), nullif(regexp_extract(a.url, '^[a-z]+://(?:www\\.)?([^/:]+)', 1), ''),
                    'article:' || a.article_id) AS source_name
    FROM events e
    JOIN articles a USING (article_id)
    LEFT JOIN actor_links ls ON ls.link_key = e.source_key
    LEFT JOIN actor_links lt ON lt.link_key = e.target_key
"""

_ORDER_SQL = f"""
WITH ev AS ({_EV})
SELECT event_id,
       -- month/year-precision dates only meet dates of the same period and precision
       hash(source_group, target_group, root, mode,
            CASE WHEN precision IN ('month', 'year') THEN precision END) AS k,
       CAST(date_diff('day', DATE '1970-01-01', date) AS INTEGER) AS day,
       precision = 'day' AS exact
FROM ev
ORDER BY k, day, event_id
"""

_AGGREGATE_SQL = f"""
WITH ev AS ({_EV})
SELECT m.cluster_no,
       nullif(any_value(ev.root), '') AS root,
       arg_min(ev.cameo, {{'c': -coalesce(ev.confidence, 0.0), 'd': ev.date, 'e': ev.event_id}}) AS cameo,
       any_value(ev.source_id) AS source_id,
       any_value(ev.target_id) AS target_id,
       CAST(min(ev.date) AS VARCHAR) AS date_start,
       CAST(max(ev.date) AS VARCHAR) AS date_end,
       CAST(count(DISTINCT ev.article_id) AS INTEGER) AS num_articles,
       CAST(count(DISTINCT ev.source_name) AS INTEGER) AS num_sources,
       arg_min(ev.event_id, {{'c': -coalesce(ev.confidence, 0.0), 'd': ev.date, 'e': ev.event_id}})
           AS representative_event_id
FROM ev JOIN _ng_cluster_assign m ON m.event_id = ev.event_id
GROUP BY m.cluster_no
ORDER BY m.cluster_no
"""


_AGG_COLUMNS = """
       nullif(any_value(ev.root), '') AS root,
       arg_min(ev.cameo, {'c': -coalesce(ev.confidence, 0.0), 'd': ev.date, 'e': ev.event_id}) AS cameo,
       any_value(ev.source_id) AS source_id,
       any_value(ev.target_id) AS target_id,
       min(ev.date) AS date_start,
       max(ev.date) AS date_end,
       CAST(count(*) AS INTEGER) AS num_mentions,
       CAST(count(DISTINCT ev.article_id) AS INTEGER) AS num_articles,
       CAST(count(DISTINCT ev.source_name) AS INTEGER) AS num_sources,
       arg_min(ev.event_id, {'c': -coalesce(ev.confidence, 0.0), 'd': ev.date, 'e': ev.event_id})
           AS representative_event_id
"""

_CLUSTER_COLUMNS = ("cluster_id, root, cameo, source_id, target_id, date_start, date_end, num_mentions, "
                    "num_articles, num_sources, representative_event_id")

# the same aggregates as _AGGREGATE_SQL, written straight into event_clusters in cluster order
_INSERT_CLUSTERS_SQL = f"""
INSERT INTO event_clusters ({_CLUSTER_COLUMNS})
WITH ev AS ({_EV}),
agg AS (
    SELECT m.cluster_no, {_AGG_COLUMNS}
    FROM ev JOIN _ng_cluster_assign m ON m.event_id = ev.event_id
    GROUP BY m.cluster_no
)
SELECT {_CLUSTER_COLUMNS} FROM agg JOIN _ng_cluster_ids USING (cluster_no) ORDER BY cluster_no
"""

# members in cluster order, each cluster's ids sorted (the order EventCluster.event_ids has)
_INSERT_MEMBERS_SQL = """
INSERT INTO event_cluster_members (cluster_id, event_id)
SELECT i.cluster_id, m.event_id
FROM _ng_cluster_assign m JOIN _ng_cluster_ids i USING (cluster_no)
ORDER BY m.cluster_no, m.event_id
"""


class ClusterMixin:
    """Read methods of :class:`~newsgraph.store.Store` for event clustering."""

    _con: duckdb.DuckDBPyConnection
    transaction: Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]  # provided by Store

    def cluster_event_order(self) -> pa.Table:
        """(event_id, k, day, exact) for every event, sorted so a happening's mentions are adjacent:
        ``k`` hashes the grouping key, ``day`` counts days since 1970 (NULL when undated), ``exact``
        says the date is day-precise (else publication-dated, inferred or coarser)."""
        cur = self._con.cursor()
        try:
            return cur.execute(_ORDER_SQL).to_arrow_table()
        finally:
            cur.close()

    def cluster_aggregates(self, assignment: pa.Table) -> pa.Table:
        """Per cluster_no of an (event_id, cluster_no) assignment: root, representative's cameo, linked
        actor ids, date range, distinct articles and outlets, representative event id."""
        cur = self._con.cursor()
        cur.register("_ng_cluster_assign", assignment)
        try:
            return cur.execute(_AGGREGATE_SQL).to_arrow_table()
        finally:
            cur.unregister("_ng_cluster_assign")
            cur.close()

    def cluster_event_batches(self, rows: int) -> Iterator[pa.RecordBatch]:
        """The rows of :meth:`cluster_event_order`, in the same order, ``rows`` at a time: DuckDB
        sorts (spilling past its memory limit) and Python sees one batch at a time."""
        cur = self._con.cursor()
        try:
            reader = cur.execute(_ORDER_SQL).to_arrow_reader(rows)
            yield from reader
        finally:
            cur.close()

    @contextmanager
    def _staging(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self._con
        con.execute("CREATE OR REPLACE TEMP TABLE _ng_cluster_assign (event_id VARCHAR, cluster_no BIGINT)")
        con.execute("CREATE OR REPLACE TEMP TABLE _ng_cluster_ids (cluster_no BIGINT, cluster_id VARCHAR)")
        try:
            yield con
        finally:
            con.execute("DROP TABLE IF EXISTS temp._ng_cluster_assign")
            con.execute("DROP TABLE IF EXISTS temp._ng_cluster_ids")

    def write_cluster_assignments(self, chunks: Iterable[tuple[pa.Table, pa.Table]]) -> int:
        """Replace the stored clusters from streamed ((event_id, cluster_no), (cluster_no, cluster_id))
        chunks, atomically like ``replace_clusters``; returns the number of clusters.

        Only one chunk is in Python at a time; the aggregates are the ones :meth:`cluster_aggregates`
        computes, so the result equals ``replace_clusters(cluster_events(store))``.
        """
        with self._staging() as con:
            for assign, ids in chunks:
                for name, tbl in (("_ng_cluster_assign", assign), ("_ng_cluster_ids", ids)):
                    if tbl.num_rows:
                        con.register("_ng_cluster_chunk", tbl)
                        try:
                            con.execute(f"INSERT INTO {name} SELECT * FROM _ng_cluster_chunk")
                        finally:
                            con.unregister("_ng_cluster_chunk")
            with self.transaction() as tx:
                mark_stale(tx)
                tx.execute("DELETE FROM event_cluster_members")
                tx.execute("DELETE FROM event_clusters")
                tx.execute(_INSERT_CLUSTERS_SQL)
                tx.execute(_INSERT_MEMBERS_SQL)
            row = con.execute("SELECT count(*) FROM _ng_cluster_ids").fetchone()
        return int(row[0]) if row else 0
