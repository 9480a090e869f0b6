"""Locking, bad files and crash safety: a second writer is refused, kill -9 leaves whole batches."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsgraph.store import NotADatabase, Store, StoreBusy, StoreError
from newsgraph.store.synthetic import make_docs

HOLDER = textwrap.dedent("""
    import sys, time
    from newsgraph.store import Store
    s = Store(sys.argv[1], read_only=sys.argv[2] == "ro")
    print("ready", flush=True)
    time.sleep(60)
""")

WRITER = textwrap.dedent("""
    import sys
    from newsgraph.store import Store
    from newsgraph.store.synthetic import make_docs
    batch = int(sys.argv[2])
    with Store(sys.argv[1]) as s:
        start = s.counts()["articles"]
        k = 0
        while True:
            s.write_docs(make_docs(batch, events=5, start=start + k * batch, prefix="crash"))
            k += 1
            print("committed", k, flush=True)
""")


def spawn(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)


def wait_for(proc: subprocess.Popen[str], word: str) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith(word), f"child said {line!r}"
    return line


def test_second_writer_in_another_process_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "ng.duckdb"
    Store(db).close()
    proc = spawn(HOLDER, str(db), "rw")
    try:
        wait_for(proc, "ready")
        with pytest.raises(StoreBusy, match=rf"being written by another process \(pid {proc.pid}"):
            Store(db)
        with pytest.raises(StoreBusy, match="being written by another process"):
            Store(db, read_only=True)
    finally:
        proc.kill()
        proc.wait()
    with Store(db) as s:  # the lock dies with its process
        assert s.counts()["articles"] == 0


def test_readers_share_and_block_writers(tmp_path: Path) -> None:
    db = tmp_path / "ng.duckdb"
    with Store(db) as s:
        s.write_docs(make_docs(2, events=1))
    proc = spawn(HOLDER, str(db), "ro")
    try:
        wait_for(proc, "ready")
        with Store(db, read_only=True) as r:  # a second reader is fine
            assert r.counts()["articles"] == 2
        with pytest.raises(StoreBusy):
            Store(db)
    finally:
        proc.kill()
        proc.wait()


def test_second_writer_in_this_process_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "ng.duckdb"
    with Store(db):
        with pytest.raises(StoreBusy, match="already open for writing in this process"):
            Store(db)
        with pytest.raises(StoreBusy, match="another mode"):
            Store(db, read_only=True)
    Store(db).close()  # released on close


def test_not_a_database_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "notes.duckdb"
    bad.write_text("these are my notes, not a database\n" * 200)
    for ro in (False, True):
        with pytest.raises(NotADatabase, match=str(bad)):
            Store(bad, read_only=ro)
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    Store(bad.with_name("fine.duckdb")).close()  # the failed opens released the in-process lock
    Store(tmp_path / "x" / "nested.duckdb").close()


def test_kill_9_mid_batch_leaves_only_whole_batches(tmp_path: Path) -> None:
    batch = 25
    rng = random.Random(7)
    db = tmp_path / "crash.duckdb"
    deadline = time.monotonic() + 20
    for trial in range(3):
        if trial and time.monotonic() > deadline:
            break
        proc = spawn(WRITER, str(db), str(batch))
        try:
            wait_for(proc, "committed")
            time.sleep(rng.uniform(0.05, 0.6))
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        with Store(db) as s:
            assert s.check_integrity() == []
            n = s.counts()["articles"]
            assert n >= batch and n % batch == 0, f"trial {trial}: {n} articles is not whole batches"
            assert s.counts()["events"] == 5 * n
