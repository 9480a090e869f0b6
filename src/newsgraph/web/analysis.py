"""Analysis pages: network, relations over time, timeline and briefing.

The timeline, briefing and relations functions come from ``newsgraph.analyze`` (other modules,
landing separately), so they are imported lazily: a missing module yields an explicit
"not available yet" panel (and ``"available": false`` in JSON) instead of a crash. The network
and the relations chart fall back to store aggregates. No ``from __future__ import annotations``:
FastAPI reads these signatures at runtime.
"""

import dataclasses
import datetime as dt
import importlib
import inspect
import logging
import multiprocessing as mp
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import suppress
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request

from newsgraph.store import Store
from newsgraph.web import render
from newsgraph.web.app import StoreDep, twin
from newsgraph.web.pages import Day, Text

log = logging.getLogger(__name__)


def analysis_function(module: str, name: str) -> Callable[..., Any] | None:
    """``newsgraph.analyze.<module>.<name>`` if it has landed, else None."""
    try:
        mod = importlib.import_module(f"newsgraph.analyze.{module}")
    except ImportError:
        return None
    return getattr(mod, name, None)


def call_with(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Pass only the keyword arguments ``fn`` accepts, so an older analysis signature still works."""
    params = inspect.signature(fn).parameters
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        kwargs = {k: v for k, v in kwargs.items() if k in params}
    return fn(*args, **kwargs)


def as_dict(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: as_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [as_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: as_dict(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def _dyad_href(src: str, tgt: str) -> str:
    return "/events" + render.query({"source": src, "target": tgt})


def network(request: Request, store: StoreDep, actor: Text = None, root: Text = None,
            date_from: Day = None, date_to: Day = None,
            min_events: Annotated[int, Query(ge=1, le=100_000)] = 1,
            limit: Annotated[int, Query(ge=1, le=300)] = 80) -> dict[str, Any]:
    """Directed actor pairs with event counts and mean Goldstein (the network's edges)."""
    rows = store.dyads(actor_id=actor, root=root, date_from=date_from, date_to=date_to,
                       min_events=min_events, limit=limit)
    return {"rows": rows, "next": None, "names": store.actor_names([actor] if actor else []),
            "graph": render.network(rows, href=_dyad_href)}


def auto_period(store: Store) -> str:
    """Days for a story of weeks, months for a year or two, else years: about 10-60 points per line."""
    info = store.info(top=0)
    if not info.event_date_min or not info.event_date_max:
        return "month"
    days = (dt.date.fromisoformat(info.event_date_max) - dt.date.fromisoformat(info.event_date_min)).days
    return "day" if days <= 60 else "week" if days <= 300 else "month" if days <= 1500 else "year"


def relations_rows(store: Store, period: str = "month", top: int = 6) -> list[dict[str, Any]]:
    """Cooperation–conflict per pair per period: the analysis module's if it has landed, else SQL."""
    if period == "auto":
        period = auto_period(store)
    fn = analysis_function("relations", "relations_over_time")
    if fn is not None:
        try:
            rows = as_dict(call_with(fn, store, period=period, top=top))
            if rows and isinstance(rows, list) and {"name1", "name2", "period", "mean_goldstein"} <= set(rows[0]):
                return rows
        except Exception:
            log.exception("analyze.relations failed; using the store aggregate")
    return store.dyad_series(period=period, top=top)


RELATIONS_MAX = 500


def relations_table(store: Store, actor: str | None, period: str, order: str, limit: int,
                    offset: int) -> dict[str, Any]:
    """One page of stances (``analyze.relations.relations_page``, paged in SQL) and their total."""
    fn = analysis_function("relations", "relations_page")
    if fn is None:
        return {"relations": [], "total": 0, "available": False}
    page = fn(store, actor, period, order=order, limit=limit, offset=offset, max_ids=20)
    rows = [{**as_dict(r), "stance": r.stance,
             "href": None if r.source_id == r.target_id else _dyad_href(r.source_id, r.target_id)}
            for r in page.relations]
    return {"relations": rows, "total": page.total, "available": True}


def relations(request: Request, store: StoreDep,
              period: Annotated[str, Query(pattern="^(auto|day|week|month|year)$")] = "auto",
              top: Annotated[int, Query(ge=1, le=20)] = 6, actor: Text = None,
              order: Annotated[str, Query(pattern="^(period|events|score)$",
                                          description="table order: period, most events, strongest stance")] = "events",
              limit: Annotated[int, Query(ge=1, le=RELATIONS_MAX,
                                          description=f"relations per page (max {RELATIONS_MAX})")] = 50,
              offset: Annotated[int, Query(ge=0, le=10_000_000, description="relations to skip")] = 0,
              ) -> dict[str, Any]:
    """Mean Goldstein per period for the busiest actor pairs (cooperation > 0 > conflict), and one
    page of every pair's stance per period (``relations``, ``total``, ``limit``, ``offset``)."""
    if period == "auto":
        period = auto_period(store)
    rows = relations_rows(store, period, top)
    table = relations_table(store, actor, period, order, limit, offset)
    shown = len(table["relations"])
    return {"rows": rows, "next": None, "period": period, "chart": render.dyad_series_chart(rows), **table,
            "limit": limit, "offset": offset, "order": order,
            "next_offset": offset + shown if offset + shown < table["total"] else None,
            "names": store.actor_names([actor] if actor else [])}


def _by_root(store: Store, entries: list[dict[str, Any]], root: str | None) -> list[dict[str, Any]]:
    """Entries with at least one quoted event of root code ``root`` (the analysis has no root filter)."""
    if not root:
        return entries
    ids = [i for e in entries for s in e.get("sentences", []) for i in s.get("event_ids", [])]
    roots = store.event_roots(ids)
    wanted = root.zfill(2) if root.isdigit() else root
    return [e for e in entries if any(roots.get(i) == wanted for s in e.get("sentences", [])
                                      for i in s.get("event_ids", []))]


def stored_rows(store: Store, q: str | None = None, actor: str | None = None, root: str | None = None,
                date_from: dt.date | None = None, date_to: dt.date | None = None,
                n_dates: int = 10) -> list[dict[str, Any]] | None:
    """The analysis timeline materialised at ingest (``analyze.stored``) if it matches the filters
    and the current data, else None. Only reads: the web never writes the database."""
    fn = analysis_function("stored", "stored_timeline_for")
    if fn is None:
        return None
    try:
        entries = fn(store, query=q, actor=actor, date_from=date_from, date_to=date_to, n_dates=n_dates)
    except Exception:  # a damaged stored row must not take the page down: compute instead
        log.exception("reading the stored timeline failed; computing it")
        return None
    return None if entries is None else _by_root(store, as_dict(entries), root)


def timeline_rows(store: Store, q: str | None = None, actor: str | None = None, root: str | None = None,
                  date_from: dt.date | None = None, date_to: dt.date | None = None,
                  n_dates: int = 10, use_analysis: bool = True) -> tuple[list[dict[str, Any]], str]:
    """Entries of the stored or computed analysis timeline when available, else the store's busiest days."""
    if use_analysis and (rows := stored_rows(store, q, actor, root, date_from, date_to, n_dates)) is not None:
        return rows, "analysis"
    fn = analysis_function("timeline", "build_timeline") if use_analysis else None
    entries: list[dict[str, Any]] | None = None
    if fn is not None:
        try:
            entries = as_dict(call_with(fn, store, query=q, actor=actor, root=root, date_from=date_from,
                                        date_to=date_to, n_dates=n_dates))
        except Exception:  # an analysis bug must not take the page down: fall back to the store
            log.exception("analyze.timeline failed; showing the store's busiest days")
    if fn is not None and entries is not None:
        if root and "root" not in inspect.signature(fn).parameters:
            entries = _by_root(store, entries, root)
        return entries, "analysis"
    rows = store.busiest_days(actor_id=actor, root=root, date_from=date_from, date_to=date_to,
                              n_dates=n_dates)
    entries = [{"date": r["date"], "score": r["articles"], "num_sources": r["sources"], "actors": [],
                "sentences": [{**s, "event_ids": [s["event_id"]]} for s in r["sentences"]]} for r in rows]
    return entries, "store"


#: the filters of the bare ``/timeline`` page (q, actor, root, date_from, date_to, n_dates)
DEFAULT_TIMELINE: tuple = (None, None, None, None, None, 10)


def _worker_init() -> None:
    """Analysis runs below the server's priority and with its imports done before the first job.

    The server has few cores to share; a timeline computing for seconds must not slow the page
    requests (fast SQL) that show the store's busiest days meanwhile.
    """
    with suppress(OSError, AttributeError):
        os.nice(5)
    for name in ("timeline", "brief"):
        with suppress(ImportError):
            importlib.import_module(f"newsgraph.analyze.{name}")


def _timeline_job(snapshot: str, args: tuple) -> list[dict[str, Any]] | None:
    """Runs in the worker process: its own read-only connection to the (held) snapshot file."""
    with Store(snapshot, read_only=True) as st:
        rows, source = timeline_rows(st, *args)
    return rows if source == "analysis" else None


class TimelineJobs:
    """Analysis timelines computed in a worker process and cached per snapshot and filters.

    The analysis reads every article of a story, which takes seconds on a large corpus. A page
    that starts a job waits at most ``budget`` seconds for it (enough for a small corpus), then
    shows the store's busiest days (fast SQL, cached per snapshot) with ``pending: true``; the
    finished timeline replaces them on a later load, and later loads never wait for a job that is
    already running. A process, not a thread, so the pure-Python analysis does not hold the
    server's GIL; it is started (imports done) and given the bare page's timeline when the server
    starts, so the first visitor pays neither a process start nor a cold query. None of this
    runs for a timeline materialised at ingest (:meth:`stored`): that one is served at once.
    """

    def __init__(self, budget: float = 0.3, size: int = 64) -> None:
        self.budget = budget
        self.size = size
        self._lock = threading.Lock()
        self._done: OrderedDict[tuple, list[dict[str, Any]]] = OrderedDict()
        self._running: dict[tuple, Future] = {}
        self._store_rows: OrderedDict[tuple, list[dict[str, Any]]] = OrderedDict()
        self._store_locks: dict[tuple, threading.Lock] = {}
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn"),
                                             initializer=_worker_init)
        return self._pool

    def _submit(self, reader: Any, key: tuple, args: tuple) -> tuple[Future | None, bool]:
        """The job computing ``key`` if this call started it (None when done or already running),
        and whether the worker was idle, i.e. the job starts at once rather than queueing."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return None, False
            if key in self._running:
                return None, False
            idle = not self._running
            snap = reader.acquire()
            fut = self._running[key] = self._executor().submit(_timeline_job, str(snap.path), args)
        fut.add_done_callback(lambda f, k=key, s=snap: self._finish(k, f, s))
        return fut, idle

    def get(self, reader: Any, store: Store, args: tuple) -> tuple[list[dict[str, Any]], bool]:
        """``(rows, True)`` with the analysis timeline if it is ready, else ``(busiest days, False)``.

        A job started on an idle worker gets ``budget`` seconds, counted while the busiest days are
        read, so a small corpus shows its analysis at once; a queued job cannot finish that soon,
        so the page does not wait for it.
        """
        key = (str(store.path), *args)
        t0 = time.monotonic()
        fut, idle = self._submit(reader, key, args)
        if fut is None and (rows := self._result(key)) is not None:
            return rows, True
        fallback = self.store_rows(store, args)
        if fut is not None and idle:
            with suppress(FutureTimeout):
                fut.result(timeout=max(0.0, self.budget - (time.monotonic() - t0)))
        rows = self._result(key)
        return (rows, True) if rows is not None else (fallback, False)

    def stored(self, store: Store, args: tuple) -> list[dict[str, Any]] | None:
        """The timeline materialised at ingest for ``args`` (see :func:`stored_rows`), looked up once
        per snapshot: a hit is kept with the finished jobs, so later loads are a dict lookup."""
        key = (str(store.path), *args)
        if (rows := self._result(key)) is not None:
            return rows
        rows = stored_rows(store, *args)
        if rows is not None:
            with self._lock:
                self._done[key] = rows
                while len(self._done) > self.size:
                    self._done.popitem(last=False)
        return rows

    def _result(self, key: tuple) -> list[dict[str, Any]] | None:
        with self._lock:
            return self._done.get(key)

    def store_rows(self, store: Store, args: tuple) -> list[dict[str, Any]]:
        """The store's busiest days for ``args``, computed once per snapshot (it cannot change)."""
        key = (str(store.path), *args)
        with self._lock:
            lock = self._store_locks.setdefault(key, threading.Lock())
        with lock:  # a second request for the same key waits for the first instead of re-running it
            with self._lock:
                rows = self._store_rows.get(key)
            if rows is None:
                rows = timeline_rows(store, *args, use_analysis=False)[0]
                with self._lock:
                    self._store_rows[key] = rows
                    while len(self._store_rows) > self.size:
                        old, _ = self._store_rows.popitem(last=False)
                        self._store_locks.pop(old, None)
        return [dict(e) for e in rows]

    def prime(self, reader: Any, args: tuple = DEFAULT_TIMELINE) -> None:
        """Start the worker and the analysis of ``args``, and cache its store rows (warms the snapshot)."""
        with reader.store() as store:
            if self.stored(store, args) is not None:
                return  # materialised at ingest: no worker, no fallback rows needed
            if analysis_function("timeline", "build_timeline") is not None:
                self._submit(reader, (str(store.path), *args), args)
            self.store_rows(store, args)

    def _finish(self, key: tuple, fut: Future, snap: Any) -> None:
        snap.release()
        try:
            rows = fut.result()
        except Exception:
            log.exception("background timeline failed")
            rows = None
        with self._lock:
            self._running.pop(key, None)
            if rows is not None:
                self._done[key] = rows
                while len(self._done) > self.size:
                    self._done.popitem(last=False)

    def close(self) -> None:
        """Stop the worker now: a long analysis must not hold up the server's exit."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            with suppress(Exception):
                proc.terminate()


def timeline(request: Request, store: StoreDep, q: Text = None, actor: Text = None, root: Text = None,
             date_from: Day = None, date_to: Day = None,
             n_dates: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    """Dated entries of a story or an actor, each with its sentences and sources.

    ``source`` says whether they come from the analysis timeline or (``pending`` while the analysis
    is still computing, or when it is not installed) from the store's busiest days.
    """
    args = (q, actor, root, date_from, date_to, n_dates)
    jobs: TimelineJobs = request.app.state.timelines
    available = analysis_function("timeline", "build_timeline") is not None
    if (stored := jobs.stored(store, args)) is not None:
        rows, analysed = stored, True
    elif available:
        rows, analysed = jobs.get(request.app.state.reader, store, args)
    else:
        rows, analysed = jobs.store_rows(store, args), False
    pending = available and not analysed
    source = "analysis" if analysed else "store"
    return {"rows": rows, "next": None, "source": source, "pending": pending, "roots": store.root_counts(),
            "names": store.actor_names([actor] if actor else []),
            "actors": store.list_actors(limit=30)}


def brief_rows(store: Store, q: str | None = None, actor: str | None = None,
               date_from: dt.date | None = None, date_to: dt.date | None = None,
               words: int = 250) -> list[dict[str, Any]] | None:
    fn = analysis_function("brief", "build_brief")
    if fn is None:
        return None
    return as_dict(call_with(fn, store, query=q, actor=actor, date_from=date_from, date_to=date_to,
                             words=words))


def brief(request: Request, store: StoreDep, q: Text = None, actor: Text = None, date_from: Day = None,
          date_to: Day = None, words: Annotated[int, Query(ge=20, le=2000)] = 250) -> dict[str, Any]:
    """An extractive briefing; each sentence cited as [outlet, date] and linked to its article."""
    rows = brief_rows(store, q, actor, date_from, date_to, words)
    return {"rows": rows or [], "next": None, "available": rows is not None,
            "names": store.actor_names([actor] if actor else [])}


def register(app: FastAPI) -> None:
    jobs = app.state.timelines = TimelineJobs()
    app.state.warmups = [*getattr(app.state, "warmups", []), jobs.prime]
    twin(app, "/network", "network.html", network, csv_name="network")
    twin(app, "/relations", "relations.html", relations, csv_name="relations")
    twin(app, "/timeline", "timeline.html", timeline)
    twin(app, "/brief", "brief.html", brief)
