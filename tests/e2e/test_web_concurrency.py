"""The server keeps answering while another process ingests, and never blocks that writer.

The design choice under test (web/snapshot.py): requests are served from a private copy of the
database, refreshed when the file changes, so the live file is never opened by the server.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient
from tests.e2e.conftest import build_db

from newsgraph.web.app import create_app

WRITER = textwrap.dedent("""
    import sys, time
    from newsgraph.store import Store
    from newsgraph.store.synthetic import make_docs
    with Store(sys.argv[1]) as s:
        print("open", flush=True)
        for k in range(int(sys.argv[2])):
            s.write_docs(make_docs(20, events=5, start=k * 20, prefix="conc"))
            time.sleep(0.3)
    print("done", flush=True)
""")


def test_serving_while_ingest_writes(tmp_path: Path) -> None:
    db = build_db(tmp_path / "live.duckdb")
    batches = 12
    statuses: list[int] = []
    counts: list[int] = []
    with TestClient(create_app(str(db), refresh_seconds=0.05)) as client:
        assert client.get("/api/overview").json()["counts"]["articles"] == 3
        assert client.get("/timeline").status_code == 200  # warm the analysis imports
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(batches)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        while proc.poll() is None:
            for url in ("/api/overview", "/api/events?_size=5", "/timeline", "/network"):
                r = client.get(url)
                statuses.append(r.status_code)
                if url == "/api/overview" and r.status_code == 200:
                    counts.append(r.json()["counts"]["articles"])
            time.sleep(0.02)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err  # the writer was never refused because of the server
        time.sleep(0.1)
        final = client.get("/api/overview").json()["counts"]["articles"]
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    assert counts == sorted(counts)  # snapshots only move forward
    assert max(counts) > 3  # committed batches became visible while the writer was still open
    assert final == 3 + 20 * batches


def test_first_snapshot_while_a_writer_holds_the_file(tmp_path: Path) -> None:
    db = build_db(tmp_path / "held.duckdb")
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), "8"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        with TestClient(create_app(str(db))) as client:
            r = client.get("/api/overview")
            assert r.status_code in (200, 503)
            if r.status_code == 503:  # only when every copy attempt raced a commit
                assert r.json() == {"ok": False, "error": "database busy, retry"}
            else:
                assert r.json()["counts"]["articles"] >= 3
    finally:
        proc.communicate(timeout=60)
    assert proc.returncode == 0
