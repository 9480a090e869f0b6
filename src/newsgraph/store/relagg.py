"""Per-actor relation pre-aggregates (``actor_relation_days``), written at relink, read by relation pages.

A busy actor's monthly relations page used to scan every event (an OR over two key columns), join
articles for the fallback day, actor links and cluster members, and hash-aggregate ~2×10^5 rows:
~0.5 s at 10^6 events. The relink already knows everything that page needs, so it writes one row
per (actor, side, other actor, day, negated, modality, multi-member cluster) with counts, the
Goldstein sum, quad-class counts and the sorted event ids, listed under both actors of the pair
and sorted by actor: a page reads its actor's few row groups and rolls days up into its period.

Why this grain: everything the weighting policy (``analyze.relations``) needs stays a parameter
(the weight is a function of negated and modality, both kept), every period (day, ISO week,
month, year, all, and any date window) is a union of days, and a multi-member cluster keeps its
own rows, because a cluster counts once per (pair, period) and may straddle two days or periods:
its unit weight, mean Goldstein and most frequent quad class are computed after the roll-up,
exactly as the event-level query computes them.

Freshness: ``store_meta['relation_days']`` holds :data:`DAYS_VERSION` only while the table matches
the events, links and clusters; every writer of those marks it stale in its own transaction
(:func:`mark_stale`), and readers then fall back to the event-level query until the next relink.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import duckdb

#: ``store_meta`` key of the freshness mark, and the build format it certifies
DAYS_META = "relation_days"
DAYS_VERSION = "1"
#: events per build pass: the rows are written in passes by hash of the listed actor (each pass
#: sorted by actor, so a page still reads few row groups), because the id lists are aggregated in
#: memory: one pass over 10^6 events ran out of the relink's 256 MB (engines.local.RELINK_DB_MEMORY)
BUILD_EVENTS = 200_000
#: ``store_meta`` key of the weights the month table was rolled up under
MONTHS_META = "relation_months_weights"


#: Weights and Goldstein scores are summed as decimals (exact: any order, any grain gives the same
#: sums; float sums differed in the last bits, which flipped 4-decimal rounding at ties); a cluster
#: unit's mean weight and Goldstein are doubles computed from exact sums, cast back to decimal.
WEIGHT = "DECIMAL(18, 9)"
UNIT = "DECIMAL(38, 18)"


def weight_case(alias: str, n_mods: int) -> str:
    """An event's weight in SQL (a decimal): the negated weight, else its modality's, else 1
    (parameters: the negated weight, then each modality and its weight)."""
    return (f"CASE WHEN {alias}.negated THEN ?::{WEIGHT} "
            + "".join(f"WHEN {alias}.modality = ? THEN ?::{WEIGHT} " for _ in range(n_mods)) + f"ELSE 1::{WEIGHT} END")


def weight_params(negated_weight: float, modality_weights: Mapping[str, float]) -> tuple[list[Any], str]:
    """The parameters of :func:`weight_case` (alias ``d``) and the CASE itself."""
    params: list[Any] = [float(negated_weight)]
    for k, v in modality_weights.items():
        params += [k, float(v)]
    return params, weight_case("d", len(modality_weights))


def policy(weights: list[Any]) -> str:
    """A weighting policy as text, to compare a read's weights with the month table's."""
    return json.dumps(weights)

_BUILD = """
INSERT INTO actor_relation_days
WITH cm AS (
    -- the event's cluster when it has other members; a lone event is its own unit
    SELECT m.event_id, min(m.cluster_id) AS cluster_id
    FROM event_cluster_members m JOIN event_clusters c ON c.cluster_id = m.cluster_id
    WHERE c.num_mentions IS NULL OR c.num_mentions > 1 GROUP BY 1
), base AS (
    SELECT e.event_id, coalesce(s_l.actor_id, e.source_key) AS sid, coalesce(t_l.actor_id, e.target_key) AS tid,
           coalesce(e.date, a.article_date, a.published) AS day, e.negated, e.modality, e.quad_class AS quad,
           e.goldstein AS g, cm.cluster_id
    FROM events e JOIN articles a ON a.article_id = e.article_id
    LEFT JOIN actor_links s_l ON s_l.link_key = e.source_key
    LEFT JOIN actor_links t_l ON t_l.link_key = e.target_key
    LEFT JOIN cm ON cm.event_id = e.event_id
    WHERE e.source_key IS NOT NULL AND e.target_key IS NOT NULL
), days AS (
    SELECT sid, tid, day, negated, modality, cluster_id, CAST(count(*) AS INTEGER) AS n,
           CAST(count(g) AS INTEGER) AS n_g, sum(g::DECIMAL(18, 9)) AS g_sum,
           CAST(count(*) FILTER (quad = 1) AS INTEGER) AS q1, CAST(count(*) FILTER (quad = 2) AS INTEGER) AS q2,
           CAST(count(*) FILTER (quad = 3) AS INTEGER) AS q3, CAST(count(*) FILTER (quad = 4) AS INTEGER) AS q4,
           list(event_id ORDER BY event_id) AS event_ids
    FROM base WHERE sid <> tid AND (hash(sid) % $parts = $part OR hash(tid) % $parts = $part) GROUP BY ALL
)
SELECT * FROM (
    SELECT sid AS actor_id, true AS is_source, tid AS other_id, day, negated, modality, cluster_id,
           n, n_g, g_sum, q1, q2, q3, q4, event_ids FROM days WHERE hash(sid) % $parts = $part
    UNION ALL
    SELECT tid, false, sid, day, negated, modality, cluster_id, n, n_g, g_sum, q1, q2, q3, q4, event_ids FROM days
    WHERE hash(tid) % $parts = $part
) ORDER BY actor_id, is_source, other_id, day, negated, modality, cluster_id
"""

#: the migration appended to ``schema.MIGRATIONS`` creates this table (kept here for reference)
TABLE_SQL = """
CREATE TABLE actor_relation_days (
    actor_id VARCHAR NOT NULL, is_source BOOLEAN NOT NULL, other_id VARCHAR NOT NULL, day DATE,
    negated BOOLEAN, modality VARCHAR, cluster_id VARCHAR, n INTEGER, n_g INTEGER, g_sum DECIMAL(38, 9),
    q1 INTEGER, q2 INTEGER, q3 INTEGER, q4 INTEGER, event_ids VARCHAR[]
);
"""


def mark_stale(con: duckdb.DuckDBPyConnection) -> None:
    """Called inside the transaction of every write to events, links or clusters: an UPDATE of a
    non-key column, a no-op once stale, so an ingest batch pays one index probe."""
    con.execute("UPDATE store_meta SET value = NULL WHERE key = ? AND value IS NOT NULL", [DAYS_META])


def days_ctes(period_bucket: str, wcase: str, conds: list[str], months: bool = False) -> str:
    """CTEs ``r`` (the day rows in scope, as sid/tid/period/w), ``cu`` (multi-member cluster units)
    and ``agg`` (one row per pair × period), the same columns the event-level query's ``agg`` has.
    ``months`` reads ``agg`` from the month table (the weights must be the ones it was built with;
    its ``conds`` parameters then come twice: for ``r``, which ``pev`` needs, and for the months).

    Lone events of one day row are ``n`` units of weight ``w``; a cluster unit weighs its members'
    mean weight, its Goldstein is their mean, its quad class the most frequent (lowest on a tie).
    """
    where = " AND ".join(conds) if conds else "true"
    rolled = f"""
            SELECT actor_id, is_source, other_id, period, events, excluded, goldstein_sum, weight, balance_sum,
                   q1, q2, q3, q4
            FROM actor_relation_months d WHERE {where}""" if months else ROLL_UP
    # group on the stored (actor, side, other) columns and derive sid/tid after the roll-up: hashing
    # two computed strings per day row cost more than the sums
    return f"""
        r AS NOT MATERIALIZED (
            SELECT d.actor_id, d.is_source, d.other_id, {period_bucket} AS period, {wcase} AS w,
                   d.cluster_id, d.n, d.n_g, d.g_sum, d.q1, d.q2, d.q3, d.q4
            FROM actor_relation_days d WHERE {where}
        ), cu AS (
            SELECT actor_id, is_source, other_id, period, cluster_id,
                   sum(w * n)::DOUBLE / sum(n)::DOUBLE AS wf, sum(g_sum)::DOUBLE / nullif(sum(n_g), 0)::DOUBLE AS gf,
                   wf::{UNIT} AS w, (wf * gf)::{UNIT} AS wg,
                   CASE greatest(sum(q1), sum(q2), sum(q3), sum(q4)) WHEN 0 THEN NULL WHEN sum(q1) THEN 1
                        WHEN sum(q2) THEN 2 WHEN sum(q3) THEN 3 ELSE 4 END AS quad
            FROM r WHERE cluster_id IS NOT NULL GROUP BY actor_id, is_source, other_id, period, cluster_id
        ), pieces AS (
            SELECT actor_id, is_source, other_id, period, w, n, w * g_sum AS wg, w * (q1 + q2 - q3 - q4) AS wb,
                   q1, q2, q3, q4
            FROM r WHERE cluster_id IS NULL
            UNION ALL
            SELECT actor_id, is_source, other_id, period, w, 1, wg,
                   w * CASE WHEN quad IN (1, 2) THEN 1 WHEN quad IN (3, 4) THEN -1 ELSE 0 END,
                   (quad = 1)::INTEGER, (quad = 2)::INTEGER, (quad = 3)::INTEGER, (quad = 4)::INTEGER
            FROM cu
        ), rolled AS ({rolled}
        ), agg AS (
            SELECT CASE WHEN is_source THEN actor_id ELSE other_id END AS sid,
                   CASE WHEN is_source THEN other_id ELSE actor_id END AS tid, period, events, excluded,
                   goldstein_sum, weight, balance_sum, q1, q2, q3, q4,
                   actor_id AS _a, is_source AS _s, other_id AS _o
            FROM rolled
        )"""


#: ``rolled``: one row per (actor, side, other, period), from the ``pieces`` of the day rows
ROLL_UP = """
            SELECT actor_id, is_source, other_id, period, coalesce(sum(n) FILTER (w > 0), 0)::BIGINT AS events,
                   coalesce(sum(n) FILTER (w <= 0), 0)::BIGINT AS excluded,
                   coalesce(sum(wg) FILTER (w > 0), 0)::DOUBLE AS goldstein_sum,
                   coalesce(sum(w * n) FILTER (w > 0), 0)::DOUBLE AS weight,
                   coalesce(sum(wb) FILTER (w > 0), 0)::DOUBLE AS balance_sum,
                   coalesce(sum(q1) FILTER (w > 0), 0)::BIGINT AS q1, coalesce(sum(q2) FILTER (w > 0), 0)::BIGINT AS q2,
                   coalesce(sum(q3) FILTER (w > 0), 0)::BIGINT AS q3, coalesce(sum(q4) FILTER (w > 0), 0)::BIGINT AS q4
            FROM pieces GROUP BY ALL"""


def days_page_events(no_ids: bool, period_bucket: str, wcase: str, conds: list[str]) -> str:
    """CTE ``pev``: the page's events with their unit and unit weight, unnested from the day rows.

    The id lists are read by a second scan of the actor's rows, not carried through ``r``: only
    the page's rows need them, and dragging every row's list through the roll-up cost more.
    """
    where = " AND ".join([*conds, "false"] if no_ids else conds) or "true"
    # join the page on the stored columns first: the CASEs and list unnesting then touch page rows only
    return f"""
        pev AS (
            SELECT x.sid, x.tid, x.period, x.event_id, coalesce(x.cluster_id, x.event_id) AS unit,
                   coalesce(cu.w, x.w) AS uw
            FROM (SELECT pg.sid, pg.tid, pg.period, d.actor_id, d.is_source, d.other_id, d.cluster_id,
                         {wcase} AS w, unnest(d.event_ids) AS event_id
                  FROM actor_relation_days d JOIN pg ON d.actor_id = pg._a AND d.is_source = pg._s
                       AND d.other_id = pg._o AND {period_bucket} IS NOT DISTINCT FROM pg.period
                  WHERE {where}) x
            LEFT JOIN cu ON cu.cluster_id = x.cluster_id AND cu.actor_id = x.actor_id AND cu.is_source = x.is_source
                 AND cu.other_id = x.other_id AND cu.period IS NOT DISTINCT FROM x.period
        )"""


class RelationDaysMixin:
    """Builds and checks ``actor_relation_days`` for :class:`~newsgraph.store.Store`."""

    _con: duckdb.DuckDBPyConnection

    def rebuild_relation_days(self, negated_weight: float, modality_weights: Mapping[str, float]) -> int:
        """Recompute the pre-aggregates from events, links and clusters (the relink's last step) in
        one transaction, and mark them fresh; returns the number of day rows.

        The month table is rolled up under the given weights (the relations policy), which are
        recorded: a read with other weights uses the day rows.
        """
        weights, case = weight_params(negated_weight, modality_weights)
        months = days_ctes("date_trunc('month', d.day)", case, ["hash(d.actor_id) % $parts = $part"])
        row = self._con.execute("SELECT count(*) FROM events").fetchone()
        parts = max(1, -(-int(row[0] if row else 0) // BUILD_EVENTS))
        with self.transaction() as con:  # type: ignore[attr-defined]
            con.execute("DELETE FROM actor_relation_days")
            con.execute("DELETE FROM actor_relation_months")
            for part in range(parts):
                con.execute(_BUILD.replace("$parts", str(parts)).replace("$part", str(part)))
            for part in range(parts):
                sql = months.replace("$parts", str(parts)).replace("$part", str(part))
                con.execute(f"INSERT INTO actor_relation_months WITH {sql} SELECT * FROM rolled "
                            "ORDER BY actor_id, is_source, other_id, period", weights)
            con.execute("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [DAYS_META, DAYS_VERSION])
            con.execute("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [MONTHS_META, policy(weights)])
        row = self._con.execute("SELECT count(*) FROM actor_relation_days").fetchone()
        return int(row[0]) if row else 0

    def relation_months_weights(self) -> str | None:
        """The weights (:func:`policy`) the month table was rolled up under, when it is fresh."""
        if not self.relation_days_fresh():
            return None
        row = self._con.execute("SELECT value FROM store_meta WHERE key = ?", [MONTHS_META]).fetchone()
        return str(row[0]) if row and row[0] is not None else None

    def relation_days_fresh(self) -> bool:
        """True when the pre-aggregates match what is stored (see :func:`mark_stale`)."""
        row = self._con.execute("SELECT value FROM store_meta WHERE key = ?", [DAYS_META]).fetchone()
        return bool(row) and row[0] == DAYS_VERSION
