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
from newsgraph.store.relagg import (
    UNIT,
    WEIGHT,
    RelationDaysMixin,
    days_ctes,
    days_page_events,
    policy,
    weight_case,
    weight_params,
)
from newsgraph.store.sql import code_sql, date_window, day_param

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


#: at most this many event ids of one actor are read by primary key; more by a scan
_INDEX_IDS = 1000

#: a relation's -1..+1 score in SQL: the same formula as ``analyze.relations.score_of``
_SCORE = ("CASE WHEN weight > 0 THEN round(0.5 * greatest(-1.0, least(1.0, goldstein_sum / weight / 10.0)) "
          "+ 0.5 * balance_sum / weight, 4) ELSE 0.0 END")

#: ``relation_aggregates`` page orders; each ends on the row key, so pages are deterministic
_ORDERS = {
    "period": "period, sid, tid",
    "events": "events DESC, excluded DESC, period, sid, tid",
    "score": "abs(score) DESC, events DESC, period, sid, tid",
}

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


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


class RelationsMixin(RelationDaysMixin):
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
                            article_ids: Sequence[str] | None = None, *, order: str = "period",
                            limit: int | None = None, offset: int = 0,
                            max_ids: int | None = None,
                            use_days: bool | None = None) -> tuple[list[dict[str, Any]], int]:
        """One row per (source, target, period) with weighted Goldstein, quad counts and event ids.

        ``period`` is day|week|month|year, or ``all`` for one bucket. Units (a cluster, or a lone
        event) of weight 0 are left out of the sums and counted in ``excluded``; ``weight`` is the
        summed unit weight, ``balance_sum`` the weighted sum of +1 (cooperation) / -1 (conflict).

        Returns one page (``order`` is period|events|score, ``limit``/``offset``) and the number of
        rows of all pages. Sums are computed for every row, but event id lists, names and codes only
        for the page's rows, and ``max_ids`` caps each id list (the first ids of the full list): a
        busy actor has ~10^5 rows, and building their lists was what took seconds.

        The rows come from the relink's per-actor day aggregates (``store.relagg``) when they are
        fresh and no article subset is asked for, else from the events; both give the same rows.
        ``use_days`` forces one source (True fails if the aggregates are stale), for tests and bench.
        """
        fmt = PERIOD_FORMATS.get(period)
        if fmt is None and period != "all":
            raise ValueError(f"period must be one of {', '.join(PERIOD_FORMATS)} or all, not {period!r}")
        if order not in _ORDERS:
            raise ValueError(f"order must be one of {', '.join(_ORDERS)}, not {order!r}")
        if use_days is None:
            use_days = article_ids is None and self.relation_days_fresh()
        elif use_days and (article_ids is not None or not self.relation_days_fresh()):
            raise ValueError("the relation day aggregates are stale or cannot filter by article (run a relink)")
        mods = dict(modality_weights or {})
        weights, _ = weight_params(negated_weight, mods)
        cap = "" if max_ids is None else f"[1:{max(0, int(max_ids))}]"
        page = "" if limit is None else f"LIMIT {max(0, int(limit))} OFFSET {max(0, int(offset))}"
        same = "pg.sid = {x}.sid AND pg.tid = {x}.tid AND pg.period IS NOT DISTINCT FROM {x}.period"
        if use_days:
            ctes, pev, params = self._days_source(period, actor_id, date_from, date_to, weights, len(mods),
                                                  max_ids == 0)
        else:
            ctes, params = self._event_source(period, actor_id, date_from, date_to, weights, len(mods),
                                              article_ids is not None)
            pev = f"""
        pev AS (
            -- the page's events only, each with its unit's weight
            SELECT sel.sid, sel.tid, sel.period, sel.event_id, coalesce(sel.cluster_id, sel.event_id) AS unit,
                   coalesce(u.w, sel.w) AS uw
            FROM sel SEMI JOIN pg ON {same.format(x='sel')}
            LEFT JOIN units u ON u.cluster_id = sel.cluster_id AND u.sid = sel.sid
                 AND u.tid = sel.tid AND u.period IS NOT DISTINCT FROM sel.period
            WHERE {'false' if max_ids == 0 else 'true'}
        )"""
        label = f"coalesce(strftime(pg.period, '{fmt}'), 'undated')" if fmt else "'all'"
        query = f"""
        WITH {ctes}, pg AS (
            SELECT *, {_SCORE} AS score, count(*) OVER () AS total FROM agg
            ORDER BY {_ORDERS[order]} {page}
        ), {pev}, ids AS (
            SELECT sid, tid, period,
                   coalesce(list(event_id ORDER BY unit, event_id) FILTER (uw > 0), []::VARCHAR[]){cap} AS event_ids,
                   coalesce(list(event_id ORDER BY unit, event_id) FILTER (uw <= 0), []::VARCHAR[]){cap}
                       AS excluded_ids
            FROM pev GROUP BY ALL
        ), names AS (
            SELECT link_key, any_value(name ORDER BY name) AS name, any_value(country ORDER BY country) AS country,
                   any_value(sector ORDER BY sector) AS sector
            FROM local_actors WHERE link_key IN (SELECT sid FROM pg UNION SELECT tid FROM pg) GROUP BY 1
        )
        SELECT pg.sid, pg.tid, {label} AS period, pg.events, pg.excluded, pg.goldstein_sum, pg.weight,
               pg.balance_sum, pg.q1, pg.q2, pg.q3, pg.q4, pg.score, pg.total,
               coalesce(ids.event_ids, []::VARCHAR[]) AS event_ids,
               coalesce(ids.excluded_ids, []::VARCHAR[]) AS excluded_ids,
               coalesce(sg.name, sn.name, regexp_replace(pg.sid, '^[a-z]+:', '')) AS source_name,
               coalesce({code_sql('sg.country', 'sg.sector')}, {code_sql('sn.country', 'sn.sector')}) AS source_code,
               coalesce(tg.name, tn.name, regexp_replace(pg.tid, '^[a-z]+:', '')) AS target_name,
               coalesce({code_sql('tg.country', 'tg.sector')}, {code_sql('tn.country', 'tn.sector')}) AS target_code
        FROM pg LEFT JOIN ids ON {same.format(x='ids')}
        LEFT JOIN actors sg ON sg.actor_id = pg.sid LEFT JOIN names sn ON sn.link_key = pg.sid
        LEFT JOIN actors tg ON tg.actor_id = pg.tid LEFT JOIN names tn ON tn.link_key = pg.tid
        ORDER BY {_ORDERS[order].replace("period", "pg.period")}
        """
        with self._rel_cursor(article_ids) as cur:
            cur.execute(query, params)
            rows = _rows(cur)
            if not rows and limit is not None and offset > 0:  # a page past the end still has a total
                cur.execute(query.replace(page, "LIMIT 1"), params)
                first = _rows(cur)
                return [], int(first[0]["total"]) if first else 0
            return rows, int(rows[0]["total"]) if rows else 0

    def _days_source(self, period: str, actor_id: str | None, date_from: str | dt.date | None,
                     date_to: str | dt.date | None, weights: list[Any], n_mods: int,
                     no_ids: bool) -> tuple[str, str, list[Any]]:
        """``agg`` (and ``r``, ``cu``) and ``pev`` from ``actor_relation_days``: the actor's rows, else
        each pair once (its source side)."""
        # a month page without a window, under the month table's weights, reads the month rows
        months = (period == "month" and date_from is None and date_to is None
                  and self.relation_months_weights() == policy(weights))
        conds, filters = ["d.actor_id = ?"] if actor_id is not None else ["d.is_source"], []
        if actor_id is not None:
            filters.append(actor_id)
        date_window("d.day", date_from, date_to, conds, filters, day_param)
        bucket = f"date_trunc('{period}', d.day)" if period in PERIOD_FORMATS else "NULL::DATE"
        case = weight_case("d", n_mods)
        return (days_ctes(bucket, case, conds, months), days_page_events(no_ids, bucket, case, conds),
                weights + filters + (filters if months else []) + weights + filters)

    def _event_source(self, period: str, actor_id: str | None, date_from: str | dt.date | None,
                      date_to: str | dt.date | None, weights: list[Any], n_mods: int,
                      by_article: bool) -> tuple[str, list[Any]]:
        """``agg`` (and ``sel``, ``units``) from the events themselves: works on any store state."""
        params = list(weights)
        day = "coalesce(e.date, a.article_date, a.published)"
        conds = ["e.source_key IS NOT NULL", "e.target_key IS NOT NULL"]
        if by_article:
            conds.append("e.article_id IN (SELECT id FROM _ng_rel_ids)")
        picked = ""
        if actor_id is not None:
            ids = self._actor_event_ids(actor_id)
            if ids is not None:
                # the CTE keeps the IN list an index lookup instead of a join against every event
                marks = ", ".join("?" * len(ids))
                picked = f"picked AS MATERIALIZED (SELECT * FROM events WHERE event_id IN ({marks})), "
                params = ids + params
            else:
                keys = self._actor_keys(actor_id)
                marks = ", ".join("?" * len(keys))
                conds.append(f"(e.source_key IN ({marks}) OR e.target_key IN ({marks}))")
                params += keys * 2
        date_window(day, date_from, date_to, conds, params, day_param)
        post: list[str] = ["sid <> tid"]
        if actor_id is not None:
            post.append("(sid = ? OR tid = ?)")
            params += [actor_id, actor_id]
        # group on the period's first day (a DATE) and format only the page's labels
        bucket = f"date_trunc('{period}', {day})" if period in PERIOD_FORMATS else "NULL::DATE"
        ctes = f"""{picked}base AS (
            SELECT e.event_id, e.source_key, e.target_key, e.quad_class AS quad, e.goldstein::{WEIGHT} AS g,
                   {weight_case("e", n_mods)} AS w, {bucket} AS period
            FROM {'picked' if picked else 'events'} e JOIN articles a ON a.article_id = e.article_id
            WHERE {' AND '.join(conds)}
        ), cm AS (
            -- the event's cluster when it has other members; a lone event is its own unit
            SELECT m.event_id, min(m.cluster_id) AS cluster_id
            FROM event_cluster_members m SEMI JOIN base b ON b.event_id = m.event_id
            JOIN event_clusters c ON c.cluster_id = m.cluster_id
            WHERE c.num_mentions IS NULL OR c.num_mentions > 1 GROUP BY 1
        ), sel AS (
            SELECT b.event_id, coalesce(s_l.actor_id, b.source_key) AS sid,
                   coalesce(t_l.actor_id, b.target_key) AS tid, b.period, b.quad, b.g, b.w, cm.cluster_id
            FROM base b
            LEFT JOIN actor_links s_l ON s_l.link_key = b.source_key
            LEFT JOIN actor_links t_l ON t_l.link_key = b.target_key
            LEFT JOIN cm ON cm.event_id = b.event_id
            WHERE {' AND '.join(post)}
        ), units AS (
            SELECT sid, tid, period, NULL AS cluster_id, w, w * g AS wg, quad FROM sel WHERE cluster_id IS NULL
            UNION ALL
            -- a cluster's quad class is its most frequent one (the lowest on a tie); its weight and
            -- Goldstein are the means (doubles from exact sums, as store.relagg computes them)
            SELECT sid, tid, period, cluster_id, wf::{UNIT}, (wf * gf)::{UNIT}, quad FROM (
                SELECT sid, tid, period, cluster_id, sum(w)::DOUBLE / count(*)::DOUBLE AS wf,
                       sum(g)::DOUBLE / nullif(count(g), 0)::DOUBLE AS gf,
                       CASE greatest(count(*) FILTER (quad = 1), count(*) FILTER (quad = 2),
                                     count(*) FILTER (quad = 3), count(*) FILTER (quad = 4))
                       WHEN 0 THEN NULL WHEN count(*) FILTER (quad = 1) THEN 1 WHEN count(*) FILTER (quad = 2) THEN 2
                       WHEN count(*) FILTER (quad = 3) THEN 3 ELSE 4 END AS quad
                FROM sel WHERE cluster_id IS NOT NULL GROUP BY sid, tid, period, cluster_id)
        ), agg AS (
            SELECT sid, tid, period, count(*) FILTER (w > 0) AS events, count(*) FILTER (w <= 0) AS excluded,
                   coalesce(sum(wg) FILTER (w > 0), 0)::DOUBLE AS goldstein_sum,
                   coalesce(sum(w) FILTER (w > 0), 0)::DOUBLE AS weight,
                   coalesce(sum(w * CASE WHEN quad IN (1, 2) THEN 1 WHEN quad IN (3, 4) THEN -1 ELSE 0 END)
                            FILTER (w > 0), 0)::DOUBLE AS balance_sum,
                   count(*) FILTER (w > 0 AND quad = 1) AS q1, count(*) FILTER (w > 0 AND quad = 2) AS q2,
                   count(*) FILTER (w > 0 AND quad = 3) AS q3, count(*) FILTER (w > 0 AND quad = 4) AS q4
            FROM units GROUP BY ALL
        )"""
        return ctes, params

    def _actor_event_ids(self, actor_id: str) -> list[str] | None:
        """The event ids of a linked actor with few events (``event_actors`` is sorted by actor, so
        this reads a few blocks), to fetch by primary key; None for a busy or unlinked actor."""
        ids = [r[0] for r in self._con.execute(
            "SELECT DISTINCT event_id FROM event_actors WHERE actor_id = ? ORDER BY 1 LIMIT ?",
            [actor_id, _INDEX_IDS + 1]).fetchall()]
        return ids if ids and len(ids) <= _INDEX_IDS else None

    def _actor_keys(self, actor_id: str) -> list[str]:
        """The link keys of ``actor_id``, and the id itself (an unlinked key stands for itself).

        A filter on the two key columns is one scan of two columns; joining a busy actor's ~10^5
        event ids against the whole events table cost several times more.
        """
        return [actor_id, *(r[0] for r in self._con.execute(
            "SELECT link_key FROM actor_links WHERE actor_id = ? ORDER BY 1", [actor_id]).fetchall())]

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
        """(outlet, speaker id, speaker name, anonymous, quotes, reported) — whom each outlet quoted, how often.

        ``quotes`` counts verbatim quotes (direct or mixed), ``reported`` reported speech; speakers
        come most cited first, both kinds together.
        """
        where = " WHERE q.article_id IN (SELECT id FROM _ng_rel_ids)" if article_ids is not None else ""
        query = f"""
        SELECT coalesce(a.outlet, '(unknown)') AS outlet,
               coalesce(l.actor_id, q.speaker_key, CASE WHEN q.anonymous THEN 'anonymous' END) AS speaker_id,
               coalesce(g.name, la.name, regexp_replace(q.speaker_key, '^[a-z]+:', ''),
                        CASE WHEN q.anonymous THEN 'anonymous source' END, q.speaker_text) AS speaker_name,
               bool_or(coalesce(q.anonymous, false)) AS anonymous,
               count(*) FILTER (WHERE q.kind IS DISTINCT FROM 'indirect') AS quotes,
               count(*) FILTER (WHERE q.kind = 'indirect') AS reported
        FROM quotes q JOIN articles a ON a.article_id = q.article_id
        LEFT JOIN actor_links l ON l.link_key = q.speaker_key
        LEFT JOIN actors g ON g.actor_id = l.actor_id
        LEFT JOIN local_actors la ON la.article_id = q.article_id AND la.link_key = q.speaker_key
        {where}
        GROUP BY 1, 2, 3 ORDER BY 1, count(*) DESC, 3 NULLS LAST
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
