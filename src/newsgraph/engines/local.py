"""The local engine: stream inputs, run NLP in a pool of processes, write with one writer.

Inputs are read lazily and cut into batches; at most ``2 * workers`` batches are in flight, so
memory depends on the batch size, not on the corpus. Articles already stored (same id, or same
text under another id) and near-duplicate copies skip NLP entirely. Each batch is one store
transaction, so a crash leaves whole batches only and the next run completes the rest.

Workers are started by a fork server (not plain ``fork``): the parent holds a DuckDB connection
and its threads, which a forked child must not inherit. With a pool, each batch is cut into tasks
of about ``common.CHUNK_WORDS`` words, so both cores stay busy to the end of a run whatever the
batch size, and workers send back Arrow tables ready for the store, so the parent (reading,
pre-filter, one bulk write per batch) stays a few percent of the CPU (bench/README.md, Throughput).
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from newsgraph.engines.common import (
    IngestReport,
    Prefilter,
    TableBatch,
    batches,
    chunks,
    process_batch,
    process_to_tables,
    relink,
    warc_skipped,
    worker_init,
)
from newsgraph.records import Article, Rejected

__all__ = ["IngestReport", "ingest", "make_pool", "process_batch", "relink"]

log = logging.getLogger(__name__)

#: DuckDB memory limit during the batch loop (see ``Store.memory_limit``): what it caches of the
#: columns each batch scans stays this small, so peak memory does not grow with the corpus
INGEST_DB_MEMORY = "32MB"
#: and during the end-of-run relink, whose sorts and aggregates over the corpus need more (32 MB
#: ran out of memory clustering 2,000 articles); DuckDB spills beyond it to its temp directory
RELINK_DB_MEMORY = "256MB"
#: pool tasks (~``common.CHUNK_WORDS`` words each) after which the pool is drained and replaced:
#: spaCy's Vocab/StringStore keep every new word they meet (~30 strings per news article), so a
#: worker's memory would grow with the corpus; a fresh worker costs one model load (~3 s) per
#: ~1,000 s of NLP. (Not ``max_tasks_per_child``: it deadlocks on Python 3.11, cpython#115634.)
#: Each worker also reloads its pipeline every ``recycle.PIPELINE_RECYCLE_ARTICLES`` articles (the
#: bound of the paths without a pool); replacing the process also returns what the C heap kept.
WORKER_RECYCLE_TASKS = 500


def make_pool(workers: int, model: str | None) -> ProcessPoolExecutor:
    """A pool whose workers each load the pipeline once; spaCy is imported once, in the fork server."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["newsgraph.nlp.pipeline", "newsgraph.engines.common"])
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=worker_init, initargs=(model,))


@dataclass(slots=True)
class _InFlight:
    """One batch between the pre-filter and its store write: the pool tasks of its chunks, in order."""

    todo: list[Article]
    tasks: list[Future[TableBatch]]
    duplicates: list  # link.dedup.Duplicate


def ingest(
    sources: Sequence[str],
    db: str | Path,
    workers: int | None = None,
    batch_size: int = 64,
    model: str | None = None,
    on_reject: Callable[[Rejected], None] = lambda r: None,
    on_progress: Callable[[int], None] = lambda n: None,
    options: object | None = None,
    *,
    languages: Sequence[str] | None = ("en",),
    dedup: bool = True,
    link: bool = True,
) -> IngestReport:
    """Ingest ``sources`` into the database at ``db`` and relink the corpus actors.

    ``languages``: ISO 639-1 codes to keep (None or empty keeps all); ``dedup``: detect syndicated
    near-duplicates with MinHash; ``link``: run the corpus-level actor linking at the end (off lets
    a caller ingest many sources and relink once).
    """
    from newsgraph.ingest import IngestOptions, iter_inputs
    from newsgraph.store import Store

    t0, c_start = time.perf_counter(), time.process_time()
    report = IngestReport(db=str(db))
    opts = options if isinstance(options, IngestOptions) else IngestOptions()
    workers = max(1, workers or os.cpu_count() or 1)
    skipped0 = warc_skipped()
    with Store(db) as store:
        screen = Prefilter(store, report, languages, dedup)
        pool: ProcessPoolExecutor | None = None
        pool_tasks = 0
        inflight: deque[_InFlight] = deque()

        def write_batch(batch: _InFlight) -> None:
            if batch.tasks:  # pool: one bulk write of the chunks' tables, in input order
                from newsgraph.store import write

                done = [t.result() for t in batch.tasks]
                stats = store.write_arrow(write.concat([write.from_ipc(b.tables) for b in done]))
                stats.already_present += sum(b.repeated for b in done)
                report.nlp_cpu_seconds += sum(b.cpu_seconds for b in done)
            else:
                c0 = time.process_time()
                recs = process_batch(batch.todo, model)
                report.nlp_cpu_seconds += time.process_time() - c0
                stats = store.write_docs(recs)
            report.add_write(stats)
            report.processed += len(batch.todo)

        def drain(limit: int) -> None:
            while len(inflight) > limit:
                batch = inflight.popleft()
                if batch.todo:
                    write_batch(batch)
                if batch.duplicates:
                    store.write_duplicates(batch.duplicates)
                on_progress(len(batch.todo) + len(batch.duplicates))

        with store.memory_limit(INGEST_DB_MEMORY):
            try:
                for arts in batches(iter_inputs(sources, opts), batch_size, report, on_reject):
                    step = screen.screen(arts)
                    report.already_present += step.skipped
                    dropped = len(arts) - step.skipped - len(step.todo) - len(step.duplicates)
                    if step.skipped or dropped:
                        on_progress(step.skipped + dropped)
                    if not step.todo and not step.duplicates:
                        continue
                    if pool is not None and pool_tasks >= WORKER_RECYCLE_TASKS:
                        drain(0)  # finish what the old workers hold, then start fresh ones
                        pool.shutdown()
                        pool = None
                    if workers > 1 and pool is None and len(step.todo) >= batch_size // 2:
                        pool, pool_tasks = make_pool(workers, model), 0
                    tasks: list[Future[TableBatch]] = []
                    if pool is not None and step.todo:
                        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
                        tasks = [pool.submit(process_to_tables, c, model, now) for c in chunks(step.todo)]
                        pool_tasks += len(tasks)
                    inflight.append(_InFlight(step.todo, tasks, step.duplicates))
                    drain(2 * workers if pool is not None else 0)
                drain(0)
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
        if report.new and link:
            with store.memory_limit(RELINK_DB_MEMORY):
                store.with_memory_fallback(lambda: relink(store))
            # checkpoint under the small limit: the close's checkpoint would run under the default
            # (1 GB) and was the run's peak at 20,000 articles (bench/README.md, Memory)
            with store.memory_limit(INGEST_DB_MEMORY):
                store.checkpoint()
        report.actors = store.counts().get("actors", 0)
    report.skipped_records = warc_skipped() - skipped0
    report.seconds = time.perf_counter() - t0
    report.parent_cpu_seconds = time.process_time() - c_start
    return report
