"""kill -9 during ``newsgraph ingest``, 20 times, on one growing database.

``tests/unit/test_store_concurrency.py`` kills a bare ``Store`` writer; this kills the whole command
(readers, prefilter, batches, actor relinking) at random points, and then checks what the user would
check: the database opens, every batch the command had committed is there with all its rows, nothing
is half-written or doubled, and rerunning the same command finishes the job without duplicates.
"""

from __future__ import annotations

import os
import random
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from newsgraph.engines import local
from newsgraph.ingest import IngestOptions
from newsgraph.records import Article
from newsgraph.store import Store
from tests.reliability.support import (
    audit,
    bump,
    english_articles,
    fake_counts,
    fake_process_batch,
    spawn_cli,
    write_jsonl,
)

TRIALS = 20
LANES = 2
ARTICLES = 20
BATCH = 4


def committed_ids(log: Path) -> set[str]:
    if not log.exists():
        return set()
    lines = log.read_text(encoding="utf-8").splitlines()
    # the last line may be torn if the kill landed inside the append; it proves nothing either way
    return {aid for line in lines[:-1] for aid in line.split()} | (set(lines[-1].split()) if lines else set())


def rows_match_texts(store: Store) -> None:
    """Each stored article has exactly the rows the (deterministic) stand-in makes for its text."""
    got = store._con.execute(
        "SELECT a.article_id, a.text, (SELECT count(*) FROM events e WHERE e.article_id = a.article_id) "
        "FROM articles a").fetchall()
    wrong = [aid for aid, text, n in got if n != fake_counts(Article(aid, text))["events"]]
    bump("rows_lost", len(wrong))
    assert not wrong, f"articles with the wrong number of events: {wrong[:5]}"


def collect(store: Store, into: set[str]) -> None:
    into.update(r[0] for r in store._con.execute("SELECT article_id FROM articles").fetchall())
    rows_match_texts(store)


def run_lane(lane: int, trials: int, root: Path) -> list[str]:
    """``trials`` kill/verify/rerun cycles on one database; returns where each kill landed."""
    rng = random.Random(9 + lane)
    root.mkdir()
    db = root / "crash.duckdb"
    expected: set[str] = set()
    outcomes: list[str] = []
    for trial in range(trials):
        name = f"l{lane}t{trial}"
        # a quarter of the corpus repeats the previous trial's, so reruns also meet already-stored ids
        records = english_articles(name, ARTICLES, seed=100 * lane + trial)
        if trial:
            prev = english_articles(f"l{lane}t{trial - 1}", ARTICLES, seed=100 * lane + trial - 1)
            records[: ARTICLES // 4] = prev[: ARTICLES // 4]
        corpus = write_jsonl(root / f"corpus{trial}.jsonl", records)
        mark, log = root / f"mark{trial}", root / f"log{trial}"
        proc = spawn_cli("ingest", str(corpus), "--db", str(db), "--workers", "1", "--batch-size", str(BATCH),
                         NEWSGRAPH_FAKE_DELAY="0.04", NEWSGRAPH_FAKE_MARK=str(mark), NEWSGRAPH_FAKE_LOG=str(log))
        early = rng.random() < 0.2  # while starting up, opening or migrating the database
        if early:
            time.sleep(rng.uniform(0.0, 2.5))
        else:
            deadline = time.monotonic() + 60
            while not mark.exists() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.5))
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=30)
        if finished and proc.returncode != 0:
            bump("crashes")
            raise AssertionError(f"{name}: ingest failed on its own: {err.decode()[-2000:]}")
        outcomes.append("finished" if finished else ("early" if early else "mid-run"))
        bump("kill9_trials")

        # 1. the database opens and holds whole articles only, including every committed batch
        done = committed_ids(log)
        stored: set[str] = set()
        if db.exists():
            audit(db, also=lambda store, into=stored: collect(store, into))
        lost = done - stored
        bump("rows_lost", len(lost))
        assert not lost, f"{name}: committed but missing after kill -9: {sorted(lost)[:5]}"
        assert stored <= expected | {r["id"] for r in records}, "articles that were never ingested"

        # 2. the same command again completes the job, with nothing stored twice
        report = local.ingest([str(corpus)], db, workers=1, batch_size=BATCH, options=IngestOptions())
        assert report.rejected == []
        expected |= {r["id"] for r in records}
        counts = audit(db, expected_articles=len(expected), also=rows_match_texts)
        assert counts["articles"] == len(expected), f"{name}: {counts['articles']} != {len(expected)}"
        assert report.new == len(expected) - len(stored), (report, len(stored))
        bump("kill9_survived")
    return outcomes


def test_kill_9_during_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two lanes of 10 trials on two databases: on 2 cores one lane's start-up overlaps the other's checks."""
    monkeypatch.setattr(local, "process_batch", fake_process_batch)
    with ThreadPoolExecutor(LANES) as pool:
        futures = [pool.submit(run_lane, lane, TRIALS // LANES, tmp_path / f"lane{lane}") for lane in range(LANES)]
        outcomes = [o for f in futures for o in f.result()]
    assert len(outcomes) == TRIALS
    # the random schedule must actually have hit running ingests, not only idle processes
    assert outcomes.count("mid-run") >= TRIALS // 2, outcomes
