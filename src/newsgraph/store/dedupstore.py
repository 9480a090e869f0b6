"""Store methods for near-duplicate detection and syndicated copies (SQL lives in store/ only).

Tables (migration 2 in ``schema.MIGRATIONS``): ``article_minhash`` (one signature per kept article),
``minhash_bands`` (its LSH band hashes, joined against a batch's bands to find candidates),
``duplicates`` (each copy not stored, with the article it duplicates and its own outlet and URL),
and the view ``article_outlets`` (every outlet that carried each stored article).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import duckdb
import pyarrow as pa

from newsgraph.store.types import memory_fallback

_DUP_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("duplicate_of", pa.string()), ("outlet", pa.string()), ("url", pa.string()),
    ("title", pa.string()), ("published", pa.date32()), ("source_path", pa.string()),
    ("similarity", pa.float64()),
])


class DedupMixin:
    """Near-duplicate bookkeeping for :class:`~newsgraph.store.Store`."""

    _con: duckdb.DuckDBPyConnection

    transaction: Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]  # provided by Store

    @contextmanager
    def _registered(self, con: duckdb.DuckDBPyConnection, name: str, tbl: pa.Table) -> Iterator[None]:
        con.register(name, tbl)
        try:
            yield
        finally:
            con.unregister(name)

    @memory_fallback
    def minhash_candidates(self, keys: Sequence[tuple[int, int]]) -> dict[tuple[int, int], list[str]]:
        """Stored articles sharing an LSH band hash with any of ``keys`` ((band, bucket) pairs)."""
        if not keys:
            return {}
        cur = self._con.cursor()
        tbl = pa.table({"band": pa.array([k[0] for k in keys], pa.int16()),
                        "bucket": pa.array([k[1] for k in keys], pa.int64())})
        with self._registered(cur, "_ng_bands", tbl):
            rows = cur.execute("SELECT b.band, b.bucket, b.article_id FROM minhash_bands b "
                               "JOIN _ng_bands q USING (band, bucket) ORDER BY 1, 2, 3").fetchall()
        cur.close()
        out: dict[tuple[int, int], list[str]] = {}
        for band, bucket, aid in rows:
            out.setdefault((int(band), int(bucket)), []).append(aid)
        return out

    @memory_fallback
    def minhash_signatures(self, article_ids: Sequence[str]) -> dict[str, bytes]:
        if not article_ids:
            return {}
        cur = self._con.cursor()
        with self._registered(cur, "_ng_sig_ids", pa.table({"id": pa.array(list(article_ids), pa.string())})):
            rows = cur.execute("SELECT article_id, signature FROM article_minhash "
                               "WHERE article_id IN (SELECT id FROM _ng_sig_ids)").fetchall()
        cur.close()
        return {aid: bytes(sig) for aid, sig in rows}

    @memory_fallback
    def add_minhashes(self, rows: Sequence[tuple[str, bytes, list[int]]]) -> None:
        """Signatures and band hashes of kept articles; ids already present are left as they are."""
        if not rows:
            return
        sigs = pa.table({"article_id": pa.array([r[0] for r in rows], pa.string()),
                         "signature": pa.array([r[1] for r in rows], pa.binary())})
        band_rows = [(b, k, r[0]) for r in rows for b, k in enumerate(r[2])]
        bands = pa.table({"band": pa.array([x[0] for x in band_rows], pa.int16()),
                          "bucket": pa.array([x[1] for x in band_rows], pa.int64()),
                          "article_id": pa.array([x[2] for x in band_rows], pa.string())})
        with self.transaction() as con, self._registered(con, "_ng_sigs", sigs), \
                self._registered(con, "_ng_new_bands", bands):
            con.execute("CREATE TEMP TABLE _ng_fresh AS SELECT DISTINCT ON (article_id) * FROM _ng_sigs "
                        "WHERE article_id NOT IN (SELECT article_id FROM article_minhash)")
            con.execute("INSERT INTO article_minhash SELECT article_id, signature FROM _ng_fresh")
            con.execute("INSERT INTO minhash_bands SELECT band, bucket, article_id FROM _ng_new_bands "
                        "WHERE article_id IN (SELECT article_id FROM _ng_fresh)")
            con.execute("DROP TABLE _ng_fresh")

    @memory_fallback
    def write_duplicates(self, dups: Sequence[Any]) -> int:
        """Record syndicated copies (``link.dedup.Duplicate``); returns how many were new."""
        if not dups:
            return 0
        from newsgraph.store.write import to_date

        cols = {f.name: [getattr(d, f.name) for d in dups] for f in _DUP_SCHEMA}
        cols["published"] = [to_date(v) for v in cols["published"]]
        tbl = pa.table(cols, schema=_DUP_SCHEMA)
        with self.transaction() as con, self._registered(con, "_ng_dups", tbl):
            before = con.execute("SELECT count(*) FROM duplicates").fetchone()[0]
            con.execute("INSERT INTO duplicates SELECT DISTINCT ON (article_id) * FROM _ng_dups "
                        "WHERE article_id NOT IN (SELECT article_id FROM duplicates) "
                        "AND article_id NOT IN (SELECT article_id FROM articles)")
            after = con.execute("SELECT count(*) FROM duplicates").fetchone()[0]
        return int(after - before)

    def known_duplicate_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` were stored as copies, so a re-ingest skips them like stored articles."""
        return self._ids_in("duplicates", "article_id", ids)  # type: ignore[attr-defined]

    @memory_fallback
    def articles_by_content_hash(self, hashes: Iterable[str]) -> dict[str, str]:
        """content hash -> the stored article with that text (the first by id when several)."""
        vals = list(dict.fromkeys(hashes))
        if not vals:
            return {}
        cur = self._con.cursor()
        with self._registered(cur, "_ng_hashes", pa.table({"h": pa.array(vals, pa.string())})):
            rows = cur.execute("SELECT content_hash, min(article_id) FROM articles "
                               "WHERE content_hash IN (SELECT h FROM _ng_hashes) GROUP BY 1").fetchall()
        cur.close()
        return dict(rows)

    @memory_fallback
    def articles_without_minhash(self, limit: int = 1000) -> list[tuple[str, str]]:
        """(article_id, text) of stored articles lacking a signature, for the backfill (call until empty)."""
        return [(a, t) for a, t in self._con.execute(
            "SELECT article_id, text FROM articles WHERE article_id NOT IN "
            "(SELECT article_id FROM article_minhash) ORDER BY article_id LIMIT ?", [limit]).fetchall()]

    def outlets_of(self, article_id: str) -> list[dict[str, Any]]:
        """Every outlet that carried an article: the stored copy first, then its duplicates."""
        cur = self._con.cursor()
        cur.execute("SELECT outlet, url, strftime(published, '%Y-%m-%d') AS published, copy_id, similarity "
                    "FROM article_outlets WHERE article_id = ? ORDER BY copy_id <> article_id, copy_id",
                    [article_id])
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        cur.close()
        return rows
