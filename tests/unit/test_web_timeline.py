"""The web timeline's job cache (issue 7): busiest days cached per snapshot, no waiting on queued jobs,
the bare page primed at startup. Fakes stand in for the worker process and the snapshot reader."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

pytest.importorskip("fastapi")

from newsgraph.web import analysis
from newsgraph.web.analysis import DEFAULT_TIMELINE, TimelineJobs


@dataclass
class FakeStore:
    path: str = "/snap/1.duckdb"


@dataclass
class FakeSnap:
    path: str
    released: int = 0

    def release(self) -> None:
        self.released += 1


@dataclass
class FakeReader:
    store_: FakeStore = field(default_factory=FakeStore)
    snaps: list[FakeSnap] = field(default_factory=list)

    def acquire(self) -> FakeSnap:
        self.snaps.append(FakeSnap(self.store_.path))
        return self.snaps[-1]

    @contextmanager
    def store(self) -> Iterator[FakeStore]:
        yield self.store_


class FakePool:
    """Records submissions; the test decides when (and with what) each job finishes."""

    def __init__(self) -> None:
        self.jobs: list[tuple[tuple, Future]] = []

    def submit(self, fn: Any, snapshot: str, args: tuple) -> Future:
        fut: Future = Future()
        self.jobs.append((args, fut))
        return fut


@pytest.fixture
def sql_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    calls: list[tuple] = []

    def fake_rows(store: Any, *args: Any, use_analysis: bool = True) -> tuple[list[dict], str]:
        assert not use_analysis
        calls.append(args)
        return [{"date": "2014-07-01", "sentences": []}], "store"

    monkeypatch.setattr(analysis, "timeline_rows", fake_rows)
    return calls


def jobs_with_pool(budget: float = 5.0) -> tuple[TimelineJobs, FakePool]:
    jobs, pool = TimelineJobs(budget=budget), FakePool()
    jobs._pool = pool  # type: ignore[assignment]
    return jobs, pool


def test_store_rows_computed_once_per_snapshot_and_filters(sql_calls: list[tuple]) -> None:
    jobs, _ = jobs_with_pool()
    a = jobs.store_rows(FakeStore(), DEFAULT_TIMELINE)
    a[0]["date"] = "changed by a caller"
    b = jobs.store_rows(FakeStore(), DEFAULT_TIMELINE)
    assert b[0]["date"] == "2014-07-01" and len(sql_calls) == 1
    jobs.store_rows(FakeStore("/snap/2.duckdb"), DEFAULT_TIMELINE)  # a new snapshot may differ
    jobs.store_rows(FakeStore(), (None, "A1", None, None, None, 10))
    assert len(sql_calls) == 3


def test_prime_then_first_load_does_not_wait(sql_calls: list[tuple]) -> None:
    jobs, pool = jobs_with_pool(budget=5.0)
    reader = FakeReader()
    jobs.prime(reader)
    assert [args for args, _ in pool.jobs] == [DEFAULT_TIMELINE] and len(sql_calls) == 1
    t0 = time.monotonic()
    rows, analysed = jobs.get(reader, reader.store_, DEFAULT_TIMELINE)
    assert not analysed and rows[0]["date"] == "2014-07-01"
    assert time.monotonic() - t0 < 1.0 and len(sql_calls) == 1  # cached rows, no 5 s wait
    # another filter queues behind the running job: no wait either, its own store rows
    t0 = time.monotonic()
    _, analysed = jobs.get(reader, reader.store_, (None, "A1", None, None, None, 10))
    assert not analysed and time.monotonic() - t0 < 1.0 and len(pool.jobs) == 2
    pool.jobs[0][1].set_result([{"date": "2014-07-02", "sentences": [], "score": 1.0}])
    rows, analysed = jobs.get(reader, reader.store_, DEFAULT_TIMELINE)
    assert analysed and rows[0]["date"] == "2014-07-02"
    assert reader.snaps[0].released == 1  # the finished job let go of its snapshot
    assert len(pool.jobs) == 2  # a finished timeline is not computed again


def test_job_on_idle_worker_gets_the_budget(sql_calls: list[tuple]) -> None:
    jobs, pool = jobs_with_pool(budget=0.5)
    reader = FakeReader()
    t0 = time.monotonic()
    _, analysed = jobs.get(reader, reader.store_, DEFAULT_TIMELINE)
    waited = time.monotonic() - t0
    assert not analysed and 0.4 <= waited < 2.0  # it waited, then showed the busiest days
    pool.jobs[0][1].set_result(None)  # the analysis failed or is not installed: stays on the store
    _, analysed = jobs.get(reader, reader.store_, DEFAULT_TIMELINE)
    assert not analysed and len(pool.jobs) == 2


def test_stored_timeline_needs_no_worker(sql_calls: list[tuple], monkeypatch: pytest.MonkeyPatch) -> None:
    """A timeline materialised at ingest is served at once and cached; nothing runs in the background."""
    looked: list[tuple] = []

    def fake_stored(store: Any, *args: Any) -> list[dict] | None:
        looked.append(args)
        return [{"date": "2014-07-03", "sentences": [], "score": 2.0}] if args == DEFAULT_TIMELINE else None

    monkeypatch.setattr(analysis, "stored_rows", fake_stored)
    jobs, pool = jobs_with_pool()
    reader = FakeReader()
    jobs.prime(reader)
    assert pool.jobs == [] and sql_calls == []  # no worker job, no busiest-days fallback
    assert jobs.stored(reader.store_, DEFAULT_TIMELINE)[0]["date"] == "2014-07-03"
    assert len(looked) == 1  # the second lookup came from the cache
    assert jobs.stored(reader.store_, (None, "A9", None, None, None, 10)) is None
    assert jobs.stored(FakeStore("/snap/2.duckdb"), DEFAULT_TIMELINE) is not None and len(looked) == 3
