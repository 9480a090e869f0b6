"""GDELT 2.0 event-table export: 61 tab-separated columns, no header, one row per event mention.

Column order follows the GDELT 2.0 Event codebook. Fields newsgraph does not produce (ethnic and
religion codes, ADM codes, feature ids, tone) are left empty, as GDELT itself does when unknown.
Country codes are whatever the knowledge base uses (CAMEO/ISO alpha-3), not GDELT's FIPS geo codes.
"""

from __future__ import annotations

from newsgraph.store import sql

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
assert len(COLUMNS) == 61

#: groups known to CAMEO as "known group" codes rather than countries
_GROUP_SECTORS = "('IGO', 'NGO', 'REB', 'INS', 'MNC')"

# the date an event is filed under: its own, else the article's anchor, else publication
_D = "coalesce(e.date, a.article_date, a.published)"


def _actor(n: int, key: str, alias: str) -> list[str]:
    g, la = f"{alias}_g", f"{alias}_a"
    country = f"coalesce({g}.country, {la}.country)"
    sector = f"coalesce({g}.sector, {la}.sector)"
    name = f"upper(coalesce({g}.name, {la}.name))"
    known = f"CASE WHEN {sector} IN {_GROUP_SECTORS} THEN {sector} END"
    typ = f"CASE WHEN {sector} NOT IN {_GROUP_SECTORS} THEN {sector} END"
    code = sql.code_sql(country, sector)
    exprs = [code, name, country, known, "NULL", "NULL", "NULL", typ, "NULL", "NULL"]
    return [f"CASE WHEN {key} IS NOT NULL THEN {x} END AS Actor{n}{f}" for x, f in
            zip(exprs, _ACTOR_FIELDS, strict=True)]


def _geo(prefix: str, with_location: bool) -> list[str]:
    if not with_location:
        return [f"NULL AS {prefix}_{f}" for f in _GEO_FIELDS]
    typ = ("CASE WHEN e.location IS NULL AND e.location_country IS NOT NULL THEN 1 "
           "WHEN e.location IS NOT NULL THEN 4 END")
    exprs = [typ, "coalesce(e.location, e.location_country)", "e.location_country", "NULL", "NULL",
             "e.lat", "e.lon", "NULL"]
    return [f"{x} AS {prefix}_{f}" for x, f in zip(exprs, _GEO_FIELDS, strict=True)]


SELECT = f"""
SELECT
  -- GDELT ids are integers: the first 15 hex digits of our content-hash id fit in a BIGINT
  CASE WHEN regexp_full_match(e.event_id, '[0-9a-f]{{15,}}')
       THEN ('0x' || left(e.event_id, 15))::BIGINT::VARCHAR ELSE e.event_id END AS GLOBALEVENTID,
  strftime({_D}, '%Y%m%d') AS SQLDATE,
  strftime({_D}, '%Y%m') AS MonthYear,
  strftime({_D}, '%Y') AS Year,
  printf('%.4f', year({_D}) + (dayofyear({_D}) - 1) / 365.0) AS FractionDate,
  {", ".join(_actor(1, "e.source_key", "s"))},
  {", ".join(_actor(2, "e.target_key", "t"))},
  CASE WHEN e.sentence_start < coalesce(nullif(strpos(a.text, chr(10) || chr(10)), 0), 600)
       THEN 1 ELSE 0 END AS IsRootEvent,
  e.cameo AS EventCode,
  left(e.cameo, 3) AS EventBaseCode,
  e.root AS EventRootCode,
  e.quad_class AS QuadClass,
  e.goldstein AS GoldsteinScale,
  coalesce(c.num_mentions, 1) AS NumMentions,
  coalesce(c.num_sources, 1) AS NumSources,
  coalesce(c.num_articles, 1) AS NumArticles,
  NULL AS AvgTone,
  {", ".join(_geo("Actor1Geo", False))},
  {", ".join(_geo("Actor2Geo", False))},
  {", ".join(_geo("ActionGeo", True))},
  strftime(coalesce(a.ingested_at, now()::TIMESTAMP), '%Y%m%d%H%M%S') AS DATEADDED,
  a.url AS SOURCEURL
FROM events e JOIN articles a ON a.article_id = e.article_id
{sql.actor_join("e.source_key", "e.article_id", "s")}
{sql.actor_join("e.target_key", "e.article_id", "t")}
LEFT JOIN (SELECT DISTINCT ON (event_id) event_id, cluster_id FROM event_cluster_members
           ORDER BY event_id, cluster_id) cm ON cm.event_id = e.event_id
LEFT JOIN event_clusters c ON c.cluster_id = cm.cluster_id
ORDER BY e.article_id, e.sentence_start, e.trigger_start, e.event_id
"""


def format_row(row: tuple[object, ...]) -> str:
    """Tabs and newlines inside values would break the fixed 61-field layout, so they become spaces."""
    out = []
    for v in row:
        if v is None:
            out.append("")
        elif isinstance(v, float):
            out.append(f"{v:g}")
        else:
            out.append(str(v).replace("\t", " ").replace("\r", " ").replace("\n", " "))
    return "\t".join(out)
