"""A batch that needs more than the ingest's lowered DuckDB memory limit is written anyway, once,
under the limit in force before (a real Timeline17 batch ran out of 32 MB), and nothing is lost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from newsgraph.store import Store, write
from newsgraph.store.synthetic import make_docs


def test_out_of_a_lowered_limit_retries_under_the_outer_one(tmp_path: Path) -> None:
    tables = write.build_tables(make_docs(200, events=50), dt.datetime(2020, 1, 1))
    with Store(tmp_path / "m.duckdb") as s:
        with s.memory_limit("16MB"):
            with pytest.raises(duckdb.OutOfMemoryException):
                s._write_arrow(tables)  # the step alone does not fit: the test can fail
            assert s.counts()["articles"] == 0  # rolled back whole
            stats = s.write_arrow(tables)
            assert (stats.articles, stats.events) == (200, 10_000)
            assert s.with_memory_fallback(lambda: s.counts()["events"]) == 10_000
        assert s.counts()["articles"] == 200


def test_without_a_lowered_limit_the_error_is_raised(tmp_path: Path) -> None:
    with Store(tmp_path / "m.duckdb") as s:
        def boom() -> None:
            raise duckdb.OutOfMemoryException("out of memory")
        with pytest.raises(duckdb.OutOfMemoryException):
            s.with_memory_fallback(boom)
