"""Full-text search over articles with DuckDB's FTS extension (BM25), or ILIKE when it is missing.

The extension is loaded from the ``duckdb_extension_fts`` wheel's bundled file, never downloaded
with ``INSTALL``: newsgraph must work offline. The FTS index is a snapshot; writes after
``build_search_index`` are not searchable until it is rebuilt (``search`` warns when stale).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import duckdb

from newsgraph.store.queries import like_pattern

log = logging.getLogger(__name__)

_INDEX_SCHEMA = "fts_main_articles"


def fts_extension_path() -> Path | None:
    """The ``.duckdb_extension`` file shipped in the duckdb_extension_fts package, if installed."""
    try:
        import duckdb_extension_fts
    except ImportError:
        return None
    base = Path(duckdb_extension_fts.__file__).parent / "extensions"
    wanted = base / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if wanted.exists():
        return wanted
    found = sorted(base.glob("*/fts.duckdb_extension"))
    return found[-1] if found else None


class SearchMixin:
    """Search methods of :class:`~newsgraph.store.Store`."""

    _con: duckdb.DuckDBPyConnection
    read_only: bool
    _fts_loaded: bool | None = None

    def _load_fts(self) -> bool:
        if self._fts_loaded is None:
            path = fts_extension_path()
            if path is None:
                log.warning("full-text search extension not installed (duckdb-extension-fts); "
                            "search falls back to substring matching")
                self._fts_loaded = False
            else:
                try:
                    self._con.execute(f"LOAD '{path.as_posix()}'")
                    self._fts_loaded = True
                except duckdb.Error as e:
                    log.warning("cannot load the FTS extension from %s (%s); search falls back to "
                                "substring matching", path, e)
                    self._fts_loaded = False
        return self._fts_loaded

    def _has_index(self) -> bool:
        row = self._con.execute("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?",
                                [_INDEX_SCHEMA]).fetchone()
        return bool(row and row[0])

    def build_search_index(self) -> bool:
        """(Re)build the BM25 index over title and text; False when FTS is unavailable."""
        if self.read_only:
            raise PermissionError("building the search index needs a writable store")
        if not self._load_fts():
            return False
        self._con.execute("PRAGMA create_fts_index('articles', 'article_id', 'title', 'text', "
                          "stemmer = 'porter', stopwords = 'english', strip_accents = 1, lower = 1, "
                          "overwrite = 1)")
        n = self._con.execute("SELECT count(*) FROM articles").fetchone()[0]
        self._con.execute("INSERT OR REPLACE INTO store_meta VALUES ('search_index_articles', ?)", [str(n)])
        log.info("search index built over %d articles", n)
        return True

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles matching ``query``, best first, with a ``score`` (BM25, or None for the fallback)."""
        if not query or not query.strip():
            return []
        if self._load_fts() and self._has_index():
            self._warn_if_stale()
            return self._rows(
                "SELECT article_id, title, outlet, strftime(published, '%Y-%m-%d') AS published, url, score "
                "FROM (SELECT *, fts_main_articles.match_bm25(article_id, ?) AS score FROM articles) "
                "WHERE score IS NOT NULL ORDER BY score DESC, article_id LIMIT ?", [query, limit])
        log.info("no full-text index (run build_search_index); using substring search")
        pat = like_pattern(query.strip())
        return self._rows(
            "SELECT article_id, title, outlet, strftime(published, '%Y-%m-%d') AS published, url, "
            "NULL::DOUBLE AS score FROM articles WHERE title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\' "
            "ORDER BY published DESC NULLS LAST, article_id LIMIT ?", [pat, pat, limit])

    def _warn_if_stale(self) -> None:
        row = self._con.execute("SELECT value FROM store_meta WHERE key = 'search_index_articles'").fetchone()
        n = self._con.execute("SELECT count(*) FROM articles").fetchone()[0]
        if row is None or row[0] != str(n):
            log.warning("the search index is stale (%s articles indexed, %d stored); rebuild it with "
                        "build_search_index", row[0] if row else "?", n)

    def _rows(self, query: str, params: list[Any]) -> list[dict[str, Any]]:
        cur = self._con.cursor()
        cur.execute(query, params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        cur.close()
        return rows
