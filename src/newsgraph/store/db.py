"""The Store: opening, locking, migrating and writing the DuckDB database.

Only this package writes SQL. Writers get one transaction per batch, so a crash (even
``kill -9``) leaves only whole batches behind: DuckDB's WAL replays committed transactions and
drops the rest on the next open.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TypeVar

import duckdb
import pyarrow as pa

from newsgraph import settings
from newsgraph.records import Actor, DocRecords
from newsgraph.store import relagg, schema, sql, write
from newsgraph.store.analytics import AnalyticsMixin
from newsgraph.store.clusterstore import ClusterMixin
from newsgraph.store.dedupstore import DedupMixin
from newsgraph.store.export import ExportMixin
from newsgraph.store.linkstore import LinkMixin
from newsgraph.store.queries import QueryMixin
from newsgraph.store.relstore import RelationsMixin
from newsgraph.store.search import SearchMixin
from newsgraph.store.timelinestore import TimelineStoreMixin
from newsgraph.store.types import EventCluster, NotADatabase, StoreBusy, StoreError, WriteStats
from newsgraph.store.webqueries import WebQueriesMixin

log = logging.getLogger(__name__)
T = TypeVar("T")

_OPEN_WRITERS: set[str] = set()
_OPEN_LOCK = threading.Lock()
_PID_RE = re.compile(r"\(PID (\d+)\)")
#: write-ahead log size after which a writer checkpoints (see ``Store.transaction``)
CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024
#: DuckDB memory limit of ``Store.settle`` (the relink's checkpoints between phases): the ingest's
#: batch-loop limit (``engines.local.INGEST_DB_MEMORY``), so settling evicts what the phase cached
SETTLE_MEMORY = "32MB"


def _size(value: str) -> str:
    """A memory size as DuckDB prints and parses it ("64MB", "953.6 MiB"); nothing else gets through."""
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]?i?B", value.strip()):
        raise ValueError(f"not a memory size: {value!r}")
    return value.strip()


class Store(QueryMixin, ExportMixin, SearchMixin, WebQueriesMixin, AnalyticsMixin, RelationsMixin, DedupMixin,
            ClusterMixin, LinkMixin, TimelineStoreMixin):
    """A newsgraph database file. Use as a context manager so the file lock is always released."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._outer_limit: str | None = None  # the memory limit a ``memory_limit`` block lowered
        self._key = str(self.path.resolve())
        self._con = self._connect()
        try:
            self.schema_version = self._prepare_schema()
        except BaseException:
            self.close()
            raise

    # -- opening ---------------------------------------------------------------------------
    def _connect(self) -> duckdb.DuckDBPyConnection:
        if not self.read_only:
            with _OPEN_LOCK:
                if self._key in _OPEN_WRITERS:
                    raise StoreBusy(f"database {self.path} is already open for writing in this process")
                _OPEN_WRITERS.add(self._key)
        elif not self.path.exists():
            raise StoreError(f"no database at {self.path} (run an ingest first)")
        try:
            if not self.read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # DuckDB keeps written pages cached up to 80% of RAM by default; a cap keeps an ingest's
            # memory flat however large the corpus grows (the setting is documented in the README).
            config = {"memory_limit": settings.get("DB_MEMORY")}
            return duckdb.connect(str(self.path), read_only=self.read_only, config=config)
        except (duckdb.IOException, duckdb.ConnectionException) as e:
            self._release()
            raise self._translate(e) from e
        except BaseException:
            self._release()
            raise

    def _translate(self, e: Exception) -> StoreError:
        msg = str(e)
        if "not a valid DuckDB database" in msg or "not a DuckDB" in msg:
            return NotADatabase(f"{self.path} is not a newsgraph (DuckDB) database file")
        if "lock" in msg.lower():
            m = _PID_RE.search(msg)
            who = f"pid {m[1]}" if m else "pid unknown"
            if self.read_only:
                return StoreBusy(f"database {self.path} is being written by another process ({who}); "
                                 "read it when that process has finished")
            return StoreBusy(f"database {self.path} is being written by another process ({who}?), "
                             "or held open by a reader such as the web server")
        if "different configuration" in msg:
            return StoreBusy(f"database {self.path} is already open in this process with another mode "
                             "(read-only vs writable)")
        return StoreError(f"cannot open database {self.path}: {msg}")

    def _prepare_schema(self) -> int:
        if self.read_only:
            version = schema.current_version(self._con)
            if version < len(schema.MIGRATIONS):
                raise StoreError(f"database {self.path} has schema version {version}, this newsgraph needs "
                                 f"{len(schema.MIGRATIONS)}; open it once for writing to upgrade")
            return version
        return schema.migrate(self._con)

    def _release(self) -> None:
        if not self.read_only:
            with _OPEN_LOCK:
                _OPEN_WRITERS.discard(self._key)

    def close(self) -> None:
        con = getattr(self, "_con", None)
        if con is not None:
            con.close()
            self._con = None  # type: ignore[assignment]
            self._release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def cursor(self) -> Store:
        """A Store view on its own DuckDB cursor: DuckDB connections are not shared across threads."""
        view = object.__new__(Store)
        view.path, view.read_only, view._key = self.path, True, self._key
        view.schema_version = self.schema_version
        view._con = self._con.cursor()
        return view

    # -- writing ---------------------------------------------------------------------------
    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"database {self.path} is open read-only")

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: any exception rolls back, so no half-written batch can remain."""
        self._require_writable()
        self._con.begin()
        try:
            yield self._con
        except BaseException:
            self._con.rollback()
            raise
        self._con.commit()
        self._checkpoint_if_due()

    @contextmanager
    def memory_limit(self, limit: str | None) -> Iterator[None]:
        """DuckDB's memory limit set to ``limit`` (e.g. ``"64MB"``) inside the block, restored after.

        DuckDB keeps the blocks it has read cached up to its limit; an ingest scans growing columns
        every batch (known ids, content hashes, LSH bands), so with the default limit its memory
        grew with the corpus. Engines lower it for an ingest; DuckDB spills what sorts and joins
        need beyond it to its temp directory. None leaves the limit alone.
        """
        if limit is None:
            yield
            return
        before = self._con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        outer, self._outer_limit = self._outer_limit, before
        self._con.execute(f"SET memory_limit = '{_size(limit)}'")
        try:
            yield
        finally:
            self._outer_limit = outer
            try:
                self._con.execute(f"SET memory_limit = '{_size(before)}'")
            except duckdb.OutOfMemoryException:  # back to a lower limit than what is now in use
                log.warning("DuckDB could not return to memory limit %s; keeping %s", before, limit)

    def with_memory_fallback(self, step: Callable[[], T]) -> T:
        """Run ``step``; if DuckDB runs out of a lowered ``memory_limit``, run it once more under
        the limit that was in force before it was lowered.

        The small limits of an ingest keep its memory flat on ordinary batches, but one batch of
        long articles with many events can need more than them (a batch of 64 Timeline17
        articles did at 32 MB); failing the ingest there would be worse than a brief peak. Steps
        are transactions (rolled back on the error) or recomputations, so running again is safe.
        """
        try:
            return step()
        except duckdb.OutOfMemoryException:
            if self._outer_limit is None:
                raise
            log.warning("DuckDB ran out of its lowered memory limit; retrying under %s", self._outer_limit)
            with self.memory_limit(self._outer_limit):
                return step()

    def checkpoint(self) -> None:
        """Checkpoint now, under the memory limit set now: the checkpoint DuckDB runs on close
        comes after engines have restored the default limit (see ``engines.local``)."""
        self._require_writable()
        self._con.execute("CHECKPOINT")

    def settle(self, limit: str = SETTLE_MEMORY) -> None:
        """Checkpoint under the small ``limit``, then go back to the limit in force (the relink
        calls it between its phases).

        Rows a phase writes stay in DuckDB's memory until a checkpoint (``IN_MEMORY_TABLE``), and
        blocks it read stay cached up to the limit: at the relink's 256 MB both grew with the corpus
        (``event_actors``, cluster members, the article text scanned for the timeline step) and set
        the ingest's peak at 20,000 articles (bench/README.md, Memory). Checkpointing moves the rows
        to the file and the lowered limit evicts the cache, so the next phase starts from the same
        memory whatever the corpus size. A store that cannot checkpoint now (another cursor's
        transaction is open) just keeps its rows until the next checkpoint.
        """
        self._require_writable()
        try:
            with self.memory_limit(limit):
                self._con.execute("CHECKPOINT")
        except duckdb.Error as e:
            log.debug("settle skipped: %s", e)

    def _checkpoint_if_due(self) -> None:
        """Checkpoint once the WAL passes ``CHECKPOINT_WAL_BYTES`` (DuckDB's own threshold is 16 MB).

        DuckDB keeps every row committed since the last checkpoint in memory (``IN_MEMORY_TABLE``
        in ``duckdb_memory()``: 36-45 MB between its automatic checkpoints during a stand-in
        ingest); a checkpoint moves them into evictable file blocks, so ``memory_limit`` applies.
        A checkpoint is atomic: a crash during one loses nothing that was committed.
        """
        try:
            wal = self.path.with_name(self.path.name + ".wal").stat().st_size
        except OSError:
            return
        if wal >= CHECKPOINT_WAL_BYTES:
            try:
                self._con.execute("CHECKPOINT")
            except duckdb.Error as e:  # another cursor's transaction is open: try after the next commit
                log.debug("checkpoint postponed: %s", e)

    def _insert(self, con: duckdb.DuckDBPyConnection, name: str, tbl: pa.Table) -> None:
        if tbl.num_rows == 0:
            return
        view = f"_ng_in_{name}"
        cols = ", ".join(f'"{c}"' for c in tbl.column_names)
        con.register(view, tbl)
        try:
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM {view}")
        finally:
            con.unregister(view)

    def _taken(self, con: duckdb.DuckDBPyConnection, table: str, col: str, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        con.register("_ng_ids", pa.table({"id": pa.array(ids, pa.string())}))
        try:
            query = f"SELECT {col} FROM {table} WHERE {col} IN (SELECT id FROM _ng_ids)"
            rows = con.execute(query).fetchall()
        finally:
            con.unregister("_ng_ids")
        return {r[0] for r in rows}

    def _rekey(self, con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table], name: str,
               col: str) -> int:
        tbl = tables[name]
        ids = tbl.column(col).to_pylist()
        if not ids:
            return 0
        taken = self._taken(con, name, col, ids)
        if not taken and len(set(ids)) == len(ids):
            return 0
        new, changed = write.unique_ids(ids, taken, tbl.column("article_id").to_pylist())
        if changed:
            log.info("%d %s ids collided with stored ones (syndicated copies?) and were re-keyed",
                     changed, name)
            tables[name] = tbl.set_column(tbl.schema.get_field_index(col), col, pa.array(new, pa.string()))
        return changed

    def write_docs(self, batch: Sequence[DocRecords]) -> WriteStats:
        """Write a batch of articles with all their rows in one transaction.

        Articles already stored are skipped entirely, which makes re-running an ingest idempotent.
        """
        t0 = time.perf_counter()
        docs, dup = write.dedupe_docs(batch)
        tables = write.build_tables(docs, dt.datetime.now(dt.UTC).replace(tzinfo=None))
        stats = self.write_arrow(tables)
        stats.already_present += dup
        stats.seconds = time.perf_counter() - t0
        return stats

    def write_arrow(self, tables: Mapping[str, pa.Table]) -> WriteStats:
        """Write prebuilt per-article Arrow tables (``write.SCHEMAS`` shapes) in one transaction.

        This is the path for engines that ship rows as Parquet parts (Ray): read a shard's parts
        with pyarrow and pass them here. Missing tables or columns become empty/NULL; article ids
        must be unique within the call; articles already stored are skipped with all their rows.
        """
        return self.with_memory_fallback(lambda: self._write_arrow(tables))

    def _write_arrow(self, tables: Mapping[str, pa.Table]) -> WriteStats:
        t0 = time.perf_counter()
        tabs = {name: write.conform(name, tables.get(name)) for name in write.ARTICLE_TABLE_ORDER}
        stats = WriteStats()
        with self.transaction() as con:
            present = self._taken(con, "articles", "article_id",
                                  tabs["articles"].column("article_id").to_pylist())
            if present:
                stats.already_present = len(present)
                tabs = {name: write.without_articles(t, present) for name, t in tabs.items()}
            stats.rekeyed_ids = self._rekey(con, tabs, "events", "event_id") + self._rekey(
                con, tabs, "quotes", "quote_id")
            for name in write.ARTICLE_TABLE_ORDER:
                self._insert(con, name, tabs[name])
            self._link_new_events(con, tabs["events"])
            if tabs["events"].num_rows:
                relagg.mark_stale(con)
        stats.articles = tabs["articles"].num_rows
        stats.actors = tabs["local_actors"].num_rows
        stats.mentions = tabs["mentions"].num_rows
        stats.quotes = tabs["quotes"].num_rows
        stats.events = tabs["events"].num_rows
        stats.boilerplate = tabs["boilerplate"].num_rows
        stats.seconds = time.perf_counter() - t0
        return stats

    def replace_actors(self, actors: Sequence[Actor], links: Mapping[str, str]) -> None:
        """Swap in a new linking result; readers never see actors without their links."""
        cols = write.columns("actors")
        for a in actors:
            for k, v in (("actor_id", a.actor_id), ("name", a.name), ("aliases", list(a.aliases)),
                         ("type", a.type), ("country", a.country), ("sector", a.sector),
                         ("mentions", a.mentions), ("articles", a.articles)):
                cols[k].append(v)
        link_tbl = write.table("actor_links", {"link_key": list(links), "actor_id": list(links.values())})
        with self.transaction() as con:
            relagg.mark_stale(con)
            con.execute("DELETE FROM actor_links")
            con.execute("DELETE FROM actors")
            con.execute("DELETE FROM event_actors")
            self._insert(con, "actors", write.table("actors", cols))
            self._insert(con, "actor_links", link_tbl)
            con.execute("INSERT INTO event_actors " + sql.event_actor_rows("events"))

    def _link_new_events(self, con: duckdb.DuckDBPyConnection, events: pa.Table) -> None:
        """``event_actors`` rows for just-written events whose keys are already linked."""
        if events.num_rows == 0:
            return
        con.register("_ng_new_events", events.select(list(write.EVENT_ACTOR_COLUMNS)))
        try:
            con.execute("INSERT INTO event_actors " + sql.event_actor_rows("_ng_new_events"))
        finally:
            con.unregister("_ng_new_events")

    def replace_clusters(self, clusters: Sequence[EventCluster]) -> None:
        """Swap in a new clustering result atomically, like ``replace_actors``."""
        cols = write.columns("event_clusters")
        members = write.columns("event_cluster_members")
        for c in clusters:
            for k, v in (("cluster_id", c.cluster_id), ("root", c.root), ("cameo", c.cameo),
                         ("source_id", c.source_id), ("target_id", c.target_id),
                         ("date_start", write.to_date(c.date_start)),
                         ("date_end", write.to_date(c.date_end)),
                         ("num_mentions", c.num_mentions), ("num_articles", c.num_articles),
                         ("num_sources", c.num_sources),
                         ("representative_event_id", c.representative_event_id)):
                cols[k].append(v)
            for eid in c.event_ids:
                members["cluster_id"].append(c.cluster_id)
                members["event_id"].append(eid)
        with self.transaction() as con:
            relagg.mark_stale(con)
            con.execute("DELETE FROM event_cluster_members")
            con.execute("DELETE FROM event_clusters")
            self._insert(con, "event_clusters", write.table("event_clusters", cols))
            self._insert(con, "event_cluster_members", write.table("event_cluster_members", members))

    def set_meta(self, key: str, value: str | None) -> None:
        """Small persistent settings (e.g. when the search index was built)."""
        self._require_writable()
        self._con.execute("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [key, value])

    def get_meta(self, key: str) -> str | None:
        row = self._con.execute("SELECT value FROM store_meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None
