"""Parquet shards: the on-disk hand-over between the driver, the NLP workers and the store.

Layout under one output directory (datatrove's convention: per-shard parts and completion markers)::

    input/part-00000-<hash>.parquet            articles of shard 0 (written by the driver)
    duplicates/part-00000-<hash>.parquet       copies found in shard 0 (driver)
    <table>/part-00000-<hash>.parquet          rows per store table (articles, mentions, events, ...) (worker)
    _done/part-00000-<hash>                    written last by the worker: the shard's parts are complete

A rerun skips every shard that has its marker; parts are written to a temporary name and renamed,
so a killed worker never leaves a truncated part that a marker vouches for. DuckDB, Spark or pandas
can read ``<table>/*.parquet`` directly when the store is not wanted.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.records import Article, DocRecords

INPUT = "input"
DUPLICATES = "duplicates"
DONE = "_done"

_ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("text", pa.string()), ("title", pa.string()), ("url", pa.string()),
    ("outlet", pa.string()), ("published", pa.string()), ("authors", pa.list_(pa.string())),
    ("language", pa.string()), ("source_path", pa.string()),
])
_DUP_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("duplicate_of", pa.string()), ("outlet", pa.string()), ("url", pa.string()),
    ("title", pa.string()), ("published", pa.string()), ("source_path", pa.string()),
    ("similarity", pa.float64()),
])


def part_name(shard: int, article_ids: Sequence[str]) -> str:
    """Position plus a hash of the shard's articles: a marker can only vouch for the same content."""
    from newsgraph.records import stable_id

    return f"part-{shard:05d}-{stable_id('shard', *article_ids, length=12)}"


def _write(tbl: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(tbl, tmp)
    os.replace(tmp, path)


def write_input(out: Path, part: str, articles: Sequence[Article]) -> Path:
    cols: dict[str, list[Any]] = {f.name: [getattr(a, f.name) for a in articles] for f in _ARTICLE_SCHEMA}
    cols["authors"] = [list(a) for a in cols["authors"]]
    path = out / INPUT / f"{part}.parquet"
    _write(pa.table(cols, schema=_ARTICLE_SCHEMA), path)
    return path


def read_input(path: str | Path) -> list[Article]:
    rows = pq.read_table(path).to_pylist()
    return [Article(**{**r, "authors": tuple(r["authors"] or ())}) for r in rows]


def write_duplicates(out: Path, part: str, dups: Sequence[Any]) -> None:
    cols = {f.name: [getattr(d, f.name) for d in dups] for f in _DUP_SCHEMA}
    _write(pa.table(cols, schema=_DUP_SCHEMA), out / DUPLICATES / f"{part}.parquet")


def read_duplicates(out: Path, part: str) -> list[Any]:
    from newsgraph.link.dedup import Duplicate

    path = out / DUPLICATES / f"{part}.parquet"
    if not path.exists():
        return []
    return [Duplicate(**r) for r in pq.read_table(path).to_pylist()]


def is_done(out: Path, part: str) -> bool:
    return (out / DONE / part).exists()


def write_outputs(out: Path, part: str, recs: Sequence[DocRecords], now: dt.datetime) -> dict[str, int]:
    """The store tables of one shard as Parquet parts, then the marker; returns rows per table."""
    from newsgraph.store import write

    tables = write.build_tables(recs, now)
    for name, tbl in tables.items():
        _write(tbl, out / name / f"{part}.parquet")
    marker = out / DONE / part
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("ok\n")
    return {name: tbl.num_rows for name, tbl in tables.items()}


def read_outputs(out: Path, part: str) -> dict[str, pa.Table]:
    from newsgraph.store import write

    tables = {}
    for name in write.ARTICLE_TABLE_ORDER:
        path = out / name / f"{part}.parquet"
        if path.exists():
            tables[name] = pq.read_table(path)
    return tables
