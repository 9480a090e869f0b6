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


def test_screening_reads_and_copy_records_retry_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch loop's other store calls (known ids, near-duplicate look-ups, copies) ran out of
    the lowered limit on a 20,000-article run: each retries once like a batch write."""
    from newsgraph.link.dedup import Duplicate

    with Store(tmp_path / "m.duckdb") as s:
        s.write_arrow(write.build_tables(make_docs(5), dt.datetime(2020, 1, 1)))
        known = sorted(s.known_article_ids(["nope"] + [r[0] for r in s._con.execute(
            "SELECT article_id FROM articles").fetchall()]))
        real = duckdb.DuckDBPyConnection.execute
        failed: list[str] = []

        def flaky(con: duckdb.DuckDBPyConnection, query: str, *a: object) -> duckdb.DuckDBPyConnection:
            first = "INSERT INTO duplicates" in query and not failed
            second = "SELECT DISTINCT article_id FROM articles" in query and len(failed) == 1
            if first or second:
                failed.append(query)
                raise duckdb.OutOfMemoryException("failed to pin block")
            return real(con, query, *a)

        with s.memory_limit("64MB"):
            monkeypatch.setattr(duckdb.DuckDBPyConnection, "execute", flaky)
            dup = Duplicate("copy-1", known[0], "Outlet", "https://x.test/1", "T", "2020-01-01", None, 0.95)
            assert s.write_duplicates([dup]) == 1
            assert sorted(s.known_article_ids(["nope", *known])) == known
            monkeypatch.undo()
        assert len(failed) == 2
        assert s.known_duplicate_ids(["copy-1"]) == {"copy-1"}
