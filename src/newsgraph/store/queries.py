"""Reads used by the linker, CLI, analysis, API and web layers. Parameters only, never formatting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from newsgraph.records import Actor, ActorRef, DateRef
from newsgraph.store import schema, sql
from newsgraph.store.types import StoreInfo, memory_fallback

#: pages up to this many events are fetched by primary key (an index scan); larger ones by a join
_INDEX_IDS = 1000


def like_pattern(query: str) -> str:
    """Escape LIKE wildcards so user text matches literally (``50%`` means fifty percent)."""
    q = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{q}%"


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


class QueryMixin:
    """Read methods of :class:`~newsgraph.store.Store`."""

    _con: duckdb.DuckDBPyConnection
    path: Any
    schema_version: int

    # -- for the engines and the linker ----------------------------------------------------
    @memory_fallback
    def _ids_in(self, table: str, col: str, values: Iterable[str]) -> set[str]:
        vals = list(dict.fromkeys(values))
        if not vals:
            return set()
        cur = self._con.cursor()
        cur.register("_ng_q", pa.table({"v": pa.array(vals, pa.string())}))
        query = f"SELECT DISTINCT {col} FROM {table} WHERE {col} IN (SELECT v FROM _ng_q)"
        rows = cur.execute(query).fetchall()
        cur.close()
        return {r[0] for r in rows}

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored, so engines can skip NLP for them."""
        return self._ids_in("articles", "article_id", ids)

    def has_content_hash(self, hashes: Iterable[str]) -> set[str]:
        """Which text hashes (``store.write.content_hash``) are stored: same text under another id."""
        return self._ids_in("articles", "content_hash", hashes)

    def iter_local_actors(self, batch_size: int = 10_000) -> Iterator[tuple[str, ActorRef]]:
        """Every per-article actor, streamed, for corpus-level linking."""
        cur = self._con.cursor()
        cur.execute("SELECT article_id, link_key, name, type, country, sector, role, aliases "
                    "FROM local_actors ORDER BY article_id, link_key")
        while rows := cur.fetchmany(batch_size):
            for aid, key, name, typ, country, sector, role, aliases in rows:
                yield aid, ActorRef(key, name, typ, country, sector, role, tuple(aliases or ()))
        cur.close()

    def actor_mention_counts(self) -> dict[str, tuple[int, int]]:
        """link_key -> (mentions, articles), the weights the linker gives each local identity."""
        rows = self._con.execute("SELECT link_key, count(*), count(DISTINCT article_id) "
                                 "FROM mentions GROUP BY link_key").fetchall()
        return {k: (int(m), int(a)) for k, m, a in rows}

    def stored_date_refs(self, article_ids: Iterable[str],
                         precision: str | None = "day") -> dict[str, list[DateRef]]:
        """article_id -> the date expressions the pipeline resolved at ingest (of ``precision``).

        Only articles written with their dates appear (an empty list when they name none): an
        article missing from the result was never date-tagged, and the caller must resolve it.
        """
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        cur = self._con.cursor()
        try:
            cur.register("_ng_date_ids", pa.table({"id": pa.array(ids, pa.string())}))
            cur.execute(
                'SELECT a.article_id, d.start, d."end", d.text, d.value, d.precision, d.relative '
                "FROM articles a SEMI JOIN _ng_date_ids i ON i.id = a.article_id "
                "LEFT JOIN date_refs d ON d.article_id = a.article_id AND (? IS NULL OR d.precision = ?) "
                "WHERE a.n_dates IS NOT NULL ORDER BY 1, 2, 3", [precision, precision])
            rows = cur.fetchall()
        finally:
            cur.close()
        out: dict[str, list[DateRef]] = {}
        for aid, start, end, text, value, prec, rel in rows:
            refs = out.setdefault(aid, [])
            if start is not None:
                refs.append(DateRef(int(start), int(end), text, value, prec, bool(rel)))
        return out

    def article_dates(self) -> dict[str, str | None]:
        """article_id -> anchor date, for time-aware linking (leaders' tenures) and clustering."""
        rows = self._con.execute("SELECT article_id, strftime(coalesce(article_date, published), '%Y-%m-%d') "
                                 "FROM articles").fetchall()
        return dict(rows)

    def iter_events(self, batch_size: int = 10_000, **filters: Any) -> Iterator[dict[str, Any]]:
        """Events in export shape (actor objects included), streamed; filters as in ``events_for``."""
        where, params = self._event_filters(**filters)
        cur = self._con.cursor()
        cur.execute(sql.EVENT_SELECT + where + sql.EVENT_ORDER, params)
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(batch_size):
            for row in rows:
                yield dict(zip(names, row, strict=True))
        cur.close()

    # -- summaries ------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        union = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in schema.ALL_TABLES)
        return {name: int(n) for name, n in self._con.execute(union).fetchall()}

    def info(self, top: int = 10) -> StoreInfo:
        pmin, pmax = self._con.execute(
            f"SELECT {sql.iso('min(published)')}, {sql.iso('max(published)')} FROM articles").fetchone() or (
            None, None)
        emin, emax = self._con.execute(
            f"SELECT {sql.iso('min(date)')}, {sql.iso('max(date)')} FROM events").fetchone() or (None, None)
        outlets = self._con.execute(
            "SELECT coalesce(outlet, '(unknown)'), count(*) AS n FROM articles GROUP BY 1 ORDER BY n DESC, 1"
        ).fetchall()
        actors = self._con.execute(
            "SELECT actor_id, name, mentions FROM actors ORDER BY mentions DESC NULLS LAST, actor_id LIMIT ?",
            [top]).fetchall()
        has_index = bool(self._con.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'fts_main_articles'"
        ).fetchone()[0])
        return StoreInfo(path=str(self.path), schema_version=self.schema_version, counts=self.counts(),
                         published_min=pmin, published_max=pmax, event_date_min=emin, event_date_max=emax,
                         outlets=[(o, int(n)) for o, n in outlets],
                         top_actors=[(a, n, int(m or 0)) for a, n, m in actors], search_index=has_index)

    # -- actors ---------------------------------------------------------------------------
    def find_actors(self, query: str | None = None, limit: int = 20) -> list[Actor]:
        """Actors whose name or an alias contains ``query`` (case-insensitive), most mentioned first."""
        base = "SELECT actor_id, name, aliases, type, country, sector, mentions, articles FROM actors"
        if query:
            pat = like_pattern(query)
            rows = self._con.execute(
                base + " WHERE name ILIKE ? ESCAPE '\\' OR array_to_string(aliases, chr(31)) "
                "ILIKE ? ESCAPE '\\' ORDER BY mentions DESC NULLS LAST, actor_id LIMIT ?",
                [pat, pat, limit]).fetchall()
        else:
            rows = self._con.execute(base + " ORDER BY mentions DESC NULLS LAST, actor_id LIMIT ?",
                                     [limit]).fetchall()
        return [Actor(a, n, tuple(al or ()), t, c, s, int(m or 0), int(ar or 0))
                for a, n, al, t, c, s, m, ar in rows]

    def get_actor(self, actor_id: str) -> Actor | None:
        rows = self._con.execute(
            "SELECT actor_id, name, aliases, type, country, sector, mentions, articles FROM actors "
            "WHERE actor_id = ?", [actor_id]).fetchall()
        if not rows:
            return None
        a, n, al, t, c, s, m, ar = rows[0]
        return Actor(a, n, tuple(al or ()), t, c, s, int(m or 0), int(ar or 0))

    # -- events, quotes, articles -----------------------------------------------------------
    @staticmethod
    def _event_filters(actor_id: str | None = None, source_id: str | None = None,
                       target_id: str | None = None, root: str | None = None, cameo: str | None = None,
                       date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                       article_id: str | None = None, outlet: str | None = None) -> tuple[str, list[Any]]:
        conds: list[str] = []
        params: list[Any] = []
        # actor filters read event_actors (sorted by actor): a few row groups, not a join per event
        if actor_id is not None:
            conds.append(sql.actor_events())
            params.append(actor_id)
        if source_id is not None:
            conds.append(sql.actor_events("source"))
            params.append(source_id)
        if target_id is not None:
            conds.append(sql.actor_events("target"))
            params.append(target_id)
        if root is not None:
            conds.append("e.root = ?")
            params.append(str(root).zfill(2) if str(root).isdigit() else root)
        if cameo is not None:
            conds.append("starts_with(e.cameo, ?)")
            params.append(cameo)
        sql.date_window(sql.EVENT_DAY, date_from, date_to, conds, params)
        if article_id is not None:
            conds.append("e.article_id = ?")
            params.append(article_id)
        if outlet is not None:
            conds.append("a.outlet = ?")
            params.append(outlet)
        return (" WHERE " + " AND ".join(conds) if conds else ""), params

    def events_for(self, actor_id: str | None = None, source_id: str | None = None,
                   target_id: str | None = None, root: str | None = None, cameo: str | None = None,
                   date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                   article_id: str | None = None, outlet: str | None = None, limit: int = 100,
                   offset: int = 0) -> list[dict[str, Any]]:
        """Events in export shape. ``actor_id`` matches either side; ``source_id``/``target_id`` one side."""
        cur = self._con.cursor()
        try:
            ids = self._event_page(cur, actor_id, source_id, target_id, root, cameo, date_from, date_to,
                                   article_id, outlet, limit, offset)
            if not ids:
                return []
            # the heavy columns (sentence, actor objects) for this page only, found by primary key
            if len(ids) <= _INDEX_IDS:
                cur.execute(f"WITH page AS MATERIALIZED (SELECT * FROM events WHERE event_id IN "
                            f"({', '.join('?' * len(ids))})) {sql.event_select('page')}{sql.EVENT_ORDER}", ids)
            else:
                cur.register("_ng_page", pa.table({"id": pa.array(ids, pa.string())}))
                cur.execute(f"WITH page AS MATERIALIZED (SELECT * FROM events WHERE event_id IN "
                            f"(SELECT id FROM _ng_page)) {sql.event_select('page')}{sql.EVENT_ORDER}")
            return _dicts(cur)
        finally:
            cur.close()

    def _event_page(self, cur: duckdb.DuckDBPyConnection, actor_id: str | None, source_id: str | None,
                    target_id: str | None, root: str | None, cameo: str | None,
                    date_from: str | dt.date | None, date_to: str | dt.date | None, article_id: str | None,
                    outlet: str | None, limit: int, offset: int) -> list[str]:
        """Event ids of one page of ``events_for``, in its order, read from the narrow columns only."""
        sides = [(v, side) for v, side in ((actor_id, None), (source_id, "source"), (target_id, "target"))
                 if v is not None]
        if sides and root is None and cameo is None and article_id is None and outlet is None:
            # actor filters only: event_actors (sorted by actor, carrying the sort keys) has the page
            (first, first_side), rest = sides[0], sides[1:]
            conds = ["x.actor_id = ?"] + ([f"x.side = '{first_side}'"] if first_side else [])
            params: list[Any] = [first]
            for v, side in rest:
                conds.append(sql.actor_events(side).replace("e.event_id", "x.event_id", 1))
                params.append(v)
            sql.date_window("x.day", date_from, date_to, conds, params)
            cur.execute("SELECT DISTINCT x.event_id, x.article_id, x.sentence_start, x.trigger_start "
                        f"FROM event_actors x WHERE {' AND '.join(conds)} "
                        "ORDER BY x.article_id, x.sentence_start, x.trigger_start, x.event_id LIMIT ? OFFSET ?",
                        [*params, limit, offset])
        else:
            where, params = self._event_filters(actor_id, source_id, target_id, root, cameo, date_from,
                                                date_to, article_id, outlet)
            cur.execute(f"SELECT e.event_id FROM events e JOIN articles a ON a.article_id = e.article_id{where}"
                        f"{sql.EVENT_ORDER} LIMIT ? OFFSET ?", [*params, limit, offset])
        return [r[0] for r in cur.fetchall()]

    def quotes_for(self, article_id: str | None = None, speaker_id: str | None = None,
                   limit: int = 100, offset: int = 0, about: str | None = None,
                   about_id: str | None = None, kinds: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Quotes, optionally by speaker, kind (direct/mixed/indirect) and about an actor or text.

        "About" an actor means a mention of it inside the quote; ``kinds`` None keeps every kind.
        """
        conds, params = [], []
        if kinds is not None:
            conds.append("q.kind IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(kinds))
        if article_id is not None:
            conds.append("q.article_id = ?")
            params.append(article_id)
        if speaker_id is not None:
            conds.append("p_l.actor_id = ?")
            params.append(speaker_id)
        if about_id is not None:
            conds.append("EXISTS (SELECT 1 FROM mentions m JOIN actor_links l ON l.link_key = m.link_key "
                         "WHERE m.article_id = q.article_id AND m.start >= q.start AND m.\"end\" <= q.\"end\" "
                         "AND l.actor_id = ?)")
            params.append(about_id)
        elif about:
            conds.append("q.text ILIKE ? ESCAPE '\\'")
            params.append(like_pattern(about))
        where = " WHERE " + " AND ".join(conds) if conds else ""
        cur = self._con.cursor()
        cur.execute(sql.QUOTE_SELECT + where + sql.QUOTE_ORDER + " LIMIT ? OFFSET ?",
                    [*params, limit, offset])
        out = _dicts(cur)
        cur.close()
        return out

    def actor_mentions_by_article(self, actor_id: str) -> list[dict[str, Any]]:
        """Where an actor is mentioned: per article, with outlet and date, most mentions first."""
        cur = self._con.cursor()
        cur.execute(
            "SELECT m.article_id, a.outlet, strftime(a.published, '%Y-%m-%d') AS published, count(*) AS mentions "
            "FROM mentions m JOIN actor_links l ON l.link_key = m.link_key JOIN articles a USING (article_id) "
            "WHERE l.actor_id = ? GROUP BY ALL ORDER BY mentions DESC, published, m.article_id", [actor_id])
        out = _dicts(cur)
        cur.close()
        return out

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """One article with every row that points into it, for highlighting in the UI."""
        cur = self._con.cursor()
        cur.execute(sql.ARTICLE_SELECT + " WHERE a.article_id = ?", [article_id])
        rows = _dicts(cur)
        if not rows:
            cur.close()
            return None
        art = rows[0]
        art["boilerplate"] = cur.execute('SELECT start, "end" FROM boilerplate WHERE article_id = ? '
                                         "ORDER BY start", [article_id]).fetchall()
        cur.execute(sql.MENTION_SELECT + " WHERE m.article_id = ?" + sql.MENTION_ORDER, [article_id])
        art["mentions"] = _dicts(cur)
        cur.execute("SELECT link_key, name, type, country, sector, role, aliases FROM local_actors "
                    "WHERE article_id = ? ORDER BY link_key", [article_id])
        art["actors"] = _dicts(cur)
        cur.close()
        art["quotes"] = self.quotes_for(article_id=article_id, limit=10_000)
        art["events"] = self.events_for(article_id=article_id, limit=10_000)
        return art

    def check_integrity(self) -> list[str]:
        """Problems a crash or a bug could leave: orphans, duplicates, half-written articles."""
        problems: list[str] = []
        checks: list[tuple[str, str]] = []
        for t in schema.ARTICLE_TABLES:
            checks.append((f"{t} rows whose article is missing",
                           f"SELECT count(*) FROM {t} x ANTI JOIN articles a ON a.article_id = x.article_id"))
        for t, col in (("articles", "article_id"), ("events", "event_id"), ("quotes", "quote_id"),
                       ("actors", "actor_id"), ("actor_links", "link_key"),
                       ("event_clusters", "cluster_id")):
            checks.append((f"duplicate {t}.{col}",
                           f"SELECT count(*) FROM (SELECT {col} FROM {t} GROUP BY 1 HAVING count(*) > 1)"))
        checks.append(("duplicate local_actors (article_id, link_key)",
                       "SELECT count(*) FROM (SELECT 1 FROM local_actors GROUP BY article_id, link_key "
                       "HAVING count(*) > 1)"))
        for t, n in (("local_actors", "n_actors"), ("mentions", "n_mentions"), ("quotes", "n_quotes"),
                     ("events", "n_events"), ("boilerplate", "n_boilerplate"), ("date_refs", "n_dates")):
            checks.append((f"articles whose {t} rows are incomplete",
                           f"SELECT count(*) FROM articles a LEFT JOIN (SELECT article_id, count(*) AS c "
                           f"FROM {t} GROUP BY 1) x ON x.article_id = a.article_id "
                           f"WHERE coalesce(x.c, 0) <> coalesce(a.{n}, 0)"))
        checks.append(("actor_links pointing to missing actors",
                       "SELECT count(*) FROM actor_links l ANTI JOIN actors g ON g.actor_id = l.actor_id"))
        checks.append(("cluster members pointing to missing events or clusters",
                       "SELECT count(*) FROM event_cluster_members m WHERE m.event_id NOT IN "
                       "(SELECT event_id FROM events) OR m.cluster_id NOT IN "
                       "(SELECT cluster_id FROM event_clusters)"))
        for label, query in checks:
            n = self._con.execute(query).fetchone()[0]
            if n:
                problems.append(f"{n} {label}")
        return problems
