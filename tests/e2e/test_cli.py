"""The CLI as a user drives it: ingest the bundled corpus plus bad inputs, then query and export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgraph.cli", *args], capture_output=True, text=True,
                          input=stdin, cwd=REPO, timeout=600)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    work = tmp_path_factory.mktemp("cli")
    (work / "broken.jsonl").write_text('{"id": "ok-1", "text": "Rebels attacked the town on Monday.", '
                                       '"published": "2014-06-02", "outlet": "Test Wire"}\n{"id": "bad", "te\n')
    (work / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (work / "empty.md").write_text("")
    path = tmp_path_factory.mktemp("clidb") / "test.duckdb"
    run = cli("ingest", str(REPO / "examples" / "corpus"), str(work), "--db", str(path), "--workers", "1")
    return path, run


def test_ingest_reports_summary_and_each_rejection(db) -> None:
    _, run = db
    assert run.returncode == 1, run.stderr  # some inputs were rejected
    assert "rejected: " in run.stderr
    assert "broken.jsonl:2" in run.stderr
    assert "image.txt" in run.stderr and "empty.md" in run.stderr
    line = run.stdout.strip().splitlines()[-1]
    assert line.startswith("articles: ") and "3 rejected" in line and "events:" in line


def test_reingest_changes_nothing(db) -> None:
    path, _ = db
    before = duckdb.connect(str(path), read_only=True).execute("SELECT count(*) FROM events").fetchone()
    run = cli("ingest", str(REPO / "examples" / "corpus"), "--db", str(path), "--workers", "1")
    assert run.returncode == 0, run.stderr
    assert " 0 new" in run.stdout
    after = duckdb.connect(str(path), read_only=True).execute("SELECT count(*) FROM events").fetchone()
    assert before == after


def test_export_jsonl_records_have_the_contract_fields(db) -> None:
    path, _ = db
    out = cli("export", "events", "--db", str(path))
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert rows, out.stderr
    for key in ("event_id", "article_id", "sentence", "sentence_start", "sentence_end", "source", "target",
                "cameo", "root", "plover", "quad_class", "goldstein", "date", "date_precision", "negated",
                "modality", "confidence"):
        assert key in rows[0]
    assert all(isinstance(r["cameo"], str) and r["root"] == r["cameo"][:2] for r in rows)
    actors = [json.loads(x) for x in cli("export", "actors", "--db", str(path)).stdout.splitlines()]
    assert any(a["code"] == "USAGOV" or a["country"] == "USA" for a in actors)


def test_export_csv_parquet_and_gdelt(db, tmp_path: Path) -> None:
    path, _ = db
    out = cli("export", "quotes", "--db", str(path), "--format", "csv")
    assert next(iter(csv.reader(io.StringIO(out.stdout))))[0] == "quote_id"
    pq = tmp_path / "ev.parquet"
    assert cli("export", "events", "--db", str(path), "--format", "parquet", "-o", str(pq)).returncode == 0
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{pq}')").fetchone()[0] > 0
    gd = cli("export", "events", "--db", str(path), "--format", "gdelt").stdout.splitlines()
    assert gd and all(len(line.split("\t")) == 61 for line in gd)


def test_info_actors_actor_events_quotes(db) -> None:
    path, _ = db
    info = cli("info", "--db", str(path)).stdout
    assert "articles" in info and "outlets:" in info
    assert "Maliki" in cli("actors", "Maliki", "--db", str(path)).stdout
    actor = cli("actor", "Maliki", "--db", str(path)).stdout
    assert "aliases:" in actor and "IRQ" in actor
    assert cli("events", "--actor", "Maliki", "--db", str(path)).returncode == 0
    assert cli("quotes", "--db", str(path)).stdout.strip()


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    run = cli("info", "--db", str(tmp_path / "nope.duckdb"))
    assert run.returncode == 2 and "no database" in run.stderr and "Traceback" not in run.stderr


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("hello")
    run = cli("info", "--db", str(bogus))
    assert run.returncode == 2 and "Traceback" not in run.stderr
