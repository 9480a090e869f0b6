"""Reads for stances (actor-to-actor relations over time) and outlet comparison.

Aggregation runs in DuckDB, not Python, so ``relations`` and ``network`` stay one vectorised query
on a corpus of millions of events. The weighting policy (how negated or hypothetical events count)
belongs to ``newsgraph.analyze.relations`` and arrives here as parameters.

An event's actor is its linked corpus actor, else its link key, so relations still work before
corpus linking has run. An event's day is its own date, else the article's resolved date, else
the publication date. Events in one event cluster count once per (pair, period): the cluster's
weight, Goldstein and quad class are the means/mode over its members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb
import pyarrow as pa

from newsgraph.store.queries import like_pattern
from newsgraph.store.sql import actor_events, code_sql

#: strftime formats of the periods ``relation_aggregates`` groups by
PERIOD_FORMATS = {"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m", "year": "%Y"}

_SIDE = """
 LEFT JOIN actor_links {a}_l ON {a}_l.link_key = e.{side}_key
 LEFT JOIN actors {a}_g ON {a}_g.actor_id = {a}_l.actor_id
 LEFT JOIN local_actors {a}_a ON {a}_a.article_id = e.article_id AND {a}_a.link_key = e.{side}_key"""


def _side(side: str, a: str) -> tuple[str, str]:
    """(JOINs, select list) giving id, name and code of one side of an event."""
    cols = (f"coalesce({a}_l.actor_id, e.{side}_key) AS {side}_id, "
            f"coalesce({a}_g.name, {a}_a.name, regexp_replace(e.{side}_key, '^[a-z]+:', '')) AS {side}_name, "
            f"coalesce({code_sql(f'{a}_g.country', f'{a}_g.sector')}, "
            f"{code_sql(f'{a}_a.country', f'{a}_a.sector')}) AS {side}_code")
    return _SIDE.format(a=a, side=side), cols


_S_JOIN, _S_COLS = _side("source", "s")
_T_JOIN, _T_COLS = _side("target", "t")

_EVENT_ROWS = f"""
SELECT e.event_id, e.article_id, a.outlet, a.url, a.title, e.sentence, e.sentence_start, e.sentence_end,
       e.cameo, e.root, e.quad_class, e.goldstein, e.negated, e.modality, e.confidence,
       strftime(coalesce(e.date, a.article_date, a.published), '%Y-%m-%d') AS day,
       {_S_COLS}, {_T_COLS}, cm.cluster_id
FROM events e JOIN articles a ON a.article_id = e.article_id
{_S_JOIN}
{_T_JOIN}
LEFT JOIN (SELECT event_id, min(cluster_id) AS cluster_id FROM event_cluster_members GROUP BY 1) cm
       ON cm.event_id = e.event_id
"""


def _iso(value: str | dt.date | None) -> str | None:
    if value is None:
        return None
    return value.isoformat()[:10] if isinstance(value, dt.date) else str(value)[:10]


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


class RelationsMixin:
    """Stance and outlet reads of :class:`~newsgraph.store.Store`."""

    _con: duckdb.DuckDBPyConnection

    @contextmanager
    def _rel_cursor(self, article_ids: Sequence[str] | None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A private cursor, with ``_ng_rel_ids(id)`` registered when a set of articles is given."""
        cur = self._con.cursor()
        if article_ids is not None:
            cur.register("_ng_rel_ids", pa.table({"id": pa.array(list(dict.fromkeys(article_ids)), pa.string())}))
        try:
            yield cur
        finally:
            cur.close()

    def relation_aggregates(self, period: str = "month", actor_id: str | None = None,
                            date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                            negated_weight: float = 0.0,
                            modality_weights: Mapping[str, float] | None = None,
                            article_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """One row per (source, target, period) with weighted Goldstein, quad counts and event ids.

        ``period`` is day|week|month|year, or ``all`` for one bucket. Units (a cluster, or a lone
        event) of weight 0 are left out of the sums and counted in ``excluded``; ``weight`` is the
        summed unit weight, ``balance_sum`` the weighted sum of +1 (cooperation) / -1 (conflict).
        """
        fmt = PERIOD_FORMATS.get(period)
        if fmt is None and period != "all":
            raise ValueError(f"period must be one of {', '.join(PERIOD_FORMATS)} or all, not {period!r}")
        mods = dict(modality_weights or {})
        case = "CASE WHEN e.negated THEN ?::DOUBLE " + "".join(
            "WHEN e.modality = ? THEN ?::DOUBLE " for _ in mods) + "ELSE 1.0 END"
        params: list[Any] = [negated_weight]
        for k, v in mods.items():
            params += [k, v]
        conds = ["e.source_key IS NOT NULL", "e.target_key IS NOT NULL"]
        if article_ids is not None:
            conds.append("e.article_id IN (SELECT id FROM _ng_rel_ids)")
        if actor_id is not None:
            # narrow to the actor's events first (event_actors is sorted by actor); an unlinked key
            # stands for itself. The exact test on the resolved ids follows below.
            conds.append(f"({actor_events()} OR e.source_key = ? OR e.target_key = ?)")
            params += [actor_id, actor_id, actor_id]
        bucket = "coalesce(strftime(day, ?), 'undated')" if fmt else "'all'"
        if fmt:
            params.append(fmt)
        post: list[str] = ["sid <> tid"]
        if actor_id is not None:
            post.append("(sid = ? OR tid = ?)")
            params += [actor_id, actor_id]
        if date_from is not None:
            post.append("day >= ?::DATE")
            params.append(_iso(date_from))
        if date_to is not None:
            post.append("day <= ?::DATE")
            params.append(_iso(date_to))
        query = f"""
        WITH ev AS (
            SELECT e.event_id, coalesce(s_l.actor_id, e.source_key) AS sid,
                   coalesce(t_l.actor_id, e.target_key) AS tid,
                   coalesce(e.date, a.article_date, a.published) AS day, e.quad_class AS quad,
                   e.goldstein AS g, {case} AS w, coalesce(cm.cluster_id, e.event_id) AS unit
            FROM events e JOIN articles a ON a.article_id = e.article_id
            LEFT JOIN actor_links s_l ON s_l.link_key = e.source_key
            LEFT JOIN actor_links t_l ON t_l.link_key = e.target_key
            LEFT JOIN (SELECT event_id, min(cluster_id) AS cluster_id FROM event_cluster_members GROUP BY 1) cm
                   ON cm.event_id = e.event_id
            WHERE {' AND '.join(conds)}
        ), units AS (
            SELECT sid, tid, {bucket} AS period, unit, avg(w) AS w, avg(g) AS g, mode(quad) AS quad,
                   list(event_id ORDER BY event_id) AS ids
            FROM ev WHERE {' AND '.join(post)} GROUP BY ALL
        ), agg AS (
            SELECT sid, tid, period, count(*) FILTER (w > 0) AS events, count(*) FILTER (w <= 0) AS excluded,
                   coalesce(sum(w * g) FILTER (w > 0), 0) AS goldstein_sum,
                   coalesce(sum(w) FILTER (w > 0), 0) AS weight,
                   coalesce(sum(w * CASE WHEN quad IN (1, 2) THEN 1 WHEN quad IN (3, 4) THEN -1 ELSE 0 END)
                            FILTER (w > 0), 0) AS balance_sum,
                   count(*) FILTER (w > 0 AND quad = 1) AS q1, count(*) FILTER (w > 0 AND quad = 2) AS q2,
                   count(*) FILTER (w > 0 AND quad = 3) AS q3, count(*) FILTER (w > 0 AND quad = 4) AS q4,
                   coalesce(flatten(list(ids ORDER BY unit) FILTER (w > 0)), []::VARCHAR[]) AS event_ids,
                   coalesce(flatten(list(ids ORDER BY unit) FILTER (w <= 0)), []::VARCHAR[]) AS excluded_ids
            FROM units GROUP BY ALL
        ), names AS (
            SELECT link_key, any_value(name ORDER BY name) AS name, any_value(country ORDER BY country) AS country,
                   any_value(sector ORDER BY sector) AS sector
            FROM local_actors WHERE link_key IN (SELECT sid FROM agg UNION SELECT tid FROM agg) GROUP BY 1
        )
        SELECT agg.*, coalesce(sg.name, sn.name, regexp_replace(sid, '^[a-z]+:', '')) AS source_name,
               coalesce({code_sql('sg.country', 'sg.sector')}, {code_sql('sn.country', 'sn.sector')}) AS source_code,
               coalesce(tg.name, tn.name, regexp_replace(tid, '^[a-z]+:', '')) AS target_name,
               coalesce({code_sql('tg.country', 'tg.sector')}, {code_sql('tn.country', 'tn.sector')}) AS target_code
        FROM agg
        LEFT JOIN actors sg ON sg.actor_id = sid LEFT JOIN names sn ON sn.link_key = sid
        LEFT JOIN actors tg ON tg.actor_id = tid LEFT JOIN names tn ON tn.link_key = tid
        ORDER BY period, sid, tid
        """
        with self._rel_cursor(article_ids) as cur:
            cur.execute(query, params)
            return _rows(cur)

    def event_rows(self, event_ids: Sequence[str] | None = None,
                   article_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Events with evidence (sentence, outlet, day) and both actors resolved, in reading order.

        Pass ``event_ids`` for a relation's supporting events, ``article_ids`` for a story's events.
        """
        conds: list[str] = []
        ids = list(dict.fromkeys(event_ids or ()))
        if event_ids is not None:
            conds.append("e.event_id IN (SELECT id FROM _ng_ev_ids)")
        if article_ids is not None:
            conds.append("e.article_id IN (SELECT id FROM _ng_rel_ids)")
        where = " WHERE " + " AND ".join(conds) if conds else ""
        with self._rel_cursor(article_ids) as cur:
            if event_ids is not None:
                cur.register("_ng_ev_ids", pa.table({"id": pa.array(ids, pa.string())}))
            cur.execute(_EVENT_ROWS + where + " ORDER BY day NULLS LAST, e.article_id, e.sentence_start, e.event_id")
            return _rows(cur)

    def quote_speaker_counts(self, article_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """(outlet, speaker id, speaker name, anonymous, quotes) — whom each outlet quoted, how often."""
        where = " WHERE q.article_id IN (SELECT id FROM _ng_rel_ids)" if article_ids is not None else ""
        query = f"""
        SELECT coalesce(a.outlet, '(unknown)') AS outlet,
               coalesce(l.actor_id, q.speaker_key, CASE WHEN q.anonymous THEN 'anonymous' END) AS speaker_id,
               coalesce(g.name, la.name, regexp_replace(q.speaker_key, '^[a-z]+:', ''),
                        CASE WHEN q.anonymous THEN 'anonymous source' END, q.speaker_text) AS speaker_name,
               bool_or(coalesce(q.anonymous, false)) AS anonymous, count(*) AS quotes
        FROM quotes q JOIN articles a ON a.article_id = q.article_id
        LEFT JOIN actor_links l ON l.link_key = q.speaker_key
        LEFT JOIN actors g ON g.actor_id = l.actor_id
        LEFT JOIN local_actors la ON la.article_id = q.article_id AND la.link_key = q.speaker_key
        {where}
        GROUP BY 1, 2, 3 ORDER BY 1, quotes DESC, 3 NULLS LAST
        """
        with self._rel_cursor(article_ids) as cur:
            cur.execute(query)
            return _rows(cur)

    def mention_actor_spans(self, article_ids: Sequence[str]) -> list[tuple[str, int, int, str, str]]:
        """(article_id, start, end, actor id, actor name) per mention; the link key when not yet linked.

        Outlet comparison counts corpus actors, so one actor mentioned under several local keys
        counts once.
        """
        query = (
            'SELECT m.article_id, m.start, m."end", coalesce(l.actor_id, m.link_key), '
            "coalesce(g.name, la.name, m.text) FROM mentions m "
            "LEFT JOIN actor_links l ON l.link_key = m.link_key "
            "LEFT JOIN actors g ON g.actor_id = l.actor_id "
            "LEFT JOIN local_actors la ON la.article_id = m.article_id AND la.link_key = m.link_key "
            "WHERE m.article_id IN (SELECT id FROM _ng_rel_ids) ORDER BY 1, 2, 3")
        with self._rel_cursor(article_ids) as cur:
            rows = cur.execute(query).fetchall()
        return [(a, int(s), int(e), k, n) for a, s, e, k, n in rows]

    def resolve_actor(self, actor: str) -> tuple[str, str] | None:
        """(actor id, name) for an id, exact name, alias or substring; the most mentioned match wins.

        Unlinked link keys ("person:nouri maliki") resolve to themselves, so relations can be asked
        for before corpus linking has run.
        """
        row = self._con.execute(
            "SELECT actor_id, name FROM actors WHERE actor_id = ? OR lower(name) = lower(?) "
            "ORDER BY actor_id = ? DESC, mentions DESC NULLS LAST LIMIT 1", [actor, actor, actor]).fetchone()
        if row is None:
            row = self._con.execute(
                "SELECT actor_id, name FROM actors WHERE name ILIKE ? ESCAPE '\\' OR list_contains("
                "list_transform(coalesce(aliases, []::VARCHAR[]), x -> lower(x)), lower(?)) "
                "ORDER BY mentions DESC NULLS LAST, actor_id LIMIT 1", [like_pattern(actor), actor]).fetchone()
        if row is None:
            row = self._con.execute(
                "SELECT link_key, any_value(name) FROM local_actors WHERE link_key = ? GROUP BY 1",
                [actor]).fetchone()
        return (str(row[0]), str(row[1])) if row else None
