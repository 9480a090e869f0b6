"""The relink checkpoints between its writing phases (``Store.settle``), so the rows each phase
writes do not pile up in DuckDB's memory until the ingest's end (issue #8, bench/README.md Memory)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.unit.test_link_store import docs

from newsgraph.engines.common import relink
from newsgraph.store import Store


def _in_memory_rows(s: Store) -> int:
    """Bytes DuckDB holds for committed rows not yet checkpointed (``IN_MEMORY_TABLE``)."""
    row = s._con.execute("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() "
                         "WHERE tag = 'IN_MEMORY_TABLE'").fetchone()
    return int(row[0]) if row else 0


def _limit_mib(s: Store) -> float:
    """DuckDB's memory limit in MiB (it prints "244.1 MiB"; setting that back gives "244.0 MiB")."""
    row = s._con.execute("SELECT current_setting('memory_limit')").fetchone()
    value, unit = str(row[0] if row else "0 MiB").split()
    return float(value) * {"KiB": 1 / 1024, "MiB": 1.0, "GiB": 1024.0}[unit]


def test_settle_checkpoints_and_restores_the_limit(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        s.write_docs(docs())
        with s.memory_limit("256MB"):
            before = _limit_mib(s)
            assert _in_memory_rows(s) > 0  # written rows wait for a checkpoint
            s.settle()
            assert _in_memory_rows(s) == 0
            assert abs(_limit_mib(s) - before) < 1  # the relink's limit again, not the small one
            wal = s.path.with_name(s.path.name + ".wal")
            assert not wal.exists() or wal.stat().st_size == 0


def test_relink_settles_after_each_writing_phase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each phase (actors and links, clusters, relation pre-aggregates) starts with no rows of the
    previous phase held in memory, and the tables are the same as without settling."""
    seen: list[int] = []
    settle = Store.settle

    def spy(self: Store, limit: str = "32MB") -> None:
        settle(self, limit)
        seen.append(_in_memory_rows(self))

    def tables(s: Store) -> dict[str, list[tuple[object, ...]]]:
        return {t: s._con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("actors", "actor_links", "event_actors", "event_clusters", "event_cluster_members",
                          "actor_relation_days", "actor_relation_months")}

    with Store(tmp_path / "plain.duckdb") as s:
        s.write_docs(docs())
        monkeypatch.setattr(Store, "settle", lambda self, limit="32MB": None)
        relink(s)
        expected = tables(s)
    monkeypatch.setattr(Store, "settle", spy)
    with Store(tmp_path / "settled.duckdb") as s:
        s.write_docs(docs())
        relink(s)
        got = tables(s)
    assert seen == [0, 0, 0]
    assert got == expected
    assert expected["event_clusters"] and expected["actor_relation_days"]
