"""SQL fragments shared by reads and exports, so the web layer and the JSONL files agree.

Only fixed identifiers are interpolated here; values always travel as parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

CODE_SECTORS = "('IGO', 'INS', 'REB', 'NGO')"


def code_sql(country: str, sector: str) -> str:
    """CAMEO-style actor code: country+sector, else country, else a stateless sector (IGO, REB...)."""
    return (f"CASE WHEN {country} IS NOT NULL AND {sector} IS NOT NULL THEN {country} || {sector} "
            f"WHEN {country} IS NOT NULL THEN {country} "
            f"WHEN {sector} IN {CODE_SECTORS} THEN {sector} END")


def actor_join(key: str, article: str, alias: str) -> str:
    """LEFT JOINs resolving a link_key to its global actor, with the article's local actor as fallback."""
    return (f" LEFT JOIN actor_links {alias}_l ON {alias}_l.link_key = {key}"
            f" LEFT JOIN actors {alias}_g ON {alias}_g.actor_id = {alias}_l.actor_id"
            f" LEFT JOIN local_actors {alias}_a ON {alias}_a.article_id = {article}"
            f" AND {alias}_a.link_key = {key}")


def actor_struct(key: str, alias: str) -> str:
    """The exported actor object: the linked actor if any, else the article-local one (no id)."""
    g, a = f"{alias}_g", f"{alias}_a"
    # a corpus actor without a country ("protesters" seen in several countries' news) takes the
    # article's own country for this event's code
    country, sector = f"coalesce({g}.country, {a}.country)", f"coalesce({g}.sector, {a}.sector)"
    g_code, a_code = code_sql(country, sector), code_sql(f"{a}.country", f"{a}.sector")
    fallback_name = f"coalesce({a}.name, regexp_replace({key}, '^[a-z]+:', ''))"
    return (
        f"CASE WHEN {key} IS NULL THEN NULL "
        f"WHEN {g}.actor_id IS NOT NULL THEN struct_pack(actor_id := {g}.actor_id, name := {g}.name, "
        f"aliases := coalesce({g}.aliases, []::VARCHAR[]), code := {g_code}, "
        f"country := {country}, sector := {sector}, type := {g}.type) "
        f"ELSE struct_pack(actor_id := NULL::VARCHAR, name := {fallback_name}, "
        f"aliases := coalesce({a}.aliases, []::VARCHAR[]), code := {a_code}, "
        f"country := {a}.country, sector := {a}.sector, type := {a}.type) END"
    )


def iso(col: str) -> str:
    return f"strftime({col}, '%Y-%m-%d')"


EVENT_SELECT = f"""
SELECT e.event_id, e.article_id, e.sentence, e.sentence_start, e.sentence_end,
       {actor_struct('e.source_key', 's')} AS source,
       {actor_struct('e.target_key', 't')} AS target,
       e.cameo, e.root, e.plover, e.plover_mode, e.quad_class, e.goldstein,
       {iso('e.date')} AS date, e.date_precision, e.negated, e.modality, e.confidence,
       e.trigger, e.trigger_start, e.trigger_end, e.location, e.lat, e.lon, e.location_country,
       e.source_key, e.target_key, a.outlet, a.url, {iso('a.published')} AS published
FROM events e JOIN articles a ON a.article_id = e.article_id
{actor_join('e.source_key', 'e.article_id', 's')}
{actor_join('e.target_key', 'e.article_id', 't')}
"""
EVENT_ORDER = " ORDER BY e.article_id, e.sentence_start, e.trigger_start, e.event_id"


def event_select(events: str) -> str:
    """``EVENT_SELECT`` over ``events`` (a table name or a CTE holding a page of events)."""
    return EVENT_SELECT.replace("FROM events e JOIN", f"FROM {events} e JOIN", 1)

QUOTE_SELECT = f"""
SELECT q.quote_id, q.article_id, q.text, q.start, q."end",
       {actor_struct('q.speaker_key', 'p')} AS speaker,
       q.speaker_text, q.cue, q.kind, q.anonymous, q.speaker_key
FROM quotes q
{actor_join('q.speaker_key', 'q.article_id', 'p')}
"""
QUOTE_ORDER = " ORDER BY q.article_id, q.start, q.quote_id"

MENTION_SELECT = """
SELECT m.article_id, m.start, m."end", m.text, l.actor_id, m.kind, m.link_key
FROM mentions m LEFT JOIN actor_links l ON l.link_key = m.link_key
"""
MENTION_ORDER = " ORDER BY m.article_id, m.start, m.\"end\", m.link_key"

ARTICLE_SELECT = f"""
SELECT a.article_id, a.url, a.outlet, {iso('a.published')} AS published, a.title, a.text, a.language,
       a.source_path, a.authors, {iso('a.article_date')} AS article_date, a.article_date_precision,
       a.content_hash, a.ingested_at
FROM articles a
"""
ARTICLE_ORDER = " ORDER BY a.article_id"

ACTOR_SELECT = f"""
SELECT g.actor_id, g.name, coalesce(g.aliases, []::VARCHAR[]) AS aliases, g.type, g.country, g.sector,
       {code_sql('g.country', 'g.sector')} AS code, g.mentions, g.articles
FROM actors g
"""
ACTOR_ORDER = " ORDER BY g.actor_id"

CLUSTER_SELECT = f"""
SELECT c.cluster_id, c.root, c.cameo, c.source_id, c.target_id, {iso('c.date_start')} AS date_start,
       {iso('c.date_end')} AS date_end, c.num_mentions, c.num_articles, c.num_sources,
       c.representative_event_id,
       coalesce((SELECT list(m.event_id ORDER BY m.event_id) FROM event_cluster_members m
                 WHERE m.cluster_id = c.cluster_id), []::VARCHAR[]) AS event_ids
FROM event_clusters c
"""
CLUSTER_ORDER = " ORDER BY c.cluster_id"

#: an event's day, as relations and date filters define it (its own date, else the article's)
EVENT_DAY = "coalesce(e.date, a.article_date, a.published)"


def event_actor_rows(events: str) -> str:
    """SELECT of ``event_actors`` rows for the events in ``events`` (the table or a view of new events).

    One row per linked side, sorted by actor then reading order, so DuckDB's zone maps skip the
    row groups of other actors and a timeline page is a top-N over one actor's rows.
    """
    return f"""
SELECT l.actor_id, x.side, x.event_id, x.day, x.article_id, x.sentence_start, x.trigger_start FROM (
    SELECT e.event_id, 'source' AS side, e.source_key AS link_key, {EVENT_DAY} AS day, e.article_id,
           e.sentence_start, e.trigger_start
    FROM {events} e LEFT JOIN articles a ON a.article_id = e.article_id WHERE e.source_key IS NOT NULL
    UNION ALL
    SELECT e.event_id, 'target' AS side, e.target_key AS link_key, {EVENT_DAY} AS day, e.article_id,
           e.sentence_start, e.trigger_start
    FROM {events} e LEFT JOIN articles a ON a.article_id = e.article_id WHERE e.target_key IS NOT NULL
) x JOIN actor_links l ON l.link_key = x.link_key
ORDER BY l.actor_id, x.article_id, x.sentence_start, x.trigger_start, x.event_id, x.side
"""


def actor_events(side: str | None = None) -> str:
    """Condition: the event (alias ``e``) has the actor given as parameter on ``side`` (or either side)."""
    on_side = f" AND side = '{side}'" if side else ""
    return f"e.event_id IN (SELECT event_id FROM event_actors WHERE actor_id = ?{on_side})"


#: export table name -> (SELECT, ORDER BY)
EXPORTS: dict[str, tuple[str, str]] = {
    "articles": (ARTICLE_SELECT, ARTICLE_ORDER),
    "mentions": (MENTION_SELECT, MENTION_ORDER),
    "actors": (ACTOR_SELECT, ACTOR_ORDER),
    "events": (EVENT_SELECT, EVENT_ORDER),
    "quotes": (QUOTE_SELECT, QUOTE_ORDER),
    "clusters": (CLUSTER_SELECT, CLUSTER_ORDER),
}


def date_param(value: str | dt.date | None) -> str | None:
    """A date parameter as DuckDB casts it (``?::DATE``)."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def day_param(value: str | dt.date | None) -> str | None:
    """A date parameter cut to its day: a datetime or timestamp string windows by its date."""
    if value is None:
        return None
    return value.isoformat()[:10] if isinstance(value, dt.date) else str(value)[:10]


def date_window(column: str, date_from: str | dt.date | None, date_to: str | dt.date | None,
                conds: list[str], params: list[Any],
                param: Callable[[str | dt.date | None], str | None] = date_param) -> None:
    """Append the inclusive ``[date_from, date_to]`` conditions on ``column`` (either may be None)."""
    if date_from is not None:
        conds.append(f"{column} >= ?::DATE")
        params.append(param(date_from))
    if date_to is not None:
        conds.append(f"{column} <= ?::DATE")
        params.append(param(date_to))
