"""Reads the web UI and the HTML report need beyond the shared queries.

Kept in the store package because the store owns every SQL statement; values always travel as
parameters, and the only interpolated fragments are fixed strings chosen from dicts below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import duckdb

from newsgraph.store import sql
from newsgraph.store.queries import like_pattern

#: the event's effective date: its own, else the article's anchor date, else publication
EVENT_DAY = "coalesce(e.date, a.article_date, a.published)"
_PERIODS = {"day": "day", "week": "week", "month": "month", "year": "year"}
#: a quote in the speaker's own words (direct or mixed); ``indirect`` is reported speech, a paraphrase.
#: A NULL kind predates reported-speech extraction, when every stored quote was verbatim.
VERBATIM = "kind IS DISTINCT FROM 'indirect'"
REPORTED = "kind = 'indirect'"


def _dated_events(actor_id: str | None) -> tuple[str, list[str], list[Any]]:
    """Join, conditions and parameters for dated events, optionally those of one actor on either side."""
    conds: list[str] = [f"{EVENT_DAY} IS NOT NULL"]
    if actor_id is None:
        return "", conds, []
    join = (" LEFT JOIN actor_links s_l ON s_l.link_key = e.source_key"
            " LEFT JOIN actor_links t_l ON t_l.link_key = e.target_key")
    conds.append("(s_l.actor_id = ? OR t_l.actor_id = ?)")
    return join, conds, [actor_id, actor_id]


def _where(conds: list[str]) -> str:
    return " WHERE " + " AND ".join(conds) if conds else ""


class WebQueriesMixin:
    """Read methods of :class:`~newsgraph.store.Store` used by ``newsgraph.web`` and ``newsgraph.report``."""

    _con: duckdb.DuckDBPyConnection

    def _dict_rows(self, query: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._con.cursor()
        try:
            cur.execute(query, list(params))
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        finally:
            cur.close()

    # -- overview ------------------------------------------------------------------------
    def events_per_day(self, actor_id: str | None = None, date_from: str | dt.date | None = None,
                       date_to: str | dt.date | None = None, limit: int = 2000) -> list[dict[str, Any]]:
        """Daily counts split by cooperation (quad 1-2) and conflict (quad 3-4), for the volume chart."""
        join, conds, params = _dated_events(actor_id)
        sql.date_window(EVENT_DAY, date_from, date_to, conds, params)
        return self._dict_rows(
            f"SELECT * FROM (SELECT {sql.iso(EVENT_DAY)} AS date, count(*) AS events, "
            "count(*) FILTER (WHERE e.quad_class IN (1, 2)) AS cooperation, "
            "count(*) FILTER (WHERE e.quad_class IN (3, 4)) AS conflict, "
            "round(avg(e.goldstein), 2) AS mean_goldstein "
            f"FROM events e JOIN articles a ON a.article_id = e.article_id{join}{_where(conds)} "
            "GROUP BY 1 ORDER BY 1 DESC LIMIT ?) ORDER BY date", [*params, limit])

    def root_counts(self) -> list[dict[str, Any]]:
        """Events per CAMEO root code, for the filter menu and the overview."""
        return self._dict_rows("SELECT root, count(*) AS events FROM events GROUP BY 1 ORDER BY 1")

    # -- lists -----------------------------------------------------------------------------
    def list_actors(self, query: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Linked actors, most mentioned first; ``query`` matches name or any alias literally."""
        params: list[Any] = []
        where = ""
        if query:
            pat = like_pattern(query)
            where = (" WHERE g.name ILIKE ? ESCAPE '\\' OR "
                     "array_to_string(g.aliases, chr(31)) ILIKE ? ESCAPE '\\'")
            params += [pat, pat]
        return self._dict_rows(sql.ACTOR_SELECT + where +
                               " ORDER BY g.mentions DESC NULLS LAST, g.actor_id LIMIT ? OFFSET ?",
                               [*params, limit, offset])

    def actor_names(self, actor_ids: Sequence[str]) -> dict[str, str]:
        """Display names for filter chips, so the UI never has to show bare hashes."""
        ids = [a for a in dict.fromkeys(actor_ids) if a]
        if not ids:
            return {}
        rows = self._con.execute("SELECT actor_id, name FROM actors WHERE list_contains(?, actor_id)",
                                 [ids]).fetchall()
        return {a: n for a, n in rows}

    def actor_articles(self, actor_id: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """How often each article mentions the actor: where to read about them first."""
        return self._dict_rows(
            f"SELECT m.article_id, a.title, a.outlet, {sql.iso('a.published')} AS published, "
            "count(*) AS mentions, list(DISTINCT m.text ORDER BY m.text)[1:5] AS forms "
            "FROM mentions m JOIN actor_links l ON l.link_key = m.link_key "
            "JOIN articles a ON a.article_id = m.article_id WHERE l.actor_id = ? "
            "GROUP BY ALL ORDER BY mentions DESC, m.article_id LIMIT ? OFFSET ?", [actor_id, limit, offset])

    def list_articles(self, outlet: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        conds: list[str] = []
        params: list[Any] = []
        if outlet is not None:
            conds.append("a.outlet = ?")
            params.append(outlet)
        # ``quotes`` counts verbatim quotes, ``reported`` reported speech; only the page's quotes are read
        return self._dict_rows(
            f"WITH pg AS (SELECT a.article_id, a.title, a.outlet, {sql.iso('a.published')} AS published, a.url, "
            "a.n_events AS events, a.n_mentions AS mentions, a.published AS _p "
            f"FROM articles a{_where(conds)} ORDER BY a.published DESC NULLS LAST, a.article_id "
            "LIMIT ? OFFSET ?), "
            f"qu AS (SELECT article_id, count(*) FILTER (WHERE {VERBATIM}) AS v, "
            f"count(*) FILTER (WHERE {REPORTED}) AS r FROM quotes SEMI JOIN pg USING (article_id) GROUP BY 1) "
            "SELECT pg.article_id, pg.title, pg.outlet, pg.published, pg.url, pg.events, "
            "coalesce(qu.v, 0)::BIGINT AS quotes, "
            "coalesce(qu.r, 0)::BIGINT AS reported, pg.mentions "
            "FROM pg LEFT JOIN qu USING (article_id) ORDER BY pg._p DESC NULLS LAST, pg.article_id",
            [*params, limit, offset])

    def list_quotes(self, speaker_id: str | None = None, query: str | None = None,
                    outlet: str | None = None, limit: int = 50, offset: int = 0,
                    kind: str | None = None) -> list[dict[str, Any]]:
        """Quotes with their article's outlet and date, so each can be cited; ``kind`` None is every kind."""
        conds: list[str] = []
        params: list[Any] = []
        if kind is not None:
            conds.append("x.kind = ?")
            params.append(kind)
        if speaker_id is not None:
            conds.append("x.speaker.actor_id = ?")
            params.append(speaker_id)
        if query:
            conds.append("(x.text ILIKE ? ESCAPE '\\' OR x.speaker_text ILIKE ? ESCAPE '\\')")
            params += [like_pattern(query)] * 2
        if outlet is not None:
            conds.append("qa.outlet = ?")
            params.append(outlet)
        return self._dict_rows(
            f"SELECT x.*, qa.outlet, {sql.iso('qa.published')} AS published, qa.url "
            f"FROM ({sql.QUOTE_SELECT}) x JOIN articles qa ON qa.article_id = x.article_id{_where(conds)} "
            "ORDER BY qa.published DESC NULLS LAST, x.article_id, x.start LIMIT ? OFFSET ?",
            [*params, limit, offset])

    def outlet_summary(self) -> list[dict[str, Any]]:
        """Per-outlet volume and tone: the raw material of the outlet comparison.

        ``quotes`` counts verbatim quotes and ``reported`` reported speech (paraphrase without
        quotation marks): an outlet that paraphrases a lot should not look like one that quotes.
        """
        return self._dict_rows(
            "WITH ev AS (SELECT article_id, count(*) AS n, sum(goldstein) AS g, "
            "count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict FROM events GROUP BY 1), "
            f"qu AS (SELECT article_id, count(*) FILTER (WHERE {VERBATIM}) AS n, "
            f"count(*) FILTER (WHERE {REPORTED}) AS r FROM quotes GROUP BY 1) "
            "SELECT coalesce(a.outlet, '(unknown)') AS outlet, count(*) AS articles, "
            "coalesce(sum(ev.n), 0)::BIGINT AS events, coalesce(sum(qu.n), 0)::BIGINT AS quotes, "
            "coalesce(sum(qu.r), 0)::BIGINT AS reported, "
            "round(sum(ev.g) / nullif(sum(ev.n), 0), 2) AS mean_goldstein, "
            "round(sum(ev.conflict) / nullif(sum(ev.n), 0), 3) AS conflict_share, "
            f"{sql.iso('min(a.published)')} AS first, {sql.iso('max(a.published)')} AS last "
            "FROM articles a LEFT JOIN ev ON ev.article_id = a.article_id "
            "LEFT JOIN qu ON qu.article_id = a.article_id GROUP BY 1 ORDER BY articles DESC, outlet")

    def events_page(self, limit: int = 50, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        """Like ``events_for`` but picks the page's ids first, so the wide export-shape joins run on
        one page instead of every matching row (0.9 s → ~0.1 s for an actor with 100k events)."""
        where, params = self._event_filters(**filters)  # type: ignore[attr-defined]
        ids = [r[0] for r in self._con.execute(
            "SELECT e.event_id FROM events e JOIN articles a ON a.article_id = e.article_id "
            "LEFT JOIN actor_links s_l ON s_l.link_key = e.source_key "
            "LEFT JOIN actor_links t_l ON t_l.link_key = e.target_key" + where +
            sql.EVENT_ORDER + " LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()]
        if not ids:
            return []
        return self._dict_rows(sql.EVENT_SELECT + " WHERE list_contains(?, e.event_id)" + sql.EVENT_ORDER, [ids])

    # -- single rows -----------------------------------------------------------------------
    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One event in export shape plus the mentions inside its sentence, for highlighting."""
        rows = self._dict_rows(sql.EVENT_SELECT + " WHERE e.event_id = ?", [event_id])
        if not rows:
            return None
        ev = rows[0]
        ev["mentions"] = self._dict_rows(
            sql.MENTION_SELECT + ' WHERE m.article_id = ? AND m.start >= ? AND m."end" <= ?' + sql.MENTION_ORDER,
            [ev["article_id"], ev["sentence_start"], ev["sentence_end"]])
        ev["title"] = self._con.execute("SELECT title FROM articles WHERE article_id = ?",
                                        [ev["article_id"]]).fetchone()[0]
        return ev

    # -- network and relations -----------------------------------------------------------
    def dyads(self, actor_id: str | None = None, root: str | None = None,
              date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
              min_events: int = 1, limit: int = 80) -> list[dict[str, Any]]:
        """Directed source→target pairs of linked actors with counts and mean Goldstein."""
        conds = ["s_l.actor_id IS NOT NULL", "t_l.actor_id IS NOT NULL", "s_l.actor_id <> t_l.actor_id"]
        params: list[Any] = []
        if actor_id is not None:
            conds.append("(s_l.actor_id = ? OR t_l.actor_id = ?)")
            params += [actor_id, actor_id]
        if root is not None:
            conds.append("e.root = ?")
            params.append(root.zfill(2) if root.isdigit() else root)
        sql.date_window(EVENT_DAY, date_from, date_to, conds, params)
        return self._dict_rows(
            "SELECT d.*, sg.name AS source_name, tg.name AS target_name FROM ("
            "SELECT s_l.actor_id AS source_id, t_l.actor_id AS target_id, count(*) AS events, "
            "round(avg(e.goldstein), 2) AS mean_goldstein, "
            "count(*) FILTER (WHERE e.quad_class IN (1, 2)) AS cooperation, "
            "count(*) FILTER (WHERE e.quad_class IN (3, 4)) AS conflict "
            "FROM events e JOIN articles a ON a.article_id = e.article_id "
            "JOIN actor_links s_l ON s_l.link_key = e.source_key "
            f"JOIN actor_links t_l ON t_l.link_key = e.target_key{_where(conds)} "
            "GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY events DESC, 1, 2 LIMIT ?) d "
            "JOIN actors sg ON sg.actor_id = d.source_id JOIN actors tg ON tg.actor_id = d.target_id "
            "ORDER BY d.events DESC, d.source_id, d.target_id", [*params, min_events, limit])

    def dyad_series(self, period: str = "month", top: int = 6) -> list[dict[str, Any]]:
        """Mean Goldstein per period for the busiest undirected pairs: cooperation–conflict over time."""
        unit = _PERIODS.get(period, "month")
        return self._dict_rows(
            "WITH pe AS (SELECT least(s_l.actor_id, t_l.actor_id) AS a1, greatest(s_l.actor_id, t_l.actor_id) AS a2, "
            f"date_trunc('{unit}', {EVENT_DAY}) AS period, e.goldstein FROM events e "
            "JOIN articles a ON a.article_id = e.article_id "
            "JOIN actor_links s_l ON s_l.link_key = e.source_key "
            "JOIN actor_links t_l ON t_l.link_key = e.target_key "
            f"WHERE s_l.actor_id <> t_l.actor_id AND {EVENT_DAY} IS NOT NULL), "
            "topd AS (SELECT a1, a2, count(*) AS n FROM pe GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?) "
            f"SELECT pe.a1, pe.a2, g1.name AS name1, g2.name AS name2, {sql.iso('pe.period')} AS period, "
            "count(*) AS events, round(avg(pe.goldstein), 2) AS mean_goldstein "
            "FROM pe JOIN topd USING (a1, a2) JOIN actors g1 ON g1.actor_id = pe.a1 "
            "JOIN actors g2 ON g2.actor_id = pe.a2 GROUP BY ALL ORDER BY max(topd.n) DESC, 1, 2, period",
            [top])

    # -- timeline fallback --------------------------------------------------------------------
    def busiest_days(self, actor_id: str | None = None, root: str | None = None,
                     date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                     n_dates: int = 10, per_date: int = 3) -> list[dict[str, Any]]:
        """The days most reported on, each with its most widely reported event sentences.

        A store-only stand-in for the analysis timeline: days ranked by distinct articles, sentences
        by distinct outlets reporting the same dyad and root that day.
        """
        join, conds, params = _dated_events(actor_id)
        if root is not None:
            conds.append("e.root = ?")
            params.append(root.zfill(2) if root.isdigit() else root)
        sql.date_window(EVENT_DAY, date_from, date_to, conds, params)
        # narrow rows first (no text), texts only for the few chosen events: 100k events in ~0.2 s
        return self._dict_rows(
            f"WITH ev AS MATERIALIZED (SELECT e.event_id, e.article_id, e.root, {EVENT_DAY} AS day, a.outlet, "
            "e.source_key AS src, e.target_key AS tgt FROM events e JOIN articles a ON a.article_id = e.article_id"
            f"{join}{_where(conds)}), "
            "days AS (SELECT day, count(DISTINCT article_id) AS articles, count(*) AS events, "
            "count(DISTINCT outlet) AS sources FROM ev GROUP BY 1 ORDER BY articles DESC, events DESC, day "
            "LIMIT ?), "
            "grp AS (SELECT ev.day, src, tgt, root, count(DISTINCT outlet) AS outlets, count(*) AS n, "
            "min(event_id) AS event_id FROM ev SEMI JOIN days ON days.day = ev.day GROUP BY ALL), "
            "best AS (SELECT *, row_number() OVER (PARTITION BY day ORDER BY outlets DESC, n DESC, event_id) "
            "AS rk FROM grp QUALIFY rk <= ?) "
            f"SELECT {sql.iso('days.day')} AS date, days.articles, days.events, days.sources, "
            "list(struct_pack(event_id := e.event_id, text := e.sentence, article_id := e.article_id, "
            f"outlet := a.outlet, published := {sql.iso('a.published')}, url := a.url, root := e.root, "
            "reports := best.n) ORDER BY best.rk) AS sentences "
            "FROM days JOIN best ON best.day = days.day JOIN events e ON e.event_id = best.event_id "
            "JOIN articles a ON a.article_id = e.article_id GROUP BY ALL ORDER BY 1", [*params, n_dates, per_date])

    def event_roots(self, event_ids: Sequence[str]) -> dict[str, str]:
        """event_id -> CAMEO root, to filter an analysis timeline by root code after the fact."""
        ids = list(dict.fromkeys(event_ids))
        if not ids:
            return {}
        rows = self._con.execute("SELECT event_id, root FROM events WHERE list_contains(?, event_id)",
                                 [ids]).fetchall()
        return {a: r for a, r in rows}
