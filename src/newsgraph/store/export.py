"""Exports in JSON Lines, CSV, Parquet and GDELT 2.0 form.

The JSONL record shapes are a contract with the evaluation script (``shared/eval/score.py``);
CSV flattens the nested actor objects (``source_name``, ``source_code``...) for spreadsheets.
Rows are streamed in Arrow batches and ordered by ids, so exports are deterministic and bounded
in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.store import gdelt, sql
from newsgraph.store.types import StoreError

log = logging.getLogger(__name__)

TABLES = tuple(sql.EXPORTS)
FORMATS = ("jsonl", "csv", "parquet", "gdelt")
#: quote kinds an export may ask for; verbatim quoting (direct + mixed) is the default, because the
#: quotes contract (and the gold scorer) is about quoted words, and reported speech is paraphrase
QUOTE_KINDS = ("direct", "mixed", "indirect")
VERBATIM_KINDS = ("direct", "mixed")
_BATCH = 5_000


def _json_default(v: object) -> object:
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return str(v)


def _flat_names(schema: pa.Schema) -> list[str]:
    names = []
    for f in schema:
        if pa.types.is_struct(f.type):
            names += [f"{f.name}_{c.name}" for c in f.type]
        else:
            names.append(f.name)
    return names


def _flat_value(v: object) -> object:
    if isinstance(v, list):
        return "|".join("" if x is None else str(x) for x in v)
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return "" if v is None else v


def _flat_row(row: dict[str, Any], schema: pa.Schema) -> list[object]:
    out: list[object] = []
    for f in schema:
        v = row[f.name]
        if pa.types.is_struct(f.type):
            out += [_flat_value((v or {}).get(c.name)) for c in f.type]
        else:
            out.append(_flat_value(v))
    return out


class ExportMixin:
    """Export methods of :class:`~newsgraph.store.Store`."""

    _con: duckdb.DuckDBPyConnection

    def _batches(self, query: str) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
        cur = self._con.cursor()
        reader = cur.execute(query).to_arrow_reader(_BATCH)

        def gen() -> Iterator[pa.RecordBatch]:
            try:
                yield from reader
            finally:
                cur.close()

        return reader.schema, gen()

    def export(self, table: str, fmt: str, out: str | Path | IO[Any],
               quote_kinds: Sequence[str] = VERBATIM_KINDS) -> int:
        """Write ``table`` as ``fmt`` to a path or an open file (text or binary); returns rows written.

        ``quote_kinds`` selects which quotes the quotes table holds: verbatim ones unless reported
        speech (``indirect``) is asked for too.
        """
        if table not in sql.EXPORTS:
            raise StoreError(f"unknown export table {table!r}; choose from {', '.join(TABLES)}")
        if fmt not in FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
        bad = [k for k in quote_kinds if k not in QUOTE_KINDS]
        if bad or not quote_kinds:
            raise StoreError(f"unknown quote kind(s) {bad}; choose from {', '.join(QUOTE_KINDS)}")
        query = self._query(table, quote_kinds)
        if fmt == "gdelt" and table != "events":
            raise StoreError("the gdelt format exists only for the events table")
        with ExitStack() as stack:
            if isinstance(out, str | Path):
                Path(out).parent.mkdir(parents=True, exist_ok=True)
                out = stack.enter_context(open(out, "wb"))
            if fmt == "parquet":
                return self._export_parquet(query, _binary(out))
            text = _text(out, stack)
            if fmt == "gdelt":
                return self._export_gdelt(text)
            if fmt == "csv":
                return self._export_csv(query, text)
            return self._export_jsonl(query, text)
        raise AssertionError("unreachable")

    @staticmethod
    def _query(table: str, kinds: Sequence[str] = VERBATIM_KINDS) -> str:
        select, order = sql.EXPORTS[table]
        if table == "quotes" and set(kinds) != set(QUOTE_KINDS):
            # kinds were checked against QUOTE_KINDS, so they are safe to inline
            select += " WHERE q.kind IN (" + ", ".join(f"'{k}'" for k in sorted(kinds)) + ")"
        return select + order

    def _export_jsonl(self, query: str, out: IO[str]) -> int:
        _, batches = self._batches(query)
        n = 0
        for b in batches:
            for row in b.to_pylist():
                out.write(json.dumps(row, ensure_ascii=False, default=_json_default))
                out.write("\n")
                n += 1
        out.flush()
        return n

    def _export_csv(self, query: str, out: IO[str]) -> int:
        schema, batches = self._batches(query)
        w = csv.writer(out, lineterminator="\n")
        w.writerow(_flat_names(schema))
        n = 0
        for b in batches:
            for row in b.to_pylist():
                w.writerow(_flat_row(row, schema))
                n += 1
        out.flush()
        return n

    def _export_parquet(self, query: str, out: IO[bytes]) -> int:
        schema, batches = self._batches(query)
        n = 0
        with pq.ParquetWriter(out, schema) as w:
            for b in batches:
                w.write_batch(b)
                n += b.num_rows
        return n

    def _export_gdelt(self, out: IO[str]) -> int:
        cur = self._con.cursor()
        cur.execute(gdelt.SELECT)
        n = 0
        while rows := cur.fetchmany(_BATCH):
            for row in rows:
                out.write(gdelt.format_row(row))
                out.write("\n")
                n += 1
        cur.close()
        out.flush()
        return n


def _binary(out: IO[Any]) -> IO[bytes]:
    if isinstance(out, io.TextIOBase):
        buf = getattr(out, "buffer", None)
        if buf is None:
            raise StoreError("parquet needs a binary file or a path, not a text stream")
        out.flush()
        return buf
    return out


def _text(out: IO[Any], stack: ExitStack) -> IO[str]:
    if isinstance(out, io.TextIOBase):
        return out
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    # detach (not close) at the end, so the caller's binary file stays open
    stack.callback(wrapper.detach)
    stack.callback(wrapper.flush)
    return wrapper
