"""Materialised analysis timelines: written by the relink, read by the web, CLI and report.

An analysis timeline over a large corpus takes seconds (it reads and ranks every sentence), far
beyond a page load. The relink, which already rewrites the corpus-level tables, stores the
timelines people open first (``newsgraph.analyze.stored`` decides which and how), each with the
*data version* it was computed on. A reader serves a stored timeline only while the version still
matches, so a database written since (an ingest without relink, a light ingest) falls back to
computing it: a stale timeline is never shown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

#: what a timeline reads: append-only per-article tables are fingerprinted by their row counts
#: (plus the newest ingest time), the corpus-level tables the relink replaces wholesale by a hash
#: of their rows, so relinking the same data keeps the version and relinking changed data moves it.
_VERSION_SQL = """
SELECT (SELECT count(*) FROM articles), (SELECT max(ingested_at) FROM articles),
       (SELECT count(*) FROM events), (SELECT count(*) FROM mentions),
       (SELECT count(*) FROM boilerplate), (SELECT count(*) FROM date_refs),
       (SELECT count(*) FROM local_actors),
       (SELECT count(*) FROM articles WHERE n_dates IS NULL),
       (SELECT sum(hash(actor_id, name)) FROM actors),
       (SELECT sum(hash(link_key, actor_id)) FROM actor_links),
       (SELECT sum(hash(cluster_id, num_sources, num_articles)) FROM event_clusters),
       (SELECT sum(hash(cluster_id, event_id)) FROM event_cluster_members)
"""


@dataclass(frozen=True, slots=True)
class StoredTimeline:
    """One materialised timeline: its parameters (a canonical string), the entries as JSON in the
    order they were chosen, how many were computed, and the seconds it took."""

    params: str
    entries: str
    max_dates: int
    seconds: float = 0.0


class TimelineStoreMixin:
    """Reads and writes of ``stored_timelines`` for :class:`~newsgraph.store.Store`."""

    _con: duckdb.DuckDBPyConnection

    def corpus_chars(self) -> int:
        """Characters of article text in the store: what a whole-corpus timeline holds in memory."""
        cur = self._con.cursor()
        try:
            row = cur.execute("SELECT coalesce(sum(length(text)), 0) FROM articles").fetchone()
        finally:
            cur.close()
        return int(row[0]) if row else 0

    def timeline_data_version(self) -> str:
        """A fingerprint of everything a timeline reads; a few metadata-fast aggregates (ms)."""
        cur = self._con.cursor()
        try:
            row = cur.execute(_VERSION_SQL).fetchone()
        finally:
            cur.close()
        return hashlib.sha1(repr(row).encode()).hexdigest()[:20]

    def stored_timeline(self, params: str, data_version: str) -> StoredTimeline | None:
        """The timeline stored for ``params`` if it was computed on ``data_version``, else None."""
        cur = self._con.cursor()
        try:
            row = cur.execute("SELECT entries, max_dates, seconds FROM stored_timelines "
                              "WHERE params = ? AND data_version = ?", [params, data_version]).fetchone()
        except duckdb.CatalogException:  # a database older than the table (read through an old view)
            return None
        finally:
            cur.close()
        return None if row is None else StoredTimeline(params, row[0], int(row[1]), float(row[2] or 0.0))

    def replace_stored_timelines(self, data_version: str, timelines: Sequence[StoredTimeline]) -> None:
        """Drop every stored timeline and store ``timelines`` for ``data_version``, in one transaction."""
        with self.transaction() as con:  # type: ignore[attr-defined]
            con.execute("DELETE FROM stored_timelines")
            for t in timelines:
                con.execute("INSERT INTO stored_timelines VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP)",
                            [t.params, data_version, t.max_dates, t.entries, t.seconds])

    def stored_timeline_params(self) -> list[tuple[str, str]]:
        """(params, data_version) of every stored timeline, for tests and diagnostics."""
        return [(p, v) for p, v in self._con.execute(
            "SELECT params, data_version FROM stored_timelines ORDER BY params").fetchall()]
