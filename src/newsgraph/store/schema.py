"""Schema and migrations.

Migrations are append-only SQL scripts; ``schema_version`` records how many have run, so a
database written by an older newsgraph gains new tables and columns on its next writable open.
Never edit a released script: add a new one (``ALTER TABLE ... ADD COLUMN`` etc.).
"""

from __future__ import annotations

import logging

import duckdb

log = logging.getLogger(__name__)

MIGRATIONS: list[str] = [
    # 1: the per-article tables and the corpus-level tables
    """
    CREATE TABLE articles (
        article_id VARCHAR PRIMARY KEY,
        url VARCHAR,
        outlet VARCHAR,
        published DATE,
        title VARCHAR,
        text VARCHAR NOT NULL,
        language VARCHAR,
        source_path VARCHAR,
        authors VARCHAR[],
        article_date DATE,
        article_date_precision VARCHAR,
        content_hash VARCHAR,
        ingested_at TIMESTAMP,
        -- row counts written with the article, so check_integrity can prove nothing is half-written
        n_actors INTEGER,
        n_mentions INTEGER,
        n_quotes INTEGER,
        n_events INTEGER,
        n_boilerplate INTEGER
    );
    CREATE TABLE boilerplate (article_id VARCHAR NOT NULL, start INTEGER, "end" INTEGER);
    CREATE TABLE local_actors (
        article_id VARCHAR NOT NULL, link_key VARCHAR NOT NULL, name VARCHAR, type VARCHAR,
        country VARCHAR, sector VARCHAR, role VARCHAR, aliases VARCHAR[]
    );
    CREATE TABLE mentions (
        article_id VARCHAR NOT NULL, start INTEGER, "end" INTEGER, text VARCHAR, kind VARCHAR,
        link_key VARCHAR
    );
    CREATE TABLE quotes (
        quote_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, start INTEGER, "end" INTEGER,
        text VARCHAR, kind VARCHAR, speaker_key VARCHAR, speaker_text VARCHAR, cue VARCHAR,
        anonymous BOOLEAN
    );
    CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, sentence VARCHAR,
        sentence_start INTEGER, sentence_end INTEGER, trigger_start INTEGER, trigger_end INTEGER,
        trigger VARCHAR, source_key VARCHAR, target_key VARCHAR, cameo VARCHAR, root VARCHAR,
        plover VARCHAR, plover_mode VARCHAR, quad_class INTEGER, goldstein DOUBLE, date DATE,
        date_precision VARCHAR, negated BOOLEAN, modality VARCHAR, location VARCHAR, lat DOUBLE,
        lon DOUBLE, location_country VARCHAR, confidence DOUBLE
    );
    CREATE TABLE actors (
        actor_id VARCHAR PRIMARY KEY, name VARCHAR, aliases VARCHAR[], type VARCHAR,
        country VARCHAR, sector VARCHAR, mentions INTEGER, articles INTEGER
    );
    CREATE TABLE actor_links (link_key VARCHAR PRIMARY KEY, actor_id VARCHAR NOT NULL);
    CREATE TABLE event_clusters (
        cluster_id VARCHAR PRIMARY KEY, root VARCHAR, cameo VARCHAR, source_id VARCHAR,
        target_id VARCHAR, date_start DATE, date_end DATE, num_mentions INTEGER,
        num_articles INTEGER, num_sources INTEGER, representative_event_id VARCHAR
    );
    CREATE TABLE event_cluster_members (cluster_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL);
    CREATE TABLE store_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
    """,
    # 2: near-duplicate detection and syndicated copies (store/dedupstore.py)
    """
    CREATE TABLE article_minhash (article_id VARCHAR PRIMARY KEY, signature BLOB NOT NULL);
    CREATE TABLE minhash_bands (band SMALLINT NOT NULL, bucket BIGINT NOT NULL, article_id VARCHAR NOT NULL);
    CREATE TABLE duplicates (
        article_id VARCHAR PRIMARY KEY, duplicate_of VARCHAR NOT NULL, outlet VARCHAR, url VARCHAR,
        title VARCHAR, published DATE, source_path VARCHAR, similarity DOUBLE
    );
    CREATE VIEW article_outlets AS
        SELECT article_id, outlet, url, published, article_id AS copy_id, 1.0 AS similarity FROM articles
        UNION ALL
        SELECT duplicate_of, outlet, url, published, article_id, similarity FROM duplicates;
    """,
    # 3: which linked actor is on which side of which event, sorted by actor then reading order, so
    # actor timelines, dyads and relations read a few row groups instead of joining every event to
    # actor_links (and page without touching events). Rebuilt by Store.replace_actors, appended to by
    # Store.write_arrow for already-linked keys.
    """
    CREATE TABLE event_actors (
        actor_id VARCHAR NOT NULL, side VARCHAR NOT NULL, event_id VARCHAR NOT NULL, day DATE,
        article_id VARCHAR, sentence_start INTEGER, trigger_start INTEGER
    );
    INSERT INTO event_actors
    SELECT l.actor_id, x.side, x.event_id, x.day, x.article_id, x.sentence_start, x.trigger_start FROM (
        SELECT e.event_id, 'source' AS side, e.source_key AS link_key,
               coalesce(e.date, a.article_date, a.published) AS day, e.article_id, e.sentence_start,
               e.trigger_start
        FROM events e LEFT JOIN articles a ON a.article_id = e.article_id WHERE e.source_key IS NOT NULL
        UNION ALL
        SELECT e.event_id, 'target' AS side, e.target_key AS link_key,
               coalesce(e.date, a.article_date, a.published) AS day, e.article_id, e.sentence_start,
               e.trigger_start
        FROM events e LEFT JOIN articles a ON a.article_id = e.article_id WHERE e.target_key IS NOT NULL
    ) x JOIN actor_links l ON l.link_key = x.link_key
    ORDER BY l.actor_id, x.article_id, x.sentence_start, x.trigger_start, x.event_id, x.side;
    """,
    # 4: the date expressions the pipeline resolved (the same DateRefs that date events), so timelines
    # map them onto sentences by offset instead of re-resolving every article at query time.
    # ``articles.n_dates`` is NULL for articles written without them (older databases, light
    # ingests): readers fall back to resolving those articles' dates themselves.
    """
    CREATE TABLE date_refs (
        article_id VARCHAR NOT NULL, start INTEGER, "end" INTEGER, text VARCHAR, value VARCHAR,
        precision VARCHAR, relative BOOLEAN
    );
    ALTER TABLE articles ADD COLUMN n_dates INTEGER;
    """,
    # per-actor relation pre-aggregates at day grain, and at month grain under the default weights
    # (store/relagg.py), written by the relink and used while store_meta['relation_days'] says they
    # are fresh; empty (stale) until the next relink
    """
    CREATE TABLE actor_relation_days (
        actor_id VARCHAR NOT NULL, is_source BOOLEAN NOT NULL, other_id VARCHAR NOT NULL, day DATE,
        negated BOOLEAN, modality VARCHAR, cluster_id VARCHAR, n INTEGER, n_g INTEGER, g_sum DECIMAL(38, 9),
        q1 INTEGER, q2 INTEGER, q3 INTEGER, q4 INTEGER, event_ids VARCHAR[]
    );
    CREATE TABLE actor_relation_months (
        actor_id VARCHAR NOT NULL, is_source BOOLEAN NOT NULL, other_id VARCHAR NOT NULL, period DATE,
        events BIGINT, excluded BIGINT, goldstein_sum DOUBLE, weight DOUBLE, balance_sum DOUBLE,
        q1 BIGINT, q2 BIGINT, q3 BIGINT, q4 BIGINT
    );
    """,
    # analysis timelines materialised by the relink (store/timelinestore.py, analyze/stored.py):
    # served while ``data_version`` equals the store's current one, recomputed otherwise
    """
    CREATE TABLE stored_timelines (
        params VARCHAR PRIMARY KEY, data_version VARCHAR NOT NULL, max_dates INTEGER NOT NULL,
        entries VARCHAR NOT NULL, seconds DOUBLE, built_at TIMESTAMP
    );
    """,
    # article text stored uncompressed (issue 8): after an append, each checkpoint rewrites the text
    # column of the table's last row group (up to 122,880 articles); compressed (FSST) it held that
    # whole column in memory to do so, a peak growing with the corpus (+2 MB at 1,000 articles,
    # +36 MB at 19,000: bench/README.md, Memory); uncompressed it is copied block by block (+0-3 MB).
    # Same columns and order; DuckDB cannot change a column's compression in place.
    """
    CREATE TABLE articles_uncompressed_text (
        article_id VARCHAR PRIMARY KEY, url VARCHAR, outlet VARCHAR, published DATE, title VARCHAR,
        text VARCHAR USING COMPRESSION uncompressed NOT NULL, language VARCHAR, source_path VARCHAR,
        authors VARCHAR[], article_date DATE, article_date_precision VARCHAR, content_hash VARCHAR,
        ingested_at TIMESTAMP, n_actors INTEGER, n_mentions INTEGER, n_quotes INTEGER, n_events INTEGER,
        n_boilerplate INTEGER, n_dates INTEGER
    );
    INSERT INTO articles_uncompressed_text SELECT * FROM articles;
    DROP TABLE articles;
    ALTER TABLE articles_uncompressed_text RENAME TO articles;
    """,
]

#: the tables every article's rows live in (used by integrity checks and counts)
ARTICLE_TABLES = ("boilerplate", "local_actors", "mentions", "quotes", "events", "date_refs")
ALL_TABLES = (
    "articles", *ARTICLE_TABLES, "actors", "actor_links", "event_clusters", "event_cluster_members",
)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """0 for an empty database, so the first migration also creates everything."""
    has = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = 'schema_version' AND table_schema = 'main'"
    ).fetchone()
    if not has or not has[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0) if row else 0


def migrate(con: duckdb.DuckDBPyConnection, migrations: list[str] | None = None) -> int:
    """Apply pending migrations, each in its own transaction, and return the new version.

    A crash between two migrations leaves a consistent, lower version that the next open resumes.
    """
    scripts = MIGRATIONS if migrations is None else migrations
    con.execute("CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    version = current_version(con)
    for number, script in enumerate(scripts, start=1):
        if number <= version:
            continue
        con.begin()
        try:
            con.execute(script)
            con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [number])
            con.commit()
        except Exception:
            con.rollback()
            raise
        log.info("store schema migrated to version %d", number)
        version = number
    return version
