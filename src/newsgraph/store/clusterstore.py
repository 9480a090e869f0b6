"""The reads the event clusterer needs (see :mod:`newsgraph.link.clusters`).

Clustering is a single pass over events sorted by (grouping key, day). The grouping key (linked
source, linked target, CAMEO root, mode, coarse period) is reduced to one 64-bit hash before the
sort, because sorting a million rows on five strings with their payload took seconds where sorting
(hash, day, id) takes a fraction. Python walks only ints to cut the windows; the database then
aggregates each cluster (counts, dates, representative) in one GROUP BY. Member lists are not
aggregated at all: a cluster's members are contiguous in the sorted order, so Python slices them.

The engines' path (:meth:`ClusterMixin.cluster_member_batches` and
:meth:`ClusterMixin.write_cluster_rows`) never holds the corpus in Python or in one database
operator: the sorted events stream out in record batches carrying what each cluster's aggregates
need, Python closes each cluster as the single pass leaves it, and the finished clusters and
members are appended chunk by chunk in one transaction. DuckDB's sort spills past its memory
limit; nothing else it does grows with the corpus. (The previous path staged every assignment and
let one GROUP BY aggregate them all, whose hash tables grew with the number of clusters: +126 MB
at 100,000 events, out of the relink's 256 MB at 1,000,000; bench/README.md, Memory.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager

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


# the rows of _ORDER_SQL, in its order, with what each cluster's aggregates are computed from
# (``link.clusters.cluster_chunks`` reproduces _AGGREGATE_SQL on them, one cluster at a time)
_MEMBER_SQL = f"""
WITH ev AS ({_EV})
SELECT event_id,
       hash(source_group, target_group, root, mode,
            CASE WHEN precision IN ('month', 'year') THEN precision END) AS k,
       CAST(date_diff('day', DATE '1970-01-01', date) AS INTEGER) AS day,
       precision = 'day' AS exact,
       -coalesce(confidence, 0.0) AS rank, cameo, root, source_id, target_id, article_id, source_name
FROM ev
ORDER BY k, day, event_id
"""


#: suffix of the copies :meth:`ClusterMixin.write_cluster_rows` fills before swapping them in
_NEXT = "_ng_next"


class ClusterMixin:
    """Read methods of :class:`~newsgraph.store.Store` for event clustering."""

    _con: duckdb.DuckDBPyConnection
    transaction: Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]  # provided by Store
    _checkpoint_if_due: Callable[[], None]  # provided by Store

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

    def cluster_member_batches(self, rows: int) -> Iterator[pa.RecordBatch]:
        """The events in :meth:`cluster_event_order`'s order, ``rows`` at a time, each with its
        aggregate inputs (negated confidence, cameo, root, linked actor ids, article, outlet):
        DuckDB sorts (spilling past its memory limit) and Python sees one batch at a time."""
        cur = self._con.cursor()
        try:
            yield from cur.execute(_MEMBER_SQL).to_arrow_reader(rows)
        finally:
            cur.close()

    def write_cluster_rows(self, chunks: Iterable[tuple[pa.Table, pa.Table]]) -> int:
        """Replace the stored clusters with streamed (event_clusters rows, event_cluster_members rows)
        chunks, in order and atomically like ``replace_clusters``; returns the number of clusters.

        The chunks go into fresh copies of both tables (same definition), one small committed insert
        each, checkpointed as the WAL grows; one transaction then swaps the copies in. Appending
        them inside that transaction instead kept every new row in DuckDB's memory until the commit
        (+130 MB at 1,000,000 events). Readers see the old clusters until the swap, the new after.
        """
        con = self._con
        tables = ("event_clusters", "event_cluster_members")
        indexes: list[str] = []
        for name in tables:
            row = con.execute("SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
                              [name]).fetchone()
            ddl = str(row[0]) if row else ""
            if not ddl.startswith(f"CREATE TABLE {name}("):
                raise RuntimeError(f"unexpected definition of {name}: {ddl[:80]}")
            indexes += [str(r[0]) for r in con.execute(
                "SELECT sql FROM duckdb_indexes() WHERE schema_name = 'main' AND table_name = ? AND sql IS NOT NULL",
                [name]).fetchall()]
            con.execute(f"DROP TABLE IF EXISTS {name}{_NEXT}")
            con.execute(ddl.replace(f"CREATE TABLE {name}(", f"CREATE TABLE {name}{_NEXT}(", 1))
        n = 0
        try:
            for clusters, members in chunks:
                n += clusters.num_rows
                for name, tbl in zip(tables, (clusters, members), strict=True):
                    if tbl.num_rows:
                        con.register("_ng_cluster_chunk", tbl)
                        try:
                            con.execute(f"INSERT INTO {name}{_NEXT} SELECT * FROM _ng_cluster_chunk")
                        finally:
                            con.unregister("_ng_cluster_chunk")
                self._checkpoint_if_due()
            with self.transaction() as tx:
                mark_stale(tx)
                for name in tables:
                    tx.execute(f"DROP TABLE {name}")
                    tx.execute(f"ALTER TABLE {name}{_NEXT} RENAME TO {name}")
                for ddl in indexes:
                    tx.execute(ddl)
        finally:
            for name in tables:
                con.execute(f"DROP TABLE IF EXISTS {name}{_NEXT}")
        return n
