"""Turning DocRecords into Arrow tables for bulk ``INSERT ... SELECT``.

DuckDB's ``executemany`` costs one round trip per row; a registered Arrow table is inserted as a
single vectorised scan, which is what keeps a batch write in the tens of milliseconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import operator
import re
from collections.abc import Iterable, Mapping, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from newsgraph.records import DocRecords, stable_id

log = logging.getLogger(__name__)

_STR = pa.string()
_INT = pa.int32()
_F64 = pa.float64()
_BOOL = pa.bool_()
_DATE = pa.date32()
_STRS = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", _STR), ("url", _STR), ("outlet", _STR), ("published", _DATE), ("title", _STR),
        ("text", _STR), ("language", _STR), ("source_path", _STR), ("authors", _STRS),
        ("article_date", _DATE), ("article_date_precision", _STR), ("content_hash", _STR),
        ("ingested_at", pa.timestamp("us")), ("n_actors", _INT), ("n_mentions", _INT),
        ("n_quotes", _INT), ("n_events", _INT), ("n_boilerplate", _INT), ("n_dates", _INT),
    ]),
    "boilerplate": pa.schema([("article_id", _STR), ("start", _INT), ("end", _INT)]),
    "local_actors": pa.schema([
        ("article_id", _STR), ("link_key", _STR), ("name", _STR), ("type", _STR), ("country", _STR),
        ("sector", _STR), ("role", _STR), ("aliases", _STRS),
    ]),
    "mentions": pa.schema([
        ("article_id", _STR), ("start", _INT), ("end", _INT), ("text", _STR), ("kind", _STR),
        ("link_key", _STR),
    ]),
    "quotes": pa.schema([
        ("quote_id", _STR), ("article_id", _STR), ("start", _INT), ("end", _INT), ("text", _STR),
        ("kind", _STR), ("speaker_key", _STR), ("speaker_text", _STR), ("cue", _STR),
        ("anonymous", _BOOL),
    ]),
    "events": pa.schema([
        ("event_id", _STR), ("article_id", _STR), ("sentence", _STR), ("sentence_start", _INT),
        ("sentence_end", _INT), ("trigger_start", _INT), ("trigger_end", _INT), ("trigger", _STR),
        ("source_key", _STR), ("target_key", _STR), ("cameo", _STR), ("root", _STR), ("plover", _STR),
        ("plover_mode", _STR), ("quad_class", _INT), ("goldstein", _F64), ("date", _DATE),
        ("date_precision", _STR), ("negated", _BOOL), ("modality", _STR), ("location", _STR),
        ("lat", _F64), ("lon", _F64), ("location_country", _STR), ("confidence", _F64),
    ]),
    "date_refs": pa.schema([
        ("article_id", _STR), ("start", _INT), ("end", _INT), ("text", _STR), ("value", _STR),
        ("precision", _STR), ("relative", _BOOL),
    ]),
    "actors": pa.schema([
        ("actor_id", _STR), ("name", _STR), ("aliases", _STRS), ("type", _STR), ("country", _STR),
        ("sector", _STR), ("mentions", _INT), ("articles", _INT),
    ]),
    "actor_links": pa.schema([("link_key", _STR), ("actor_id", _STR)]),
    "event_clusters": pa.schema([
        ("cluster_id", _STR), ("root", _STR), ("cameo", _STR), ("source_id", _STR), ("target_id", _STR),
        ("date_start", _DATE), ("date_end", _DATE), ("num_mentions", _INT), ("num_articles", _INT),
        ("num_sources", _INT), ("representative_event_id", _STR),
    ]),
    "event_cluster_members": pa.schema([("cluster_id", _STR), ("event_id", _STR)]),
}

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def to_date(value: object) -> dt.date | None:
    """Dates arrive as ISO strings of day, month or year precision, or as date objects.

    Month and year values become the first day of the period (the precision column says which),
    and anything unparseable becomes NULL rather than failing a whole batch.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _parse_date(str(value).strip())


@functools.lru_cache(maxsize=4096)
def _parse_date(value: str) -> dt.date | None:
    m = _DATE_RE.match(value)
    if not m:
        log.debug("unparseable date %r stored as NULL", value)
        return None
    try:
        return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        log.debug("invalid date %r stored as NULL", value)
        return None


def content_hash(text: str) -> str:
    """Whitespace-insensitive, so re-scraped copies of one article are recognised as the same."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


#: the events columns ``sql.event_actor_rows`` reads
EVENT_ACTOR_COLUMNS = ("event_id", "article_id", "source_key", "target_key", "date", "sentence_start",
                       "trigger_start")

#: insertion order of the per-article tables (articles first, for readability of failures)
ARTICLE_TABLE_ORDER = ("articles", "local_actors", "boilerplate", "mentions", "quotes", "events", "date_refs")


def conform(name: str, tbl: pa.Table | None) -> pa.Table:
    """Bring an Arrow table from elsewhere (Parquet parts) to the store's exact schema."""
    schema = SCHEMAS[name]
    if tbl is None:
        return schema.empty_table()
    cols = [tbl.column(f.name).cast(f.type) if f.name in tbl.column_names
            else pa.nulls(tbl.num_rows, f.type) for f in schema]
    return pa.Table.from_arrays(cols, schema=schema)


def without_articles(tbl: pa.Table, article_ids: set[str]) -> pa.Table:
    """Rows of ``tbl`` whose article is not in ``article_ids``."""
    mask = pc.invert(pc.is_in(tbl.column("article_id"), value_set=pa.array(sorted(article_ids), pa.string())))
    return tbl.filter(mask)


def table(name: str, rows: dict[str, list]) -> pa.Table:
    return pa.table(rows, schema=SCHEMAS[name])


def columns(name: str) -> dict[str, list]:
    return {f.name: [] for f in SCHEMAS[name]}


def unique_ids(ids: list[str], taken: set[str], article_ids: list[str]) -> tuple[list[str], int]:
    """Re-key ids already used elsewhere (syndicated copies share content-hash ids).

    The new id is a hash of the old id and the article id, so it is stable across reruns.
    """
    out, changed = [], 0
    for i, aid in zip(ids, article_ids, strict=True):
        new = i
        while new in taken:
            new = stable_id(new, aid)
        if new != i:
            changed += 1
        taken.add(new)
        out.append(new)
    return out, changed


def _cols(items: list, fields: Sequence[str], extra: dict[str, list] | None = None) -> dict[str, list]:
    """Column lists by attribute name: comprehensions are several times faster than row loops."""
    cols = {f: list(map(operator.attrgetter(f), items)) for f in fields}
    cols.update(extra or {})
    return cols


def build_tables(docs: Sequence[DocRecords], now: dt.datetime) -> dict[str, pa.Table]:
    """One Arrow table per table name, holding the rows of every doc in ``docs``."""
    arts = [d.article for d in docs]
    local = [{ref.link_key: ref for ref in d.actors} for d in docs]  # one row per key per article
    tables: dict[str, pa.Table] = {}
    tables["articles"] = table("articles", _cols(arts, (
        "article_id", "url", "outlet", "title", "text", "language", "source_path"), {
        "published": [to_date(a.published) for a in arts],
        "authors": [list(a.authors) for a in arts],
        "article_date": [to_date(d.article_date) for d in docs],
        "article_date_precision": [d.article_date_precision for d in docs],
        "content_hash": [content_hash(a.text) for a in arts],
        "ingested_at": [now] * len(arts),
        "n_actors": [len(x) for x in local],
        "n_mentions": [len(d.mentions) for d in docs],
        "n_quotes": [len(d.quotes) for d in docs],
        "n_events": [len(d.events) for d in docs],
        "n_boilerplate": [len(d.boilerplate) for d in docs],
        # NULL, not 0, for a doc that was never date-tagged: readers then resolve its dates themselves
        "n_dates": [None if d.dates is None else len(d.dates) for d in docs],
    }))
    spans = [(a.article_id, s, e) for a, d in zip(arts, docs, strict=True) for s, e in d.boilerplate]
    tables["boilerplate"] = table("boilerplate", {
        "article_id": [x[0] for x in spans], "start": [x[1] for x in spans], "end": [x[2] for x in spans]})
    refs = [(a.article_id, ref) for a, x in zip(arts, local, strict=True) for ref in x.values()]
    tables["local_actors"] = table("local_actors", _cols(
        [r for _, r in refs], ("link_key", "name", "type", "country", "sector", "role"),
        {"article_id": [aid for aid, _ in refs], "aliases": [list(r.aliases) for _, r in refs]}))
    ms = [(a.article_id, m) for a, d in zip(arts, docs, strict=True) for m in d.mentions]
    tables["mentions"] = table("mentions", _cols(
        [m for _, m in ms], ("start", "end", "text", "kind", "link_key"),
        {"article_id": [aid for aid, _ in ms]}))
    qs = [(a.article_id, q) for a, d in zip(arts, docs, strict=True) for q in d.quotes]
    qobjs = [q for _, q in qs]
    tables["quotes"] = table("quotes", _cols(qobjs, (
        "quote_id", "start", "end", "text", "kind", "speaker_key", "speaker_text", "cue"), {
        "article_id": [aid for aid, _ in qs], "anonymous": [bool(q.anonymous) for q in qobjs]}))
    ds = [(a.article_id, r) for a, d in zip(arts, docs, strict=True) for r in d.dates or ()]
    tables["date_refs"] = table("date_refs", _cols(
        [r for _, r in ds], ("start", "end", "text", "value", "precision"),
        {"article_id": [aid for aid, _ in ds], "relative": [bool(r.relative) for _, r in ds]}))
    es = [(a.article_id, e) for a, d in zip(arts, docs, strict=True) for e in d.events]
    eobjs = [e for _, e in es]
    tables["events"] = table("events", _cols(eobjs, (
        "event_id", "sentence", "sentence_start", "sentence_end", "trigger_start", "trigger_end", "trigger",
        "source_key", "target_key", "cameo", "root", "plover", "plover_mode", "quad_class", "goldstein",
        "date_precision", "modality", "location", "lat", "lon", "location_country", "confidence"), {
        # the article the event is filed under is the doc's, whatever the record says
        "article_id": [aid for aid, _ in es],
        "date": [to_date(e.date) for e in eobjs],
        "negated": [bool(e.negated) for e in eobjs],
    }))
    return tables


def dedupe_docs(docs: Iterable[DocRecords]) -> tuple[list[DocRecords], int]:
    """First copy of each article_id wins within a batch; later copies count as already present."""
    seen: set[str] = set()
    out: list[DocRecords] = []
    dup = 0
    for d in docs:
        if d.article.article_id in seen:
            dup += 1
            continue
        seen.add(d.article.article_id)
        out.append(d)
    return out, dup


def to_ipc(tables: Mapping[str, pa.Table]) -> dict[str, bytes]:
    """Non-empty tables as Arrow IPC streams: how a pool worker hands its rows to the writer.

    A few large byte strings pickle and cross the pipe at memory speed, and :func:`from_ipc`
    maps them without copying; a pickled tree of records would make the one writer process rebuild
    thousands of small objects on a core the workers need.
    """
    out: dict[str, bytes] = {}
    for name, tbl in tables.items():
        if tbl.num_rows:
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, tbl.schema) as writer:
                writer.write_table(tbl)
            out[name] = sink.getvalue().to_pybytes()
    return out


def from_ipc(buffers: Mapping[str, bytes]) -> dict[str, pa.Table]:
    """The tables :func:`to_ipc` wrote (missing names are empty tables, as ``write_arrow`` expects)."""
    return {name: pa.ipc.open_stream(pa.py_buffer(buf)).read_all() for name, buf in buffers.items()}


def concat(parts: Sequence[Mapping[str, pa.Table]]) -> dict[str, pa.Table]:
    """Tables of consecutive chunks as one batch, rows in chunk order (one store transaction)."""
    names = [n for n in ARTICLE_TABLE_ORDER if any(n in p for p in parts)]
    return {n: pa.concat_tables([conform(n, p[n]) for p in parts if n in p]) for n in names}
