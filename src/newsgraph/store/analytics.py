"""Reads for timelines and briefings: articles of a story with the evidence that ranks their sentences.

The analysis layer needs whole articles (it date-tags and splits them itself, with the same date
resolver the pipeline uses) plus, per article, boilerplate ranges, actor mentions and events with
their cluster support. Each read takes the article ids as a registered Arrow table rather than a
long ``IN (...)`` list, so a story of thousands of articles is still one vectorised join.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb
import pyarrow as pa

from newsgraph.store import sql
from newsgraph.store.queries import like_pattern


class AnalyticsMixin:
    """Analysis reads of :class:`~newsgraph.store.Store` (timelines, briefings)."""

    _con: duckdb.DuckDBPyConnection

    @contextmanager
    def _with_ids(self, ids: Sequence[str]) -> Iterator[duckdb.DuckDBPyConnection]:
        """A private cursor with ``_ng_ids(id)`` registered, so concurrent readers never share a view."""
        cur = self._con.cursor()
        cur.register("_ng_ids", pa.table({"id": pa.array(list(dict.fromkeys(ids)), pa.string())}))
        try:
            yield cur
        finally:
            cur.unregister("_ng_ids")
            cur.close()

    def actor_link_keys(self, actor: str) -> list[str]:
        """Every link key that names ``actor`` (an actor id, or a name/alias), linked or article-local.

        Exact (case-insensitive) names win; a substring match is the fallback, so "WHO" does not
        select every actor whose name contains "who". Article-local actors count too, so a filter
        works before corpus linking has run.
        """
        exact = self._con.execute(
            "SELECT l.link_key FROM actor_links l JOIN actors g ON g.actor_id = l.actor_id "
            "WHERE g.actor_id = ? OR lower(g.name) = lower(?) "
            "OR list_contains(list_transform(g.aliases, x -> lower(x)), lower(?)) "
            "UNION SELECT link_key FROM local_actors WHERE link_key = ? OR lower(name) = lower(?) "
            "OR list_contains(list_transform(aliases, x -> lower(x)), lower(?)) ORDER BY 1",
            [actor] * 6).fetchall()
        if exact:
            return [r[0] for r in exact]
        pat = like_pattern(actor)
        rows = self._con.execute(
            "SELECT DISTINCT l.link_key FROM actor_links l JOIN actors g ON g.actor_id = l.actor_id "
            "WHERE g.name ILIKE ? ESCAPE '\\' OR array_to_string(g.aliases, chr(31)) ILIKE ? ESCAPE '\\' "
            "UNION SELECT DISTINCT link_key FROM local_actors WHERE name ILIKE ? ESCAPE '\\' "
            "ORDER BY 1", [pat, pat, pat]).fetchall()
        return [r[0] for r in rows]

    def story_articles(self, terms: Sequence[str] = (), link_keys: Sequence[str] | None = None,
                       published_from: str | dt.date | None = None,
                       published_to: str | dt.date | None = None) -> list[dict[str, Any]]:
        """Articles of a story: any of ``terms`` in title or text, mentioning one of ``link_keys``.

        ``anchor`` is the date relative expressions count from (the resolved article date, else the
        publication date); the publication window filters on the same value.
        """
        conds: list[str] = []
        params: list[Any] = []
        if terms:
            conds.append("(" + " OR ".join(["a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\'"]
                                            * len(terms)) + ")")
            for t in terms:
                params += [like_pattern(t), like_pattern(t)]
        if link_keys is not None:
            keys = list(link_keys) or [""]
            marks = ", ".join("?" * len(keys))
            conds.append(f"(a.article_id IN (SELECT article_id FROM mentions WHERE link_key IN ({marks})) "
                         f"OR a.article_id IN (SELECT article_id FROM events WHERE source_key IN ({marks}) "
                         f"OR target_key IN ({marks})))")
            params += keys * 3
        sql.date_window("coalesce(a.article_date, a.published)", published_from, published_to, conds, params,
                        sql.day_param)
        where = " WHERE " + " AND ".join(conds) if conds else ""
        cur = self._con.cursor()
        cur.execute(
            "SELECT a.article_id, a.outlet, a.url, a.title, a.text, "
            "strftime(a.published, '%Y-%m-%d') AS published, "
            "strftime(coalesce(a.article_date, a.published), '%Y-%m-%d') AS anchor, "
            "CASE WHEN a.article_date IS NULL AND a.published IS NOT NULL THEN 'day' "
            "ELSE a.article_date_precision END AS anchor_precision "
            f"FROM articles a{where} ORDER BY coalesce(a.article_date, a.published) NULLS LAST, a.article_id",
            params)
        names = [d[0] for d in cur.description]
        out = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        cur.close()
        return out

    def boilerplate_ranges(self, article_ids: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        """article_id -> boilerplate (start, end) ranges, which timelines must never quote."""
        out: dict[str, list[tuple[int, int]]] = {}
        with self._with_ids(article_ids) as cur:
            rows = cur.execute('SELECT b.article_id, b.start, b."end" FROM boilerplate b '
                               "SEMI JOIN _ng_ids i ON i.id = b.article_id ORDER BY 1, 2").fetchall()
        for aid, s, e in rows:
            out.setdefault(aid, []).append((int(s), int(e)))
        return out

    def mention_spans(self, article_ids: Sequence[str]) -> list[tuple[str, int, int, str, str]]:
        """(article_id, start, end, link key, actor name) for every actor mention; linked names win."""
        with self._with_ids(article_ids) as cur:
            rows = cur.execute(
                'SELECT m.article_id, m.start, m."end", m.link_key, '
                "coalesce(g.name, la.name, m.text) FROM mentions m SEMI JOIN _ng_ids i ON i.id = m.article_id "
                "LEFT JOIN actor_links l ON l.link_key = m.link_key "
                "LEFT JOIN actors g ON g.actor_id = l.actor_id "
                "LEFT JOIN local_actors la ON la.article_id = m.article_id AND la.link_key = m.link_key "
                "ORDER BY 1, 2, 3").fetchall()
        return [(a, int(s), int(e), k, n) for a, s, e, k, n in rows]

    def story_events(self, article_ids: Sequence[str]) -> list[dict[str, Any]]:
        """Events of the articles with their resolved date and the support of their cluster.

        ``num_sources``/``num_articles`` come from the event's cluster (1 when unclustered), the
        multi-outlet evidence a text-only timeline system does not have.
        """
        with self._with_ids(article_ids) as cur:
            cur.execute(
                "SELECT e.event_id, e.article_id, e.sentence_start, e.sentence_end, "
                "strftime(e.date, '%Y-%m-%d') AS date, e.date_precision, e.negated, e.modality, "
                "coalesce(max(c.num_sources), 1) AS num_sources, "
                "coalesce(max(c.num_articles), 1) AS num_articles, "
                "any_value(m.cluster_id) AS cluster_id "
                "FROM events e SEMI JOIN _ng_ids i ON i.id = e.article_id "
                "LEFT JOIN event_cluster_members m ON m.event_id = e.event_id "
                "LEFT JOIN event_clusters c ON c.cluster_id = m.cluster_id "
                "GROUP BY ALL ORDER BY e.article_id, e.sentence_start, e.event_id")
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
