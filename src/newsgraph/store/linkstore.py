"""The reads of corpus actor linking, as compact aggregates streamed out of DuckDB.

Linking used to pull every per-article actor row into Python (one ``ActorRef`` per article and
actor), so a relink's memory grew with the corpus. The linker only needs, per link key, the
distinct person names that key was seen with (to union keys), and per linked group, counts that
SQL computes: name and type frequencies, aliases, distinct articles, mentions. Rows arrive through
``fetchmany`` so Python holds one chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import pyarrow as pa

#: keys that never take part in the person-name union (surname-only, anonymous and unnamed office-holder keys)
_PERSON_KEYS = ("SELECT DISTINCT link_key, name FROM local_actors WHERE type = 'PERSON' AND name IS NOT NULL "
                "AND NOT starts_with(link_key, 'person:~') AND NOT starts_with(link_key, 'anon:') "
                "AND NOT starts_with(link_key, 'role:')")

_GROUPS = """
WITH la AS (
    SELECT coalesce(m.canon, l.link_key) AS canon, l.*
    FROM local_actors l LEFT JOIN _ng_canon m ON m.link_key = l.link_key
), keys AS (
    SELECT canon, link_key FROM la GROUP BY ALL
), mc AS (
    SELECT k.canon, sum(c.n) AS mentions
    FROM keys k JOIN (SELECT link_key, count(*) AS n FROM mentions GROUP BY 1) c USING (link_key) GROUP BY 1
), nm AS (
    SELECT canon, list(struct_pack(name := name, n := n) ORDER BY name NULLS FIRST) AS names
    FROM (SELECT canon, name, count(*) AS n FROM la GROUP BY ALL) GROUP BY 1
), top AS (
    SELECT canon, kind, list(v ORDER BY n DESC, v)[1] AS v
    FROM (SELECT canon, 'type' AS kind, type AS v, count(*) AS n FROM la WHERE type IS NOT NULL GROUP BY ALL
          UNION ALL
          SELECT canon, 'country', country, count(*) FROM la WHERE country <> '' GROUP BY ALL
          HAVING NOT starts_with(canon, 'sector::') OR canon NOT IN (
              SELECT canon FROM la WHERE starts_with(canon, 'sector::') AND country <> ''
              GROUP BY 1 HAVING count(DISTINCT country) > 1)
          UNION ALL
          SELECT canon, 'sector', sector, count(*) FROM la WHERE sector <> '' GROUP BY ALL)
    GROUP BY ALL
), al AS (
    SELECT canon, list(DISTINCT a ORDER BY a) FILTER (a IS NOT NULL AND a <> '') AS aliases
    FROM (SELECT canon, unnest(list_append(coalesce(aliases, []::VARCHAR[]), name)) AS a FROM la) GROUP BY 1
), g AS (
    SELECT canon, list(DISTINCT link_key ORDER BY link_key) AS keys, count(DISTINCT article_id) AS articles
    FROM la GROUP BY 1
)
SELECT g.canon, g.keys, nm.names, coalesce(al.aliases, []::VARCHAR[]) AS aliases,
       (SELECT v FROM top WHERE top.canon = g.canon AND kind = 'type') AS type,
       (SELECT v FROM top WHERE top.canon = g.canon AND kind = 'country') AS country,
       (SELECT v FROM top WHERE top.canon = g.canon AND kind = 'sector') AS sector,
       g.articles, coalesce(mc.mentions, 0) AS mentions
FROM g JOIN nm USING (canon) LEFT JOIN al USING (canon) LEFT JOIN mc USING (canon)
ORDER BY g.canon
"""


@dataclass(frozen=True, slots=True)
class ActorGroup:
    """One linked identity as the store aggregates it: what ``link.actors`` needs to name it.

    ``names`` holds (name, how many article-level actors carried it); ``type``, ``country`` and
    ``sector`` are the most frequent values (the smallest on a tie).
    """

    canon: str
    keys: tuple[str, ...]
    names: tuple[tuple[str, int], ...]
    aliases: tuple[str, ...]
    type: str | None
    country: str | None
    sector: str | None
    articles: int
    mentions: int


class LinkMixin:
    """Linker reads of :class:`~newsgraph.store.Store`."""

    _con: duckdb.DuckDBPyConnection

    def _stream(self, query: str, batch_size: int) -> Iterator[tuple]:  # type: ignore[type-arg]
        cur = self._con.cursor()
        try:
            cur.execute(query)
            while rows := cur.fetchmany(batch_size):
                yield from rows
        finally:
            cur.close()

    def person_key_names(self, batch_size: int = 10_000) -> Iterator[tuple[str, str]]:
        """Distinct (link key, name) of article-level people with a full-name key, streamed."""
        for key, name in self._stream(_PERSON_KEYS + " ORDER BY 1, 2", batch_size):
            yield str(key), str(name)

    def surname_keys(self, batch_size: int = 10_000) -> Iterator[str]:
        """Distinct surname-only person keys (``person:~maliki``), streamed."""
        query = "SELECT DISTINCT link_key FROM local_actors WHERE starts_with(link_key, 'person:~') ORDER BY 1"
        for (key,) in self._stream(query, batch_size):
            yield str(key)

    def actor_groups(self, canon: pa.Table, batch_size: int = 2_000) -> Iterator[ActorGroup]:
        """Per linked group (keys mapped to a canonical key by ``canon``: link_key, canon; keys not
        in it stand alone), its aggregates, in canonical-key order, streamed."""
        cur = self._con.cursor()
        cur.register("_ng_canon", canon)
        try:
            cur.execute(_GROUPS)
            while rows := cur.fetchmany(batch_size):
                for c, keys, names, aliases, typ, country, sector, articles, mentions in rows:
                    yield ActorGroup(c, tuple(keys), tuple((n["name"], int(n["n"])) for n in names),
                                     tuple(aliases), typ, country, sector, int(articles), int(mentions))
        finally:
            cur.unregister("_ng_canon")
            cur.close()
