"""Article text is stored uncompressed (migration in ``store.schema``), old stores included.

With DuckDB's default (FSST) compression every checkpoint after an append rewrote the text column
of the last row group holding all of it in memory, a peak that grew with the corpus (issue 8).
"""

from __future__ import annotations

import duckdb

from newsgraph.store import Store, schema


def _text_migration() -> int:
    """Position (1-based version) of the migration that rebuilds ``articles``."""
    return next(i for i, m in enumerate(schema.MIGRATIONS, start=1) if "articles_uncompressed_text" in m)


def _add(con: duckdb.DuckDBPyConnection, start: int, n: int) -> None:
    con.execute("INSERT INTO articles (article_id, title, text, authors, n_events) "
                "SELECT 'a' || lpad((range + ?)::VARCHAR, 6, '0'), 'title ' || range, "
                "repeat('The minister said talks on the border would resume next week. ', 20) || range, "
                "['x'], range % 3 FROM range(?)", [start, n])


def test_migration_keeps_rows_and_stores_text_uncompressed(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    before_version = _text_migration() - 1
    assert schema.migrate(con, schema.MIGRATIONS[:before_version]) == before_version
    _add(con, 0, 500)
    rows = con.execute("SELECT * FROM articles ORDER BY article_id").fetchall()
    con.close()
    with Store(path) as store:
        assert store.schema_version == len(schema.MIGRATIONS)
        con = store._con
        assert con.execute("SELECT * FROM articles ORDER BY article_id").fetchall() == rows
        store.checkpoint()
        kinds = {r[0] for r in con.execute("SELECT compression FROM pragma_storage_info('articles') "
                                           "WHERE column_name = 'text' AND segment_type = 'VARCHAR'").fetchall()}
        assert kinds == {"Uncompressed"}
        # the primary key survived the rebuild
        try:
            _add(con, 0, 1)
        except duckdb.ConstraintException:
            pass
        else:
            raise AssertionError("duplicate article id accepted")


def test_appended_text_stays_uncompressed(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        con = store._con
        _add(con, 0, 3000)
        store.checkpoint()
        for k in range(3):
            _add(con, 3000 + 64 * k, 64)
            store.checkpoint()
        kinds = {r[0] for r in con.execute("SELECT compression FROM pragma_storage_info('articles') "
                                           "WHERE column_name = 'text' AND segment_type = 'VARCHAR'").fetchall()}
        assert kinds == {"Uncompressed"}
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3000 + 3 * 64
